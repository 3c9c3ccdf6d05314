//! Pipelines and their ordered stages (seeded on first run; editing them comes later).

use rusqlite::Connection;

use crate::domain::{Id, Pipeline, Stage};
use crate::error::AppResult;
use crate::store::Store;

pub fn list(store: &Store) -> AppResult<Vec<Pipeline>> {
    store.read(|conn| {
        let pipelines: Vec<(Id, String, Option<String>, i32)> = conn
            .prepare_cached("SELECT id, name, system_key, position FROM pipelines ORDER BY position, id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        pipelines
            .into_iter()
            .map(|(id, name, system_key, position)| {
                Ok(Pipeline { id, name, system_key, position, stages: stages(conn, id)? })
            })
            .collect()
    })
}

pub(crate) fn exists(conn: &Connection, id: Id) -> AppResult<bool> {
    Ok(conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM pipelines WHERE id = ?1)")?.query_row([id], |r| r.get(0))?)
}

pub(crate) fn stages(conn: &Connection, pipeline_id: Id) -> AppResult<Vec<Stage>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, pipeline_id, name, system_key, position, probability FROM stages
         WHERE pipeline_id = ?1 ORDER BY position, id",
    )?;
    let rows = stmt.query_map([pipeline_id], |r| {
        Ok(Stage {
            id: r.get(0)?,
            pipeline_id: r.get(1)?,
            name: r.get(2)?,
            system_key: r.get(3)?,
            position: r.get(4)?,
            probability: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

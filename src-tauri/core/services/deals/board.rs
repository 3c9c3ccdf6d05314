//! The kanban board: stages as columns, open deals ordered by `position`, and moving deals between them.

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::{from_row_with_custom, load, COLUMNS, FROM};
use crate::domain::{BoardColumn, Deal, DealMove, Entity, Id, MoneyTotal};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::{custom, pipelines, records};
use crate::store::Store;

/// The pipeline and stage a deal goes to: the stage's own pipeline, else the given (or first) pipeline's
/// first stage.
pub(super) fn resolve_stage(conn: &Connection, pipeline_id: Option<Id>, stage_id: Option<Id>) -> AppResult<(Id, Id)> {
    if let Some(stage_id) = stage_id {
        let stage_pipeline = stage_pipeline(conn, stage_id)?;
        if pipeline_id.is_some_and(|p| p != stage_pipeline) {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "stage_id",
                format!("stage {stage_id} is not a stage of pipeline {}", pipeline_id.unwrap_or_default()),
            ));
        }
        return Ok((stage_pipeline, stage_id));
    }
    let pipeline_id = match pipeline_id {
        Some(id) => id,
        None => conn
            .prepare_cached("SELECT id FROM pipelines ORDER BY position, id LIMIT 1")?
            .query_row([], |r| r.get(0))
            .map_err(|_| AppError::field(ErrorCode::NotFound, "pipeline_id", "there is no pipeline"))?,
    };
    let first_stage = conn
        .prepare_cached("SELECT id FROM stages WHERE pipeline_id = ?1 ORDER BY position, id LIMIT 1")?
        .query_row([pipeline_id], |r| r.get(0));
    match first_stage {
        Ok(stage_id) => Ok((pipeline_id, stage_id)),
        Err(rusqlite::Error::QueryReturnedNoRows) if !pipelines::exists(conn, pipeline_id)? => {
            Err(AppError::field(ErrorCode::NotFound, "pipeline_id", format!("pipeline {pipeline_id} does not exist")))
        }
        Err(rusqlite::Error::QueryReturnedNoRows) => {
            Err(AppError::field(ErrorCode::Required, "stage_id", format!("pipeline {pipeline_id} has no stages")))
        }
        Err(e) => Err(e.into()),
    }
}

fn stage_pipeline(conn: &Connection, stage_id: Id) -> AppResult<Id> {
    conn.prepare_cached("SELECT pipeline_id FROM stages WHERE id = ?1")?.query_row([stage_id], |r| r.get(0)).map_err(
        |e| match e {
            rusqlite::Error::QueryReturnedNoRows => {
                AppError::field(ErrorCode::NotFound, "stage_id", format!("stage {stage_id} does not exist"))
            }
            e => e.into(),
        },
    )
}

/// The position after the last live deal of a stage.
pub(crate) fn next_position(conn: &Connection, stage_id: Id) -> AppResult<i32> {
    Ok(conn
        .prepare_cached("SELECT COALESCE(MAX(position) + 1, 0) FROM deals WHERE stage_id = ?1 AND deleted_at IS NULL")?
        .query_row([stage_id], |r| r.get(0))?)
}

/// Puts the deal into the stage at `index` among its open deals (`None` = last) and renumbers that column,
/// all in one transaction.
pub fn move_to(store: &Store, id: Id, m: DealMove) -> AppResult<Deal> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        records::require_live(tx, Entity::Deal, id)?;
        let pipeline_id = stage_pipeline(tx, m.stage_id)?;
        let mut column: Vec<Id> = tx
            .prepare_cached(
                "SELECT id FROM deals WHERE stage_id = ?1 AND status = 'open' AND deleted_at IS NULL AND id != ?2
                 ORDER BY position, id",
            )?
            .query_map([m.stage_id, id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let at = match m.index {
            None => column.len(),
            Some(i) if i < 0 => {
                return Err(AppError::field(ErrorCode::OutOfRange, "index", "the position cannot be negative"))
            }
            Some(i) => (i as usize).min(column.len()),
        };
        column.insert(at, id);
        tx.prepare_cached("UPDATE deals SET stage_id = ?1, pipeline_id = ?2, updated_at = ?3 WHERE id = ?4")?
            .execute([m.stage_id, pipeline_id, now, id])?;
        for (position, deal_id) in column.iter().enumerate() {
            tx.prepare_cached("UPDATE deals SET position = ?1 WHERE id = ?2")?.execute([position as i64, *deal_id])?;
        }
        load(tx, id)
    })
}

/// Every stage of the pipeline in order, with its open deals, their count and value per currency.
pub fn board(store: &Store, pipeline_id: Id) -> AppResult<Vec<BoardColumn>> {
    store.read(|conn| {
        let stages = pipelines::stages(conn, pipeline_id)?;
        if stages.is_empty() && !pipelines::exists(conn, pipeline_id)? {
            return Err(AppError::not_found("pipeline", pipeline_id));
        }
        let sql = format!(
            "SELECT {COLUMNS}, {} FROM {FROM}
             WHERE d.pipeline_id = ?1 AND d.status = 'open' AND d.deleted_at IS NULL ORDER BY d.position, d.id",
            custom::json_expr(Entity::Deal, "d.id")
        );
        let mut by_stage: BTreeMap<Id, Vec<Deal>> = BTreeMap::new();
        for deal in conn.prepare_cached(&sql)?.query_map([pipeline_id], from_row_with_custom)? {
            let deal = deal?;
            by_stage.entry(deal.stage_id).or_default().push(deal);
        }
        Ok(stages
            .into_iter()
            .map(|stage| {
                let deals = by_stage.remove(&stage.id).unwrap_or_default();
                let mut totals: BTreeMap<String, i64> = BTreeMap::new();
                for d in &deals {
                    let t = totals.entry(d.currency.clone()).or_default();
                    *t = t.saturating_add(d.value_minor);
                }
                BoardColumn {
                    stage,
                    count: deals.len() as i64,
                    deals,
                    totals: totals
                        .into_iter()
                        .map(|(currency, value_minor)| MoneyTotal { currency, value_minor })
                        .collect(),
                }
            })
            .collect())
    })
}

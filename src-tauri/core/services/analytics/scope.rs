//! The people the source and segment filters keep, resolved once per read into a temp table that every
//! figure's SQL joins: `(?N = 0 OR person_id IN (SELECT id FROM temp.analytics_scope))`, with `?N` the
//! flag [`prepare`] returns. The segment's condition is the segments service's compiled SQL.

use rusqlite::types::Value;
use rusqlite::Connection;

use super::filter::Resolved;
use crate::clock::Millis;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::{id_sets, segments};

/// Fills `temp.analytics_scope` with the live people whose `source` is the filter's and who belong to its
/// segment (dynamic ones evaluated at `now`, static ones read). Answers whether the filter restricts people
/// at all; without a restriction the table is left empty and the flag is false. An unknown segment is
/// `not_found` on `segment_id`.
pub(super) fn prepare(conn: &Connection, f: &Resolved, now: Millis) -> AppResult<bool> {
    id_sets::reset(conn, "analytics_scope")?;
    if f.source.is_none() && f.segment_id.is_none() {
        return Ok(false);
    }
    let mut sql = String::from("INSERT INTO temp.analytics_scope SELECT p.id FROM people p WHERE p.deleted_at IS NULL");
    let mut params: Vec<Value> = Vec::new();
    if let Some(id) = f.segment_id {
        let members = segments::members_condition(conn, id, now).map_err(|e| match e.code {
            ErrorCode::NotFound => AppError::field(ErrorCode::NotFound, "segment_id", e.message),
            _ => e,
        })?;
        sql.push_str(&format!(" AND ({})", members.sql));
        params.extend(members.params);
    }
    if let Some(source) = &f.source {
        sql.push_str(" AND trim(p.source) = ?");
        params.push(Value::Text(source.clone()));
    }
    conn.execute(&sql, rusqlite::params_from_iter(params))?;
    Ok(true)
}

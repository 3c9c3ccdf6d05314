//! Helpers every record service shares: table names, enum columns, links and soft deletion.

use rusqlite::types::Value;
use rusqlite::Connection;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::clock::Millis;
use crate::domain::{Entity, Id, SystemEvent};
use crate::error::{AppError, AppResult, ErrorCode};

pub use crate::store::tables::table;

/// The snake_case name serde gives a unit enum variant; that is also how enums are stored.
pub fn enum_str<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

pub fn enum_value<T: Serialize>(v: Option<&T>) -> Value {
    v.map_or(Value::Null, |v| Value::Text(enum_str(v)))
}

/// Reads an enum column back; an unknown value is a corrupt row, reported rather than guessed.
pub fn parse_enum<T: DeserializeOwned>(s: &str) -> rusqlite::Result<T> {
    serde_json::from_value(serde_json::Value::String(s.to_string()))
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

pub fn parse_opt_enum<T: DeserializeOwned>(s: Option<String>) -> rusqlite::Result<Option<T>> {
    s.as_deref().map(parse_enum).transpose()
}

/// Parses a JSON text column (tag lists, socials, choices).
pub fn json_col<T: DeserializeOwned>(s: &str) -> rusqlite::Result<T> {
    serde_json::from_str(s)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

pub fn is_live(conn: &Connection, entity: Entity, id: Id) -> AppResult<bool> {
    let sql = format!("SELECT EXISTS (SELECT 1 FROM {} WHERE id = ?1 AND deleted_at IS NULL)", table(entity));
    Ok(conn.prepare_cached(&sql)?.query_row([id], |r| r.get(0))?)
}

/// Fails with NotFound unless the record exists and is not in the trash.
pub fn require_live(conn: &Connection, entity: Entity, id: Id) -> AppResult<()> {
    if is_live(conn, entity, id)? {
        Ok(())
    } else {
        Err(AppError::not_found(entity.as_str(), id))
    }
}

/// Checks an optional link from the input; the error names the input field.
pub fn check_link(conn: &Connection, entity: Entity, field: &str, id: Option<Id>) -> AppResult<()> {
    match id {
        Some(id) if !is_live(conn, entity, id)? => Err(AppError::field(
            ErrorCode::NotFound,
            field,
            format!("{} {id} does not exist or is in the trash", entity.as_str()),
        )),
        _ => Ok(()),
    }
}

/// Moves a live record to the trash.
pub fn trash(conn: &Connection, entity: Entity, id: Id, now: Millis) -> AppResult<()> {
    let sql = format!("UPDATE {} SET deleted_at = ?1 WHERE id = ?2 AND deleted_at IS NULL", table(entity));
    if conn.prepare_cached(&sql)?.execute([now, id])? == 0 {
        return Err(AppError::not_found(entity.as_str(), id));
    }
    Ok(())
}

pub fn not_found_as<T>(r: rusqlite::Result<T>, entity: Entity, id: Id) -> AppResult<T> {
    match r {
        Err(rusqlite::Error::QueryReturnedNoRows) => Err(AppError::not_found(entity.as_str(), id)),
        other => Ok(other?),
    }
}

/// A record's `system_event` column. An event this build does not know (written by a newer Relata) reads as
/// none, so the record shows its stored text instead of failing the list it is in.
pub fn system_event(r: &rusqlite::Row, col: usize) -> rusqlite::Result<Option<SystemEvent>> {
    Ok(r.get::<_, Option<String>>(col)?.and_then(|json| serde_json::from_str(&json).ok()))
}

/// Tags a record the app just wrote with what happened (see `SystemEvent`).
pub(crate) fn set_system_event(tx: &Connection, entity: Entity, id: Id, event: &SystemEvent) -> AppResult<()> {
    let table = match entity {
        Entity::Task => "tasks",
        Entity::Activity => "activities",
        other => return Err(AppError::internal(format!("{other:?} records carry no system event"))),
    };
    tx.prepare_cached(&format!("UPDATE {table} SET system_event = ?1 WHERE id = ?2"))?
        .execute(rusqlite::params![serde_json::to_string(event)?, id])?;
    Ok(())
}

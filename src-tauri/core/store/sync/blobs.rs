//! Byte fields (`SyncTable::blobs`, an attachment's document) on the wire: base64 text in the record's JSON.
//! The change log records a byte field without its value; a push reads it from the row.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;

use super::registry::SyncTable;
use crate::error::AppResult;

/// The wire value of byte field `field` of `t`'s record `gid` as it is now (null when the row is gone).
pub(crate) fn read(conn: &Connection, t: &SyncTable, gid: &str, field: &str) -> AppResult<Value> {
    let bytes: Option<Option<Vec<u8>>> = conn
        .prepare_cached(&format!("SELECT \"{field}\" FROM {} WHERE gid = ?1", t.name))?
        .query_row([gid], |r| r.get(0))
        .optional()?;
    Ok(bytes.flatten().map(|b| Value::String(STANDARD.encode(b))).unwrap_or(Value::Null))
}

/// The bytes a pulled wire value stands for (text that is not base64 stays as it came).
pub(crate) fn decode(value: &Value) -> SqlValue {
    match value {
        Value::String(s) => STANDARD.decode(s).map(SqlValue::Blob).unwrap_or_else(|_| SqlValue::Text(s.clone())),
        _ => SqlValue::Null,
    }
}

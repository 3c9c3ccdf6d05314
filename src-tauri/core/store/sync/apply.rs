//! Applies pulled records to the local store field by field, without recording them as local changes
//! (`sync_state.applying` is set for the transaction). A field with a newer pending local edit keeps it: that
//! edit is pushed and wins on the server too.

use std::collections::BTreeMap;

use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, OptionalExtension, Transaction};
use serde::Deserialize;
use serde_json::Value;

use super::hlc;
use super::outbox::pending_hlc;
use super::registry::{self, ListField, SyncTable};
use crate::clock::Millis;
use crate::error::{AppError, AppResult, ErrorCode};

/// One record as the server holds it: every field's value and the stamp (hlc, node) that wrote it.
#[derive(Debug, Clone, Deserialize)]
pub struct Pulled {
    pub tbl: String,
    pub gid: String,
    pub fields: BTreeMap<String, Value>,
    pub stamps: BTreeMap<String, (i64, String)>,
    /// Removed for good (a purge): the local row goes too.
    pub purged: bool,
    pub seq: i64,
}

/// Marks the start and end of a pull's transaction: writes in between are not recorded.
pub fn set_applying(tx: &Transaction, on: bool) -> AppResult<()> {
    tx.execute("UPDATE sync_state SET applying = ?1 WHERE id = 1", [on])?;
    if on {
        // A pulled deal may arrive before its stage in the same batch: check references at commit.
        tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    }
    Ok(())
}

/// Writes one pulled record. Returns the local row id it wrote (None: purged, or a table this build does not
/// sync), for the caller's derived columns and indexes.
pub fn apply(tx: &Transaction, rec: &Pulled, own_node: &str, now: Millis) -> AppResult<Option<i64>> {
    let Some(t) = registry::table(&rec.tbl) else { return Ok(None) };
    let newest = rec.stamps.values().map(|(h, _)| *h).max().unwrap_or(0);
    tx.execute("UPDATE sync_state SET hlc = max(hlc, ?1) WHERE id = 1", [newest])?;
    let local: Option<i64> = tx
        .prepare_cached(&format!("SELECT id FROM {} WHERE gid = ?1", t.name))?
        .query_row([&rec.gid], |r| r.get(0))
        .optional()?;
    if rec.purged {
        if let Some(id) = local {
            tx.execute(&format!("DELETE FROM {} WHERE id = ?1", t.name), [id])?;
            tx.execute("DELETE FROM sync_unresolved WHERE tbl = ?1 AND row_id = ?2", params![t.name, id])?;
        }
        return Ok(None);
    }
    let cols = registry::columns(tx, t.name)?;
    let has_updated_at = cols.iter().any(|c| c == "updated_at");
    let id = match local {
        Some(id) => id,
        // A record whose required parent this user cannot see (or that is not here) has no place here.
        None if !required_refs_resolve(tx, t, rec)? => return Ok(None),
        None => insert_placeholder(tx, t, &cols, rec, now)?,
    };
    let mut sets: Vec<String> = vec![];
    let mut values: Vec<SqlValue> = vec![];
    if has_updated_at {
        values.push(SqlValue::Integer(now));
        sets.push("updated_at = ?1".into());
    }
    for (field, value) in &rec.fields {
        if !t.wire_fields().contains(&field.as_str()) {
            continue; // a field a newer build syncs
        }
        let (stamp, node) = rec.stamps.get(field).cloned().unwrap_or((0, String::new()));
        if let Some(mine) = pending_hlc(tx, t.name, &rec.gid, field)? {
            if hlc::wins(mine, own_node, stamp, &node) {
                continue;
            }
        }
        let Some(sql_value) = field_value(tx, t, id, field, value)? else { continue };
        values.push(sql_value);
        sets.push(format!("\"{field}\" = ?{}", values.len()));
    }
    if sets.is_empty() {
        return Ok(Some(id));
    }
    values.push(SqlValue::Integer(id));
    tx.execute(
        &format!("UPDATE {} SET {} WHERE id = ?{}", t.name, sets.join(", "), values.len()),
        params_from_iter(values),
    )?;
    Ok(Some(id))
}

/// The SQL value a wire value of `field` is stored as (a reference resolved to the local id, remembered when
/// its target has not arrived); a list field is written into its child table here and gives None.
fn field_value(tx: &Transaction, t: &SyncTable, id: i64, field: &str, value: &Value) -> AppResult<Option<SqlValue>> {
    if let Some(list) = t.list(field) {
        write_list(tx, list, id, value)?;
        return Ok(None);
    }
    let Some(target) = t.reference(field) else { return Ok(Some(to_sql(value))) };
    let resolved = resolve(tx, target, value)?;
    tx.execute("DELETE FROM sync_unresolved WHERE tbl = ?1 AND row_id = ?2 AND col = ?3", params![t.name, id, field])?;
    if let (SqlValue::Null, Some(gid)) = (&resolved, value.as_str()) {
        tx.execute(
            "INSERT INTO sync_unresolved (tbl, row_id, col, target, gid) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![t.name, id, field, target, gid],
        )?;
    }
    Ok(Some(resolved))
}

/// Writes one field of a local record as a local edit (recorded and pushed like any other): restoring a
/// value from the conflict log. Returns the row's local id.
pub fn write_field(tx: &Transaction, tbl: &str, gid: &str, field: &str, value: &Value, now: Millis) -> AppResult<i64> {
    let missing = || AppError::new(ErrorCode::NotFound, format!("this desktop has no {tbl} record {gid}"));
    let t = registry::table(tbl).ok_or_else(missing)?;
    if !t.wire_fields().contains(&field) {
        return Err(AppError::new(ErrorCode::InvalidValue, format!("{tbl} has no synced field {field}")));
    }
    let id: i64 = tx
        .prepare_cached(&format!("SELECT id FROM {} WHERE gid = ?1", t.name))?
        .query_row([gid], |r| r.get(0))
        .optional()?
        .ok_or_else(missing)?;
    let has_updated_at = registry::columns(tx, t.name)?.iter().any(|c| c == "updated_at");
    if has_updated_at {
        tx.execute(&format!("UPDATE {} SET updated_at = ?1 WHERE id = ?2", t.name), params![now, id])?;
    }
    if let Some(v) = field_value(tx, t, id, field, value)? {
        tx.execute(&format!("UPDATE {} SET \"{field}\" = ?1 WHERE id = ?2", t.name), params![v, id])?;
    }
    Ok(id)
}

/// Whether every NOT NULL reference of a new record names a row this desktop has (a consent's person).
fn required_refs_resolve(tx: &Transaction, t: &SyncTable, rec: &Pulled) -> AppResult<bool> {
    for (column, target) in t.refs {
        let required: bool = tx
            .prepare_cached("SELECT \"notnull\" = 1 FROM pragma_table_info(?1) WHERE name = ?2")?
            .query_row([t.name, column], |r| r.get(0))
            .optional()?
            .unwrap_or(false);
        let value = rec.fields.get(*column).unwrap_or(&Value::Null);
        if required && resolve(tx, target, value)? == SqlValue::Null {
            tracing::warn!(table = t.name, column = *column, "a pulled record's required parent is not here; left out");
            return Ok(false);
        }
    }
    Ok(true)
}

/// A new local row for a record first seen in a pull: NOT NULL columns get the pulled value (a CHECK must
/// hold at once), or a neutral value until the fields are written (in the same transaction).
fn insert_placeholder(tx: &Transaction, t: &SyncTable, cols: &[String], rec: &Pulled, now: Millis) -> AppResult<i64> {
    let gid = rec.gid.as_str();
    let required: Vec<(String, String)> = tx
        .prepare(&format!(
            "SELECT name, upper(type) FROM pragma_table_info('{}') WHERE \"notnull\" = 1 AND dflt_value IS NULL
             AND pk = 0 AND name NOT IN ('created_at', 'updated_at')",
            t.name
        ))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut names = vec!["gid".to_string()];
    let mut vals = vec!["?1".to_string()];
    let mut args: Vec<SqlValue> = vec![SqlValue::Text(gid.to_string())];
    for time in ["created_at", "updated_at"].into_iter().filter(|c| cols.iter().any(|x| x == c)) {
        names.push(time.into());
        args.push(SqlValue::Integer(now));
        vals.push(format!("?{}", args.len()));
    }
    for (name, ty) in required {
        names.push(format!("\"{name}\""));
        let pulled = match (rec.fields.get(&name), t.reference(&name)) {
            (Some(v), None) if !v.is_null() && !v.is_array() && t.wire_fields().contains(&name.as_str()) => {
                Some(to_sql(v))
            }
            (Some(v), Some(target)) => Some(resolve(tx, target, v)?).filter(|v| *v != SqlValue::Null),
            _ => None,
        };
        match pulled {
            Some(v) => {
                args.push(v);
                vals.push(format!("?{}", args.len()));
            }
            None => vals.push(if ty.contains("INT") { "0".into() } else { "''".into() }),
        }
    }
    tx.execute(
        &format!("INSERT INTO {} ({}) VALUES ({})", t.name, names.join(", "), vals.join(", ")),
        params_from_iter(args),
    )?;
    Ok(tx.last_insert_rowid())
}

fn resolve(tx: &Transaction, target: &str, value: &Value) -> AppResult<SqlValue> {
    let Some(gid) = value.as_str() else { return Ok(SqlValue::Null) };
    let id: Option<i64> = tx
        .prepare_cached(&format!("SELECT id FROM {target} WHERE gid = ?1"))?
        .query_row([gid], |r| r.get(0))
        .optional()?;
    Ok(id.map(SqlValue::Integer).unwrap_or(SqlValue::Null))
}

/// Links the pulled references whose targets have arrived since (in this batch or an earlier one); the
/// others wait (a target this user cannot see stays unlinked).
pub fn resolve_later(tx: &Transaction) -> AppResult<()> {
    let waiting: Vec<(String, i64, String, String, String)> = tx
        .prepare("SELECT tbl, row_id, col, target, gid FROM sync_unresolved")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (table, id, column, target, gid) in waiting {
        // Names come from the registry, never from the wire.
        let (Some(t), Some(target)) = (registry::table(&table), registry::table(&target)) else { continue };
        if t.reference(&column) != Some(target.name) {
            continue;
        }
        if let SqlValue::Integer(target_id) = resolve(tx, target.name, &Value::String(gid))? {
            tx.execute(&format!("UPDATE {} SET \"{column}\" = ?1 WHERE id = ?2", t.name), params![target_id, id])?;
            tx.execute(
                "DELETE FROM sync_unresolved WHERE tbl = ?1 AND row_id = ?2 AND col = ?3",
                params![table, id, column],
            )?;
        }
    }
    Ok(())
}

fn write_list(tx: &Transaction, l: &ListField, parent: i64, value: &Value) -> AppResult<()> {
    tx.execute(&format!("DELETE FROM {} WHERE {} = ?1", l.table, l.parent_col), [parent])?;
    let items = match value {
        Value::Array(items) => items.as_slice(),
        Value::Null => &[],
        _ => return Err(AppError::new(ErrorCode::Database, format!("list field {} is not a list", l.field))),
    };
    let cols = l.columns.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
    let marks = (0..l.columns.len()).map(|i| format!("?{}", i + 3)).collect::<Vec<_>>().join(", ");
    let sql = format!("INSERT INTO {} ({}, {}, {cols}) VALUES (?1, ?2, {marks})", l.table, l.parent_col, l.position);
    for (pos, item) in items.iter().enumerate() {
        let mut row: Vec<SqlValue> = vec![SqlValue::Integer(parent), SqlValue::Integer(pos as i64)];
        let parts = item.as_array().map(Vec::as_slice).unwrap_or(&[]);
        row.extend((0..l.columns.len()).map(|i| parts.get(i).map(to_sql).unwrap_or(SqlValue::Text(String::new()))));
        tx.execute(&sql, params_from_iter(row))?;
    }
    Ok(())
}

/// A JSON value as the SQLite value the change log recorded it from.
pub fn to_sql(value: &Value) -> SqlValue {
    match value {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => SqlValue::Integer(i),
            None => SqlValue::Real(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => SqlValue::Text(s.clone()),
        other => SqlValue::Text(other.to_string()),
    }
}

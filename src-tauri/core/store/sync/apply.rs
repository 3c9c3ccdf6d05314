//! Applies pulled records to the local store field by field, without recording them as local changes
//! (`sync_state.applying` is set for the transaction). A field with a newer pending local edit keeps it: that
//! edit is pushed and wins on the server too.

use std::collections::BTreeMap;

use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, OptionalExtension, Transaction};
use serde::Deserialize;
use serde_json::Value;

use super::hlc;
use super::lists::{self, write_list};
use super::outbox::pending_hlc;
use super::registry::{self, PolyRef, SyncTable, REMOVED};
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
    if rec.purged || removal_wins(tx, t, rec, own_node)? {
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
        if !t.wire_fields().contains(&field.as_str()) || field == REMOVED {
            continue; // a field a newer build syncs, or the presence of a keyed row (handled above)
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
    if let Some(p) = t.poly_ref(field) {
        // Both columns at once: the kind names the table the id is in. A target not here leaves it as it is.
        let Some((kind, target_id)) = resolve_poly(tx, p, value)? else { return Ok(None) };
        tx.execute(&format!("UPDATE {} SET \"{}\" = ?1 WHERE id = ?2", t.name, p.kind_col), params![kind, id])?;
        return Ok(Some(SqlValue::Integer(target_id)));
    }
    if t.numbered == Some(field) || t.key == [field] {
        make_room(tx, t, &rec_gid(tx, t, id)?, field, value)?;
    }
    let Some(target) = t.reference(field) else { return Ok(Some(wire_sql(t, field, value))) };
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
    if field == REMOVED {
        // Whether a tag or custom value exists is restored by setting it again on its record.
        return Err(AppError::new(ErrorCode::InvalidValue, format!("{tbl} {gid}: set it again on its record instead")));
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

/// Whether a keyed record's pulled `_removed: true` beats any pending local re-creation of it: the local row
/// then goes (the record stays on the server as a revivable tombstone).
fn removal_wins(tx: &Transaction, t: &SyncTable, rec: &Pulled, own_node: &str) -> AppResult<bool> {
    if !t.is_keyed() || rec.fields.get(REMOVED) != Some(&Value::Bool(true)) {
        return Ok(false);
    }
    let (stamp, node) = rec.stamps.get(REMOVED).cloned().unwrap_or((0, String::new()));
    Ok(match pending_hlc(tx, t.name, &rec.gid, REMOVED)? {
        Some(mine) => !hlc::wins(mine, own_node, stamp, &node),
        None => true,
    })
}

/// A polymorphic reference's wire value `[table, gid]` as (kind, local id), when the table is one of its
/// targets and this desktop has the row. Table names come from the registry, never from the wire.
fn resolve_poly(tx: &Transaction, p: &PolyRef, value: &Value) -> AppResult<Option<(&'static str, i64)>> {
    let (Some(table), Some(gid)) = (value.get(0).and_then(Value::as_str), value.get(1)) else { return Ok(None) };
    let Some(kind) = p.kind_of(table) else { return Ok(None) };
    let target = p.table_of(kind).unwrap_or(table);
    Ok(match resolve(tx, target, gid)? {
        SqlValue::Integer(id) => Some((kind, id)),
        _ => None,
    })
}

/// Whether every NOT NULL reference of a new record names a row this desktop has (a consent's person, a
/// tagging's record).
fn required_refs_resolve(tx: &Transaction, t: &SyncTable, rec: &Pulled) -> AppResult<bool> {
    for p in t.poly {
        if resolve_poly(tx, p, rec.fields.get(p.column).unwrap_or(&Value::Null))?.is_none() {
            tracing::warn!(table = t.name, column = p.column, "a pulled record's parent is not here; left out");
            return Ok(false);
        }
    }
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
        let poly = t.poly.iter().find(|p| p.column == name || p.kind_col == name);
        if let Some(p) = poly {
            // Resolved by `required_refs_resolve` already.
            let (kind, target_id) = resolve_poly(tx, p, rec.fields.get(p.column).unwrap_or(&Value::Null))?
                .ok_or_else(|| AppError::new(ErrorCode::Database, format!("{} has no target here", p.column)))?;
            args.push(if name == p.column { SqlValue::Integer(target_id) } else { SqlValue::Text(kind.into()) });
            vals.push(format!("?{}", args.len()));
            continue;
        }
        let pulled = match (rec.fields.get(&name), t.reference(&name)) {
            (Some(v), None) if !v.is_null() && !v.is_array() && t.wire_fields().contains(&name.as_str()) => {
                Some(wire_sql(t, &name, v))
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
    for field in t.numbered.iter().chain(t.key.iter().filter(|_| t.key.len() == 1)) {
        make_room(tx, t, gid, field, rec.fields.get(*field).unwrap_or(&Value::Null))?;
    }
    tx.execute(
        &format!("INSERT INTO {} ({}) VALUES ({})", t.name, names.join(", "), vals.join(", ")),
        params_from_iter(args),
    )?;
    Ok(tx.last_insert_rowid())
}

/// Before a pulled value of a unique field is written to record `gid`, a local row of another record that
/// holds it makes room, so the pull never stops at a UNIQUE constraint:
/// - a number the server hands out (`numbered`): the local row (numbered here while offline, not renumbered
///   by the server yet) moves to the next free local number; its own number from the server follows in this
///   pull or after its push;
/// - the single natural key of a keyed table (`name_key`, `sku_key`): two records have one key only after a
///   rename (the id was derived from the old key) met a record made elsewhere under the new one. The local
///   holder's key gets a ` ~<gid>` suffix here, so both records stay, side by side under one name, until a
///   user renames one (which records its key again).
fn make_room(tx: &Transaction, t: &SyncTable, gid: &str, field: &str, value: &Value) -> AppResult<()> {
    let (set, wanted) = if t.numbered == Some(field) {
        let Some(n) = value.as_i64() else { return Ok(()) };
        (format!("(SELECT COALESCE(MAX(\"{field}\"), 0) + 1 FROM {})", t.name), SqlValue::Integer(n))
    } else if t.key == [field] {
        let Some(key) = value.as_str() else { return Ok(()) };
        (format!("\"{field}\" || ' ~' || substr(gid, 1, 8)"), SqlValue::Text(key.to_string()))
    } else {
        return Ok(());
    };
    let moved = tx.execute(
        &format!("UPDATE {} SET \"{field}\" = {set} WHERE \"{field}\" = ?1 AND gid IS NOT ?2", t.name),
        params![wanted, gid],
    )?;
    if moved > 0 {
        tracing::info!(table = t.name, field, "a pulled unique value was held by another local record; it moved");
    }
    Ok(())
}

fn rec_gid(tx: &Transaction, t: &SyncTable, id: i64) -> AppResult<String> {
    Ok(tx.query_row(&format!("SELECT gid FROM {} WHERE id = ?1", t.name), [id], |r| r.get(0))?)
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
        if lists::resolve_row(tx, &table, id, &column, &gid)? {
            tx.execute(
                "DELETE FROM sync_unresolved WHERE tbl = ?1 AND row_id = ?2 AND col = ?3",
                params![table, id, column],
            )?;
            continue;
        }
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

/// A pulled value of a plain field of `t` as it is stored (a byte field's base64 as its bytes).
fn wire_sql(t: &SyncTable, field: &str, value: &Value) -> SqlValue {
    if t.is_blob(field) {
        super::blobs::decode(value)
    } else {
        to_sql(value)
    }
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

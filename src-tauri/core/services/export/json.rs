//! The full JSON export: every table of the store, row by row, with the exact stored values, so an import
//! into an empty store gives back an identical store (ids, timestamps, trash, settings and all). The
//! format is documented in docs/export-format.md. Rows are written as they are read, from one snapshot.

use std::io::Write;

use rusqlite::types::ValueRef;
use rusqlite::Connection;
use serde_json::Value;

use crate::error::{AppError, AppResult};
use crate::store::Store;

pub const FORMAT: &str = "relata-export";
pub const FORMAT_VERSION: i32 = 1;

/// A table as the export sees it: its columns and the order that makes the output stable.
pub(super) struct TableSpec {
    pub name: String,
    pub columns: Vec<String>,
    order_by: String,
}

/// Writes the export and returns the number of rows written.
pub fn write(store: &Store, out: &mut impl Write) -> AppResult<u64> {
    let exported_at = store.clock().now_ms();
    let rows = store.read(|conn| {
        let schema_version: i32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        write!(
            out,
            "{{\"format\":\"{FORMAT}\",\"format_version\":{FORMAT_VERSION},\"schema_version\":{schema_version},\
             \"exported_at\":{exported_at},\"tables\":["
        )?;
        let mut rows = 0;
        for (i, table) in tables(conn)?.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            rows += write_table(conn, table, out)?;
        }
        out.write_all(b"\n]}\n")?;
        Ok(rows)
    })?;
    out.flush()?;
    Ok(rows)
}

fn write_table(conn: &Connection, t: &TableSpec, out: &mut impl Write) -> AppResult<u64> {
    write!(
        out,
        "\n{{\"name\":{},\"columns\":{},\"rows\":[",
        serde_json::to_string(&t.name)?,
        serde_json::to_string(&t.columns)?
    )?;
    let cols = t.columns.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ");
    let mut stmt = conn.prepare(&format!("SELECT {cols} FROM {} ORDER BY {}", quote(&t.name), t.order_by))?;
    let mut rows = stmt.query([])?;
    let mut n = 0;
    while let Some(row) = rows.next()? {
        let values =
            (0..t.columns.len()).map(|i| Ok(to_json(row.get_ref(i)?))).collect::<rusqlite::Result<Vec<_>>>()?;
        out.write_all(if n == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, &values)?;
        n += 1;
    }
    out.write_all(b"]}")?;
    Ok(n)
}

/// Tables derived from other tables' rows: indexes that triggers keep (importing those rows rebuilds them,
/// so their rows would be written twice), the tickets' SLA snapshots (a restore computes them again) and the
/// orders packed for analytics (importing the orders marks their months to pack again).
const KEPT_BY_TRIGGERS: &[&str] = &["tickets_fts", "ticket_sla", "ticket_sla_meta", "order_facts", "order_facts_dirty"];

/// The tables that hold data: every ordinary table, and the full-text indexes by their visible columns
/// (their internal shadow tables are SQLite's business) except those `KEPT_BY_TRIGGERS`. `sqlite_sequence`
/// comes along when present, so AUTOINCREMENT counters survive too.
pub(super) fn tables(conn: &Connection) -> AppResult<Vec<TableSpec>> {
    let mut stmt =
        conn.prepare("SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'table' ORDER BY name")?;
    let all = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let is_virtual = |sql: &str| sql.trim_start().to_ascii_uppercase().starts_with("CREATE VIRTUAL TABLE");
    let virtuals: Vec<&str> = all.iter().filter(|(_, sql)| is_virtual(sql)).map(|(n, _)| n.as_str()).collect();
    let mut specs = Vec::new();
    for (name, sql) in &all {
        let internal = name.starts_with("sqlite_") && name != "sqlite_sequence";
        let shadow =
            virtuals.iter().any(|v| name.len() > v.len() && name.starts_with(v) && name[v.len()..].starts_with('_'));
        if internal || shadow || KEPT_BY_TRIGGERS.contains(&name.as_str()) {
            continue;
        }
        let mut info = conn.prepare(&format!("SELECT name, pk FROM pragma_table_info({})", quote_literal(name)))?;
        let cols = info
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let (columns, order_by) = if is_virtual(sql) {
            (std::iter::once("rowid".to_string()).chain(cols.into_iter().map(|c| c.0)).collect(), "rowid".to_string())
        } else if sql.to_ascii_uppercase().contains("WITHOUT ROWID") {
            let mut pk: Vec<_> = cols.iter().filter(|c| c.1 > 0).collect();
            pk.sort_by_key(|c| c.1);
            let order = pk.iter().map(|c| quote(&c.0)).collect::<Vec<_>>().join(", ");
            (cols.iter().map(|c| c.0.clone()).collect(), order)
        } else if name == "sqlite_sequence" {
            (cols.into_iter().map(|c| c.0).collect(), "name".to_string())
        } else {
            (cols.into_iter().map(|c| c.0).collect(), "rowid".to_string())
        };
        specs.push(TableSpec { name: name.clone(), columns, order_by });
    }
    Ok(specs)
}

fn to_json(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        // SQLite cannot store NaN, so every stored real is a JSON number.
        ValueRef::Real(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => serde_json::json!({ "hex": b.iter().map(|x| format!("{x:02x}")).collect::<String>() }),
    }
}

/// The stored value for an exported JSON value (the inverse of `to_json`).
pub(super) fn from_json(v: &Value) -> Option<rusqlite::types::Value> {
    use rusqlite::types::Value as V;
    Some(match v {
        Value::Null => V::Null,
        Value::Bool(b) => V::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => V::Integer(i),
            None => V::Real(n.as_f64()?),
        },
        Value::String(s) => V::Text(s.clone()),
        Value::Object(map) if map.len() == 1 => {
            let hex = map.get("hex")?.as_str()?;
            let bytes = (0..hex.len())
                .step_by(2)
                .map(|i| hex.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
                .collect::<Option<Vec<u8>>>()?;
            V::Blob(bytes)
        }
        _ => return None,
    })
}

pub(super) fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

fn quote_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The error for a malformed part of an import file, naming where it is.
pub(super) fn bad(field: String, message: impl Into<String>) -> AppError {
    AppError::field(crate::error::ErrorCode::InvalidValue, field, message)
}

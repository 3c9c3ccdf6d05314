//! Importing a full JSON export into an empty store: all of it in one transaction, or nothing.

use std::collections::HashMap;
use std::io::Read;

use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::json::{bad, from_json, quote, tables, FORMAT, FORMAT_VERSION};
use crate::domain::AuditAction;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::audit;
use crate::store::Store;

const AUDIT: &str = "audit_log";

#[derive(Debug, Deserialize)]
struct Dump {
    format: String,
    format_version: i32,
    schema_version: i32,
    tables: Vec<TableDump>,
}

#[derive(Debug, Deserialize)]
struct TableDump {
    name: String,
    columns: Vec<String>,
    rows: Vec<Vec<serde_json::Value>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct JsonImportSummary {
    pub tables: i32,
    pub rows: i64,
}

/// Restores a JSON export into this store, which must hold no records yet (the defaults a new store is
/// seeded with, pipelines, cadences and settings, are replaced by the export's). Tables the export does
/// not name (it came from an older Relata) keep their current content.
pub fn import(store: &Store, input: impl Read) -> AppResult<JsonImportSummary> {
    let dump: Dump = serde_json::from_reader(std::io::BufReader::new(input))?;
    if dump.format != FORMAT {
        return Err(bad("format".into(), format!("not a Relata export (format \"{}\")", dump.format)));
    }
    if dump.format_version != FORMAT_VERSION {
        return Err(bad("format_version".into(), format!("export format {} is not supported", dump.format_version)));
    }
    let here = store.schema_version()?;
    if dump.schema_version > here {
        return Err(AppError::new(
            ErrorCode::SchemaTooNew,
            format!("this export was made by a newer Relata (schema {}, this build knows {here})", dump.schema_version),
        ));
    }
    store.write(|tx| {
        let records: i64 = tx.query_row(
            "SELECT (SELECT count(*) FROM people) + (SELECT count(*) FROM companies) + (SELECT count(*) FROM deals)
                  + (SELECT count(*) FROM activities) + (SELECT count(*) FROM tasks)",
            [],
            |r| r.get(0),
        )?;
        if records > 0 {
            return Err(AppError::new(ErrorCode::Conflict, "a JSON export can only be imported into an empty store"));
        }
        // Rows arrive table by table, so references are checked once everything is in, at commit.
        tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        let known: HashMap<String, Vec<String>> = tables(tx)?.into_iter().map(|t| (t.name, t.columns)).collect();
        for (i, t) in dump.tables.iter().enumerate() {
            let Some(columns) = known.get(&t.name) else {
                return Err(bad(format!("tables.{i}.name"), format!("this store has no table \"{}\"", t.name)));
            };
            if let Some(j) = t.columns.iter().position(|c| !columns.contains(c)) {
                return Err(bad(
                    format!("tables.{i}.columns.{j}"),
                    format!("{} has no column \"{}\"", t.name, t.columns[j]),
                ));
            }
        }
        // Everything is cleared before anything is inserted: a cascade from clearing one table must not
        // remove rows already imported into another.
        for t in &dump.tables {
            tx.execute(&format!("DELETE FROM {}", quote(&t.name)), [])?;
        }
        let mut rows = 0;
        // The audit trail goes in last: the record inserts fire the audit triggers, and a restore brings back
        // the exported history, not "created just now" entries.
        let (trail, records): (Vec<_>, Vec<_>) = dump.tables.iter().enumerate().partition(|(_, t)| t.name == AUDIT);
        for (i, t) in records.into_iter().chain(trail) {
            if t.name == AUDIT {
                tx.execute_batch("DELETE FROM audit_log")?;
            }
            let cols = t.columns.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ");
            let marks = vec!["?"; t.columns.len()].join(", ");
            let mut stmt = tx.prepare_cached(&format!("INSERT INTO {} ({cols}) VALUES ({marks})", quote(&t.name)))?;
            for (r, row) in t.rows.iter().enumerate() {
                if row.len() != t.columns.len() {
                    return Err(bad(format!("tables.{i}.rows.{r}"), format!("expected {} values", t.columns.len())));
                }
                let values = row.iter().map(from_json).collect::<Option<Vec<SqlValue>>>().ok_or_else(|| {
                    bad(format!("tables.{i}.rows.{r}"), "a value is not a number, text, null or {\"hex\"}")
                })?;
                stmt.execute(rusqlite::params_from_iter(values))?;
                rows += 1;
            }
        }
        audit::record(tx, store.clock().now_ms(), AuditAction::Import, None, None, &["json"])?;
        Ok(JsonImportSummary { tables: dump.tables.len() as i32, rows })
    })
}

//! Importing a full JSON export into an empty store: all of it in one transaction, or nothing. The file is
//! streamed: each row is inserted as it is parsed, so memory stays flat however large the export is.

use std::collections::HashMap;
use std::fmt;
use std::io::Read;

use rusqlite::types::Value as SqlValue;
use rusqlite::Connection;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::json::{bad, from_json, quote, tables, FORMAT, FORMAT_VERSION};
use crate::domain::AuditAction;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::audit;
use crate::store::Store;

/// The audit trail's own create entries are not written while restoring: the export brings its history.
const RESTORE_BATCH: i64 = 0;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct JsonImportSummary {
    pub tables: i32,
    pub rows: i64,
}

/// Restores a JSON export into this store, which must hold no records yet. Every table the store knows is
/// emptied first (a new store holds only its seeded pipelines, cadences and settings), so clearing one
/// table can never cascade into rows already restored into another; then each table of the export is
/// filled as it streams by. Foreign keys are checked once everything is in, at commit.
pub fn import(store: &Store, input: impl Read) -> AppResult<JsonImportSummary> {
    let schema_here = store.schema_version()?;
    store.bulk_write(|tx| {
        let records: i64 = tx.query_row(
            "SELECT (SELECT count(*) FROM people) + (SELECT count(*) FROM companies) + (SELECT count(*) FROM deals)
                  + (SELECT count(*) FROM activities) + (SELECT count(*) FROM tasks)",
            [],
            |r| r.get(0),
        )?;
        if records > 0 {
            return Err(AppError::new(ErrorCode::Conflict, "a JSON export can only be imported into an empty store"));
        }
        tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        let known: HashMap<String, Vec<String>> = tables(tx)?.into_iter().map(|t| (t.name, t.columns)).collect();
        for name in known.keys() {
            tx.execute(&format!("DELETE FROM {}", quote(name)), [])?;
        }
        let mut restore = Restore { tx, known, schema_here, header: Header::default(), failure: None, summary: None };
        audit::without_create_entries(tx, RESTORE_BATCH, || {
            let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::new(input));
            let parsed = DumpSeed(&mut restore).deserialize(&mut de).and_then(|()| de.end());
            match (restore.failure.take(), parsed) {
                (Some(e), _) => Err(e),
                (None, Err(e)) => Err(AppError::new(ErrorCode::InvalidValue, format!("not a readable export: {e}"))),
                (None, Ok(())) => Ok(()),
            }
        })?;
        let summary = restore.summary.ok_or_else(|| bad("tables".into(), "the export has no tables"))?;
        // The tickets' SLA snapshots are no part of an export: computed again from the restored rows.
        super::super::tickets::sla_cache::rebuild(tx)?;
        audit::record(tx, store.clock().now_ms(), AuditAction::Import, None, None, &["json"])?;
        Ok(summary)
    })
}

#[derive(Default)]
struct Header {
    format: Option<String>,
    format_version: Option<i32>,
    schema_version: Option<i32>,
}

struct Restore<'a> {
    tx: &'a Connection,
    known: HashMap<String, Vec<String>>,
    schema_here: i32,
    header: Header,
    /// The first error, with its field; serde only carries a message, so the visitors park it here.
    failure: Option<AppError>,
    summary: Option<JsonImportSummary>,
}

impl Restore<'_> {
    fn fail<E: de::Error>(&mut self, e: AppError) -> E {
        let message = e.message.clone();
        self.failure.get_or_insert(e);
        E::custom(message)
    }

    /// The writer puts the header first; a file that does not cannot be checked before rows arrive.
    fn check_header(&self) -> AppResult<()> {
        let h = &self.header;
        let (Some(format), Some(version), Some(schema)) = (&h.format, h.format_version, h.schema_version) else {
            return Err(bad(
                "format".into(),
                "not a Relata export (format, format_version and schema_version must come first)",
            ));
        };
        if format != FORMAT {
            return Err(bad("format".into(), format!("not a Relata export (format \"{format}\")")));
        }
        if version != FORMAT_VERSION {
            return Err(bad("format_version".into(), format!("export format {version} is not supported")));
        }
        if schema > self.schema_here {
            return Err(AppError::new(
                ErrorCode::SchemaTooNew,
                format!(
                    "this export was made by a newer Relata (schema {schema}, this build knows {})",
                    self.schema_here
                ),
            ));
        }
        Ok(())
    }
}

struct DumpSeed<'r, 'a>(&'r mut Restore<'a>);

impl<'de> DeserializeSeed<'de> for DumpSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DumpSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Relata export object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let r = self.0;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => r.header.format = Some(map.next_value()?),
                "format_version" => r.header.format_version = Some(map.next_value()?),
                "schema_version" => r.header.schema_version = Some(map.next_value()?),
                "tables" => {
                    if let Err(e) = r.check_header() {
                        return Err(r.fail(e));
                    }
                    map.next_value_seed(TablesSeed(&mut *r))?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct TablesSeed<'r, 'a>(&'r mut Restore<'a>);

impl<'de> DeserializeSeed<'de> for TablesSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for TablesSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of tables")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let r = self.0;
        let mut summary = JsonImportSummary { tables: 0, rows: 0 };
        while let Some(rows) = seq.next_element_seed(TableSeed { restore: &mut *r, index: summary.tables as usize })? {
            summary.tables += 1;
            summary.rows += rows;
        }
        r.summary = Some(summary);
        Ok(())
    }
}

struct TableSeed<'r, 'a> {
    restore: &'r mut Restore<'a>,
    index: usize,
}

impl<'de> DeserializeSeed<'de> for TableSeed<'_, '_> {
    type Value = i64;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<i64, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TableSeed<'_, '_> {
    type Value = i64;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a table with name, columns and rows")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<i64, A::Error> {
        let (r, i) = (self.restore, self.index);
        let (mut name, mut columns): (Option<String>, Option<Vec<String>>) = (None, None);
        let mut rows = 0;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "name" => name = Some(map.next_value()?),
                "columns" => columns = Some(map.next_value()?),
                "rows" => {
                    let (Some(name), Some(columns)) = (&name, &columns) else {
                        return Err(r.fail(bad(format!("tables.{i}"), "name and columns must come before rows")));
                    };
                    if let Err(e) = check_table(&r.known, i, name, columns) {
                        return Err(r.fail(e));
                    }
                    rows = map.next_value_seed(RowsSeed { restore: &mut *r, index: i, table: name, columns })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(rows)
    }
}

fn check_table(known: &HashMap<String, Vec<String>>, i: usize, name: &str, columns: &[String]) -> AppResult<()> {
    let Some(here) = known.get(name) else {
        return Err(bad(format!("tables.{i}.name"), format!("this store has no table \"{name}\"")));
    };
    match columns.iter().position(|c| !here.contains(c)) {
        Some(j) => Err(bad(format!("tables.{i}.columns.{j}"), format!("{name} has no column \"{}\"", columns[j]))),
        None => Ok(()),
    }
}

struct RowsSeed<'r, 'a, 't> {
    restore: &'r mut Restore<'a>,
    index: usize,
    table: &'t str,
    columns: &'t [String],
}

impl<'de> DeserializeSeed<'de> for RowsSeed<'_, '_, '_> {
    type Value = i64;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<i64, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RowsSeed<'_, '_, '_> {
    type Value = i64;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of rows")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<i64, A::Error> {
        let RowsSeed { restore: r, index: i, table, columns } = self;
        let tx: &Connection = r.tx;
        let cols = columns.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ");
        let marks = vec!["?"; columns.len()].join(", ");
        let sql = format!("INSERT INTO {} ({cols}) VALUES ({marks})", quote(table));
        let mut stmt = match tx.prepare_cached(&sql) {
            Ok(stmt) => stmt,
            Err(e) => return Err(r.fail(e.into())),
        };
        let mut n = 0;
        while let Some(row) = seq.next_element::<Vec<serde_json::Value>>()? {
            let field = || format!("tables.{i}.rows.{n}");
            let inserted = if row.len() != columns.len() {
                Err(bad(field(), format!("expected {} values", columns.len())))
            } else {
                match row.iter().map(from_json).collect::<Option<Vec<SqlValue>>>() {
                    None => Err(bad(field(), "a value is not a number, text, null or {\"hex\"}")),
                    Some(values) => {
                        stmt.execute(rusqlite::params_from_iter(values)).map(|_| ()).map_err(AppError::from)
                    }
                }
            };
            if let Err(e) = inserted {
                drop(stmt);
                return Err(r.fail(e));
            }
            n += 1;
        }
        Ok(n as i64)
    }
}

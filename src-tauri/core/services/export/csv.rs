//! CSV of one record type: every live record, or exactly what a list view shows with its filters. Rows are
//! written page by page as they are read, so memory does not grow with the store. Nested values are
//! flattened (`address.city`), lists joined with "; ", times written as RFC 3339 UTC, and every custom
//! field of the type gets a `custom.<key>` column.

use std::io::Write;

use chrono::{SecondsFormat, TimeZone, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use specta::Type;

use crate::domain::{CompaniesQuery, DealsQuery, Entity, Page, PeopleQuery, TasksQuery, TimelineQuery};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::{activities, companies, custom_fields, deals, people, tasks};
use crate::store::keyset::MAX_LIMIT;
use crate::store::Store;

/// Which records to export: the list query of a view (its filters and sort), paging fields ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "entity", content = "query", rename_all = "snake_case")]
pub enum CsvQuery {
    Person(PeopleQuery),
    Company(CompaniesQuery),
    Deal(DealsQuery),
    Activity(TimelineQuery),
    Task(TasksQuery),
}

impl CsvQuery {
    /// Every live record of a type. Orders have no CSV export of their own (`relata orders list --json`).
    pub fn all(entity: Entity) -> AppResult<CsvQuery> {
        Ok(match entity {
            Entity::Person => CsvQuery::Person(Default::default()),
            Entity::Company => CsvQuery::Company(Default::default()),
            Entity::Deal => CsvQuery::Deal(Default::default()),
            Entity::Activity => CsvQuery::Activity(Default::default()),
            Entity::Task => CsvQuery::Task(TasksQuery { state: crate::domain::TaskState::All, ..Default::default() }),
            Entity::Order => {
                return Err(AppError::field(ErrorCode::InvalidValue, "entity", "orders have no CSV export"))
            }
        })
    }

    pub fn entity(&self) -> Entity {
        match self {
            CsvQuery::Person(_) => Entity::Person,
            CsvQuery::Company(_) => Entity::Company,
            CsvQuery::Deal(_) => Entity::Deal,
            CsvQuery::Activity(_) => Entity::Activity,
            CsvQuery::Task(_) => Entity::Task,
        }
    }
}

/// Writes the CSV (UTF-8 with a BOM, so spreadsheet apps read non-ASCII text right) and returns the
/// number of records written. With no records at all only the BOM is written.
pub fn write(store: &Store, query: &CsvQuery, out: &mut impl Write) -> AppResult<u64> {
    let custom_keys: Vec<String> =
        custom_fields::list(store, Some(query.entity()))?.into_iter().map(|d| format!("custom.{}", d.key)).collect();
    let mut sink = Sink { out, columns: None, custom_keys, rows: 0 };
    sink.out.write_all("\u{feff}".as_bytes())?;
    let limit = Some(MAX_LIMIT);
    match query.clone() {
        CsvQuery::Person(q) => pages(&mut sink, |cursor| {
            let page = people::list(store, &PeopleQuery { limit, cursor, ..q.clone() })?;
            full_page(store, page, |conn, rows| people::load_many(conn, &rows.iter().map(|r| r.id).collect::<Vec<_>>()))
        }),
        CsvQuery::Company(q) => pages(&mut sink, |cursor| {
            let page = companies::list(store, &CompaniesQuery { limit, cursor, ..q.clone() })?;
            full_page(store, page, |conn, rows| rows.iter().map(|r| companies::load(conn, r.id)).collect())
        }),
        CsvQuery::Deal(q) => pages(&mut sink, |cursor| deals::list(store, &DealsQuery { limit, cursor, ..q.clone() })),
        CsvQuery::Activity(q) => {
            pages(&mut sink, |cursor| activities::timeline(store, &TimelineQuery { limit, cursor, ..q.clone() }))
        }
        CsvQuery::Task(q) => pages(&mut sink, |cursor| tasks::list(store, &TasksQuery { limit, cursor, ..q.clone() })),
    }?;
    sink.out.flush()?;
    Ok(sink.rows)
}

/// A list row is what the table shows; the export wants the whole records behind a page, loaded in one
/// read (for people in a few set-based queries per page, not a few per person).
pub(super) fn full_page<R, T>(
    store: &Store,
    page: Page<R>,
    load: impl Fn(&Connection, &[R]) -> AppResult<Vec<T>>,
) -> AppResult<Page<T>> {
    let items = store.read(|conn| load(conn, &page.items))?;
    Ok(Page { items, next_cursor: page.next_cursor, total: page.total, total_exact: page.total_exact })
}

fn pages<T: Serialize, W: Write>(
    sink: &mut Sink<'_, W>,
    mut fetch: impl FnMut(Option<String>) -> AppResult<Page<T>>,
) -> AppResult<()> {
    let mut cursor = None;
    loop {
        let page = fetch(cursor)?;
        for item in &page.items {
            sink.record(serde_json::to_value(item)?)?;
        }
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => return Ok(()),
        }
    }
}

struct Sink<'a, W: Write> {
    out: &'a mut W,
    /// Taken from the first record (the record types have fixed fields) plus the custom fields.
    columns: Option<Vec<String>>,
    custom_keys: Vec<String>,
    rows: u64,
}

impl<W: Write> Sink<'_, W> {
    fn record(&mut self, value: Value) -> AppResult<()> {
        let mut cells = Map::new();
        flatten("", value, &mut cells);
        if self.columns.is_none() {
            let mut columns: Vec<String> = cells.keys().filter(|k| !k.starts_with("custom.")).cloned().collect();
            columns.extend(self.custom_keys.iter().cloned());
            write_row(self.out, columns.iter().map(String::as_str))?;
            self.columns = Some(columns);
        }
        let columns = self.columns.as_deref().unwrap_or_default();
        let texts: Vec<String> = columns.iter().map(|c| cells.get(c).map(cell_text).unwrap_or_default()).collect();
        write_row(self.out, texts.iter().map(String::as_str))?;
        self.rows += 1;
        Ok(())
    }
}

/// Objects become dotted columns (`address.city`); times (`*_at` numbers) become RFC 3339 text.
fn flatten(prefix: &str, value: Value, cells: &mut Map<String, Value>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                let name = if prefix.is_empty() { key } else { format!("{prefix}.{key}") };
                flatten(&name, v, cells);
            }
        }
        Value::Number(n) if prefix.ends_with("_at") => {
            let text = n.as_i64().and_then(|ms| Utc.timestamp_millis_opt(ms).single());
            let text = text.map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true)).unwrap_or_else(|| n.to_string());
            cells.insert(prefix.to_string(), Value::String(text));
        }
        other => {
            cells.insert(prefix.to_string(), other);
        }
    }
}

/// A list's items joined with "; "; an item that is an object (an email with its label) as "label: value".
fn cell_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(cell_text).collect::<Vec<_>>().join("; "),
        Value::Object(map) => map.values().map(cell_text).collect::<Vec<_>>().join(": "),
        other => other.to_string(),
    }
}

fn write_row<'a>(out: &mut impl Write, cells: impl Iterator<Item = &'a str>) -> AppResult<()> {
    let mut line = String::new();
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            line.push(',');
        }
        if cell.contains([',', '"', '\n', '\r']) || cell.starts_with(' ') || cell.ends_with(' ') {
            line.push('"');
            line.push_str(&cell.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(cell);
        }
    }
    line.push_str("\r\n");
    out.write_all(line.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_it() {
        let mut out = Vec::new();
        write_row(&mut out, ["plain", "a,b", "say \"hi\"", "two\nlines", " pad"].into_iter()).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" pad\"\r\n");
    }

    #[test]
    fn flattens_nested_values_and_times() {
        let mut cells = Map::new();
        let v = serde_json::json!({"a": {"b": 1}, "emails": [{"label": "work", "value": "x@y.z"}], "created_at": 0});
        flatten("", v, &mut cells);
        assert_eq!(cell_text(&cells["a.b"]), "1");
        assert_eq!(cell_text(&cells["emails"]), "work: x@y.z");
        assert_eq!(cell_text(&cells["created_at"]), "1970-01-01T00:00:00.000Z");
    }
}

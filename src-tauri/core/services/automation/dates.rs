//! `date_reached`: a date of a live person or open deal is N days away (or passed). Looked for at most once
//! an hour like quiet records; each record fires once per rule and date value (a moved date fires again),
//! and a pass after the app was closed catches up once. Only days from the rule's creation on count, so a
//! new rule does not fire for every date that passed years ago.

use rusqlite::{Connection, OptionalExtension};

use crate::clock::Millis;
use crate::domain::{Id, RuleEntity};
use crate::error::{AppError, AppResult, ErrorCode};

/// The built-in date columns a rule can watch, per entity.
pub const DATE_COLUMNS: &[(&str, &str)] = &[("deal", "expected_close")];
/// The most days before (or after) a date a rule may fire.
pub const MAX_DAYS: i32 = 3650;

/// Where a rule's date lives: a column of the record, or a custom date field (its definition's id).
enum Source {
    Column(&'static str),
    Custom(Id),
}

fn source(conn: &Connection, entity: RuleEntity, field: &str) -> AppResult<Source> {
    if let Some(&(_, col)) = DATE_COLUMNS.iter().find(|(e, c)| *e == entity.as_str() && *c == field) {
        return Ok(Source::Column(col));
    }
    let def: Option<Id> = conn
        .prepare_cached("SELECT id FROM custom_field_defs WHERE entity = ?1 AND key = ?2 AND kind = 'date'")?
        .query_row([entity.as_str(), field.trim()], |r| r.get(0))
        .optional()?;
    def.map(Source::Custom).ok_or_else(|| {
        AppError::field(
            ErrorCode::InvalidValue,
            "trigger.field",
            format!("{field:?} is no date field of a {}", entity.as_str()),
        )
    })
}

/// Checks a `date_reached` trigger when the rule is saved.
pub fn check(conn: &Connection, entity: RuleEntity, field: &str, days_before: i32) -> AppResult<()> {
    if !matches!(entity, RuleEntity::Person | RuleEntity::Deal) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "trigger.entity",
            "only people and deals have dates here",
        ));
    }
    if days_before.abs() > MAX_DAYS {
        return Err(AppError::field(
            ErrorCode::OutOfRange,
            "trigger.days_before",
            format!("days_before runs from -{MAX_DAYS} to {MAX_DAYS}"),
        ));
    }
    source(conn, entity, field).map(|_| ())
}

/// Logs a time event (with the date) for each record whose day has come; returns how many.
pub fn fire(
    conn: &Connection,
    rule: Id,
    entity: RuleEntity,
    field: &str,
    days_before: i32,
    now: Millis,
) -> AppResult<usize> {
    let (table, live, person) = match entity {
        RuleEntity::Deal => ("deals", "r.deleted_at IS NULL AND r.status = 'open'", "r.person_id"),
        _ => ("people", "r.deleted_at IS NULL", "r.id"),
    };
    let (date, join) = match source(conn, entity, field)? {
        // `col` is one of DATE_COLUMNS' fixed names.
        Source::Column(col) => (format!("r.{col}"), String::new()),
        Source::Custom(def) => (
            "json_extract(cv.value, '$')".to_string(),
            format!(
                "JOIN custom_values cv ON cv.entity = '{}' AND cv.record_id = r.id AND cv.def_id = {def}",
                entity.as_str()
            ),
        ),
    };
    let sql = format!(
        "SELECT id, person, d FROM (SELECT r.id, {person} AS person, {date} AS d FROM {table} r {join} WHERE {live}) q
         WHERE d IS NOT NULL AND date(d, printf('%+d days', -?1)) <= date(?2 / 1000, 'unixepoch')
           AND date(d, printf('%+d days', -?1)) >= (SELECT date(created_at / 1000, 'unixepoch') FROM rules WHERE id = ?3)
           AND NOT EXISTS (SELECT 1 FROM rule_events e WHERE e.kind = 'time' AND e.record_id = q.id
             AND e.entity = ?4 AND json_extract(e.changes, '$.rule') = ?3 AND json_extract(e.changes, '$.date') = q.d)"
    );
    let found: Vec<(Id, Option<Id>, String)> = conn
        .prepare_cached(&sql)?
        .query_map(rusqlite::params![days_before, now, rule, entity.as_str()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (id, person, d) in &found {
        conn.prepare_cached(
            "INSERT INTO rule_events (at, entity, record_id, person_id, kind, changes)
             VALUES (?1, ?2, ?3, ?4, 'time', ?5)",
        )?
        .execute(rusqlite::params![
            now,
            entity.as_str(),
            id,
            person,
            serde_json::json!({ "rule": rule, "date": d }).to_string()
        ])?;
    }
    Ok(found.len())
}

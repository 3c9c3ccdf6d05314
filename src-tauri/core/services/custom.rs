//! Custom field values of a record: checked against their definitions, stored one JSON value per field.

use std::collections::HashMap;

use rusqlite::Connection;

use super::records::{json_col, parse_enum};
use super::validate;
use crate::domain::{CustomFieldKind, CustomValue, CustomValues, Entity, Id};
use crate::error::{AppError, AppResult, ErrorCode};

/// A checked value ready to store: the definition's id and the value as JSON.
pub struct Checked(Id, String);

/// Checks every value against its field's kind. Unknown keys are refused; empty values are dropped.
pub fn check(conn: &Connection, entity: Entity, values: &CustomValues) -> AppResult<Vec<Checked>> {
    let mut out = Vec::new();
    for (key, value) in values {
        let field = format!("custom.{key}");
        let def = conn
            .prepare_cached("SELECT id, kind, choices FROM custom_field_defs WHERE entity = ?1 AND key = ?2")?
            .query_row([entity.as_str(), key], |r| {
                Ok((r.get::<_, Id>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
            })
            .map_err(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => AppError::field(
                    ErrorCode::InvalidValue,
                    &field,
                    format!("there is no custom field \"{key}\" for a {}", entity.as_str()),
                ),
                e => e.into(),
            })?;
        let (def_id, kind, choices) = def;
        let kind: CustomFieldKind = parse_enum(&kind)?;
        let choices: Vec<String> = json_col(&choices)?;
        if let Some(v) = check_value(&field, kind, &choices, value)? {
            out.push(Checked(def_id, serde_json::to_string(&v)?));
        }
    }
    Ok(out)
}

fn check_value(
    field: &str,
    kind: CustomFieldKind,
    choices: &[String],
    value: &CustomValue,
) -> AppResult<Option<CustomValue>> {
    let wrong = |what: &str| AppError::field(ErrorCode::InvalidValue, field, format!("{field} must be {what}"));
    if let CustomValue::Text(s) = value {
        if s.trim().is_empty() {
            return Ok(None);
        }
    }
    let v = match (kind, value) {
        (CustomFieldKind::Text, CustomValue::Text(s)) => {
            CustomValue::Text(validate::text(field, s, validate::CUSTOM_TEXT_MAX)?)
        }
        (CustomFieldKind::Number, CustomValue::Number(n)) if n.is_finite() => CustomValue::Number(*n),
        // Forms send what was typed; a number typed with a decimal comma is still a number.
        (CustomFieldKind::Number, CustomValue::Text(s)) => match s.trim().replace(',', ".").parse::<f64>() {
            Ok(n) if n.is_finite() => CustomValue::Number(n),
            _ => return Err(wrong("a number")),
        },
        (CustomFieldKind::Number, _) => return Err(wrong("a number")),
        (CustomFieldKind::Date, CustomValue::Text(s)) => match validate::date(field, s) {
            Ok(d) => CustomValue::Text(d),
            Err(_) => return Err(wrong("a date like 2025-12-31")),
        },
        (CustomFieldKind::Boolean, CustomValue::Bool(b)) => CustomValue::Bool(*b),
        (CustomFieldKind::Choice, CustomValue::Text(s)) => {
            match choices.iter().find(|c| c.to_lowercase() == s.trim().to_lowercase()) {
                Some(c) => CustomValue::Text(c.clone()),
                None => return Err(wrong(&format!("one of: {}", choices.join(", ")))),
            }
        }
        (CustomFieldKind::Text, _) | (CustomFieldKind::Choice, _) => return Err(wrong("text")),
        (CustomFieldKind::Date, _) => return Err(wrong("a date like 2025-12-31")),
        (CustomFieldKind::Boolean, _) => return Err(wrong("true or false")),
    };
    Ok(Some(v))
}

/// Replaces a record's custom values. Only what differs is written, so team sync sends the values that
/// changed (two desktops setting different fields of one record both keep theirs).
pub fn save(conn: &Connection, entity: Entity, id: Id, values: &[Checked]) -> AppResult<()> {
    let kept: Vec<Id> = values.iter().map(|Checked(def_id, _)| *def_id).collect();
    conn.prepare_cached(
        "DELETE FROM custom_values WHERE entity = ?1 AND record_id = ?2
         AND def_id NOT IN (SELECT value FROM json_each(?3))",
    )?
    .execute(rusqlite::params![entity.as_str(), id, serde_json::to_string(&kept)?])?;
    for Checked(def_id, json) in values {
        conn.prepare_cached(
            "INSERT INTO custom_values (entity, record_id, def_id, value) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (entity, record_id, def_id) DO UPDATE SET value = excluded.value
             WHERE value IS NOT excluded.value",
        )?
        .execute(rusqlite::params![entity.as_str(), id, def_id, json])?;
    }
    Ok(())
}

pub fn load(conn: &Connection, entity: Entity, id: Id) -> AppResult<CustomValues> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.key, v.value FROM custom_values v JOIN custom_field_defs d ON d.id = v.def_id
         WHERE v.entity = ?1 AND v.record_id = ?2",
    )?;
    let rows = stmt.query_map(rusqlite::params![entity.as_str(), id], |r| {
        Ok((r.get::<_, String>(0)?, json_col::<CustomValue>(&r.get::<_, String>(1)?)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<CustomValues>>()?)
}

/// The custom values of many records at once (`ids` as a JSON array), by record id.
pub fn load_many(conn: &Connection, entity: Entity, ids: &str) -> AppResult<HashMap<Id, CustomValues>> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.record_id, d.key, v.value FROM custom_values v JOIN custom_field_defs d ON d.id = v.def_id
         WHERE v.entity = ?1 AND v.record_id IN (SELECT value FROM json_each(?2))",
    )?;
    let mut out: HashMap<Id, CustomValues> = HashMap::new();
    let mut rows = stmt.query(rusqlite::params![entity.as_str(), ids])?;
    while let Some(r) = rows.next()? {
        let value = json_col::<CustomValue>(&r.get::<_, String>(2)?)?;
        out.entry(r.get(0)?).or_default().insert(r.get(1)?, value);
    }
    Ok(out)
}

pub fn remove_all(conn: &Connection, entity: Entity, id: Id) -> AppResult<()> {
    conn.prepare_cached("DELETE FROM custom_values WHERE entity = ?1 AND record_id = ?2")?
        .execute(rusqlite::params![entity.as_str(), id])?;
    Ok(())
}

/// A SQL expression giving a record's custom values as one JSON object, for loading lists in one query.
pub fn json_expr(entity: Entity, id_col: &str) -> String {
    format!(
        "(SELECT json_group_object(d.key, json(v.value)) FROM custom_values v \
         JOIN custom_field_defs d ON d.id = v.def_id WHERE v.entity = '{}' AND v.record_id = {id_col})",
        entity.as_str()
    )
}

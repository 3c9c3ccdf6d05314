//! Definitions of custom fields per record type. Values live with the records (see `custom`).

use rusqlite::{Connection, Row};

use super::records::{enum_str, json_col, parse_enum};
use super::validate as v;
use crate::domain::{CustomFieldDef, CustomFieldInput, CustomFieldKind, Entity, Id};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::fold::fold;
use crate::store::Store;

pub const LABEL_LEN: usize = 100;
/// Record types whose inputs carry custom values.
const ENTITIES: [Entity; 3] = [Entity::Person, Entity::Company, Entity::Deal];

pub fn list(store: &Store, entity: Option<Entity>) -> AppResult<Vec<CustomFieldDef>> {
    store.read(|conn| list_in(conn, entity))
}

pub(crate) fn list_in(conn: &Connection, entity: Option<Entity>) -> AppResult<Vec<CustomFieldDef>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, entity, key, label, kind, choices, position FROM custom_field_defs
         WHERE ?1 IS NULL OR entity = ?1 ORDER BY entity, position, id",
    )?;
    let rows = stmt.query_map([entity.map(Entity::as_str)], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn create(store: &Store, input: CustomFieldInput) -> AppResult<CustomFieldDef> {
    let now = store.clock().now_ms();
    store.write(|tx| create_in(tx, input, now))
}

/// Creates a definition inside the caller's transaction (an import creates its fields atomically with
/// its records).
pub(crate) fn create_in(tx: &Connection, input: CustomFieldInput, now: i64) -> AppResult<CustomFieldDef> {
    if !ENTITIES.contains(&input.entity) {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "entity",
            format!("a {} cannot have custom fields", input.entity.as_str()),
        ));
    }
    let label = v::required("label", &input.label, LABEL_LEN)?;
    let choices = match input.kind {
        CustomFieldKind::Choice => {
            let choices = v::tags("choices", &input.choices)?;
            if choices.is_empty() {
                return Err(AppError::field(
                    ErrorCode::Required,
                    "choices",
                    "a choice field needs at least one choice",
                ));
            }
            choices
        }
        _ => Vec::new(),
    };
    let key = unique_key(tx, input.entity, &key_of(&label))?;
    let id: Id = tx
        .prepare_cached(
            "INSERT INTO custom_field_defs (entity, key, label, kind, choices, position, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5,
                     (SELECT COALESCE(MAX(position) + 1, 0) FROM custom_field_defs WHERE entity = ?1), ?6, ?6)
             RETURNING id",
        )?
        .query_row(
            rusqlite::params![
                input.entity.as_str(),
                key,
                label,
                enum_str(&input.kind),
                serde_json::to_string(&choices)?,
                now
            ],
            |r| r.get(0),
        )?;
    Ok(tx
        .prepare_cached("SELECT id, entity, key, label, kind, choices, position FROM custom_field_defs WHERE id = ?1")?
        .query_row([id], from_row)?)
}

/// Deletes the definition and every value stored for it.
pub fn delete(store: &Store, id: Id) -> AppResult<()> {
    store.write(|tx| {
        if tx.prepare_cached("DELETE FROM custom_field_defs WHERE id = ?1")?.execute([id])? == 0 {
            return Err(AppError::not_found("custom field", id));
        }
        Ok(())
    })
}

/// "Contract end (date)" -> "contract_end_date": stable, ASCII, safe as a JSON key and a field name.
pub(crate) fn key_of(label: &str) -> String {
    let mut key = String::new();
    for c in fold(label).chars() {
        if c.is_ascii_alphanumeric() {
            key.push(c);
        } else if !key.ends_with('_') && !key.is_empty() {
            key.push('_');
        }
    }
    let key = key.trim_end_matches('_');
    match key.chars().next() {
        None => "field".to_string(),
        Some(c) if c.is_ascii_digit() => format!("f_{key}"),
        Some(_) => key.to_string(),
    }
}

fn unique_key(conn: &Connection, entity: Entity, base: &str) -> AppResult<String> {
    let mut stmt =
        conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM custom_field_defs WHERE entity = ?1 AND key = ?2)")?;
    let mut key = base.to_string();
    let mut n = 2;
    while stmt.query_row([entity.as_str(), &key], |r| r.get::<_, bool>(0))? {
        key = format!("{base}_{n}");
        n += 1;
    }
    Ok(key)
}

fn from_row(r: &Row) -> rusqlite::Result<CustomFieldDef> {
    Ok(CustomFieldDef {
        id: r.get(0)?,
        entity: parse_enum(&r.get::<_, String>(1)?)?,
        key: r.get(2)?,
        label: r.get(3)?,
        kind: parse_enum(&r.get::<_, String>(4)?)?,
        choices: json_col(&r.get::<_, String>(5)?)?,
        position: r.get(6)?,
    })
}

#[cfg(test)]
mod tests {
    use super::key_of;

    #[test]
    fn keys_are_ascii_snake_case() {
        assert_eq!(key_of("Contract end (date)"), "contract_end_date");
        assert_eq!(key_of("  Größe / Størrelse "), "grosse_storrelse");
        assert_eq!(key_of("2nd phone"), "f_2nd_phone");
        assert_eq!(key_of("???"), "field");
    }
}

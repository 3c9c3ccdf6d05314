//! "Export everything about this person": every stored row linked to them, as JSON (the columns as
//! stored, so nothing is left out by a view), plus a readable HTML summary in the user's language.

use std::path::Path;

use rusqlite::types::ValueRef;
use rusqlite::Connection;
use serde_json::{json, Map, Value};

use super::html;
use crate::domain::{AuditAction, Entity, Id, PersonExportFiles};
use crate::error::{AppError, AppResult};
use crate::services::audit;
use crate::services::export::to_file;
use crate::store::Store;

pub const FORMAT: &str = "relata-person-export";

/// Everything linked to the person, trashed records included (they are still stored).
pub fn person_data(store: &Store, person_id: Id) -> AppResult<Value> {
    let exported_at = store.clock().now_ms();
    store.read(|conn| {
        let person = rows(conn, "SELECT * FROM people WHERE id = ?1", person_id)?
            .pop()
            .ok_or_else(|| AppError::not_found("person", person_id))?;
        let company = rows(conn, "SELECT c.* FROM companies c JOIN people p ON p.company_id = c.id WHERE p.id = ?1", person_id)?;
        Ok(json!({
            "format": FORMAT,
            "exported_at": exported_at,
            "person": person,
            "emails": rows(conn, "SELECT label, value FROM person_emails WHERE person_id = ?1 ORDER BY position", person_id)?,
            "phones": rows(conn, "SELECT label, value FROM person_phones WHERE person_id = ?1 ORDER BY position", person_id)?,
            "tags": rows(conn, "SELECT t.name FROM taggings g JOIN tags t ON t.id = g.tag_id
                                WHERE g.entity = 'person' AND g.record_id = ?1 ORDER BY g.position", person_id)?,
            "custom_fields": rows(conn, "SELECT d.key, d.label, v.value FROM custom_values v
                                         JOIN custom_field_defs d ON d.id = v.def_id
                                         WHERE v.entity = 'person' AND v.record_id = ?1 ORDER BY d.position", person_id)?,
            "company": company.into_iter().next(),
            "consents": rows(conn, "SELECT * FROM consents WHERE person_id = ?1 ORDER BY at, id", person_id)?,
            "activities": rows(conn, "SELECT * FROM activities WHERE person_id = ?1 ORDER BY occurred_at, id", person_id)?,
            "tasks": rows(conn, "SELECT * FROM tasks WHERE person_id = ?1 ORDER BY due_at, id", person_id)?,
            "deals": rows(conn, "SELECT * FROM deals WHERE person_id = ?1 ORDER BY created_at, id", person_id)?,
            "cadence_runs": rows(conn, "SELECT r.*, c.name AS cadence_name FROM cadence_runs r
                                        LEFT JOIN cadences c ON c.id = r.cadence_id
                                        WHERE r.person_id = ?1 ORDER BY r.started_at, r.id", person_id)?,
        }))
    })
}

/// Writes `person-<id>.json` and `person-<id>.html` into `dir`; `lang` picks the summary's language
/// (en, nl, de or da; anything else is English).
pub fn export_person(store: &Store, person_id: Id, dir: &Path, lang: &str) -> AppResult<PersonExportFiles> {
    let data = person_data(store, person_id)?;
    let json = to_file(&dir.join(format!("person-{person_id}.json")), |out| {
        serde_json::to_writer_pretty(&mut *out, &data)?;
        std::io::Write::flush(out)?;
        Ok(1)
    })?;
    let page = html::render(&data, lang);
    let html = to_file(&dir.join(format!("person-{person_id}.html")), |out| {
        std::io::Write::write_all(out, page.as_bytes())?;
        std::io::Write::flush(out)?;
        Ok(1)
    })?;
    let now = store.clock().now_ms();
    store.write(|tx| audit::record(tx, now, AuditAction::Export, Some(Entity::Person), Some(person_id), &["gdpr"]))?;
    Ok(PersonExportFiles { json: json.path, html: html.path })
}

/// Rows as JSON objects keyed by column name.
fn rows(conn: &Connection, sql: &str, id: Id) -> AppResult<Vec<Value>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let names: Vec<String> = stmt.column_names().map(String::from).collect();
    let mut rows = stmt.query([id])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let mut obj = Map::new();
        for (i, name) in names.iter().enumerate() {
            let value = match row.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::from(n),
                ValueRef::Real(f) => Value::from(f),
                ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(b) => Value::String(format!("<{} bytes>", b.len())),
            };
            obj.insert(name.clone(), value);
        }
        out.push(Value::Object(obj));
    }
    Ok(out)
}

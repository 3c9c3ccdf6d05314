//! Finding records an imported row refers to or duplicates. Every query hits an index, and sees the rows
//! this import already wrote (same transaction), so duplicates inside one file are caught too.

use rusqlite::{Connection, OptionalExtension};

use crate::domain::{Id, PersonInput};
use crate::error::AppResult;
use crate::services::people::sort_name;

fn one(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> AppResult<Option<Id>> {
    Ok(conn.prepare_cached(sql)?.query_row(params, |r| r.get(0)).optional()?)
}

pub fn person_by_email(conn: &Connection, email: &str) -> AppResult<Option<Id>> {
    one(
        conn,
        "SELECT e.person_id FROM person_emails e JOIN people p ON p.id = e.person_id
         WHERE e.value = ?1 AND p.deleted_at IS NULL ORDER BY e.person_id LIMIT 1",
        [email.trim().to_lowercase()],
    )
}

fn person_by_phone(conn: &Connection, phone: &str) -> AppResult<Option<Id>> {
    one(
        conn,
        "SELECT f.person_id FROM person_phones f JOIN people p ON p.id = f.person_id
         WHERE f.value = ?1 AND p.deleted_at IS NULL ORDER BY f.person_id LIMIT 1",
        [phone],
    )
}

pub fn person_by_external_id(conn: &Connection, external_id: &str) -> AppResult<Option<Id>> {
    one(conn, "SELECT id FROM people WHERE external_id = ?1 AND deleted_at IS NULL", [external_id])
}

/// The live person this (normalised) input duplicates: same external id, else an email, else a phone,
/// else the same name at the same company.
pub fn duplicate_person(conn: &Connection, p: &PersonInput, company_id: Option<Id>) -> AppResult<Option<Id>> {
    if let Some(ext) = &p.external_id {
        if let Some(id) = person_by_external_id(conn, ext)? {
            return Ok(Some(id));
        }
    }
    for e in &p.emails {
        if let Some(id) = person_by_email(conn, &e.value)? {
            return Ok(Some(id));
        }
    }
    for ph in &p.phones {
        if let Some(id) = person_by_phone(conn, &ph.value)? {
            return Ok(Some(id));
        }
    }
    match company_id {
        Some(cid) => one(
            conn,
            "SELECT id FROM people WHERE sort_name = ?1 AND company_id = ?2 AND deleted_at IS NULL ORDER BY id LIMIT 1",
            rusqlite::params![sort_name(&p.first_name, &p.last_name), cid],
        ),
        None => Ok(None),
    }
}

/// The live company of this name (case-insensitive, as `companies::find_or_create` matches).
pub fn company_by_name(conn: &Connection, name: &str) -> AppResult<Option<Id>> {
    one(
        conn,
        "SELECT id FROM companies WHERE name_key = ?1 AND deleted_at IS NULL ORDER BY id LIMIT 1",
        [name.trim().to_lowercase()],
    )
}

pub fn pipeline_by_name(conn: &Connection, name: &str) -> AppResult<Option<Id>> {
    one(
        conn,
        "SELECT id FROM pipelines WHERE lower(name) = lower(?1) OR system_key = lower(?1) ORDER BY position LIMIT 1",
        [name.trim()],
    )
}

/// A stage by name (or seeded key), in the given pipeline or else in any, first pipeline first.
pub fn stage_by_name(conn: &Connection, pipeline_id: Option<Id>, name: &str) -> AppResult<Option<(Id, Id)>> {
    Ok(conn
        .prepare_cached(
            "SELECT s.pipeline_id, s.id FROM stages s JOIN pipelines p ON p.id = s.pipeline_id
             WHERE (lower(s.name) = lower(?1) OR s.system_key = lower(?1)) AND (?2 IS NULL OR s.pipeline_id = ?2)
             ORDER BY p.position, s.position LIMIT 1",
        )?
        .query_row(rusqlite::params![name.trim(), pipeline_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

pub fn deal_by_title(conn: &Connection, title: &str) -> AppResult<Option<Id>> {
    one(
        conn,
        "SELECT id FROM deals WHERE lower(title) = lower(?1) AND deleted_at IS NULL ORDER BY id DESC LIMIT 1",
        [title.trim()],
    )
}

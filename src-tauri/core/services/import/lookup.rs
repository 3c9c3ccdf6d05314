//! Finding records an imported row refers to or duplicates. Every query hits an index, and sees the rows
//! this import already wrote (same transaction), so duplicates inside one file are caught too.

use std::collections::HashMap;

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

/// The person, live or trashed, who holds this external id (it is unique across both).
pub fn person_with_external_id(conn: &Connection, external_id: &str) -> AppResult<Option<Id>> {
    one(conn, "SELECT id FROM people WHERE external_id = ?1", [external_id])
}

/// A key a duplicate is found by, in exactly the form its query compares.
pub enum Key<'a> {
    External(&'a str),
    Email(&'a str),
    Phone(&'a str),
    /// `sort_name` and company id.
    Name(&'a str, Id),
}

/// The live person this (normalised) input duplicates: same external id, else an email, else a phone,
/// else the same name at the same company. `may_exist` answers false for keys no person has (see
/// `dedupe`), which skips their query; `|_| true` asks SQL about every key.
pub fn duplicate_person(
    conn: &Connection,
    p: &PersonInput,
    company_id: Option<Id>,
    may_exist: &dyn Fn(&Key) -> bool,
) -> AppResult<Option<Id>> {
    if let Some(ext) = &p.external_id {
        if may_exist(&Key::External(ext)) {
            if let Some(id) = person_by_external_id(conn, ext)? {
                return Ok(Some(id));
            }
        }
    }
    for e in &p.emails {
        let email = e.value.trim().to_lowercase();
        if may_exist(&Key::Email(&email)) {
            if let Some(id) = person_by_email(conn, &email)? {
                return Ok(Some(id));
            }
        }
    }
    for ph in &p.phones {
        if may_exist(&Key::Phone(&ph.value)) {
            if let Some(id) = person_by_phone(conn, &ph.value)? {
                return Ok(Some(id));
            }
        }
    }
    let Some(cid) = company_id else { return Ok(None) };
    let name = sort_name(&p.first_name, &p.last_name);
    // A person without a name matches by email or external id only.
    if name.is_empty() || !may_exist(&Key::Name(&name, cid)) {
        return Ok(None);
    }
    one(
        conn,
        "SELECT id FROM people WHERE sort_name = ?1 AND company_id = ?2 AND deleted_at IS NULL ORDER BY id LIMIT 1",
        rusqlite::params![name, cid],
    )
}

/// The live company with this name key (names match case-insensitively, as `companies::find_or_create`).
fn company_named(conn: &Connection, key: &str) -> AppResult<Option<(Id, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, name FROM companies WHERE name_key = ?1 AND deleted_at IS NULL ORDER BY id LIMIT 1",
        )?
        .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Companies an import found or created, by name key, with their stored names: files name the same
/// companies again and again. Bounded, so a file of ever new companies cannot grow it without end.
#[derive(Default)]
pub struct Companies {
    by_key: HashMap<String, (Id, String)>,
}

const COMPANIES_KEPT: usize = 50_000;

impl Companies {
    pub fn find(&mut self, conn: &Connection, name: &str) -> AppResult<Option<(Id, String)>> {
        let key = name.trim().to_lowercase();
        if let Some(hit) = self.by_key.get(&key) {
            return Ok(Some(hit.clone()));
        }
        let found = company_named(conn, &key)?;
        if let Some(company) = &found {
            self.keep(key, company.clone());
        }
        Ok(found)
    }

    pub fn remember(&mut self, name: &str, company: (Id, String)) {
        self.keep(name.trim().to_lowercase(), company);
    }

    /// After a row's savepoint was rolled back: a company it created is gone again.
    pub fn forget_all(&mut self) {
        self.by_key.clear();
    }

    fn keep(&mut self, key: String, company: (Id, String)) {
        if self.by_key.len() >= COMPANIES_KEPT {
            self.by_key.clear();
        }
        self.by_key.insert(key, company);
    }
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

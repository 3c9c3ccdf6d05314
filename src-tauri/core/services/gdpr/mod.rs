//! GDPR: consent records per person, "export everything about this person", and "erase this person".

mod erase;
mod html;
mod person_export;

pub use erase::{erase, erasures};
pub use person_export::{export_person, person_data};

use rusqlite::{Connection, Row};

use super::records::{enum_str, parse_enum};
use super::validate as v;
use crate::domain::{Consent, ConsentInput, ConsentOverview, ConsentStatus, ContactChannel, Entity, Id};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::records;
use crate::store::Store;

const PURPOSE_MAX: usize = 200;
const NOTE_MAX: usize = 2000;
const COLUMNS: &str = "id, person_id, channel, purpose, status, at, source, note, created_at";

/// Records that consent was given or withdrawn. Withdrawing needs a current "given" for the same channel
/// and purpose.
pub fn add_consent(store: &Store, input: ConsentInput) -> AppResult<Consent> {
    let purpose = v::required("purpose", &input.purpose, PURPOSE_MAX)?;
    let source = v::optional("source", input.source.as_deref(), PURPOSE_MAX)?;
    let note = v::optional("note", input.note.as_deref(), NOTE_MAX)?;
    let now = store.clock().now_ms();
    let at = input.at.unwrap_or(now);
    store.write(|tx| {
        records::require_live(tx, Entity::Person, input.person_id)?;
        if input.status == ConsentStatus::Withdrawn
            && current_status(tx, input.person_id, input.channel, &purpose)? != Some(ConsentStatus::Given)
        {
            return Err(AppError::field(
                ErrorCode::Conflict,
                "purpose",
                format!("there is no given consent for \"{purpose}\" by {} to withdraw", enum_str(&input.channel)),
            ));
        }
        let given =
            Given { channel: input.channel, purpose: &purpose, at, source: source.as_deref(), note: note.as_deref() };
        let id = insert_in(tx, input.person_id, input.status, &given, now)?;
        Ok(tx.query_row(&format!("SELECT {COLUMNS} FROM consents WHERE id = ?1"), [id], from_row)?)
    })
}

/// One consent event's content, checked by the caller.
pub(crate) struct Given<'a> {
    pub channel: ContactChannel,
    pub purpose: &'a str,
    pub at: i64,
    pub source: Option<&'a str>,
    pub note: Option<&'a str>,
}

/// Writes one consent event in the caller's transaction; returns its id.
pub(crate) fn insert_in(tx: &Connection, person_id: Id, status: ConsentStatus, c: &Given, now: i64) -> AppResult<Id> {
    tx.prepare_cached(
        "INSERT INTO consents (person_id, channel, purpose, status, at, source, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(rusqlite::params![
        person_id,
        enum_str(&c.channel),
        c.purpose,
        enum_str(&status),
        c.at,
        c.source,
        c.note,
        now
    ])?;
    Ok(tx.last_insert_rowid())
}

/// The purpose a signup form names when it names none.
pub const DEFAULT_PURPOSE: &str = "newsletter";

/// The consent purposes the core knows: `newsletter`, and every purpose a consent, a campaign or a
/// template names, sorted case-insensitively without repeats.
pub fn purposes(conn: &Connection) -> AppResult<Vec<String>> {
    let mut all: Vec<String> = conn
        .prepare_cached(
            "SELECT purpose FROM consents UNION SELECT purpose FROM campaigns
             UNION SELECT purpose FROM templates WHERE purpose IS NOT NULL",
        )?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    all.push(DEFAULT_PURPOSE.to_string());
    all.sort_by_key(|p| p.to_lowercase());
    all.dedup_by(|a, b| a.trim().eq_ignore_ascii_case(b.trim()));
    Ok(all)
}

/// [`purposes`] for the app and the CLI.
pub fn known_purposes(store: &Store) -> AppResult<Vec<String>> {
    store.read(purposes)
}

/// The known purpose `text` names (ignoring case and outer spaces), in the spelling the store has.
pub fn known_purpose<'a>(known: &'a [String], text: &str) -> Option<&'a str> {
    known.iter().find(|k| k.trim().eq_ignore_ascii_case(text.trim())).map(String::as_str)
}

/// Withdraws, inside the caller's transaction, the person's given consents on `channel`: the one for
/// `purpose`, or every purpose when `None` (an unsubscribe reply that names none). Returns how many.
pub(crate) fn withdraw_in(
    tx: &Connection,
    person_id: Id,
    channel: ContactChannel,
    purpose: Option<&str>,
    source: &str,
    at: i64,
    now: i64,
) -> AppResult<usize> {
    let purposes: Vec<String> = match purpose {
        Some(p) => vec![p.to_string()],
        None => tx
            .prepare_cached("SELECT DISTINCT purpose FROM consents WHERE person_id = ?1 AND channel = ?2")?
            .query_map(rusqlite::params![person_id, enum_str(&channel)], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?,
    };
    let mut withdrawn = 0;
    for purpose in purposes {
        if current_status(tx, person_id, channel, &purpose)? != Some(ConsentStatus::Given) {
            continue;
        }
        tx.prepare_cached(
            "INSERT INTO consents (person_id, channel, purpose, status, at, source, note, created_at)
             VALUES (?1, ?2, ?3, 'withdrawn', ?4, ?5, NULL, ?6)",
        )?
        .execute(rusqlite::params![person_id, enum_str(&channel), purpose, at, source, now])?;
        withdrawn += 1;
    }
    Ok(withdrawn)
}

/// The person's current consent per channel and purpose, and every event, newest first.
pub fn consents(store: &Store, person_id: Id) -> AppResult<ConsentOverview> {
    store.read(|conn| {
        records::require_live(conn, Entity::Person, person_id)?;
        let history = history(conn, person_id)?;
        let mut current: Vec<Consent> = Vec::new();
        for c in &history {
            if !current.iter().any(|k| k.channel == c.channel && k.purpose == c.purpose) {
                current.push(c.clone());
            }
        }
        Ok(ConsentOverview { current, history })
    })
}

pub(crate) fn history(conn: &Connection, person_id: Id) -> AppResult<Vec<Consent>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM consents WHERE person_id = ?1 ORDER BY at DESC, id DESC"))?;
    let rows = stmt.query_map([person_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn current_status(
    conn: &Connection,
    person_id: Id,
    channel: ContactChannel,
    purpose: &str,
) -> AppResult<Option<ConsentStatus>> {
    let mut stmt = conn.prepare_cached(
        "SELECT status FROM consents WHERE person_id = ?1 AND channel = ?2 AND purpose = ?3
         ORDER BY at DESC, id DESC LIMIT 1",
    )?;
    let mut rows = stmt.query(rusqlite::params![person_id, enum_str(&channel), purpose])?;
    match rows.next()? {
        Some(r) => Ok(Some(parse_enum(&r.get::<_, String>(0)?)?)),
        None => Ok(None),
    }
}

fn from_row(r: &Row) -> rusqlite::Result<Consent> {
    Ok(Consent {
        id: r.get(0)?,
        person_id: r.get(1)?,
        channel: parse_enum(&r.get::<_, String>(2)?)?,
        purpose: r.get(3)?,
        status: parse_enum(&r.get::<_, String>(4)?)?,
        at: r.get(5)?,
        source: r.get(6)?,
        note: r.get(7)?,
        created_at: r.get(8)?,
    })
}

//! Enrichment from an email address, offline: the registrable domain, free-mail or disposable provider,
//! the company (matched by domain, or proposed from it), first and last name from the local part, the
//! country from the ccTLD and the phone, and the time zone and language from the country. Each proposal has
//! its source and confidence. Apply fills only empty fields and records what it filled (one transaction per
//! person), so undo clears exactly that.

mod apply;
mod country;
mod domains;
mod names;
mod propose;

use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::Connection;

pub use apply::APPLY_MIN_CONFIDENCE;
pub use domains::{provider, registrable, Provider};

use crate::domain::{EnrichAllReport, Enrichment, Entity, Id, Proposal};
use crate::error::AppResult;
use crate::services::{people, records, settings};
use crate::store::Store;

/// What enrichment proposes for a person (nothing is changed).
pub fn person(store: &Store, id: Id) -> AppResult<Enrichment> {
    store.read(|conn| enrichment(conn, id))
}

/// Fills the person's empty fields from the proposals, in one transaction.
pub fn apply(store: &Store, id: Id) -> AppResult<Enrichment> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        apply::apply(tx, id, now)?;
        enrichment(tx, id)
    })
}

/// Clears what enrichment filled in (what the user changed since stays); returns the fields cleared.
pub fn undo(store: &Store, id: Id) -> AppResult<Vec<String>> {
    let now = store.clock().now_ms();
    store.write(|tx| apply::undo(tx, id, now))
}

/// Enrichment on create and import, when the setting asks for it: fills the new person's empty fields.
pub(crate) fn on_create(tx: &Connection, id: Id, now: i64) -> AppResult<()> {
    if settings::load(tx)?.enrich_on_create {
        apply::apply(tx, id, now)?;
    }
    Ok(())
}

/// Enrichment on import, when the setting asks for it: the people the batch created, one transaction each
/// (after the import's own transaction, so a large import stays one fast write). Returns the fields filled.
pub fn import_batch(store: &Store, batch: Id) -> AppResult<u32> {
    let ranges = store.read(|conn| {
        if !settings::load(conn)?.enrich_on_create {
            return Ok(Vec::new());
        }
        crate::services::import::created_ranges(conn, batch)
    })?;
    let mut filled = 0;
    for (entity, first, last) in ranges {
        if entity != Entity::Person.as_str() {
            continue;
        }
        for id in first..=last {
            let now = store.clock().now_ms();
            let live = store.read(|conn| Ok(records::require_live(conn, Entity::Person, id).is_ok()))?;
            if live {
                filled += crate::count::saturating_u32(store.write(|tx| apply::apply(tx, id, now))?.len());
            }
        }
    }
    Ok(filled)
}

/// Every live person, one transaction each (a crash loses at most the person at hand, and a person
/// enriched before is not filled twice: apply only fills empty fields). `progress(done, total)` after each;
/// `cancel` stops between people.
pub fn all(
    store: &Store,
    fill: bool,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(u32, u32),
) -> AppResult<EnrichAllReport> {
    let ids: Vec<Id> = store.read(|conn| {
        let mut stmt = conn.prepare("SELECT id FROM people WHERE deleted_at IS NULL ORDER BY id")?;
        let ids = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok(ids)
    })?;
    let total = crate::count::saturating_u32(ids.len());
    let mut report = EnrichAllReport { people: total, ..Default::default() };
    for (done, id) in ids.into_iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            break;
        }
        let open = store.read(|conn| Ok(!open_proposals(conn, id)?.is_empty()))?;
        if open {
            report.with_proposals += 1;
            if fill {
                let now = store.clock().now_ms();
                let filled = store.write(|tx| apply::apply(tx, id, now))?;
                report.filled += crate::count::saturating_u32(filled.len());
            }
        }
        progress(crate::count::saturating_u32(done + 1), total);
    }
    Ok(report)
}

fn enrichment(conn: &Connection, id: Id) -> AppResult<Enrichment> {
    records::require_live(conn, Entity::Person, id)?;
    let person = people::load(conn, id)?;
    Ok(Enrichment { person_id: id, proposals: propose::proposals(conn, &person)?, filled: apply::filled(conn, id)? })
}

/// The proposals for fields the person has empty, that apply would fill.
fn open_proposals(conn: &Connection, id: Id) -> AppResult<Vec<Proposal>> {
    let person = people::load(conn, id)?;
    let empty = |field: &str| match field {
        "first_name" => person.first_name.is_empty(),
        "last_name" => person.last_name.is_empty(),
        "company_id" | "company_name" => person.company_id.is_none(),
        "country" => person.address.country.is_none(),
        "language" => person.language.is_none(),
        _ => false,
    };
    Ok(propose::proposals(conn, &person)?
        .into_iter()
        .filter(|p| p.confidence >= APPLY_MIN_CONFIDENCE && empty(&p.field))
        .collect())
}

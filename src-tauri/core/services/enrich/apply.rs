//! Applying proposals to a person: only empty fields are filled, only from proposals of at least
//! `APPLY_MIN_CONFIDENCE`, and every fill is recorded in `enrichment_fills`, so undo can clear exactly
//! what enrichment wrote (and nothing a user typed or changed since).

use rusqlite::Connection;

use super::propose;
use crate::domain::Entity;
use crate::domain::{CompanyInput, EnrichmentFill, Id, PersonInput, Proposal};
use crate::error::AppResult;
use crate::services::{companies, people, records};

/// Proposals below this are shown, never applied.
pub const APPLY_MIN_CONFIDENCE: f64 = 0.5;

/// Fills the person's empty fields from the proposals; returns what it filled.
pub(crate) fn apply(tx: &Connection, id: Id, now: i64) -> AppResult<Vec<EnrichmentFill>> {
    records::require_live(tx, Entity::Person, id)?;
    let person = people::load(tx, id)?;
    let proposals = propose::proposals(tx, &person)?;
    let best = |field: &str| -> Option<&Proposal> {
        proposals.iter().find(|p| p.field == field && p.confidence >= APPLY_MIN_CONFIDENCE)
    };
    let mut input = person.to_input();
    let mut filled = Vec::new();
    let mut fill = |p: &Proposal, value: String| {
        filled.push(EnrichmentFill {
            field: p.field.clone(),
            value,
            source: p.source.clone(),
            confidence: p.confidence,
            applied_at: now,
        })
    };
    if let Some(p) = best("first_name").filter(|_| input.first_name.is_empty()) {
        input.first_name = p.value.clone();
        fill(p, p.value.clone());
    }
    if let Some(p) = best("last_name").filter(|_| input.last_name.is_empty()) {
        input.last_name = p.value.clone();
        fill(p, p.value.clone());
    }
    if input.company_id.is_none() {
        if let Some(p) = best("company_id") {
            if let Ok(cid) = p.value.parse::<Id>() {
                input.company_id = Some(cid);
                fill(p, p.value.clone());
            }
        } else if let (Some(p), Some(domain)) = (best("company_name"), best("company_domain")) {
            let cid = new_company(tx, &p.value, &domain.value, now)?;
            input.company_id = Some(cid);
            fill(&Proposal { field: "company_id".into(), ..p.clone() }, cid.to_string());
        }
    }
    if let Some(p) = best("country").filter(|_| input.address.country.is_none()) {
        input.address.country = Some(p.value.clone());
        fill(p, p.value.clone());
    }
    if let Some(p) = best("language").filter(|_| input.language.is_none()) {
        input.language = Some(p.value.clone());
        fill(p, p.value.clone());
    }
    if filled.is_empty() {
        return Ok(filled);
    }
    save(tx, id, input, now)?;
    for f in &filled {
        tx.prepare_cached(
            "INSERT INTO enrichment_fills (person_id, field, value, source, confidence, applied_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(rusqlite::params![id, f.field, f.value, f.source, f.confidence, now])?;
    }
    Ok(filled)
}

/// Clears what enrichment filled in and the user has not changed since; returns the fields cleared.
pub(crate) fn undo(tx: &Connection, id: Id, now: i64) -> AppResult<Vec<String>> {
    records::require_live(tx, Entity::Person, id)?;
    let fills = filled(tx, id)?;
    let mut input = people::load(tx, id)?.to_input();
    let mut cleared = Vec::new();
    for f in &fills {
        let unchanged = match f.field.as_str() {
            "first_name" => take_if(&mut input.first_name, &f.value),
            "last_name" => take_if(&mut input.last_name, &f.value),
            "company_id" if input.company_id.map(|c| c.to_string()) == Some(f.value.clone()) => {
                input.company_id = None;
                true
            }
            "country" if input.address.country.as_deref() == Some(&f.value) => {
                input.address.country = None;
                true
            }
            "language" if input.language.as_deref() == Some(&f.value) => {
                input.language = None;
                true
            }
            _ => false,
        };
        if unchanged {
            cleared.push(f.field.clone());
        }
    }
    if !cleared.is_empty() {
        save(tx, id, input, now)?;
    }
    tx.prepare_cached("UPDATE enrichment_fills SET undone_at = ?2 WHERE person_id = ?1 AND undone_at IS NULL")?
        .execute([id, now])?;
    Ok(cleared)
}

fn take_if(field: &mut String, value: &str) -> bool {
    let same = field == value;
    if same {
        field.clear();
    }
    same
}

/// The fills of a person that are not undone, oldest first.
pub(crate) fn filled(conn: &Connection, id: Id) -> AppResult<Vec<EnrichmentFill>> {
    let mut stmt = conn.prepare_cached(
        "SELECT field, value, source, confidence, applied_at FROM enrichment_fills
         WHERE person_id = ?1 AND undone_at IS NULL ORDER BY id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(EnrichmentFill {
            field: r.get(0)?,
            value: r.get(1)?,
            source: r.get(2)?,
            confidence: r.get(3)?,
            applied_at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Saves the changed person as an edit would (search entry, audit trail through the triggers).
fn save(tx: &Connection, id: Id, input: PersonInput, now: i64) -> AppResult<()> {
    let region = people::default_region(tx, input.company_id)?;
    let input = people::normalize_in(input, region.as_deref())?;
    people::save(tx, Some(id), &input, now)?;
    Ok(())
}

/// The company of that name, else a new one with the domain (so the next colleague's address matches it).
fn new_company(tx: &Connection, name: &str, domain: &str, now: i64) -> AppResult<Id> {
    let input = CompanyInput { name: name.into(), domain: Some(domain.into()), ..Default::default() };
    companies::find_or_create_with(tx, companies::normalize(input)?, now)
}

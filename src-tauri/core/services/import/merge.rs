//! Merging a duplicate person into another: the kept person gains the duplicate's emails, phones, tags,
//! socials and the values it lacks; every activity, task, deal and cadence run moves over; then the
//! duplicate is deleted for good (nothing of it is left to restore).

use super::snapshot::{overlay_person, person_input};
use crate::domain::{Entity, Id, Person, PersonInput};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::{people, records, trash};
use crate::store::Store;

/// Tables whose rows point at a person and move to the kept one.
const LINKS: [&str; 4] = ["activities", "tasks", "deals", "cadence_runs"];

/// Merges person `from` into person `into` and returns the merged person.
pub fn merge_people(store: &Store, from: Id, into: Id) -> AppResult<Person> {
    if from == into {
        return Err(AppError::new(ErrorCode::InvalidValue, "a person cannot be merged into themselves"));
    }
    let now = store.clock().now_ms();
    store.write(|tx| {
        records::require_live(tx, Entity::Person, from)?;
        records::require_live(tx, Entity::Person, into)?;
        let (gone, kept) = (people::load(tx, from)?, people::load(tx, into)?);
        // The kept person's own values win; the duplicate only fills gaps and adds to the lists.
        let mut fill = person_input(&gone);
        fill.custom.retain(|k, _| !kept.custom.contains_key(k));
        let keep_first = PersonInput { first_name: String::new(), last_name: String::new(), ..fill };
        let mut merged = overlay_person(person_input(&kept), keep_first, false);
        restore_own_values(&mut merged, &kept);
        // The external id is unique: the duplicate lets go of it before the kept person can take it.
        tx.prepare_cached("UPDATE people SET external_id = NULL WHERE id = ?1")?.execute([from])?;
        let merged = people::normalize(merged)?;
        people::save(tx, Some(into), &merged, now)?;
        for table in LINKS {
            let sql = format!("UPDATE {table} SET person_id = ?1 WHERE person_id = ?2");
            tx.prepare_cached(&sql)?.execute([into, from])?;
        }
        trash::purge_one(tx, Entity::Person, from, now)?;
        people::load(tx, into)
    })
}

/// `overlay_person` lets the newer side win on single values; in a merge the kept person's values win.
fn restore_own_values(merged: &mut PersonInput, kept: &Person) {
    let own = |mine: &Option<String>, other: &mut Option<String>| {
        if mine.is_some() {
            other.clone_from(mine);
        }
    };
    own(&kept.job_title, &mut merged.job_title);
    own(&kept.owner, &mut merged.owner);
    own(&kept.source, &mut merged.source);
    own(&kept.language, &mut merged.language);
    own(&kept.external_id, &mut merged.external_id);
    own(&kept.address.street, &mut merged.address.street);
    own(&kept.address.postal_code, &mut merged.address.postal_code);
    own(&kept.address.city, &mut merged.address.city);
    own(&kept.address.region, &mut merged.address.region);
    own(&kept.address.country, &mut merged.address.country);
    if kept.company_id.is_some() {
        merged.company_id = kept.company_id;
    }
    merged.lifecycle = kept.lifecycle;
    merged.lead_status = kept.lead_status.or(merged.lead_status);
}

//! Who is calling: the people whose stored phone number (E.164 since migration 21) is the typed number's
//! E.164 form, read in the app's region when it has no country code, so every spelling finds them.

use rusqlite::{Connection, OptionalExtension};

use super::region;
use crate::domain::{CallerLookup, Id};
use crate::error::AppResult;
use crate::phone;
use crate::services::settings;
use crate::store::Store;

/// The live people with this number (oldest first), and the number's E.164 form. A number without a country
/// code is read in `region` (ISO alpha-2), by default the app's region.
pub fn find_by_phone(store: &Store, typed: &str, region: Option<&str>) -> AppResult<CallerLookup> {
    store.read(|conn| {
        let region = match phone::region(region) {
            Some(r) => Some(r.to_ascii_uppercase()),
            None => region::app_region(&settings::load(conn)?),
        };
        let Some(e164) = phone::e164(typed, region.as_deref()) else {
            return Ok(CallerLookup { e164: None, people: Vec::new() });
        };
        let ids: Vec<Id> = conn
            .prepare_cached(
                "SELECT DISTINCT ph.person_id FROM person_phones ph JOIN people p ON p.id = ph.person_id
                 WHERE ph.value = ?1 AND p.deleted_at IS NULL ORDER BY ph.person_id",
            )?
            .query_map([&e164], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(CallerLookup { people: super::load_many(conn, &ids)?, e164: Some(e164) })
    })
}

/// The region a number on this person's record is read in: their country, else their company's, else the
/// app's (as when their own numbers were stored).
pub(crate) fn region_of(conn: &Connection, person_id: Id) -> AppResult<Option<String>> {
    let row: Option<(Option<String>, Option<Id>)> = conn
        .prepare_cached("SELECT country, company_id FROM people WHERE id = ?1")?
        .query_row([person_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (country, company) = row.unwrap_or_default();
    match phone::region(country.as_deref()) {
        Some(c) => Ok(Some(c.to_ascii_uppercase())),
        None => region::fallback(conn, company),
    }
}

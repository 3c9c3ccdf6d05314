//! The default region a phone number without a country code is read in: the person's country, else their
//! company's, else the app's (`settings.region`, else the country of the app's language).

use rusqlite::{Connection, OptionalExtension};

use crate::domain::{Id, Settings};
use crate::error::AppResult;
use crate::phone;
use crate::services::settings;

/// The app's region: the setting, else the country of its language (nl → NL, de → DE, da → DK).
pub fn app_region(s: &Settings) -> Option<String> {
    if let Some(r) = phone::region(s.region.as_deref()) {
        return Some(r.to_ascii_uppercase());
    }
    phone::region_of_language(s.language.as_deref()?).map(str::to_string)
}

/// The fallback below the person's own country: their company's country, else the app's region.
pub(crate) fn fallback(conn: &Connection, company_id: Option<Id>) -> AppResult<Option<String>> {
    if let Some(cid) = company_id {
        let country: Option<String> = conn
            .prepare_cached("SELECT country FROM companies WHERE id = ?1")?
            .query_row([cid], |r| r.get(0))
            .optional()?
            .flatten();
        if let Some(c) = phone::region(country.as_deref()) {
            return Ok(Some(c.to_ascii_uppercase()));
        }
    }
    Ok(app_region(&settings::load(conn)?))
}

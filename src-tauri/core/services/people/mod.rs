//! People (contacts): a person with their emails, phones, tags and custom values is written in one
//! transaction, together with its search index entry.

mod list;
mod matches;
mod name;
mod phone;
mod region;
mod row;

use rusqlite::Connection;

pub use list::list;
pub(crate) use list::list_restricted;
pub(crate) use name::sort_key;
pub use name::sort_name;
pub use phone::find_by_phone;
pub(crate) use phone::region_of as phone_region_of;
pub use region::app_region;
pub(crate) use region::fallback as default_region;
pub(crate) use row::{bind_new, index_new, index_range, load, load_many, reindex, reindex_company, write_lists};
pub(crate) use row::{NEW_COLUMNS, NEW_PARAMS};

use super::custom::Checked;

use super::validate::{self as v, NAME_MAX, SHORT_MAX};
use super::{audit, cadences, companies, custom, enrich, records, scoring, tags};
use crate::domain::{Entity, Id, LeadStatus, Lifecycle, Person, PersonInput, SocialProfile};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::Store;

pub fn create(store: &Store, input: PersonInput) -> AppResult<Person> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        let region = region::fallback(tx, input.company_id)?;
        let input = normalize_in(input, region.as_deref())?;
        let id = save(tx, None, &input, now)?;
        enrich::on_create(tx, id, now)?;
        scoring::rescore_person(tx, id, now)?;
        load(tx, id)
    })
}

pub fn get(store: &Store, id: Id) -> AppResult<Person> {
    store.read(|conn| load(conn, id))
}

/// A full update: absent optional fields are cleared.
pub fn update(store: &Store, id: Id, input: PersonInput) -> AppResult<Person> {
    let now = store.clock().now_ms();
    store.write(|tx| update_in(tx, id, input, now))
}

/// [`update`] inside the caller's transaction (a bulk action over many people).
pub(crate) fn update_in(tx: &Connection, id: Id, input: PersonInput, now: i64) -> AppResult<Person> {
    {
        let region = region::fallback(tx, input.company_id)?;
        let input = normalize_in(input, region.as_deref())?;
        records::require_live(tx, Entity::Person, id)?;
        let before = lead_state(tx, id)?;
        let (old, mark) = (load(tx, id)?, audit::mark(tx)?);
        save(tx, Some(id), &input, now)?;
        // Converting (or losing) the lead stops the follow-up cadences running for them.
        cadences::stop_on_lead_change(tx, id, before, (input.lifecycle, input.lead_status), now)?;
        let new = load(tx, id)?;
        let mut changed: Vec<String> = [
            ("emails", old.emails != new.emails),
            ("phones", old.phones != new.phones),
            ("tags", old.tags != new.tags),
        ]
        .into_iter()
        .filter(|(_, differs)| *differs)
        .map(|(name, _)| name.to_string())
        .collect();
        changed.extend(audit::custom_changes(&old.custom, &new.custom));
        audit::add_fields(tx, mark, now, Entity::Person, id, &changed)?;
        scoring::rescore_person(tx, id, now)?;
        load(tx, id)
    }
}

/// Moves the person to the trash; `trash::restore` brings them back.
pub fn delete(store: &Store, id: Id) -> AppResult<()> {
    let now = store.clock().now_ms();
    store.write(|tx| records::trash(tx, Entity::Person, id, now))
}

pub(crate) fn save(tx: &Connection, id: Option<Id>, input: &PersonInput, now: i64) -> AppResult<Id> {
    let custom = custom::check(tx, Entity::Person, &input.custom)?;
    let company_id = match (input.company_id, input.company_name.as_deref()) {
        (Some(cid), _) => {
            records::check_link(tx, Entity::Company, "company_id", Some(cid))?;
            Some(cid)
        }
        (None, Some(name)) => Some(companies::find_or_create(tx, name, now)?),
        (None, None) => None,
    };
    let is_new = id.is_none();
    let id = row::write(tx, id, input, company_id, now)
        .map_err(|e| duplicate_external_id(e, input.external_id.as_deref()))?;
    // A new person has no tags or custom values to replace yet (this is the import's hot path).
    if !is_new || !input.tags.is_empty() {
        tags::save(tx, Entity::Person, id, &input.tags)?;
    }
    if !is_new || !custom.is_empty() {
        custom::save(tx, Entity::Person, id, &custom)?;
    }
    reindex(tx, id)?;
    Ok(id)
}

/// A new person from input that is normalised, with custom values checked and the company known (id and
/// name): the import's hot path. Writes the same rows as `save`; the search entry is the caller's
/// (`index_new` from the input, or the search backlog for a bulk load).
pub(crate) fn insert_checked(
    tx: &Connection,
    input: &PersonInput,
    custom: &[Checked],
    company_id: Option<Id>,
    now: i64,
) -> AppResult<Id> {
    let id = row::write(tx, None, input, company_id, now)
        .map_err(|e| duplicate_external_id(e, input.external_id.as_deref()))?;
    if !input.tags.is_empty() {
        tags::save(tx, Entity::Person, id, &input.tags)?;
    }
    if !custom.is_empty() {
        custom::save(tx, Entity::Person, id, custom)?;
    }
    Ok(id)
}

fn lead_state(tx: &Connection, id: Id) -> AppResult<(Lifecycle, Option<LeadStatus>)> {
    let (lifecycle, status): (String, Option<String>) = tx
        .prepare_cached("SELECT lifecycle, lead_status FROM people WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok((records::parse_enum(&lifecycle)?, records::parse_opt_enum(status)?))
}

/// The unique index is the check, so a clash found mid-transaction undoes everything written before it
/// (a company created from `company_name`, say).
fn duplicate_external_id(e: AppError, external_id: Option<&str>) -> AppError {
    match external_id {
        Some(ext) if e.code == ErrorCode::Conflict && e.message.contains("people.external_id") => {
            external_id_taken(ext)
        }
        _ => e,
    }
}

pub(crate) fn external_id_taken(ext: &str) -> AppError {
    AppError::field(
        ErrorCode::Duplicate,
        "external_id",
        format!("external id \"{ext}\" is already used by another person (it may be in the trash)"),
    )
}

/// Checks and normalises everything that does not need the database; phone numbers without a country code
/// are read in the person's country only (see `normalize_in`).
pub(crate) fn normalize(p: PersonInput) -> AppResult<PersonInput> {
    normalize_in(p, None)
}

/// As `normalize`, with `fallback` as the region of phone numbers when the person has no country
/// (`default_region`).
pub(crate) fn normalize_in(p: PersonInput, fallback: Option<&str>) -> AppResult<PersonInput> {
    let address = v::address("address", &p.address)?;
    let region = crate::phone::region(address.country.as_deref()).or(fallback);
    let first_name = v::text("first_name", &p.first_name, NAME_MAX)?;
    let last_name = v::text("last_name", &p.last_name, NAME_MAX)?;
    let emails = v::labeled("emails", &p.emails, "work", v::email)?;
    let external_id = v::optional("external_id", p.external_id.as_deref(), SHORT_MAX)?;
    // A lead from a marketing system may have no name yet: it is shown by its email or external id.
    if first_name.is_empty() && last_name.is_empty() && emails.is_empty() && external_id.is_none() {
        return Err(AppError::field(
            ErrorCode::Required,
            "first_name",
            "a person needs a name, an email address or an external id",
        ));
    }
    let socials = p
        .socials
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.url.trim().is_empty())
        .map(|(i, s)| {
            Ok(SocialProfile {
                network: v::required(&format!("socials.{i}.network"), &s.network, v::LABEL_MAX)?.to_lowercase(),
                url: v::url(&format!("socials.{i}.url"), &s.url)?,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    let lifecycle = p.lifecycle;
    Ok(PersonInput {
        first_name,
        last_name,
        emails,
        phones: v::labeled("phones", &p.phones, "work", |f, s| v::phone(f, s, region))?,
        address,
        socials,
        company_id: p.company_id,
        company_name: v::optional("company_name", p.company_name.as_deref(), NAME_MAX)?,
        job_title: v::optional("job_title", p.job_title.as_deref(), SHORT_MAX)?,
        owner: v::optional("owner", p.owner.as_deref(), SHORT_MAX)?,
        tags: v::tags("tags", &p.tags)?,
        source: v::optional("source", p.source.as_deref(), SHORT_MAX)?,
        preferred_channel: p.preferred_channel,
        language: v::optional_with("language", p.language.as_deref(), v::language)?,
        lifecycle,
        lead_status: lead_status(lifecycle, p.lead_status),
        external_id,
        custom: p.custom,
    })
}

/// A lead is open until said otherwise; once past the lead stage an "open" lead has converted.
fn lead_status(lifecycle: Lifecycle, status: Option<LeadStatus>) -> Option<LeadStatus> {
    match (lifecycle, status) {
        (Lifecycle::Lead, None) => Some(LeadStatus::Open),
        (Lifecycle::Lead, s) => s,
        (_, Some(LeadStatus::Open)) => Some(LeadStatus::Converted),
        (_, s) => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_status_follows_lifecycle() {
        assert_eq!(lead_status(Lifecycle::Lead, None), Some(LeadStatus::Open));
        assert_eq!(lead_status(Lifecycle::Lead, Some(LeadStatus::Lost)), Some(LeadStatus::Lost));
        assert_eq!(lead_status(Lifecycle::Customer, Some(LeadStatus::Open)), Some(LeadStatus::Converted));
        assert_eq!(lead_status(Lifecycle::Customer, None), None);
    }

    #[test]
    fn a_name_an_email_or_an_external_id_is_required() {
        let e = normalize(PersonInput { first_name: "  ".into(), ..Default::default() }).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Required, Some("first_name")));
        let p = normalize(PersonInput { last_name: " Jansen ".into(), ..Default::default() }).unwrap();
        assert_eq!(p.last_name, "Jansen");
        let email = vec![crate::domain::LabeledValue { label: String::new(), value: "Lead@Example.com".into() }];
        let p = normalize(PersonInput { emails: email, ..Default::default() }).unwrap();
        assert_eq!(p.emails[0].value, "lead@example.com");
        let p = normalize(PersonInput { external_id: Some(" 4711 ".into()), ..Default::default() }).unwrap();
        assert_eq!(p.external_id.as_deref(), Some("4711"));
        let blank = vec![crate::domain::LabeledValue { label: "work".into(), value: " ".into() }];
        let e = normalize(PersonInput { emails: blank, external_id: Some(" ".into()), ..Default::default() });
        assert_eq!(e.unwrap_err().code, ErrorCode::Required);
    }
}

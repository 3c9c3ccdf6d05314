//! Companies. Renaming or trashing one also refreshes its people's search entries, because people are
//! found by their company's name.

mod list;

use rusqlite::{params_from_iter, Connection, Row, ToSql};

pub use list::list;

use super::validate::{self as v, NAME_MAX, SHORT_MAX};
use super::{audit, custom, people, records, tags};
use crate::domain::{Address, Company, CompanyInput, Entity, Id};
use crate::error::AppResult;
use crate::store::fold::fold;
use crate::store::fts::{self, Index};
use crate::store::Store;

pub fn create(store: &Store, input: CompanyInput) -> AppResult<Company> {
    let input = normalize(input)?;
    let now = store.clock().now_ms();
    store.write(|tx| {
        let id = save(tx, None, &input, now)?;
        load(tx, id)
    })
}

pub fn get(store: &Store, id: Id) -> AppResult<Company> {
    store.read(|conn| load(conn, id))
}

pub fn update(store: &Store, id: Id, input: CompanyInput) -> AppResult<Company> {
    let input = normalize(input)?;
    let now = store.clock().now_ms();
    store.write(|tx| {
        records::require_live(tx, Entity::Company, id)?;
        let (old, mark) = (load(tx, id)?, audit::mark(tx)?);
        save(tx, Some(id), &input, now)?;
        people::reindex_company(tx, id)?;
        let new = load(tx, id)?;
        let mut changed = audit::custom_changes(&old.custom, &new.custom);
        if old.tags != new.tags {
            changed.push("tags".into());
        }
        audit::add_fields(tx, mark, now, Entity::Company, id, &changed)?;
        Ok(new)
    })
}

/// Trashes the company only: its people stay and show no company until it is restored.
pub fn delete(store: &Store, id: Id) -> AppResult<()> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        records::trash(tx, Entity::Company, id, now)?;
        people::reindex_company(tx, id)
    })
}

/// The live company with this name (case-insensitive), or a new one. `name` is already validated.
pub(crate) fn find_or_create(tx: &Connection, name: &str, now: i64) -> AppResult<Id> {
    find_or_create_with(tx, CompanyInput { name: name.to_string(), ..Default::default() }, now)
}

/// The live company named `input.name` (case-insensitive), or a new one from `input` (normalised).
pub(crate) fn find_or_create_with(tx: &Connection, input: CompanyInput, now: i64) -> AppResult<Id> {
    let found = tx
        .prepare_cached("SELECT id FROM companies WHERE name_key = ?1 AND deleted_at IS NULL ORDER BY id LIMIT 1")?
        .query_row([input.name.to_lowercase()], |r| r.get(0));
    match found {
        Ok(id) => Ok(id),
        Err(rusqlite::Error::QueryReturnedNoRows) => save(tx, None, &input, now),
        Err(e) => Err(e.into()),
    }
}

pub(crate) fn normalize(c: CompanyInput) -> AppResult<CompanyInput> {
    let address = v::address("address", &c.address)?;
    // A number without a country code is read in the company's country.
    let region = crate::phone::region(address.country.as_deref());
    Ok(CompanyInput {
        name: v::required("name", &c.name, NAME_MAX)?,
        domain: v::optional_with("domain", c.domain.as_deref(), v::domain)?,
        industry: v::optional("industry", c.industry.as_deref(), SHORT_MAX)?,
        size: c.size,
        phone: v::optional_with("phone", c.phone.as_deref(), |f, s| v::phone(f, s, region))?,
        address,
        website: v::optional_with("website", c.website.as_deref(), v::url)?,
        owner: v::optional("owner", c.owner.as_deref(), SHORT_MAX)?,
        tags: v::tags("tags", &c.tags)?,
        custom: c.custom,
    })
}

pub(crate) fn save(tx: &Connection, id: Option<Id>, c: &CompanyInput, now: i64) -> AppResult<Id> {
    let custom = custom::check(tx, Entity::Company, &c.custom)?;
    let (name_key, sort) = (c.name.to_lowercase(), fold(&c.name));
    let size = records::enum_value(c.size.as_ref());
    let a = &c.address;
    let params: [&dyn ToSql; 16] = [
        &c.name,
        &name_key,
        &sort,
        &c.domain,
        &c.industry,
        &size,
        &a.street,
        &a.postal_code,
        &a.city,
        &a.region,
        &a.country,
        &c.phone,
        &c.website,
        &c.owner,
        &now,
        &id,
    ];
    let id = match id {
        Some(id) => {
            tx.prepare_cached(
                "UPDATE companies SET name = ?1, name_key = ?2, sort_name = ?3, domain = ?4, industry = ?5, size = ?6,
                 street = ?7, postal_code = ?8, city = ?9, region = ?10, country = ?11, phone = ?12, website = ?13,
                 owner = ?14, updated_at = ?15 WHERE id = ?16",
            )?
            .execute(params_from_iter(params))?;
            id
        }
        None => tx
            .prepare_cached(
                "INSERT INTO companies (id, name, name_key, sort_name, domain, industry, size, street, postal_code, city,
                 region, country, phone, website, owner, created_at, updated_at)
                 VALUES (?16, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15) RETURNING id",
            )?
            .query_row(params_from_iter(params), |r| r.get(0))?,
    };
    tags::save(tx, Entity::Company, id, &c.tags)?;
    custom::save(tx, Entity::Company, id, &custom)?;
    reindex(tx, id)?;
    Ok(id)
}

pub fn reindex(conn: &Connection, id: Id) -> AppResult<()> {
    let parts: [Option<String>; 4] = conn
        .prepare_cached("SELECT name, domain, industry, city FROM companies WHERE id = ?1")?
        .query_row([id], |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]))?;
    let parts: Vec<&str> = parts.iter().flatten().map(String::as_str).collect();
    fts::put(conn, Index::Companies, id, &parts)
}

pub(crate) fn load(conn: &Connection, id: Id) -> AppResult<Company> {
    let company = conn
        .prepare_cached(
            "SELECT id, name, domain, industry, size, street, postal_code, city, region, country, phone, website,
                    owner, created_at, updated_at
             FROM companies WHERE id = ?1 AND deleted_at IS NULL",
        )?
        .query_row([id], from_row);
    let mut company = records::not_found_as(company, Entity::Company, id)?;
    company.tags = tags::load(conn, Entity::Company, id)?;
    company.custom = custom::load(conn, Entity::Company, id)?;
    Ok(company)
}

fn from_row(r: &Row) -> rusqlite::Result<Company> {
    Ok(Company {
        id: r.get(0)?,
        name: r.get(1)?,
        domain: r.get(2)?,
        industry: r.get(3)?,
        size: records::parse_opt_enum(r.get(4)?)?,
        address: Address {
            street: r.get(5)?,
            postal_code: r.get(6)?,
            city: r.get(7)?,
            region: r.get(8)?,
            country: r.get(9)?,
        },
        phone: r.get(10)?,
        website: r.get(11)?,
        owner: r.get(12)?,
        tags: Vec::new(),
        custom: Default::default(),
        created_at: r.get(13)?,
        updated_at: r.get(14)?,
    })
}

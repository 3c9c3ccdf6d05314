//! The SQL of one person: writing the row with its emails and phones, loading it, and its search entry.

use std::collections::HashMap;
use std::sync::LazyLock;

use rusqlite::types::Value;
use rusqlite::{Connection, Row, Statement, ToSql};

use super::name::sort_key;
use crate::domain::{Address, Entity, Id, LabeledValue, Person, PersonInput};
use crate::error::AppResult;
use crate::services::records::{enum_str, enum_value, json_col, not_found_as, parse_enum, parse_opt_enum};
use crate::services::{custom, tags};
use crate::store::fts::{self, Index};
use crate::store::many;
pub use crate::store::people_index::index_range;

/// The columns of a new person's row, as [`bind_new`] binds them.
pub const NEW_COLUMNS: &str = "first_name, last_name, sort_name, street, postal_code, city, region, country, \
    socials, company_id, job_title, owner, source, preferred_channel, language, lifecycle, lead_status, \
    external_id, created_at, updated_at, id";
pub const NEW_PARAMS: usize = FIELDS + 3;
/// The row's values a write sets, the times and the id aside.
const FIELDS: usize = 18;
/// One new person: built once, not per call.
static INSERT_ONE: LazyLock<String> = LazyLock::new(|| many::insert_sql("people", NEW_COLUMNS, NEW_PARAMS, 1));

/// The stored forms of a person's values that are not stored as given.
struct Stored {
    socials: String,
    sort: String,
    channel: Value,
    lifecycle: String,
    lead: Value,
}

impl Stored {
    fn of(p: &PersonInput) -> AppResult<Stored> {
        Ok(Stored {
            socials: serde_json::to_string(&p.socials)?,
            sort: sort_key(p),
            channel: enum_value(p.preferred_channel.as_ref()),
            lifecycle: enum_str(&p.lifecycle),
            lead: enum_value(p.lead_status.as_ref()),
        })
    }

    /// The values of `NEW_COLUMNS` up to `external_id`.
    fn fields<'a>(&'a self, p: &'a PersonInput, company_id: &'a Option<Id>) -> [&'a dyn ToSql; FIELDS] {
        let a = &p.address;
        [
            &p.first_name,
            &p.last_name,
            &self.sort,
            &a.street,
            &a.postal_code,
            &a.city,
            &a.region,
            &a.country,
            &self.socials,
            company_id,
            &p.job_title,
            &p.owner,
            &p.source,
            &self.channel,
            &p.language,
            &self.lifecycle,
            &self.lead,
            &p.external_id,
        ]
    }
}

/// Binds a new person's row (`NEW_COLUMNS`) from parameter `at` on (1-based); `id` `None` lets SQLite choose.
pub fn bind_new(
    st: &mut Statement,
    at: usize,
    id: Option<Id>,
    p: &PersonInput,
    company_id: Option<Id>,
    now: i64,
) -> AppResult<()> {
    let stored = Stored::of(p)?;
    let fields = stored.fields(p, &company_id);
    many::bind(st, at, &fields)?;
    many::bind(st, at + FIELDS, &[&now, &now, &id])
}

pub fn write(tx: &Connection, id: Option<Id>, p: &PersonInput, company_id: Option<Id>, now: i64) -> AppResult<Id> {
    match id {
        Some(id) => {
            let stored = Stored::of(p)?;
            let mut st = tx.prepare_cached(
                "UPDATE people SET first_name = ?1, last_name = ?2, sort_name = ?3, street = ?4, postal_code = ?5,
                 city = ?6, region = ?7, country = ?8, socials = ?9, company_id = ?10, job_title = ?11, owner = ?12,
                 source = ?13, preferred_channel = ?14, language = ?15, lifecycle = ?16, lead_status = ?17,
                 external_id = ?18, updated_at = ?19 WHERE id = ?20",
            )?;
            many::bind(&mut st, 1, &stored.fields(p, &company_id))?;
            many::bind(&mut st, FIELDS + 1, &[&now, &id])?;
            st.raw_execute()?;
            write_values(tx, "person_emails", id, &p.emails, true)?;
            write_values(tx, "person_phones", id, &p.phones, true)?;
            Ok(id)
        }
        None => {
            // No RETURNING (SQLite keeps returned rows in a temporary b-tree per statement): the new id is the
            // connection's last insert rowid, which the triggers' own inserts leave as it was.
            let mut st = tx.prepare_cached(&INSERT_ONE)?;
            bind_new(&mut st, 1, None, p, company_id, now)?;
            st.raw_execute()?;
            let id = tx.last_insert_rowid();
            write_lists(tx, id, p)?;
            Ok(id)
        }
    }
}

/// A new person's emails and phones, after its row.
pub fn write_lists(tx: &Connection, id: Id, p: &PersonInput) -> AppResult<()> {
    write_values(tx, "person_emails", id, &p.emails, false)?;
    write_values(tx, "person_phones", id, &p.phones, false)
}

/// Writes a person's emails or phones. An edit rewrites the list only when it differs, so team sync records
/// (and sends) the list only when it changed.
fn write_values(tx: &Connection, table: &str, id: Id, values: &[LabeledValue], replace: bool) -> AppResult<()> {
    if replace {
        if load_values(tx, table, id)? == values {
            return Ok(());
        }
        tx.prepare_cached(&format!("DELETE FROM {table} WHERE person_id = ?1"))?.execute([id])?;
    }
    if values.is_empty() {
        return Ok(());
    }
    let sql = format!("INSERT INTO {table} (person_id, position, label, value) VALUES (?1, ?2, ?3, ?4)");
    let mut insert = tx.prepare_cached(&sql)?;
    for (pos, lv) in values.iter().enumerate() {
        insert.execute(rusqlite::params![id, pos as i64, lv.label, lv.value])?;
    }
    Ok(())
}

fn load_values(conn: &Connection, table: &str, id: Id) -> AppResult<Vec<LabeledValue>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT label, value FROM {table} WHERE person_id = ?1 ORDER BY position"))?;
    let rows = stmt.query_map([id], |r| Ok(LabeledValue { label: r.get(0)?, value: r.get(1)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

const PERSON_SELECT: &str = concat!(
    "SELECT p.id, p.first_name, p.last_name, p.street, p.postal_code, p.city, p.region, p.country, p.socials,
            c.id, c.name, p.job_title, p.owner, p.source, p.preferred_channel, p.language, p.lifecycle,
            p.lead_status, p.external_id, p.created_at, p.updated_at, ",
    crate::person_display_name!("p"),
    " FROM people p LEFT JOIN companies c ON c.id = p.company_id AND c.deleted_at IS NULL"
);

/// A live person. A trashed company is not shown: its people just have no company meanwhile.
pub fn load(conn: &Connection, id: Id) -> AppResult<Person> {
    let person = conn
        .prepare_cached(&format!("{PERSON_SELECT} WHERE p.id = ?1 AND p.deleted_at IS NULL"))?
        .query_row([id], from_row);
    let mut person = not_found_as(person, Entity::Person, id)?;
    person.emails = load_values(conn, "person_emails", id)?;
    person.phones = load_values(conn, "person_phones", id)?;
    person.unparsed_phones = unparsed(&person.phones);
    person.tags = tags::load(conn, Entity::Person, id)?;
    person.custom = custom::load(conn, Entity::Person, id)?;
    Ok(person)
}

/// The live people with these ids, in this order (ids no longer live are left out), in five queries
/// whatever the number: rows, emails, phones, tags, custom values. For exports, page by page.
pub fn load_many(conn: &Connection, ids: &[Id]) -> AppResult<Vec<Person>> {
    let ids_json = serde_json::to_string(ids)?;
    let mut found: HashMap<Id, Person> = HashMap::with_capacity(ids.len());
    let mut stmt = conn.prepare_cached(&format!(
        "{PERSON_SELECT} WHERE p.id IN (SELECT value FROM json_each(?1)) AND p.deleted_at IS NULL"
    ))?;
    for person in stmt.query_map([&ids_json], from_row)? {
        let person = person?;
        found.insert(person.id, person);
    }
    for (table, phones) in [("person_emails", false), ("person_phones", true)] {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT person_id, label, value FROM {table} WHERE person_id IN (SELECT value FROM json_each(?1))
             ORDER BY person_id, position"
        ))?;
        let mut rows = stmt.query([&ids_json])?;
        while let Some(r) = rows.next()? {
            if let Some(p) = found.get_mut(&r.get(0)?) {
                let value = LabeledValue { label: r.get(1)?, value: r.get(2)? };
                if phones {
                    p.phones.push(value)
                } else {
                    p.emails.push(value)
                }
            }
        }
    }
    for p in found.values_mut() {
        p.unparsed_phones = unparsed(&p.phones);
    }
    for (id, tags) in tags::load_many(conn, Entity::Person, &ids_json)? {
        if let Some(p) = found.get_mut(&id) {
            p.tags = tags;
        }
    }
    for (id, custom) in custom::load_many(conn, Entity::Person, &ids_json)? {
        if let Some(p) = found.get_mut(&id) {
            p.custom = custom;
        }
    }
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

/// The stored phones that are not in E.164 (kept as typed).
fn unparsed(phones: &[LabeledValue]) -> Vec<String> {
    phones.iter().filter(|p| !crate::phone::is_e164(&p.value)).map(|p| p.value.clone()).collect()
}

fn from_row(r: &Row) -> rusqlite::Result<Person> {
    Ok(Person {
        id: r.get(0)?,
        first_name: r.get(1)?,
        last_name: r.get(2)?,
        emails: Vec::new(),
        phones: Vec::new(),
        unparsed_phones: Vec::new(),
        address: Address {
            street: r.get(3)?,
            postal_code: r.get(4)?,
            city: r.get(5)?,
            region: r.get(6)?,
            country: r.get(7)?,
        },
        socials: json_col(&r.get::<_, String>(8)?)?,
        company_id: r.get(9)?,
        company_name: r.get(10)?,
        job_title: r.get(11)?,
        owner: r.get(12)?,
        tags: Vec::new(),
        source: r.get(13)?,
        preferred_channel: parse_opt_enum(r.get(14)?)?,
        language: r.get(15)?,
        lifecycle: parse_enum(&r.get::<_, String>(16)?)?,
        lead_status: parse_opt_enum(r.get(17)?)?,
        external_id: r.get(18)?,
        custom: Default::default(),
        created_at: r.get(19)?,
        updated_at: r.get(20)?,
        display_name: r.get(21)?,
    })
}

/// Rewrites a person's search entry: names, emails, phone digits and the (live) company's name.
pub fn reindex(conn: &Connection, id: Id) -> AppResult<()> {
    let (first, last, company): (String, String, Option<String>) = conn
        .prepare_cached(
            "SELECT p.first_name, p.last_name, c.name FROM people p
             LEFT JOIN companies c ON c.id = p.company_id AND c.deleted_at IS NULL WHERE p.id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let emails = load_values(conn, "person_emails", id)?;
    let phones = load_values(conn, "person_phones", id)?;
    index(conn, id, [&first, &last], &emails, &phones, company.as_deref(), true)
}

/// The search entry of a person just inserted (it has none yet), from what was written.
pub fn index_new(conn: &Connection, id: Id, p: &PersonInput, company: Option<&str>) -> AppResult<Id> {
    index(conn, id, [&p.first_name, &p.last_name], &p.emails, &p.phones, company, false)?;
    Ok(id)
}

fn index(
    conn: &Connection,
    id: Id,
    names: [&str; 2],
    emails: &[LabeledValue],
    phones: &[LabeledValue],
    company: Option<&str>,
    replace: bool,
) -> AppResult<()> {
    let mut parts: Vec<&str> = names.to_vec();
    parts.extend(emails.iter().map(|e| e.value.as_str()));
    parts.extend(phones.iter().map(|p| p.value.as_str()));
    parts.extend(company);
    match replace {
        true => fts::put(conn, Index::People, id, &parts),
        false => fts::insert(conn, Index::People, id, &parts),
    }
}

/// After a company is renamed, trashed or restored, its people's search entries follow.
pub fn reindex_company(conn: &Connection, company_id: Id) -> AppResult<()> {
    let ids: Vec<Id> = conn
        .prepare_cached("SELECT id FROM people WHERE company_id = ?1")?
        .query_map([company_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter().try_for_each(|id| reindex(conn, id))
}

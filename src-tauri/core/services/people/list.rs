//! The people list: filters, sort orders and keyset pages.

use rusqlite::types::Value;
use rusqlite::{Connection, Row};

use super::matches::{self, Limits, Plan};
use crate::domain::{Entity, Page, PeopleQuery, PersonRow, PersonSort};
use crate::error::AppResult;
use crate::services::records::{enum_str, json_col, parse_enum, parse_opt_enum};
use crate::services::tags;
use crate::store::fts::Query;
use crate::store::hits;
use crate::store::keyset::{live_total, ListQuery, TEXT_LAST};
use crate::store::Store;

const FROM: &str = "people p LEFT JOIN companies c ON c.id = p.company_id AND c.deleted_at IS NULL";

/// An extra condition over `people p` with its parameters, made inside the list's read snapshot.
pub(crate) type Restrict<'a> = &'a dyn Fn(&Connection) -> AppResult<(String, Vec<Value>)>;

pub fn list(store: &Store, q: &PeopleQuery) -> AppResult<Page<PersonRow>> {
    if let Some(id) = q.segment_id {
        return crate::services::segments::members(store, id, q);
    }
    list_with(store, q, Limits::DEFAULT, None)
}

/// The people list narrowed by `restrict` (a segment), with the list's filters, sort orders and pages.
pub(crate) fn list_restricted(store: &Store, q: &PeopleQuery, restrict: Restrict) -> AppResult<Page<PersonRow>> {
    list_with(store, q, Limits::DEFAULT, Some(restrict))
}

pub(super) fn list_with(
    store: &Store,
    q: &PeopleQuery,
    limits: Limits,
    restrict: Option<Restrict>,
) -> AppResult<Page<PersonRow>> {
    let columns = format!(
        "p.id, p.first_name, p.last_name,
         (SELECT value FROM person_emails WHERE person_id = p.id ORDER BY position LIMIT 1),
         (SELECT value FROM person_phones WHERE person_id = p.id ORDER BY position LIMIT 1),
         c.id, c.name, p.job_title, p.owner, {}, p.lifecycle, p.lead_status, p.city, p.score, p.score_band, p.created_at, p.updated_at,
         {}",
        tags::json_expr(Entity::Person, "p.id"),
        crate::person_display_name!("p")
    );
    // Text keys are composed so ties on the sorted column fall back to the name, then to the id.
    let (tag, key) = match q.sort {
        PersonSort::Name => ("name", "p.sort_name".to_string()),
        PersonSort::Company => ("company", format!("COALESCE(c.sort_name, {TEXT_LAST}) || char(2) || p.sort_name")),
        PersonSort::Lifecycle => (
            "lifecycle",
            "(CASE p.lifecycle WHEN 'lead' THEN '0' WHEN 'qualified' THEN '1' WHEN 'customer' THEN '2' ELSE '3' END) \
             || p.sort_name"
                .to_string(),
        ),
        PersonSort::CreatedAt => ("created_at", "p.created_at".to_string()),
        PersonSort::UpdatedAt => ("updated_at", "p.updated_at".to_string()),
        // Matches the people_score index expression.
        PersonSort::Score => ("score", "COALESCE(p.score, -1)".to_string()),
    };
    let mut lq = ListQuery::new(&columns, FROM, "p.id").sort(tag, &key, q.desc);
    lq.filter("p.deleted_at IS NULL", []);
    let search = q.search.as_deref().filter(|s| Query::parse(s).is_some());
    let tag = q.tag.as_deref().filter(|t| !t.trim().is_empty());
    if let Some(tag) = tag {
        let (sql, param) = tags::filter(Entity::Person, "p.id", tag);
        lq.filter(&sql, [param]);
    }
    // The two lists a user opens most (everyone, one tag) get their total from index-only counts. Every
    // other filter must be named here, or the total would ignore it.
    let narrowed = q.owner.is_some()
        || q.lifecycle.is_some()
        || q.lead_status.is_some()
        || q.min_score.is_some()
        || q.score_band.is_some()
        || q.ids.is_some()
        || !q.exclude.is_empty();
    match (narrowed || search.is_some() || q.company_id.is_some() || restrict.is_some(), tag) {
        (false, None) => lq.total_by(live_total("people"), Vec::new()),
        (false, Some(tag)) => {
            let (sql, param) = tags::live_total(Entity::Person, "people", tag);
            lq.total_by(sql, vec![param]);
        }
        (true, _) => {}
    }
    if restrict.is_some() {
        // A segment's count can cost more than its page: the caller counts it on its own.
        lq.total_at_least(0);
    }
    if let Some(owner) = q.owner.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        lq.filter("p.owner = ?", [Value::Text(owner.to_string())]);
    }
    if let Some(l) = q.lifecycle {
        lq.filter("p.lifecycle = ?", [Value::Text(enum_str(&l))]);
    }
    if let Some(s) = q.lead_status {
        lq.filter("p.lead_status = ?", [Value::Text(enum_str(&s))]);
    }
    if let Some(cid) = q.company_id {
        lq.filter("p.company_id = ?", [Value::Integer(cid)]);
    }
    if let Some(min) = q.min_score {
        lq.filter("COALESCE(p.score, -1) >= ?", [Value::Integer(min.into())]);
    }
    if let Some(band) = q.score_band {
        lq.filter("p.score_band = ?", [Value::Text(enum_str(&band))]);
    }
    if let Some(ids) = &q.ids {
        lq.filter("p.id IN (SELECT value FROM json_each(?))", [Value::Text(serde_json::to_string(ids)?)]);
    }
    if !q.exclude.is_empty() {
        lq.filter("p.id NOT IN (SELECT value FROM json_each(?))", [Value::Text(serde_json::to_string(&q.exclude)?)]);
    }
    store.read(|conn| {
        if let Some(restrict) = restrict {
            let (sql, params) = restrict(conn)?;
            lq.filter(&sql, params);
        }
        let others = narrowed || tag.is_some() || q.company_id.is_some() || restrict.is_some();
        let fetch = |lq: ListQuery| lq.fetch(conn, q.limit, q.cursor.as_deref(), row);
        match search.map(|s| matches::filter(conn, &mut lq, s, others, limits)).transpose()?.flatten() {
            Some(Plan::Bitmap(hits)) => hits::with_hits(hits, || fetch(lq)),
            Some(Plan::Walk { hits, rows, sorted }) => {
                hits::with_budget(hits, rows, || fetch(lq)).unwrap_or_else(|| fetch(*sorted))
            }
            None => fetch(lq),
        }
    })
}

fn row(r: &Row) -> rusqlite::Result<PersonRow> {
    Ok(PersonRow {
        id: r.get(0)?,
        first_name: r.get(1)?,
        last_name: r.get(2)?,
        email: r.get(3)?,
        phone: r.get(4)?,
        company_id: r.get(5)?,
        company_name: r.get(6)?,
        job_title: r.get(7)?,
        owner: r.get(8)?,
        tags: json_col(&r.get::<_, String>(9)?)?,
        lifecycle: parse_enum(&r.get::<_, String>(10)?)?,
        lead_status: parse_opt_enum(r.get(11)?)?,
        city: r.get(12)?,
        score: r.get(13)?,
        score_band: parse_opt_enum(r.get(14)?)?,
        created_at: r.get(15)?,
        updated_at: r.get(16)?,
        display_name: r.get(17)?,
    })
}

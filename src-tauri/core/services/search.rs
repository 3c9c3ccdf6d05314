//! Search: the global search behind the command palette (the people list's search is in `people::matches`).
//!
//! Nothing here ranks every match: a common prefix ("jan", "31") matches a large share of a big store, and
//! FTS5's bm25 needs a pass over all of them (its IDF counts every matching row) before the first result.
//! Instead each source reads a capped number of candidates straight from the index, in rowid order, and
//! those are ranked by how the title matches (starts with the query, has a word starting with it, other).

use rusqlite::types::Value;
use rusqlite::Connection;

use crate::domain::{Entity, Id, SearchHit};
use crate::error::AppResult;
use crate::store::fold::fold;
use crate::store::fts::{Index, Query};
use crate::store::keyset::ListQuery;
use crate::store::Store;

const GLOBAL_MAX: u32 = 100;
/// Candidates read per source and tier: enough for the title ranking to bring names that start with the
/// query to the top, few enough that a query matching half the store costs the same as a rare one.
pub const CANDIDATES: u32 = 64;

/// People, companies and deals matching `query`, best first: titles starting with the query, then titles
/// with a word starting with it, then other matches (an email, a phone), then by title.
pub fn global(store: &Store, query: &str, limit: u32) -> AppResult<Vec<SearchHit>> {
    let region = store.read(|c| Ok(super::people::app_region(&super::settings::load(c)?)))?;
    let Some(q) = Query::parse_in(query, region.as_deref()) else { return Ok(Vec::new()) };
    let limit = limit.clamp(1, GLOBAL_MAX);
    let cap = CANDIDATES.max(limit);
    let needle = fold(query.trim());
    let mut hits = store.read(|conn| {
        let mut hits = Vec::new();
        let mut people = Vec::new();
        if let Some(names) = q.names() {
            people.extend(candidates(conn, "people_fts", &names, cap)?);
        }
        if people.len() < limit as usize {
            people.extend(candidates(conn, "people_fts", &q.people(), limit)?);
        }
        people.sort_unstable();
        people.dedup();
        hits.extend(load(conn, Entity::Person, PERSON, &people, &needle)?);
        let companies = candidates(conn, "companies_fts", q.words(), cap)?;
        hits.extend(load(conn, Entity::Company, COMPANY, &companies, &needle)?);
        let deals = candidates(conn, "deals_fts", q.words(), cap)?;
        hits.extend(load(conn, Entity::Deal, DEAL, &deals, &needle)?);
        Ok(hits)
    })?;
    hits.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)).then(a.2.id.cmp(&b.2.id)));
    Ok(hits.into_iter().take(limit as usize).map(|(_, _, hit)| hit).collect())
}

/// The first `cap` rows of `table` matching `expr`, by rowid: what the bench times as the raw reference.
pub fn candidates(conn: &Connection, table: &str, expr: &str, cap: u32) -> AppResult<Vec<Id>> {
    let sql = format!("SELECT rowid FROM {table} WHERE {table} MATCH ?1 LIMIT ?2");
    let mut stmt = conn.prepare_cached(&sql)?;
    let ids = stmt.query_map(rusqlite::params![expr, cap], |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// Restricts a company or deal list to the records whose search entry matches `query` (every word as a
/// prefix). A query with nothing searchable in it (only punctuation) filters nothing; returns whether it
/// filtered. These tables are small enough (a tenth of the people) to filter through the index.
pub(crate) fn filter(lq: &mut ListQuery, index: Index, id_col: &str, query: Option<&str>) -> bool {
    let Some(q) = query.and_then(Query::parse) else { return false };
    let t = index.table();
    lq.filter(&format!("{id_col} IN (SELECT rowid FROM {t} WHERE {t} MATCH ?)"), [Value::Text(q.words().into())]);
    true
}

/// Per entity: id, title and subtitle of one live record.
const PERSON: &str = concat!(
    "SELECT p.id, ",
    crate::person_display_name!("p"),
    ", COALESCE(c.name, (SELECT value FROM person_emails WHERE person_id = p.id ORDER BY position LIMIT 1))
    FROM people p LEFT JOIN companies c ON c.id = p.company_id AND c.deleted_at IS NULL
    WHERE p.id = ?1 AND p.deleted_at IS NULL"
);
const COMPANY: &str =
    "SELECT id, name, COALESCE(domain, industry, city) FROM companies WHERE id = ?1 AND deleted_at IS NULL";
const DEAL: &str = concat!(
    "SELECT d.id, d.title, COALESCE(c.name, ",
    crate::person_display_name!("p"),
    ") FROM deals d LEFT JOIN companies c ON c.id = d.company_id AND c.deleted_at IS NULL
    LEFT JOIN people p ON p.id = d.person_id AND p.deleted_at IS NULL
    WHERE d.id = ?1 AND d.deleted_at IS NULL"
);

/// (title rank, folded title, hit) of the live records among `ids`.
fn load(
    conn: &Connection,
    entity: Entity,
    sql: &str,
    ids: &[Id],
    needle: &str,
) -> AppResult<Vec<(u8, String, SearchHit)>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let row = stmt.query_row([id], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, String>(1)?, r.get(2)?)));
        let (id, title, subtitle) = match row {
            Ok(row) => row,
            Err(rusqlite::Error::QueryReturnedNoRows) => continue,
            Err(e) => return Err(e.into()),
        };
        let folded = fold(&title);
        out.push((title_rank(&folded, needle), folded, SearchHit { entity, id, title, subtitle }));
    }
    Ok(out)
}

fn title_rank(title: &str, needle: &str) -> u8 {
    let first_word = needle.split(|c: char| !c.is_alphanumeric()).find(|w| !w.is_empty()).unwrap_or(needle);
    if title.starts_with(needle) {
        0
    } else if title.split(|c: char| !c.is_alphanumeric()).any(|w| w.starts_with(first_word)) {
        1
    } else {
        2
    }
}

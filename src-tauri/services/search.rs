//! Search: the FTS filter the lists share, and the global search behind the command palette.

use rusqlite::types::Value;
use rusqlite::Connection;

use crate::domain::{Entity, Id, SearchHit};
use crate::error::AppResult;
use crate::store::fold::fold;
use crate::store::fts::{self, Index};
use crate::store::keyset::ListQuery;
use crate::store::Store;

const GLOBAL_MAX: u32 = 100;

/// Restricts a list to the records whose search entry matches `query` (every word as a prefix).
/// A query with nothing searchable in it (only punctuation) filters nothing; returns whether it filtered.
pub(crate) fn filter(lq: &mut ListQuery, index: Index, id_col: &str, query: Option<&str>) -> bool {
    let Some(expr) = query.and_then(fts::match_expr) else { return false };
    let t = index.table();
    lq.filter(&format!("{id_col} IN (SELECT rowid FROM {t} WHERE {t} MATCH ?)"), [Value::Text(expr)]);
    true
}

struct Scored {
    hit: SearchHit,
    rank: u8,
    bm25: f64,
}

/// People, companies and deals matching `query`, best first: titles starting with the query, then titles
/// with a word starting with it, then other matches (an email, a phone), each by FTS relevance.
pub fn global(store: &Store, query: &str, limit: u32) -> AppResult<Vec<SearchHit>> {
    let Some(expr) = fts::match_expr(query) else { return Ok(Vec::new()) };
    let limit = limit.clamp(1, GLOBAL_MAX);
    let needle = fold(query.trim());
    let mut hits = store.read(|conn| {
        let mut hits = Vec::new();
        for (entity, sql) in SOURCES {
            hits.extend(run(conn, *entity, sql, &expr, limit, &needle)?);
        }
        Ok(hits)
    })?;
    hits.sort_by(|a, b| a.rank.cmp(&b.rank).then(a.bm25.total_cmp(&b.bm25)).then(a.hit.id.cmp(&b.hit.id)));
    Ok(hits.into_iter().take(limit as usize).map(|s| s.hit).collect())
}

/// Per entity: id, title, subtitle and bm25 score of the live records matching `?1`, at most `?2`.
const SOURCES: &[(Entity, &str)] = &[
    (
        Entity::Person,
        "SELECT p.id, trim(p.first_name || ' ' || p.last_name),
                COALESCE(c.name, (SELECT value FROM person_emails WHERE person_id = p.id ORDER BY position LIMIT 1)),
                bm25(people_fts)
         FROM people_fts JOIN people p ON p.id = people_fts.rowid
         LEFT JOIN companies c ON c.id = p.company_id AND c.deleted_at IS NULL
         WHERE people_fts MATCH ?1 AND p.deleted_at IS NULL ORDER BY bm25(people_fts) LIMIT ?2",
    ),
    (
        Entity::Company,
        "SELECT c.id, c.name, COALESCE(c.domain, c.industry, c.city), bm25(companies_fts)
         FROM companies_fts JOIN companies c ON c.id = companies_fts.rowid
         WHERE companies_fts MATCH ?1 AND c.deleted_at IS NULL ORDER BY bm25(companies_fts) LIMIT ?2",
    ),
    (
        Entity::Deal,
        "SELECT d.id, d.title, COALESCE(c.name, trim(p.first_name || ' ' || p.last_name)), bm25(deals_fts)
         FROM deals_fts JOIN deals d ON d.id = deals_fts.rowid
         LEFT JOIN companies c ON c.id = d.company_id AND c.deleted_at IS NULL
         LEFT JOIN people p ON p.id = d.person_id AND p.deleted_at IS NULL
         WHERE deals_fts MATCH ?1 AND d.deleted_at IS NULL ORDER BY bm25(deals_fts) LIMIT ?2",
    ),
];

fn run(conn: &Connection, entity: Entity, sql: &str, expr: &str, limit: u32, needle: &str) -> AppResult<Vec<Scored>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(rusqlite::params![expr, limit], |r| {
        let (id, title, subtitle, bm25): (Id, String, Option<String>, f64) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        Ok(Scored { rank: title_rank(&title, needle), bm25, hit: SearchHit { entity, id, title, subtitle } })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn title_rank(title: &str, needle: &str) -> u8 {
    let title = fold(title);
    let first_word = needle.split(|c: char| !c.is_alphanumeric()).find(|w| !w.is_empty()).unwrap_or(needle);
    if title.starts_with(needle) {
        0
    } else if title.split(|c: char| !c.is_alphanumeric()).any(|w| w.starts_with(first_word)) {
        1
    } else {
        2
    }
}

//! The people list's search box: the filter for the people whose search entry matches, chosen by how many
//! do, so a page sorted by name costs about the same for a rare name and for "jan" or "31".
//!
//! - Up to `COUNTED` matches: the matches are looked up and sorted, and counted exactly.
//! - More, but a small share of the store: the matching ids are read into a bitmap (`store::hits`) and the
//!   list walks its sort index, testing each row against it, until the page is full.
//! - A large share: the walk asks the index about each row it passes (few rows pass before the page fills).
//!
//! Beyond `COUNTED` the total is not counted (it would mean reading every match): the page reports a lower
//! bound, which the UI shows as "3,000+".

use rusqlite::types::Value;
use rusqlite::Connection;

use crate::error::AppResult;
use crate::services::search;
use crate::store::fts::Query;
use crate::store::hits::Hits;
use crate::store::keyset::ListQuery;

/// Matches counted exactly; also where sorting every match starts to cost more than walking the index.
const COUNTED: usize = 3_000;
/// The estimated share of the store (in 1/1000) up to which the matches are read into a bitmap: above it,
/// asking the index row by row is cheaper, as rows pass the filter often.
const BITMAP_UP_TO_PERMILLE: i64 = 60;

/// Adds the filter for `query` to `lq`. Returns the bitmap the query must run with (`hits::with_hits`),
/// if that is the plan. `narrowed`: other filters apply too, so the match count bounds nothing.
pub(super) fn filter(conn: &Connection, lq: &mut ListQuery, query: &str, narrowed: bool) -> AppResult<Option<Hits>> {
    let Some(q) = Query::parse(query) else { return Ok(None) };
    let expr = q.people();
    let first = search::candidates(conn, "people_fts", &expr, COUNTED as u32 + 1)?;
    let Some(&last) = first.last().filter(|_| first.len() > COUNTED) else {
        lq.filter("p.id IN (SELECT rowid FROM people_fts WHERE people_fts MATCH ?)", [Value::Text(expr)]);
        return Ok(None);
    };
    // Entries of people in the trash stay indexed until purged: they do not count towards the bound.
    let (max_id, trashed): (i64, i64) = conn
        .prepare_cached(
            "SELECT (SELECT COALESCE(MAX(id), 0) FROM people),
                    (SELECT COUNT(*) FROM people WHERE deleted_at IS NOT NULL)",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    lq.total_at_least(if narrowed { 0 } else { COUNTED as i64 - trashed });
    // Matches come in id order, so where the first ones end tells roughly how many there are in all.
    let permille = first.len() as i64 * 1000 / last.max(1);
    if permille > BITMAP_UP_TO_PERMILLE || max_id == 0 {
        lq.filter("EXISTS (SELECT 1 FROM people_fts WHERE people_fts MATCH ? AND rowid = p.id)", [Value::Text(expr)]);
        return Ok(None);
    }
    let mut hits = Hits::default();
    let mut stmt = conn.prepare_cached("SELECT rowid FROM people_fts WHERE people_fts MATCH ?1")?;
    let mut rows = stmt.query([&expr])?;
    while let Some(row) = rows.next()? {
        hits.insert(row.get(0)?);
    }
    lq.filter("in_hits(p.id)", []);
    Ok(Some(hits))
}

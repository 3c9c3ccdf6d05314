//! The people list's search box: the filter for the people whose search entry matches, chosen by how many
//! do, so a page sorted by name costs about the same for a rare name and for "jan" or "31".
//!
//! - Up to `COUNTED` matches: the matches are looked up and sorted, and counted exactly.
//! - Up to `SORTED` matches: the list walks its sort index, testing each row against a bitmap of them, for
//!   as many rows as spread-out matches would need to fill the page; if the page is not full by then, the
//!   matches are looked up and sorted (without the count). Matches that share a first name lie together
//!   in the name index, behind up to 70 % of the store ("muge.sch", "pieter.j"), where the walk alone
//!   would pass 700,000 rows.
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

/// Where the plans change.
#[derive(Debug, Clone, Copy)]
pub(super) struct Limits {
    /// Matches counted exactly; also where sorting every match starts to cost more than walking the index.
    pub counted: usize,
    /// Matches (at least `counted`) read by id and sorted by their keys: the page's 100 rows are then
    /// read in full. Each costs a row lookup (about 1.5 µs at 1M people), against about 60 ns per row a
    /// walk of the name index passes.
    pub sorted: usize,
    /// Between `counted` and `sorted` matches, the walk passes this many times the rows that evenly spread
    /// matches would need to fill a page before it gives up for sorting them.
    pub walk_slack: u64,
    /// The estimated share of the store (in 1/1000) up to which the matches are read into a bitmap: above
    /// it, asking the index row by row is cheaper, as rows pass the filter often.
    pub bitmap_up_to_permille: i64,
}

impl Limits {
    /// Measured at 1M people (docs/benchmarks.md): sorting the keys of 10,000 matches costs about 15 ms,
    /// a walk of the name index to a first name late in the alphabet 40 ms; a 60k-match bitmap and probing
    /// 1,700 rows cost about the same.
    pub const DEFAULT: Limits = Limits { counted: 3_000, sorted: 10_000, walk_slack: 4, bitmap_up_to_permille: 60 };
}

/// How the list query runs, when it needs more than its filters.
pub(super) enum Plan {
    /// With `hits::with_hits`.
    Bitmap(Hits),
    /// With `hits::with_budget`; when the walk passes more than `rows` rows, `sorted` gives the page.
    Walk { hits: Hits, rows: u64, sorted: Box<ListQuery> },
}

/// Rows of a page the walk is budgeted for (the people page's).
const PAGE_ROWS: u64 = 100;

/// Adds the filter for `query` to `lq`. Returns how the query must run, if it needs more than its filters.
/// `narrowed`: other filters apply too, so the match count bounds nothing.
pub(super) fn filter(
    conn: &Connection,
    lq: &mut ListQuery,
    query: &str,
    narrowed: bool,
    limits: Limits,
) -> AppResult<Option<Plan>> {
    let region = super::app_region(&crate::services::settings::load(conn)?);
    let Some(q) = Query::parse_in(query, region.as_deref()) else { return Ok(None) };
    let expr = q.people();
    let sorted = limits.sorted.max(limits.counted);
    let first = search::candidates(conn, "people_fts", &expr, crate::count::saturating_u32(sorted + 1))?;
    // Entries of people in the trash stay indexed until purged: they do not count towards the bound.
    let (max_id, trashed): (i64, i64) = conn
        .prepare_cached(
            "SELECT (SELECT COALESCE(MAX(id), 0) FROM people),
                    (SELECT COUNT(*) FROM people WHERE deleted_at IS NOT NULL)",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let at_least = if narrowed { 0 } else { limits.counted as i64 - trashed };
    let Some(&last) = first.last().filter(|_| first.len() > sorted) else {
        // Every match is known: the FTS query is not run again for the page and the count.
        let by_id = |lq: &mut ListQuery| -> AppResult<()> {
            lq.filter("p.id IN (SELECT value FROM json_each(?))", [Value::Text(serde_json::to_string(&first)?)]);
            lq.keys_first();
            Ok(())
        };
        if first.len() <= limits.counted {
            // Read by id and sorted by key; the total is counted without reading their rows.
            by_id(lq)?;
            if !narrowed {
                if let Some(trashed) = trashed_among(conn, &first)? {
                    lq.total_known((first.len() - trashed) as i64);
                }
            }
            return Ok(None);
        }
        lq.total_at_least(at_least);
        let mut by_key = lq.clone();
        by_id(&mut by_key)?;
        let mut hits = Hits::default();
        for &id in &first {
            hits.insert(id);
        }
        lq.filter("in_hits(p.id)", []);
        let rows = limits.walk_slack * PAGE_ROWS * (max_id.max(1) as u64) / first.len() as u64;
        return Ok(Some(Plan::Walk { hits, rows, sorted: Box::new(by_key) }));
    };
    lq.total_at_least(at_least);
    // Matches come in id order, so where the first ones end tells roughly how many there are in all.
    let permille = first.len() as i64 * 1000 / last.max(1);
    if permille > limits.bitmap_up_to_permille || max_id == 0 {
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
    Ok(Some(Plan::Bitmap(hits)))
}

/// Most trashed people read to tell which matches are in the trash; beyond it the list counts its rows.
const TRASH_READ: i64 = 5_000;

/// How many of `ids` are in the trash (their search entries stay until purged), from the index of trashed
/// people alone; `None` when the trash is too large to read for that.
fn trashed_among(conn: &Connection, ids: &[i64]) -> AppResult<Option<usize>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM people WHERE deleted_at IS NOT NULL LIMIT ?1")?;
    let trashed: Vec<i64> = stmt.query_map([TRASH_READ + 1], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    if trashed.len() as i64 > TRASH_READ {
        return Ok(None);
    }
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    Ok(Some(trashed.iter().filter(|id| sorted.binary_search(id).is_ok()).count()))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::clock::ManualClock;
    use crate::domain::{PeopleQuery, PersonInput, PersonSort};
    use crate::services::people;
    use crate::store::Store;

    /// Every page of a search, following cursors: (first name, last name) rows, totals and exactness.
    fn walk(store: &Store, search: &str, sort: PersonSort, limits: Limits) -> (Vec<String>, Vec<(i64, bool)>) {
        let (mut rows, mut totals, mut cursor) = (Vec::new(), Vec::new(), None);
        loop {
            let q = PeopleQuery { search: Some(search.into()), sort, limit: Some(7), cursor, ..Default::default() };
            let page = super::super::list::list_with(store, &q, limits, None).unwrap();
            rows.extend(page.items.iter().map(|p| format!("{} {}", p.first_name, p.last_name)));
            totals.push((page.total, page.total_exact));
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => return (rows, totals),
            }
        }
    }

    #[test]
    fn every_plan_finds_the_same_people_in_the_same_order() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), Arc::new(ManualClock::new(1_700_000_000_000))).unwrap();
        for i in 0..60 {
            let (first, last) = (["Jan", "Janne", "Piet", "Søren"][i % 4], ["Jansen", "de Vries", "Ærø"][i % 3]);
            let input =
                PersonInput { first_name: first.into(), last_name: format!("{last} {i}"), ..Default::default() };
            people::create(&store, input).unwrap();
        }
        let sorted = Limits::DEFAULT;
        let bitmap = Limits { counted: 5, sorted: 5, walk_slack: 4, bitmap_up_to_permille: 1000 };
        let probe = Limits { bitmap_up_to_permille: 0, ..bitmap };
        let walked = Limits { sorted: 1000, ..bitmap };
        // The walk gives up at once: the matches are sorted by key.
        let keys = Limits { walk_slack: 0, ..walked };
        for (search, found) in [("jan", 40), ("jans", 20), ("soren aero", 5), ("aer", 20)] {
            for sort in [PersonSort::Name, PersonSort::CreatedAt] {
                let (rows, totals) = walk(&store, search, sort, sorted);
                assert_eq!(rows.len(), found, "{search}");
                assert!(totals.iter().all(|t| *t == (found as i64, true)), "{search}: {totals:?}");
                for limits in [bitmap, probe, walked, keys] {
                    let (other, totals) = walk(&store, search, sort, limits);
                    assert_eq!(other, rows, "{search} {limits:?}");
                    if found > 5 {
                        assert!(
                            totals.iter().all(|t| *t == (7, false)),
                            "at least a page: {search} {limits:?}: {totals:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_counted_search_leaves_out_people_in_the_trash() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), Arc::new(ManualClock::new(1_700_000_000_000))).unwrap();
        let ids: Vec<i64> = (0..6)
            .map(|i| {
                let input =
                    PersonInput { first_name: "Jan".into(), last_name: format!("Smit {i}"), ..Default::default() };
                people::create(&store, input).unwrap().id
            })
            .collect();
        people::delete(&store, ids[2]).unwrap();
        let (rows, totals) = walk(&store, "jan sm", PersonSort::Name, Limits::DEFAULT);
        assert_eq!(rows.len(), 5);
        assert!(!rows.contains(&"Jan Smit 2".to_string()));
        assert_eq!(totals[0], (5, true));
    }
}

//! The people list as the UI pages through it: 50 rows, filtered by a tag, sorted, following cursors.

use super::Ctx;
use crate::bench::figure::{Figure, Goal};
use crate::bench::generate::BENCH_TAG;
use crate::bench::stats::time_each;
use relata_core::domain::{PeopleQuery, PersonSort};
use relata_core::error::AppResult;
use relata_core::services::people;

pub const GOAL: Goal = Goal::MaxMs { ms: 10.0, ratio: None };
const PAGE: u32 = 50;
/// Pages walked per direction: the first page and the ones a user scrolls into.
const DEPTH: usize = 20;

pub fn by_tag_and_name(ctx: &Ctx) -> AppResult<Figure> {
    let name = "list page of 50 people, tag filter, by name, p95";
    Ok(measure(ctx, PersonSort::Name, "list_tag_name", name)?.note(
        "people::list with a tag filter, sorted by name, 50 rows per page: the first page counts the total \
         (index-only for one tag), later pages carry it in the cursor and walk the name index.",
    ))
}

pub fn by_tag_and_score(ctx: &Ctx) -> AppResult<Figure> {
    let name = "list page of 50 people, tag filter, by score, p95";
    Ok(measure(ctx, PersonSort::Score, "list_tag_score", name)?.note(
        "people::list with a tag filter, sorted by lead score (the index on the list's score expression), 50 rows \
         per page, following cursors.",
    ))
}

/// Walks `DEPTH` pages ascending and descending (untimed), then times fetching each of those pages again.
fn measure(ctx: &Ctx, sort: PersonSort, key: &'static str, name: &'static str) -> AppResult<Figure> {
    let query = |desc: bool, cursor: Option<String>| PeopleQuery {
        tag: Some(BENCH_TAG.to_string()),
        sort,
        desc,
        limit: Some(PAGE),
        cursor,
        ..Default::default()
    };
    let mut pages = Vec::new();
    for desc in [false, true] {
        let mut cursor = None;
        for _ in 0..DEPTH {
            let q = query(desc, cursor.clone());
            let page = people::list(ctx.store, &q)?;
            pages.push(q);
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
    }
    let samples = time_each(&pages, |q| people::list(ctx.store, q))?;
    let first = time_each(&[query(false, None)], |q| people::list(ctx.store, q))?;
    let unfiltered = PeopleQuery { limit: Some(PAGE), ..Default::default() };
    let plain = time_each(&vec![unfiltered; 10], |q| people::list(ctx.store, q))?;
    Ok(Figure::timed(key, name, GOAL, samples.p95(), None).detail(format!(
        "{} pages, p50 {:.2} ms, first page {:.2} ms; unfiltered first page p95 {:.2} ms",
        pages.len(),
        samples.p50(),
        first.p95(),
        plain.p95()
    )))
}

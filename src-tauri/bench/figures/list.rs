//! The people list as the UI pages through it: 50 rows, filtered by a tag, sorted, following cursors.

use super::Ctx;
use crate::bench::figure::{Figure, Goal};
use crate::bench::generate::BENCH_TAG;
use crate::bench::stats::time_each;
use crate::domain::{PeopleQuery, PersonSort};
use crate::error::AppResult;
use crate::services::people;

pub const GOAL: Goal = Goal::MaxMs { ms: 10.0, ratio: None };
const PAGE: u32 = 50;
/// Pages walked per direction: the first page and the ones a user scrolls into.
const DEPTH: usize = 20;

pub fn by_tag_and_name(ctx: &Ctx) -> AppResult<Figure> {
    Ok(measure(ctx, PersonSort::Name)?.note(
        "people::list with a tag filter, sorted by name, 50 rows per page: the first page counts the total \
         (index-only for one tag), later pages carry it in the cursor and walk the name index.",
    ))
}

/// Wiring once lead scoring lands: `Ok(measure(ctx, PersonSort::Score)?.note(...))` with key and name
/// taken from `score_figure`.
pub fn by_tag_and_score(_ctx: &Ctx) -> AppResult<Figure> {
    Ok(Figure::pending(
        "list_tag_score",
        "list page of 50 people, tag filter, by score, p95",
        "ms",
        GOAL,
        "lead scoring (PersonSort::Score)",
    ))
}

/// Walks `DEPTH` pages ascending and descending (untimed), then times fetching each of those pages again.
fn measure(ctx: &Ctx, sort: PersonSort) -> AppResult<Figure> {
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
    Ok(Figure::timed("list_tag_name", "list page of 50 people, tag filter, by name, p95", GOAL, samples.p95(), None)
        .detail(format!(
            "{} pages, p50 {:.2} ms, first page {:.2} ms; unfiltered first page p95 {:.2} ms",
            pages.len(),
            samples.p50(),
            first.p95(),
            plain.p95()
        )))
}

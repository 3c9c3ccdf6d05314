//! A typical three-condition segment: its count (the editor's live count) and the first page of its members.

use super::Ctx;
use crate::bench::figure::{Figure, Goal};
use crate::bench::generate::{ANCHOR_MS, BENCH_TAG, DAY_MS};
use crate::bench::stats::time_each;
use relata_core::domain::{Filter, PeopleQuery};
use relata_core::error::AppResult;
use relata_core::services::segments;

pub const COUNT_GOAL: Goal = Goal::MaxMs { ms: 200.0, ratio: None };
pub const PAGE_GOAL: Goal = Goal::MaxMs { ms: 20.0, ratio: None };
const RUNS: usize = 20;
const PAGE: u32 = 50;

/// Tagged, qualified or customer, and touched in the half year before the dataset's anchor (a date, not
/// "the last 180 days": the dataset does not move with the clock).
pub fn filter() -> AppResult<Filter> {
    let since = chrono::DateTime::from_timestamp_millis(ANCHOR_MS - 180 * DAY_MS).map(|t| t.date_naive().to_string());
    Ok(serde_json::from_value(serde_json::json!({"all": [
        {"field": "tags", "op": "contains", "value": BENCH_TAG},
        {"field": "lifecycle", "op": "in", "value": ["qualified", "customer"]},
        {"field": "activities.last_at", "op": "after", "value": since}
    ]}))?)
}

pub fn count(ctx: &Ctx) -> AppResult<Figure> {
    let filter = filter()?;
    let found = segments::check(ctx.store, &filter)?.count;
    let samples = time_each(&[(); RUNS], |_| segments::check(ctx.store, &filter))?;
    Ok(Figure::timed("segment_count", "segment count, three conditions, p95", COUNT_GOAL, samples.p95(), None)
        .detail(format!("{found} people match; p50 {:.2} ms", samples.p50()))
        .note(
            "segments::check on {tags contains vip, lifecycle in [qualified, customer], activities.last_at after \
             the anchor minus 180 days}: compiled to one SQL count; the tag drives the loop through its index, \
             the activity date is a MAX over the person's activities index.",
        ))
}

pub fn first_page(ctx: &Ctx) -> AppResult<Figure> {
    let filter = filter()?;
    let q = PeopleQuery { limit: Some(PAGE), ..Default::default() };
    let samples = time_each(&[(); RUNS], |_| segments::preview(ctx.store, &filter, &q))?;
    let name = "segment members, first page of 50 by name, p95";
    Ok(Figure::timed("segment_page", name, PAGE_GOAL, samples.p95(), None)
        .detail(format!("p50 {:.2} ms", samples.p50()))
        .note(
            "segments::preview (as members): the people list's first page narrowed by the segment; the name index \
             drives the loop and stops after the page, the tag is probed; the total is the count's (not paid here).",
        ))
}

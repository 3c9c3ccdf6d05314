//! The dashboard's aggregates: the open funnel per stage and won revenue per month over a year.

use super::Ctx;
use crate::bench::figure::{Figure, Goal};
use crate::bench::generate::{ANCHOR_MS, DAY_MS};
use crate::bench::stats::time_each;
use relata_core::error::AppResult;
use relata_core::services::analytics;

pub const GOAL: Goal = Goal::MaxMs { ms: 100.0, ratio: None };
const RUNS: usize = 20;

pub fn measure(ctx: &Ctx) -> AppResult<Figure> {
    let since = ANCHOR_MS - 365 * DAY_MS;
    let runs = vec![(); RUNS];
    let funnel = time_each(&runs, |_| analytics::funnel(ctx.store))?;
    let won = time_each(&runs, |_| analytics::won_by_month(ctx.store, since))?;
    let both = time_each(&runs, |_| {
        analytics::funnel(ctx.store)?;
        analytics::won_by_month(ctx.store, since)
    })?;
    Ok(Figure::timed("dashboard", "dashboard aggregates (funnel + won by month), p95", GOAL, both.p95(), None)
        .detail(format!("funnel p95 {:.2} ms, won by month p95 {:.2} ms", funnel.p95(), won.p95()))
        .note(
            "services::analytics: both aggregate every open (funnel) or won (revenue) deal. Migration 8's \
             partial indexes make both index-only; the funnel names its index, as SQLite 3.54 otherwise \
             skip-scans the board index with one table lookup per open deal.",
        ))
}

//! The analytics dashboard's heavy figures over the whole order history (no period filter): revenue per
//! month, churn over the last year and monthly cohort retention.

use super::Ctx;
use crate::bench::figure::{Figure, Goal};
use crate::bench::stats::{time_each, time_ms};
use relata_core::error::AppResult;
use relata_core::services::analytics::{self, AnalyticsFilter, Period, DEFAULT_INACTIVITY_DAYS};

pub const GOAL: Goal = Goal::MaxMs { ms: 200.0, ratio: None };
const RUNS: usize = 10;

const NOTE: &str = "services::analytics over every order (1M orders per 1M people): the counted orders read \
                    from the months kept packed in order_facts (migration 0044; a dirty month from the covering \
                    index orders_counted), in index order, aggregated in Rust.";

/// Times one call before the timed runs: the first figure after a generate, an import or a migration packs
/// every dirty month of order_facts, which the runs after it do not.
fn first_call<T>(f: impl FnOnce() -> AppResult<T>) -> AppResult<String> {
    let (ms, _) = time_ms(f)?;
    Ok(format!("first call {ms:.1} ms (packs the dirty months, if any)"))
}

pub fn revenue(ctx: &Ctx) -> AppResult<Figure> {
    let all = AnalyticsFilter::default();
    let first = first_call(|| analytics::revenue(ctx.store, &all))?;
    let t = time_each(&[(); RUNS], |_| analytics::revenue(ctx.store, &all))?;
    Ok(Figure::timed("analytics_revenue", "analytics: revenue per month over all orders, p95", GOAL, t.p95(), None)
        .detail(format!("p50 {:.1} ms; {first}", t.p50()))
        .note(NOTE))
}

pub fn churn(ctx: &Ctx) -> AppResult<Figure> {
    // The last year of the dataset (it ends at the anchor, 2026-01-01).
    let year = AnalyticsFilter { from: Some("2025-01-01".into()), to: Some("2025-12-31".into()), ..Default::default() };
    let first = first_call(|| analytics::churn(ctx.store, &year, DEFAULT_INACTIVITY_DAYS))?;
    let t = time_each(&[(); RUNS], |_| analytics::churn(ctx.store, &year, DEFAULT_INACTIVITY_DAYS))?;
    Ok(Figure::timed("analytics_churn", "analytics: churn over the last year, p95", GOAL, t.p95(), None)
        .detail(format!("p50 {:.1} ms; {first}", t.p50()))
        .note(NOTE))
}

pub fn retention(ctx: &Ctx) -> AppResult<Figure> {
    let all = AnalyticsFilter::default();
    let first = first_call(|| analytics::retention(ctx.store, &all, Period::Month))?;
    let t = time_each(&[(); RUNS], |_| analytics::retention(ctx.store, &all, Period::Month))?;
    Ok(Figure::timed(
        "analytics_retention",
        "analytics: monthly cohort retention over all orders, p95",
        GOAL,
        t.p95(),
        None,
    )
    .detail(format!("p50 {:.1} ms; {first}", t.p50()))
    .note(NOTE))
}

/// Everything the Dashboard page asks the core for when it opens (no filter, by month): every card's
/// figures and the filter pickers' lists. The goal for the page is 500 ms including drawing; the
/// drawing is timed by the e2e scale test (tests/e2e/scale.test.mjs), this is the core's share. The detail
/// breaks the page down per card (each card's own call, p50), so the report shows where the time goes.
pub fn dashboard_page(ctx: &Ctx) -> AppResult<Figure> {
    let all = AnalyticsFilter::default();
    let t = time_each(&[(); RUNS], |_| {
        analytics::dashboard(ctx.store, &all, Period::Month)?;
        analytics::filter_options(ctx.store)
    })?;
    Ok(Figure::timed(
        "analytics_dashboard",
        "analytics: the Dashboard page's data (every card, no filter), p95",
        Goal::MaxMs { ms: 500.0, ratio: None },
        t.p95(),
        None,
    )
    .detail(format!("p50 {:.1} ms; per card, p50 of {CARD_RUNS}: {}", t.p50(), cards(ctx, &all)?))
    .note(NOTE))
}

/// Calls per card in the breakdown (after as many untimed ones).
const CARD_RUNS: usize = 5;

/// Each card of the page timed on its own: "funnel X ms, conversion Y ms, ...".
fn cards(ctx: &Ctx, all: &AnalyticsFilter) -> AppResult<String> {
    let store = ctx.store;
    let orders = || -> AppResult<()> {
        analytics::revenue(store, all)?;
        analytics::churn(store, all, DEFAULT_INACTIVITY_DAYS)?;
        analytics::retention(store, all, Period::Month).map(drop)
    };
    let parts: [(&str, &dyn Fn() -> AppResult<()>); 5] = [
        ("funnel", &|| analytics::funnel_report(store, all).map(drop)),
        ("conversion", &|| analytics::conversion(store, all).map(drop)),
        ("clv", &|| analytics::clv(store, all, 10).map(drop)),
        ("options", &|| analytics::filter_options(store).map(drop)),
        ("orders figures (revenue, churn, retention)", &orders),
    ];
    let mut out = Vec::with_capacity(parts.len());
    for (name, call) in parts {
        let t = time_each(&[(); CARD_RUNS], |_| call())?;
        out.push(format!("{name} {:.0} ms", t.p50()));
    }
    Ok(out.join(", "))
}

//! The service desk: the Tickets page's list with SLA state, the Support dashboard for a quarter, and the
//! Tickets page's search. Measured on a store whose clock is the dataset's anchor, so that the SLA state of
//! the generated open tickets is that of the day they were generated for (not months overdue).

use std::sync::Arc;

use super::Ctx;
use crate::bench::figure::{Figure, Goal};
use crate::bench::generate::ANCHOR_MS;
use crate::bench::names::OWNERS;
use crate::bench::stats::time_each;
use relata_core::clock::ManualClock;
use relata_core::domain::{MetricsQuery, TicketStatus, TicketsQuery};
use relata_core::error::{AppError, AppResult, ErrorCode};
use relata_core::services::tickets::{self, metrics};
use relata_core::store::Store;

pub const LIST_GOAL: Goal = Goal::MaxMs { ms: 10.0, ratio: None };
pub const DASHBOARD_GOAL: Goal = Goal::MaxMs { ms: 150.0, ratio: None };
pub const SEARCH_GOAL: Goal = Goal::MaxMs { ms: 20.0, ratio: None };
/// What the Tickets page asks for (ui/src/pages/tickets/TicketsPage.tsx).
const PAGE: u32 = 500;
const DASHBOARD_RUNS: usize = 5;

/// The dataset's store at the anchor; refuses a dataset generated before tickets were part of it.
fn anchored(ctx: &Ctx) -> AppResult<Store> {
    let store = Store::open(ctx.data_dir, Arc::new(ManualClock::new(ANCHOR_MS)))?;
    let has: bool = store.read(|c| Ok(c.query_row("SELECT EXISTS (SELECT 1 FROM tickets)", [], |r| r.get(0))?))?;
    if !has {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "data_dir",
            format!("{} holds no tickets: it was generated before tickets; generate it again", ctx.data_dir.display()),
        ));
    }
    Ok(store)
}

fn query(
    status: Option<TicketStatus>,
    assignee: Option<&str>,
    person_id: Option<i64>,
    breaching: bool,
) -> TicketsQuery {
    TicketsQuery {
        status,
        breaching,
        person_id,
        assignee: assignee.map(str::to_owned),
        limit: Some(PAGE),
        after: None,
        search: None,
    }
}

/// The filters the page offers: none, each status, each agent, an agent's open tickets, breaching, and the
/// person page's tickets of a requester.
fn list_queries(store: &Store) -> AppResult<Vec<TicketsQuery>> {
    use TicketStatus::*;
    let mut out = vec![query(None, None, None, false), query(None, None, None, true)];
    out.extend([New, Open, Pending, OnHold, Solved, Closed].map(|s| query(Some(s), None, None, false)));
    out.extend(OWNERS.iter().map(|a| query(None, Some(a), None, false)));
    out.extend(OWNERS.iter().take(4).map(|a| query(Some(Open), Some(a), None, false)));
    let requesters: Vec<i64> = store.read(|c| {
        let mut stmt = c.prepare("SELECT person_id FROM tickets WHERE id % 997 = 1 LIMIT 20")?;
        let ids = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    })?;
    out.extend(requesters.into_iter().map(|p| query(None, None, Some(p), false)));
    Ok(out)
}

pub fn list(ctx: &Ctx) -> AppResult<Figure> {
    let store = anchored(ctx)?;
    let queries = list_queries(&store)?;
    let rows: usize = queries.iter().map(|q| tickets::list(&store, q).map(|t| t.len())).sum::<AppResult<_>>()?;
    let samples = time_each(&queries, |q| tickets::list(&store, q))?;
    let breaching = time_each(&queries[1..2], |q| tickets::list(&store, q))?;
    let name = "ticket list page (500) with SLA state, p95";
    Ok(Figure::timed("tickets_list", name, LIST_GOAL, samples.p95(), None)
        .detail(format!(
            "{} filters ({rows} rows in all), p50 {:.2} ms, unfiltered {:.2} ms; breaching filter {:.2} ms",
            queries.len(),
            samples.p50(),
            time_each(&queries[..1], |q| tickets::list(&store, q))?.p50(),
            breaching.p50()
        ))
        .note(
            "services::tickets::list as the tickets_list command calls it (limit 500 as the Tickets page asks): \
             the page's rows newest first, then all their events in one query and the SLA clocks computed per \
             ticket (business time by binary search in the calendar's interval index); the breaching filter reads \
             open tickets newest first, 1,000 at a time, until 500 are breached or breaching soon.",
        ))
}

pub fn dashboard(ctx: &Ctx) -> AppResult<Figure> {
    let store = anchored(ctx)?;
    let q = MetricsQuery { from: "2025-10-01".into(), to: "2025-12-31".into(), agent: None };
    let found = metrics::metrics(&store, &q)?;
    let samples = time_each(&[(); DASHBOARD_RUNS], |_| metrics::metrics(&store, &q))?;
    let name = "support dashboard for a quarter, p95";
    Ok(Figure::timed("support_dashboard", name, DASHBOARD_GOAL, samples.p95(), None)
        .detail(format!(
            "2025-10-01..2025-12-31: {} opened, {} resolved, backlog {}; p50 {:.2} ms",
            found.opened,
            found.resolved,
            found.backlog.total,
            samples.p50()
        ))
        .note(
            "services::tickets::metrics::metrics as the support_metrics command calls it: aggregates in SQL over \
             the kept SLA snapshots (ticket_sla, migration 38): covering-index ranges over the tickets opened, \
             answered and resolved in the period and the open ones; only open tickets with a clock inside its \
             warning window are read whole (breaching soon needs business time to the due instant).",
        ))
}

pub fn search(ctx: &Ctx) -> AppResult<Figure> {
    let store = anchored(ctx)?;
    let newest = tickets::list(&store, &query(None, None, None, false))?;
    let mut queries: Vec<String> =
        ["refund", "invoice", "log in", "password", "t-0001", "delivery", "xyz"].map(str::to_owned).to_vec();
    queries.extend(newest.iter().step_by(25).filter_map(|t| t.person_name.as_deref()).map(|n| n.to_lowercase()));
    queries.extend(newest.iter().step_by(50).map(|t| t.number.to_lowercase()));
    let search =
        |q: &String| tickets::list(&store, &TicketsQuery { search: Some(q.clone()), ..query(None, None, None, false) });
    let samples = time_each(&queries, search)?;
    // The slowest query, named, for whoever works on the figure next.
    let mut slowest = (0.0, String::new(), 0);
    for q in &queries {
        let (ms, page) = crate::bench::stats::time_ms(|| search(q))?;
        if ms > slowest.0 {
            slowest = (ms, q.clone(), page.len());
        }
    }
    let (ms, q, hits) = slowest;
    Ok(Figure::timed("ticket_search", "ticket search (the Tickets page's box), p95", SEARCH_GOAL, samples.p95(), None)
        .detail(format!(
            "{} queries, p50 {:.2} ms; slowest {q:?} {ms:.1} ms ({hits} hits)",
            queries.len(),
            samples.p50()
        ))
        .note(
            "services::tickets::list with the page's search (500 newest matches, with SLA state) over every \
             ticket: the number, the subject through its trigram index, and the requester's name through the \
             people index.",
        ))
}

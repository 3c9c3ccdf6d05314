//! The funnel: people per lifecycle stage, deals per pipeline stage with stage-to-stage conversion, and the
//! weighted pipeline forecast.

use std::collections::BTreeMap;

use serde::Serialize;
use specta::Type;

use super::board::Amount;
use super::filter::{resolve, AnalyticsFilter, Resolved};
use super::orders::{amounts, ratio};
use super::scope;
use crate::domain::{Id, Lifecycle};
use crate::error::AppResult;
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct LifecycleShare {
    pub stage: Lifecycle,
    pub people: i64,
    /// people ÷ all people counted; None when there are none.
    pub share: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct StageFunnel {
    pub stage_id: Id,
    pub name: String,
    /// The stage's win probability in percent.
    pub probability: i32,
    pub open_deals: i64,
    pub open_value: Vec<Amount>,
    /// Deals that got at least this far: in this stage or a later one, or won.
    pub reached: i64,
    /// reached(next stage) ÷ reached(this stage); for the last stage, won ÷ reached.
    pub conversion: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct PipelineFunnel {
    pub pipeline_id: Id,
    pub name: String,
    pub stages: Vec<StageFunnel>,
    pub won_deals: i64,
    pub lost_deals: i64,
    /// won ÷ (won + lost); None before any deal closed.
    pub win_rate: Option<f64>,
    /// Σ open value × probability (the deal's own, else its stage's) ÷ 100, per currency.
    pub weighted_forecast: Vec<Amount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct FunnelReport {
    pub lifecycle: Vec<LifecycleShare>,
    pub pipelines: Vec<PipelineFunnel>,
}

const STAGES: [(Lifecycle, &str); 4] = [
    (Lifecycle::Lead, "lead"),
    (Lifecycle::Qualified, "qualified"),
    (Lifecycle::Customer, "customer"),
    (Lifecycle::Churned, "churned"),
];

/// Live people per lifecycle (`?1..?2` created, `?3` owner, `?4` the scope flag), from the covering index in
/// lifecycle order: no table row, no sort (a period reads the whole index too, which at 1M people is
/// cheaper than the rows a `people_created` range would fetch).
pub(super) const LIFECYCLE: &str = "SELECT lifecycle, COUNT(*) FROM people INDEXED BY people_analytics
    WHERE deleted_at IS NULL AND created_at >= ?1 AND created_at < ?2
      AND (?3 IS NULL OR owner = ?3) AND (?4 = 0 OR id IN (SELECT id FROM temp.analytics_scope))
    GROUP BY lifecycle";

/// Pipeline `?1`'s stages, and per stage, status and currency their deals (`?2..?3` created, `?4` owner, `?5`
/// the scope flag): count, value and probability-weighted value (×100). The deals are grouped in the
/// covering index's order (no table row, no sort), then joined to their stages; the weight Σ value × (own
/// probability, else the stage's) is split into the deals with their own probability and the stage's
/// probability × Σ value of the others: the same integer.
pub(super) const DEAL_STAGES: &str = "SELECT s.id, s.name, s.probability, a.status, a.currency, a.deals, a.value,
           a.weighted + a.unset * s.probability
    FROM stages s LEFT JOIN (
         SELECT d.stage_id, d.status, d.currency, COUNT(*) AS deals, SUM(d.value_minor) AS value,
                SUM(CASE WHEN d.probability IS NULL THEN 0 ELSE d.value_minor * d.probability END) AS weighted,
                SUM(CASE WHEN d.probability IS NULL THEN d.value_minor ELSE 0 END) AS unset
         FROM deals d INDEXED BY deals_analytics
         WHERE d.stage_id IN (SELECT id FROM stages WHERE pipeline_id = ?1) AND d.deleted_at IS NULL
           AND d.created_at >= ?2 AND d.created_at < ?3 AND (?4 IS NULL OR d.owner = ?4)
           AND (?5 = 0 OR d.person_id IN (SELECT id FROM temp.analytics_scope))
         GROUP BY d.stage_id, d.status, d.currency) a ON a.stage_id = s.id
    WHERE s.pipeline_id = ?1
    ORDER BY s.position, s.id";

/// People and deals created in the filter's period (all without one), with its owner and pipeline.
pub fn funnel_report(store: &Store, filter: &AnalyticsFilter) -> AppResult<FunnelReport> {
    let f = resolve(filter)?;
    let (start, end) = f.ms_bounds();
    let now = store.clock().now_ms();
    store.read(|conn| {
        let scoped = scope::prepare(conn, &f, now)?;
        let mut stmt = conn.prepare_cached(LIFECYCLE)?;
        let counts: Lifecycles = stmt
            .query_map((start, end, &f.owner, scoped), |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(FunnelReport { lifecycle: shares(&counts), pipelines: pipelines(conn, &f, scoped)? })
    })
}

/// People per lifecycle as stored: [`LIFECYCLE`]'s rows.
pub(super) type Lifecycles = BTreeMap<String, i64>;

/// Each stage's people and share of all the people counted.
pub(super) fn shares(counts: &Lifecycles) -> Vec<LifecycleShare> {
    let total: i64 = counts.values().sum();
    STAGES
        .iter()
        .map(|(stage, key)| {
            let people = counts.get(*key).copied().unwrap_or(0);
            LifecycleShare { stage: *stage, people, share: ratio(people, total) }
        })
        .collect()
}

/// The deal half of the funnel alone: the Dashboard takes the people per lifecycle from conversion's pass
/// over the same people (see `conversion::with_lifecycles`) instead of reading them twice.
pub(super) fn deal_funnels(store: &Store, filter: &AnalyticsFilter) -> AppResult<Vec<PipelineFunnel>> {
    let f = resolve(filter)?;
    let now = store.clock().now_ms();
    store.read(|conn| {
        let scoped = scope::prepare(conn, &f, now)?;
        pipelines(conn, &f, scoped)
    })
}

fn pipelines(conn: &rusqlite::Connection, f: &Resolved, scoped: bool) -> AppResult<Vec<PipelineFunnel>> {
    let (start, end) = f.ms_bounds();
    let mut pipes =
        conn.prepare_cached("SELECT id, name FROM pipelines WHERE ?1 IS NULL OR id = ?1 ORDER BY position, id")?;
    let list: Vec<(Id, String)> =
        pipes.query_map([f.pipeline_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
    let mut pipelines = Vec::with_capacity(list.len());
    for (id, name) in list {
        pipelines.push(pipeline(conn, id, name, (start, end), f.owner.as_deref(), scoped)?);
    }
    Ok(pipelines)
}

fn pipeline(
    conn: &rusqlite::Connection,
    pipeline_id: Id,
    name: String,
    (start, end): (i64, i64),
    owner: Option<&str>,
    scoped: bool,
) -> AppResult<PipelineFunnel> {
    let mut stmt = conn.prepare_cached(DEAL_STAGES)?;
    let mut rows = stmt.query((pipeline_id, start, end, owner, scoped))?;
    let mut stages: Vec<StageFunnel> = Vec::new();
    let (mut won, mut lost) = (0, 0);
    let mut at_or_after: Vec<i64> = Vec::new();
    let mut forecast_x100: BTreeMap<String, i64> = BTreeMap::new();
    let mut open_values: Vec<BTreeMap<String, i64>> = Vec::new();
    while let Some(r) = rows.next()? {
        let stage_id: Id = r.get(0)?;
        if stages.last().is_none_or(|s| s.stage_id != stage_id) {
            stages.push(StageFunnel {
                stage_id,
                name: r.get(1)?,
                probability: r.get(2)?,
                open_deals: 0,
                open_value: Vec::new(),
                reached: 0,
                conversion: None,
            });
            at_or_after.push(0);
            open_values.push(BTreeMap::new());
        }
        let (Some(status), Some(currency)) = (r.get::<_, Option<String>>(3)?, r.get::<_, Option<String>>(4)?) else {
            continue;
        };
        let (n, value, weighted): (i64, i64, i64) = (r.get(5)?, r.get(6)?, r.get(7)?);
        let last = stages.len() - 1;
        match status.as_str() {
            "open" => {
                stages[last].open_deals += n;
                *open_values[last].entry(currency.clone()).or_default() += value;
                *forecast_x100.entry(currency).or_default() += weighted;
                at_or_after[last] += n;
            }
            "won" => won += n,
            _ => {
                lost += n;
                at_or_after[last] += n;
            }
        }
    }
    // reached(i) = deals whose furthest stage is i or later, plus every won deal.
    let mut running = won;
    for i in (0..stages.len()).rev() {
        running += at_or_after[i];
        stages[i].reached = running;
    }
    for i in 0..stages.len() {
        let next = stages.get(i + 1).map_or(won, |s| s.reached);
        stages[i].conversion = ratio(next, stages[i].reached);
        stages[i].open_value = amounts(&open_values[i]);
    }
    let weighted: BTreeMap<String, i64> =
        forecast_x100.into_iter().map(|(c, v)| (c, super::revenue::div_round(v, 100))).collect();
    Ok(PipelineFunnel {
        pipeline_id,
        name,
        stages,
        won_deals: won,
        lost_deals: lost,
        win_rate: ratio(won, won + lost),
        weighted_forecast: amounts(&weighted),
    })
}

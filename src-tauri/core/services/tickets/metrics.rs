//! Support figures over a period, per agent, computed from the tickets' SLA state and stopped clocks as kept
//! per ticket (`sla_cache`; the exact definitions are in docs/support-metrics.md, "Support metrics").

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::super::calls;
use super::super::records::enum_str;
use super::super::sla::calendar::MINUTE;
use super::metrics_sql;
use super::sla_cache::{self, Stops};
use crate::clock::Millis;
use crate::domain::{
    AgeBucket, AgeCount, AgentFigures, Backlog, ChannelCount, DurationStats, MetricsFigure, MetricsQuery, Satisfaction,
    SlaShare, StatusCount, SupportMetrics, Ticket, TicketStatus, TypeCount,
};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::Store;

pub(super) const DAY: Millis = 24 * 60 * MINUTE;

/// The support figures for the days `from` to `to` (inclusive, UTC), optionally of one agent.
pub fn metrics(store: &Store, q: &MetricsQuery) -> AppResult<SupportMetrics> {
    compute(store, q, true)
}

/// `metrics` computed ticket by ticket (each ticket's SLA state and stopped clocks), not aggregated in SQL:
/// what `metrics` falls back to when the kept rows cannot give the figures, and the tests' reference.
pub fn metrics_by_ticket(store: &Store, q: &MetricsQuery) -> AppResult<SupportMetrics> {
    compute(store, q, false)
}

fn compute(store: &Store, q: &MetricsQuery, in_sql: bool) -> AppResult<SupportMetrics> {
    let (from, end) = period(q)?;
    let agent = q.agent.as_deref().map(str::trim).filter(|a| !a.is_empty());
    sla_cache::ensure(store)?;
    let now = store.clock().now_ms();
    let ((total, agents), calls) = store.read(|conn| {
        let aggregated = if in_sql { metrics_sql::figures(conn, (from, end), agent, now)? } else { None };
        let figures = match aggregated {
            Some(f) => f,
            None => by_ticket(conn, (from, end), agent, now)?,
        };
        Ok((figures, calls::metrics::figures(conn, (from, end), agent)?))
    })?;
    let f = total.figures();
    Ok(SupportMetrics {
        from: q.from.trim().to_owned(),
        to: q.to.trim().to_owned(),
        agent: agent.map(str::to_owned),
        breaching_soon: total.breaching_soon,
        breached_open: total.breached_open,
        breached: total.breached,
        backlog: total.backlog(),
        by_channel: total.channels.iter().map(|(&channel, &count)| ChannelCount { channel, count }).collect(),
        by_type: total.types.iter().map(|(&kind, &count)| TypeCount { kind, count }).collect(),
        opened: f.opened,
        resolved: f.resolved,
        first_response: f.first_response,
        resolution: f.resolution,
        sla: f.sla,
        satisfaction: f.satisfaction,
        agents: agents
            .into_iter()
            .filter(|(_, a)| a.active())
            .map(|(agent, a)| AgentFigures { agent, ..a.figures() })
            .collect(),
        calls,
    })
}

/// The figures from each ticket read with its SLA state (from its kept snapshot, or its events).
fn by_ticket(
    conn: &rusqlite::Connection,
    period: (Millis, Millis),
    agent: Option<&str>,
    now: Millis,
) -> AppResult<metrics_sql::Figures> {
    let mut total = Acc::default();
    let mut agents: BTreeMap<Option<String>, Acc> = BTreeMap::new();
    sla_cache::scan(conn, period, agent, now, |t, stops| {
        let facts = Facts::of(t, stops, period, now);
        total.add(t, &facts);
        agents.entry(t.assignee.clone()).or_default().add(t, &facts);
    })?;
    Ok((total, agents))
}

/// `[from 00:00, the day after to 00:00)` in UTC milliseconds.
fn period(q: &MetricsQuery) -> AppResult<(Millis, Millis)> {
    let day = |field: &'static str, s: &str| {
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| AppError::field(ErrorCode::InvalidValue, field, format!("{s:?} is not a date (YYYY-MM-DD)")))
    };
    let (from, to) = (day("from", &q.from)?, day("to", &q.to)?);
    if to < from {
        return Err(AppError::field(ErrorCode::OutOfRange, "to", "the period ends before it starts"));
    }
    let ms = |d: NaiveDate| d.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp_millis()).unwrap_or_default();
    Ok((ms(from), ms(to) + DAY))
}

/// What one ticket contributes.
struct Facts {
    opened: bool,
    /// Business ms to the first response, when that response lies in the period.
    first_response: Option<Option<i64>>,
    /// Business ms to the resolution, when the ticket was resolved in the period (and still is).
    resolution: Option<Option<i64>>,
    rating: Option<i32>,
    open: bool,
    age: Millis,
}

impl Facts {
    fn of(t: &Ticket, stops: &Stops, (from, end): (Millis, Millis), now: Millis) -> Facts {
        let inside = |at: Millis| at >= from && at < end;
        let resolved = stops.resolved;
        Facts {
            opened: inside(t.opened_at),
            first_response: stops.first_reply.filter(|&a| inside(a)).map(|_| stops.first_response_ms),
            resolution: resolved.filter(|&a| inside(a)).map(|_| stops.resolution_ms),
            rating: resolved.filter(|&a| inside(a)).and(t.satisfaction),
            open: !matches!(t.status, TicketStatus::Solved | TicketStatus::Closed),
            age: now - t.opened_at,
        }
    }
}

/// The figures of a set of tickets (all, or one agent's) as they are added up.
#[derive(Default)]
pub(super) struct Acc {
    pub(super) opened: i32,
    pub(super) resolved: i32,
    pub(super) first_response: Vec<i64>,
    pub(super) resolution: Vec<i64>,
    pub(super) sla: SlaShare,
    pub(super) ratings: Vec<i32>,
    pub(super) breaching_soon: i32,
    pub(super) breached_open: i32,
    pub(super) breached: i32,
    pub(super) statuses: BTreeMap<TicketStatus, i32>,
    pub(super) ages: [i32; 5],
    pub(super) channels: BTreeMap<crate::domain::TicketChannel, i32>,
    pub(super) types: BTreeMap<crate::domain::TicketType, i32>,
}

impl Acc {
    fn add(&mut self, t: &Ticket, f: &Facts) {
        if f.opened {
            self.opened += 1;
            *self.channels.entry(t.channel).or_default() += 1;
            *self.types.entry(t.kind).or_default() += 1;
            self.breached += i32::from(t.sla.breached);
        }
        self.first_response.extend(f.first_response.flatten());
        if let Some(ms) = f.resolution {
            self.resolved += 1;
            self.resolution.extend(ms);
            let s = &t.sla;
            if s.first_response_met.is_some() || s.next_reply_met.is_some() || s.resolution_met.is_some() {
                self.sla.measured += 1;
                self.sla.within += i32::from(!s.breached);
            }
        }
        self.ratings.extend(f.rating);
        if f.open {
            self.breaching_soon += i32::from(t.sla.breaching_soon);
            self.breached_open += i32::from(t.sla.breached);
            *self.statuses.entry(t.status).or_default() += 1;
            self.ages[age_bucket(f.age)] += 1;
        }
    }

    fn active(&self) -> bool {
        self.opened + self.resolved > 0 || !self.ratings.is_empty() || !self.statuses.is_empty()
    }

    fn backlog(&self) -> Backlog {
        const AGES: [AgeBucket; 5] = [
            AgeBucket::UnderDay,
            AgeBucket::Days1To3,
            AgeBucket::Days3To7,
            AgeBucket::Days7To30,
            AgeBucket::Over30Days,
        ];
        Backlog {
            total: self.statuses.values().sum(),
            by_status: self.statuses.iter().map(|(&status, &count)| StatusCount { status, count }).collect(),
            by_age: AGES.iter().zip(self.ages).map(|(&age, count)| AgeCount { age, count }).collect(),
        }
    }

    fn figures(&self) -> AgentFigures {
        let mut sla = self.sla.clone();
        sla.share = ratio(sla.within, sla.measured);
        AgentFigures {
            agent: None,
            opened: self.opened,
            resolved: self.resolved,
            first_response: stats(&self.first_response),
            resolution: stats(&self.resolution),
            sla,
            satisfaction: satisfaction(&self.ratings),
            backlog: self.statuses.values().sum(),
        }
    }
}

/// Index of the age bucket of an open ticket opened `age` ms ago.
fn age_bucket(age: Millis) -> usize {
    [DAY, 3 * DAY, 7 * DAY, 30 * DAY].iter().take_while(|&&limit| age >= limit).count()
}

fn ratio(part: i32, whole: i32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) / f64::from(whole))
}

/// Median and 90th percentile by the nearest-rank method, in whole business minutes (rounded down).
fn stats(ms: &[i64]) -> DurationStats {
    let mut v = ms.to_vec();
    v.sort_unstable();
    let rank = |p: usize| -> Option<i32> {
        let n = v.len();
        (n > 0).then(|| i32::try_from(v[(p * n).div_ceil(100).max(1) - 1] / MINUTE).unwrap_or(i32::MAX))
    };
    DurationStats { count: i32::try_from(v.len()).unwrap_or(i32::MAX), median_minutes: rank(50), p90_minutes: rank(90) }
}

fn satisfaction(ratings: &[i32]) -> Satisfaction {
    let count = i32::try_from(ratings.len()).unwrap_or(i32::MAX);
    let good = i32::try_from(ratings.iter().filter(|&&r| r >= 4).count()).unwrap_or(i32::MAX);
    let sum: i32 = ratings.iter().sum();
    Satisfaction { count, average: ratio(sum, count), share_good: ratio(good, count) }
}

/// One figure of the metrics as CSV (a header row, then one row per value).
pub fn csv(m: &SupportMetrics, figure: MetricsFigure) -> AppResult<String> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let n = |v: Option<i32>| v.map(|v| v.to_string()).unwrap_or_default();
    let f = |v: Option<f64>| v.map(|v| format!("{v:.4}")).unwrap_or_default();
    match figure {
        MetricsFigure::Summary => {
            push(&mut rows, ["figure", "value"]);
            let summary = [
                ("opened", m.opened.to_string()),
                ("resolved", m.resolved.to_string()),
                ("first_response_count", m.first_response.count.to_string()),
                ("first_response_median_minutes", n(m.first_response.median_minutes)),
                ("first_response_p90_minutes", n(m.first_response.p90_minutes)),
                ("resolution_count", m.resolution.count.to_string()),
                ("resolution_median_minutes", n(m.resolution.median_minutes)),
                ("resolution_p90_minutes", n(m.resolution.p90_minutes)),
                ("sla_measured", m.sla.measured.to_string()),
                ("sla_within", m.sla.within.to_string()),
                ("sla_share", f(m.sla.share)),
                ("breaching_soon", m.breaching_soon.to_string()),
                ("breached_open", m.breached_open.to_string()),
                ("breached", m.breached.to_string()),
                ("backlog", m.backlog.total.to_string()),
                ("satisfaction_count", m.satisfaction.count.to_string()),
                ("satisfaction_average", f(m.satisfaction.average)),
                ("satisfaction_share_good", f(m.satisfaction.share_good)),
            ];
            for (k, v) in summary {
                push(&mut rows, [k, v.as_str()]);
            }
        }
        MetricsFigure::Backlog => {
            push(&mut rows, ["group", "key", "count"]);
            for s in &m.backlog.by_status {
                push(&mut rows, ["status", &enum_str(&s.status), &s.count.to_string()]);
            }
            for a in &m.backlog.by_age {
                push(&mut rows, ["age", &enum_str(&a.age), &a.count.to_string()]);
            }
        }
        MetricsFigure::Channels => {
            push(&mut rows, ["channel", "count"]);
            for c in &m.by_channel {
                push(&mut rows, [enum_str(&c.channel), c.count.to_string()]);
            }
        }
        MetricsFigure::Types => {
            push(&mut rows, ["type", "count"]);
            for c in &m.by_type {
                push(&mut rows, [enum_str(&c.kind), c.count.to_string()]);
            }
        }
        MetricsFigure::Calls => rows = calls::metrics::csv_rows(&m.calls),
        MetricsFigure::Agents => {
            push(
                &mut rows,
                [
                    "agent",
                    "opened",
                    "resolved",
                    "first_response_median_minutes",
                    "first_response_p90_minutes",
                    "resolution_median_minutes",
                    "resolution_p90_minutes",
                    "sla_share",
                    "satisfaction_average",
                    "satisfaction_count",
                    "backlog",
                ],
            );
            for a in &m.agents {
                push(
                    &mut rows,
                    [
                        a.agent.clone().unwrap_or_default(),
                        a.opened.to_string(),
                        a.resolved.to_string(),
                        n(a.first_response.median_minutes),
                        n(a.first_response.p90_minutes),
                        n(a.resolution.median_minutes),
                        n(a.resolution.p90_minutes),
                        f(a.sla.share),
                        f(a.satisfaction.average),
                        a.satisfaction.count.to_string(),
                        a.backlog.to_string(),
                    ],
                );
            }
        }
    }
    let err = |e: &dyn std::fmt::Display| AppError::internal(format!("CSV: {e}"));
    let mut w = ::csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(&r).map_err(|e| err(&e))?;
    }
    String::from_utf8(w.into_inner().map_err(|e| err(&e))?).map_err(|e| err(&e))
}

fn push<S: AsRef<str>>(rows: &mut Vec<Vec<String>>, row: impl IntoIterator<Item = S>) {
    rows.push(row.into_iter().map(|s| s.as_ref().to_owned()).collect());
}

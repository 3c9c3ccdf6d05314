//! Call figures over a period, per agent (definitions in docs/support-metrics.md, "Calls"): calls, inbound
//! and outbound, share answered, average talk time and average waiting time.

use std::collections::BTreeMap;

use rusqlite::Connection;

use crate::clock::Millis;
use crate::domain::{CallFigures, CallMetrics, CallOutcome, Direction};
use crate::error::AppResult;
use crate::services::records::parse_opt_enum;

/// The live calls with `from <= occurred_at < end`, of one agent when given.
pub(crate) fn figures(conn: &Connection, (from, end): (Millis, Millis), agent: Option<&str>) -> AppResult<CallMetrics> {
    let mut stmt = conn.prepare_cached(
        "SELECT call_agent, direction, call_outcome, duration_secs, call_wait_secs FROM activities
         WHERE kind = 'call' AND deleted_at IS NULL AND occurred_at >= ?1 AND occurred_at < ?2
           AND (?3 IS NULL OR call_agent = ?3)",
    )?;
    let mut total = Acc::default();
    let mut agents: BTreeMap<Option<String>, Acc> = BTreeMap::new();
    let rows = stmt.query_map(rusqlite::params![from, end, agent], |r| {
        Ok(Call {
            agent: r.get(0)?,
            direction: parse_opt_enum(r.get(1)?)?,
            outcome: parse_opt_enum(r.get(2)?)?,
            talk: r.get(3)?,
            wait: r.get(4)?,
        })
    })?;
    for call in rows {
        let call = call?;
        total.add(&call);
        agents.entry(call.agent.clone()).or_default().add(&call);
    }
    // Named agents by name, then the calls nobody was recorded for.
    let (named, unnamed): (Vec<_>, Vec<_>) = agents.into_iter().partition(|(a, _)| a.is_some());
    Ok(CallMetrics {
        total: total.figures(None),
        agents: named.into_iter().chain(unnamed).map(|(agent, acc)| acc.figures(agent)).collect(),
    })
}

struct Call {
    agent: Option<String>,
    direction: Option<Direction>,
    outcome: Option<CallOutcome>,
    talk: Option<i64>,
    wait: Option<i64>,
}

#[derive(Default)]
struct Acc {
    calls: i32,
    inbound: i32,
    outbound: i32,
    with_outcome: i32,
    answered: i32,
    talk: (i64, i64),
    wait: (i64, i64),
}

impl Acc {
    fn add(&mut self, c: &Call) {
        self.calls += 1;
        self.inbound += i32::from(c.direction == Some(Direction::Inbound));
        self.outbound += i32::from(c.direction == Some(Direction::Outbound));
        self.with_outcome += i32::from(c.outcome.is_some());
        let answered = c.outcome == Some(CallOutcome::Answered);
        self.answered += i32::from(answered);
        if let (true, Some(t)) = (answered, c.talk) {
            self.talk = (self.talk.0 + t, self.talk.1 + 1);
        }
        if let (Some(Direction::Inbound), Some(w)) = (c.direction, c.wait) {
            self.wait = (self.wait.0 + w, self.wait.1 + 1);
        }
    }

    fn figures(&self, agent: Option<String>) -> CallFigures {
        CallFigures {
            agent,
            calls: self.calls,
            inbound: self.inbound,
            outbound: self.outbound,
            with_outcome: self.with_outcome,
            answered: self.answered,
            answered_share: (self.with_outcome > 0).then(|| f64::from(self.answered) / f64::from(self.with_outcome)),
            avg_talk_secs: mean(self.talk),
            avg_wait_secs: mean(self.wait),
        }
    }
}

/// The mean of (sum, count), rounded half up to whole seconds.
fn mean((sum, n): (i64, i64)) -> Option<i32> {
    (n > 0).then(|| i32::try_from((2 * sum + n) / (2 * n)).unwrap_or(i32::MAX))
}

/// The calls figure as CSV rows: a header, the total (scope `total`), then one row per agent.
pub(crate) fn csv_rows(m: &CallMetrics) -> Vec<Vec<String>> {
    let header = [
        "scope",
        "agent",
        "calls",
        "inbound",
        "outbound",
        "with_outcome",
        "answered",
        "answered_share",
        "avg_talk_secs",
        "avg_wait_secs",
    ];
    let n = |v: Option<i32>| v.map(|v| v.to_string()).unwrap_or_default();
    let row = |scope: &str, f: &CallFigures| {
        vec![
            scope.to_owned(),
            f.agent.clone().unwrap_or_default(),
            f.calls.to_string(),
            f.inbound.to_string(),
            f.outbound.to_string(),
            f.with_outcome.to_string(),
            f.answered.to_string(),
            f.answered_share.map(|v| format!("{v:.4}")).unwrap_or_default(),
            n(f.avg_talk_secs),
            n(f.avg_wait_secs),
        ]
    };
    let mut rows = vec![header.iter().map(|h| (*h).to_owned()).collect(), row("total", &m.total)];
    rows.extend(m.agents.iter().map(|a| row("agent", a)));
    rows
}

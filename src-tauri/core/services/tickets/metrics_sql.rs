//! The support figures aggregated in SQL over the kept SLA snapshots and the ticket fields kept next to them
//! (`ticket_sla`, migration 38): a few queries over index ranges (opened, answered, resolved in the period; the
//! open tickets) instead of reading every ticket of the period. What depends on "now" (a running clock past its
//! due time, breaching soon, the backlog's ages) is worked out at read time, in the queries or, for breaching
//! soon (business time to the due instant), in Rust over the open tickets with a running clock in time.
//! `metrics::metrics_by_ticket` computes the same figures ticket by ticket (tests/core/support_metrics_sql.rs
//! checks that they agree on random stores).

use std::collections::BTreeMap;

use rusqlite::{Connection, ToSql};

use super::super::records::parse_enum;
use super::super::sla::{clock, Rules};
use super::metrics::Acc;
use super::sla_cache::{self, cached_at, COLUMNS};
use crate::clock::Millis;
use crate::error::AppResult;

/// Whether the row is breached at `?1` (now): a clock stopped late, or one not stopped is past its due time.
const LATE: &str = "CASE WHEN s.late_from <= ?1 THEN 1 ELSE 0 END";
/// Whether the row has an SLA verdict at `?1` (some clock's `*_met` is not null).
const MEASURED: &str = "CASE WHEN s.verdict_from <= ?1 THEN 1 ELSE 0 END";
const OPEN: &str = "s.status IN ('new', 'open', 'pending', 'on_hold')";
/// Whether the row is of the agent `?2` (all rows when null).
const OF_AGENT: &str = "(?2 IS NULL OR s.assignee = ?2)";

pub(super) type Figures = (Acc, BTreeMap<Option<String>, Acc>);

/// The figures for `[from, end)`, or None when the kept rows cannot give them (not computed under the current
/// rules, a ticket without its row, a row newer than `now`): the caller then computes them ticket by ticket.
pub(super) fn figures(
    conn: &Connection,
    (from, end): (Millis, Millis),
    agent: Option<&str>,
    now: Millis,
) -> AppResult<Option<Figures>> {
    let rules = Rules::load(conn)?;
    if !sla_cache::current(conn, &rules)? || !complete(conn, now)? {
        return Ok(None);
    }
    let mut total = Acc::default();
    let mut agents: BTreeMap<Option<String>, Acc> = BTreeMap::new();
    let mut both = |who: Option<String>, f: &mut dyn FnMut(&mut Acc)| {
        f(&mut total);
        f(agents.entry(who).or_default());
    };
    let period: [&dyn ToSql; 4] = [&now, &agent, &from, &end];
    let sql = format!(
        "SELECT s.assignee, s.channel, s.type, COUNT(*), SUM({LATE}) FROM ticket_sla s
         WHERE s.opened_at >= ?3 AND s.opened_at < ?4 AND {OF_AGENT} GROUP BY 1, 2, 3"
    );
    each(conn, &sql, &period, |r| {
        let (channel, kind) = (parse_enum(&r.get::<_, String>(1)?)?, parse_enum(&r.get::<_, String>(2)?)?);
        let (n, late): (i32, i32) = (r.get(3)?, r.get(4)?);
        both(r.get(0)?, &mut |a| {
            a.opened += n;
            a.breached += late;
            *a.channels.entry(channel).or_default() += n;
            *a.types.entry(kind).or_default() += n;
        });
        Ok(())
    })?;
    let sql = format!(
        "SELECT s.assignee, s.res_ms, {MEASURED}, {LATE}, s.rating FROM ticket_sla s
         WHERE s.resolved_at >= ?3 AND s.resolved_at < ?4 AND {OF_AGENT}"
    );
    each(conn, &sql, &period, |r| {
        let (ms, measured, late, rating): (Option<i64>, bool, bool, Option<i32>) =
            (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        both(r.get(0)?, &mut |a| {
            a.resolved += 1;
            a.resolution.extend(ms);
            a.sla.measured += i32::from(measured);
            a.sla.within += i32::from(measured && !late);
            a.ratings.extend(rating);
        });
        Ok(())
    })?;
    let sql = format!(
        "SELECT s.assignee, s.fr_ms FROM ticket_sla s
         WHERE s.fr_at >= ?3 AND s.fr_at < ?4 AND s.fr_ms IS NOT NULL AND {OF_AGENT}"
    );
    each(conn, &sql, &period, |r| {
        let ms: i64 = r.get(1)?;
        both(r.get(0)?, &mut |a| a.first_response.push(ms));
        Ok(())
    })?;
    let day = super::metrics::DAY;
    let sql = format!(
        "SELECT s.assignee, s.status, CASE WHEN ?1 - s.opened_at < {day} THEN 0 WHEN ?1 - s.opened_at < 3 * {day}
         THEN 1 WHEN ?1 - s.opened_at < 7 * {day} THEN 2 WHEN ?1 - s.opened_at < 30 * {day} THEN 3 ELSE 4 END,
         COUNT(*), SUM({LATE}) FROM ticket_sla s WHERE {OPEN} AND {OF_AGENT} GROUP BY 1, 2, 3"
    );
    each(conn, &sql, &period, |r| {
        let (status, age, n, late): (String, u8, i32, i32) = (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        let status = parse_enum(&status)?;
        both(r.get(0)?, &mut |a| {
            *a.statuses.entry(status).or_default() += n;
            a.ages[usize::from(age)] += n;
            a.breached_open += late;
        });
        Ok(())
    })?;
    // Breaching soon: only an open ticket with a clock running and not yet due can be.
    let sql = format!(
        "SELECT s.assignee, {COLUMNS} FROM ticket_sla s WHERE {OPEN} AND {OF_AGENT} AND s.soon_from <= ?1
         AND s.run_until >= ?1"
    );
    let mut unknown = false;
    each(conn, &sql, &period, |r| {
        let Some(c) = cached_at(r, 1)? else { return Ok(()) };
        match c.snap.policy.as_deref().map(|p| rules.named(p)) {
            Some(Some((_, cal))) if c.snap.breaching_soon(cal, now, clock::WARNING_MINUTES) => {
                both(r.get(0)?, &mut |a| a.breaching_soon += 1)
            }
            Some(None) => unknown = true,
            _ => {}
        }
        Ok(())
    })?;
    Ok((!unknown).then_some((total, agents)))
}

/// Whether every ticket has its kept row and none is newer than `now`.
fn complete(conn: &Connection, now: Millis) -> AppResult<bool> {
    let sql = "SELECT (SELECT COUNT(*) FROM tickets) = (SELECT COUNT(*) FROM ticket_sla)
        AND COALESCE((SELECT MAX(valid_from) FROM ticket_sla), 0) <= ?1";
    Ok(conn.prepare_cached(sql)?.query_row([now], |r| r.get(0))?)
}

/// Runs `sql` with the first of `params` it takes, passing each row to `f`.
fn each(
    conn: &Connection,
    sql: &str,
    params: &[&dyn ToSql],
    mut f: impl FnMut(&rusqlite::Row) -> rusqlite::Result<()>,
) -> AppResult<()> {
    let mut stmt = conn.prepare_cached(sql)?;
    // The queries number now, agent, from and end alike; each binds those up to the last it uses.
    let n = stmt.parameter_count();
    let mut rows = stmt.query(&params[..n])?;
    while let Some(r) = rows.next()? {
        f(r)?;
    }
    Ok(())
}

//! The support figures aggregated in SQL over the kept SLA snapshots and the ticket fields kept next to them
//! (`ticket_sla`, migration 38): a few queries over index ranges (opened, answered, resolved in the period; the
//! open tickets) instead of reading every ticket of the period. What depends on "now" (a running clock past its
//! due time, breaching soon, the backlog's ages) is worked out at read time, in the queries or, for breaching
//! soon (business time to the due instant), in Rust over the open tickets with a running clock in time.
//! `metrics::metrics_by_ticket` computes the same figures ticket by ticket (tests/core/support_metrics_sql.rs
//! checks that they agree on random stores).

use std::collections::{BTreeMap, HashMap};

use rusqlite::{Connection, OptionalExtension, ToSql};

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
        "SELECT s.assignee, s.channel, s.type, s.late_from FROM ticket_sla s
         WHERE s.opened_at >= ?3 AND s.opened_at < ?4 AND {OF_AGENT}"
    );
    for g in opened(conn, &sql, &period, now)? {
        let (channel, kind) = (parse_enum(&g.channel)?, parse_enum(&g.kind)?);
        both(g.assignee, &mut |a| {
            a.opened += g.n;
            a.breached += g.late;
            *a.channels.entry(channel).or_default() += g.n;
            *a.types.entry(kind).or_default() += g.n;
        });
    }
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

/// Whether every ticket has its kept row (the count of missing rows the triggers keep, not a count of both
/// tables) and none is newer than `now`.
fn complete(conn: &Connection, now: Millis) -> AppResult<bool> {
    let sql = "SELECT m.rows_missing = 0 AND COALESCE((SELECT MAX(valid_from) FROM ticket_sla), 0) <= ?1
        FROM ticket_sla_meta m WHERE m.id = 1";
    Ok(conn.prepare_cached(sql)?.query_row([now], |r| r.get(0)).optional()?.unwrap_or(false))
}

/// The tickets opened in a period of one agent, channel and type, and how many of them are breached.
struct Opened {
    assignee: Option<String>,
    channel: String,
    kind: String,
    n: i32,
    late: i32,
}

/// The groups of `sql`'s rows (assignee, channel, type, late_from), grouped here while they are read in the
/// order of the covering index `ticket_sla_opened`: a GROUP BY sorted the quarter's 50,000 index entries into
/// its few hundred groups first, most of the figures' time at 1M. The key is the three texts as bytes, so a
/// row costs a hash lookup and no allocation.
fn opened(conn: &Connection, sql: &str, params: &[&dyn ToSql], now: Millis) -> AppResult<Vec<Opened>> {
    let text = |r: &rusqlite::Row, i| -> rusqlite::Result<Option<String>> {
        Ok(r.get_ref(i)?.as_bytes_or_null()?.map(|b| String::from_utf8_lossy(b).into_owned()))
    };
    let (mut groups, mut index, mut key) = (Vec::<Opened>::new(), HashMap::<Vec<u8>, usize>::new(), Vec::new());
    each(conn, sql, params, |r| {
        key.clear();
        for i in 0..3 {
            match r.get_ref(i)?.as_bytes_or_null()? {
                Some(b) => {
                    key.push(1);
                    key.extend_from_slice(b);
                    key.push(0);
                }
                None => key.push(2),
            }
        }
        let late = i32::from(r.get::<_, Option<i64>>(3)?.is_some_and(|t| t <= now));
        let at = match index.get(key.as_slice()) {
            Some(&at) => at,
            None => {
                let (channel, kind) = (text(r, 1)?.unwrap_or_default(), text(r, 2)?.unwrap_or_default());
                groups.push(Opened { assignee: text(r, 0)?, channel, kind, n: 0, late: 0 });
                index.insert(key.clone(), groups.len() - 1);
                groups.len() - 1
            }
        };
        groups[at].n += 1;
        groups[at].late += late;
        Ok(())
    })?;
    Ok(groups)
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

//! The `ticket_sla` table: each ticket's SLA snapshot (`sla::snapshot`), a cache of what its clocks are as of
//! its latest event. Triggers drop a ticket's row when its events or SLA-relevant fields change (whoever
//! writes them); the service writes it again in the same transaction (`refresh`), team sync after a pull,
//! and a read computes a missing row from the events. `ticket_sla_meta` holds the `Rules::generation` the
//! rows were computed under: when policies or calendars change, the rows are stale as a whole and the next
//! ticket list or support figure fills them all again (`ensure`).

use rusqlite::{Connection, OptionalExtension, Row};

use super::super::sla::snapshot::{self, ClockRun, ClockSnap, Snapshot};
use super::super::sla::{clock, Rules};
use super::read::{complete_with, events_of, from_row, policy_of, LEAN, LEAN_WITH_COMPANY, SCAN_IDS};
use super::read::{rating, SNAPSHOT_EVENT_COLUMNS};
use crate::clock::Millis;
use crate::domain::{Id, Ticket, TicketEventKind};
use crate::error::AppResult;
use crate::store::Store;

/// The kept columns, as read next to a ticket's (`cached_at` maps them).
pub(super) const COLUMNS: &str = "s.ticket_id, s.valid_from, s.policy, s.calendar, s.fr_run, s.fr_due, s.fr_at, \
    s.nr_run, s.nr_due, s.nr_at, s.res_run, s.res_due, s.resolved_at, s.paused, s.paused_ms, s.since, s.breached, \
    s.attention_at, s.fr_ms, s.res_ms, s.rating, s.rating_comment";
pub(super) const JOIN: &str = "LEFT JOIN ticket_sla s ON s.ticket_id = t.id";
/// The tickets without a kept row, counted (what `ticket_sla_meta.rows_missing` keeps up to date).
const MISSING_ROWS: &str = "(SELECT COUNT(*) FROM tickets) - (SELECT COUNT(*) FROM ticket_sla)";
/// How many tickets a rebuild computes at a time.
const CHUNK: usize = 2000;

/// A kept row: the snapshot and the latest satisfaction rating.
#[derive(Debug, Clone, PartialEq)]
pub struct Cached {
    pub snap: Snapshot,
    pub rating: Option<i32>,
    pub comment: Option<String>,
}

/// The kept row whose `COLUMNS` start at `o` (None: the ticket has none).
pub(super) fn cached_at(r: &Row, o: usize) -> rusqlite::Result<Option<Cached>> {
    if r.get::<_, Option<Id>>(o)?.is_none() {
        return Ok(None);
    }
    let clock = |i: usize| -> rusqlite::Result<Option<ClockSnap>> {
        let run = r.get::<_, Option<i64>>(o + i)?.and_then(ClockRun::from_i64);
        let due: Option<i64> = r.get(o + i + 1)?;
        Ok(run.map(|run| ClockSnap { run, due }))
    };
    let snap = Snapshot {
        valid_from: r.get(o + 1)?,
        policy: r.get(o + 2)?,
        calendar: r.get(o + 3)?,
        first_response: clock(4)?,
        first_response_at: r.get(o + 6)?,
        next_reply: clock(7)?,
        next_reply_at: r.get(o + 9)?,
        resolution: clock(10)?,
        resolved_at: r.get(o + 12)?,
        paused: r.get(o + 13)?,
        paused_ms: r.get(o + 14)?,
        since: r.get(o + 15)?,
        breached: r.get(o + 16)?,
        attention_at: r.get(o + 17)?,
        first_response_ms: r.get(o + 18)?,
        resolution_ms: r.get(o + 19)?,
    };
    Ok(Some(Cached { snap, rating: r.get(o + 20)?, comment: r.get(o + 21)? }))
}

/// Keeps a ticket's row, with the ticket's own fields the support figures group by and the instants from
/// which it counts as breached, has a verdict and may be breaching soon (`metrics_sql`).
fn write(tx: &Connection, rules: &Rules, id: Id, c: &Cached) -> AppResult<()> {
    let s = &c.snap;
    let run = |c: &Option<ClockSnap>| c.map(|c| c.run as i64);
    let due = |c: &Option<ClockSnap>| c.and_then(|c| c.due);
    let cal = s.policy.as_deref().and_then(|p| rules.named(p)).map(|(_, cal)| cal);
    let soon = cal.and_then(|cal| s.soon_span(cal, clock::WARNING_MINUTES));
    // Deleted and inserted, not replaced: the triggers that count the missing rows see both (migration 42).
    tx.prepare_cached("DELETE FROM ticket_sla WHERE ticket_id = ?1")?.execute([id])?;
    tx.prepare_cached(
        "INSERT INTO ticket_sla (ticket_id, valid_from, policy, calendar, fr_run, fr_due, fr_at, nr_run,
         nr_due, nr_at, res_run, res_due, resolved_at, paused, paused_ms, since, breached, attention_at, fr_ms,
         res_ms, rating, rating_comment, late_from, verdict_from, soon_from, run_until, opened_at, status, assignee,
         channel, type)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,
         ?23, ?24, ?25, ?26, t.opened_at, t.status, t.assignee, t.channel, t.type FROM tickets t WHERE t.id = ?1",
    )?
    .execute(rusqlite::params![
        id,
        s.valid_from,
        s.policy,
        s.calendar,
        run(&s.first_response),
        due(&s.first_response),
        s.first_response_at,
        run(&s.next_reply),
        due(&s.next_reply),
        s.next_reply_at,
        run(&s.resolution),
        due(&s.resolution),
        s.resolved_at,
        s.paused,
        s.paused_ms,
        s.since,
        s.breached,
        s.attention_at,
        s.first_response_ms,
        s.resolution_ms,
        c.rating,
        c.comment,
        s.late_from(),
        s.verdict_from(),
        soon.map(|s| s.0),
        soon.map(|s| s.1),
    ])?;
    Ok(())
}

/// Whether the kept rows were computed under `rules`.
pub(super) fn current(conn: &Connection, rules: &Rules) -> AppResult<bool> {
    let generation: Option<i64> = conn
        .prepare_cached("SELECT generation FROM ticket_sla_meta WHERE id = 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    Ok(generation == Some(rules.generation()))
}

/// Computes and keeps the rows of the tickets `ids`, inside the caller's transaction (after a write to them).
pub(crate) fn refresh(tx: &Connection, ids: &[Id]) -> AppResult<()> {
    let rules = Rules::load(tx)?;
    if current(tx, &rules)? {
        for (id, c) in snapshots(tx, &rules, ids)? {
            write(tx, &rules, id, &c)?;
        }
    } else {
        // The kept rows are under other rules, so this ticket's row (already dropped by the write's trigger)
        // is not written now. Say that rows are missing: the rules can come back to the very definitions the
        // rows were kept under (a calendar changed and changed back), and the next read must not then take
        // the rows as complete.
        tx.execute("UPDATE ticket_sla_meta SET missing = 1", [])?;
    }
    Ok(())
}

/// Computes every ticket's row again under the current rules.
pub(crate) fn rebuild(tx: &Connection) -> AppResult<usize> {
    let rules = Rules::load(tx)?;
    // Without the meta row the counting triggers have nothing to move while every row is written again.
    tx.execute("DELETE FROM ticket_sla_meta", [])?;
    tx.execute("DELETE FROM ticket_sla", [])?;
    let ids: Vec<Id> = tx.prepare("SELECT id FROM tickets")?.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    for chunk in ids.chunks(CHUNK) {
        for (id, c) in snapshots(tx, &rules, chunk)? {
            write(tx, &rules, id, &c)?;
        }
    }
    tx.execute(
        &format!("INSERT INTO ticket_sla_meta (id, generation, rows_missing) VALUES (1, ?1, {MISSING_ROWS})"),
        [rules.generation()],
    )?;
    Ok(ids.len())
}

/// Whether the rows are in order: computed under the current rules, none marked or counted missing (a writer
/// that drops rows without writing them again: team sync, an import, a change of a company's tags).
fn in_order(conn: &Connection) -> AppResult<bool> {
    let meta: Option<(i64, bool, i64)> = conn
        .prepare_cached("SELECT generation, missing, rows_missing FROM ticket_sla_meta WHERE id = 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    Ok(meta.is_some_and(|(g, missing, rows)| {
        !missing && rows == 0 && g == Rules::load(conn).map_or(0, |r| r.generation())
    }))
}

/// Fills the kept rows when they were computed under other policies or calendars (or never: after the
/// upgrade that added them, a restore, or a store the bench generator wrote), or some are missing.
pub fn ensure(store: &Store) -> AppResult<()> {
    if store.read(in_order)? {
        return Ok(());
    }
    let started = std::time::Instant::now();
    let n = store.write(|tx| {
        if !current(tx, &Rules::load(tx)?)? {
            return rebuild(tx);
        }
        let missing: Vec<Id> = tx
            .prepare("SELECT id FROM tickets WHERE id NOT IN (SELECT ticket_id FROM ticket_sla)")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for chunk in missing.chunks(CHUNK) {
            refresh(tx, chunk)?;
        }
        tx.execute(&format!("UPDATE ticket_sla_meta SET missing = 0, rows_missing = {MISSING_ROWS}"), [])?;
        Ok(missing.len())
    })?;
    tracing::info!(tickets = n, ms = started.elapsed().as_millis() as u64, "ticket SLA snapshots computed");
    Ok(())
}

/// When a ticket's first-response and resolution clocks stopped and how much business time they ran: what
/// the support figures read of a ticket beyond its SLA state.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Stops {
    pub first_reply: Option<Millis>,
    pub resolved: Option<Millis>,
    pub first_response_ms: Option<i64>,
    pub resolution_ms: Option<i64>,
}

/// Completes tickets read with their kept snapshot (`cached`: the snapshots are current for these rules):
/// from the snapshot where it holds, from the events (read for those tickets only) where it is missing or
/// a ticket has events after `now`.
pub(super) fn complete_rows(
    conn: &Connection,
    rules: &Rules,
    cached: bool,
    rows: Vec<(Ticket, Option<Cached>)>,
    now: Millis,
) -> AppResult<Vec<(Ticket, Stops)>> {
    let mut out = Vec::with_capacity(rows.len());
    let mut missing = Vec::new();
    for (mut t, c) in rows {
        match c.filter(|c| cached && now >= c.snap.valid_from) {
            Some(c) if from_snapshot(rules, &mut t, &c, now) => {
                let s = &c.snap;
                let stops = Stops {
                    first_reply: s.first_response_at,
                    resolved: s.resolved_at,
                    first_response_ms: s.first_response_ms,
                    resolution_ms: s.resolution_ms,
                };
                out.push((t, stops));
            }
            _ => {
                missing.push(out.len());
                out.push((t, Stops::default()));
            }
        }
    }
    if missing.is_empty() {
        return Ok(out);
    }
    let tickets: Vec<Ticket> = missing.iter().map(|&i| out[i].0.clone()).collect();
    let mut events = events_of(conn, &tickets, SNAPSHOT_EVENT_COLUMNS)?;
    for i in missing {
        let (t, stops) = &mut out[i];
        let evs = events.remove(&t.id).unwrap_or_default();
        let policy = policy_of(conn, rules, t)?;
        complete_with(policy, t, &evs, now);
        let (first_response_ms, resolution_ms) =
            policy.map_or((None, None), |p| clock::stopped_durations(p, t.opened_at, &evs, now));
        let first_reply = evs.iter().find(|e| e.kind == TicketEventKind::Reply && e.at <= now).map(|e| e.at);
        *stops = Stops { first_reply, resolved: clock::resolved_at(&evs, now), first_response_ms, resolution_ms };
    }
    Ok(out)
}

/// Completes a ticket from its snapshot; false when the snapshot names a policy the rules no longer have.
fn from_snapshot(rules: &Rules, t: &mut Ticket, c: &Cached, now: Millis) -> bool {
    match c.snap.policy.as_deref().map(|p| rules.named(p)) {
        None => t.sla = Default::default(),
        Some(None) => return false,
        Some(Some((_, cal))) => t.sla = c.snap.state_at(cal, now, clock::WARNING_MINUTES),
    }
    (t.satisfaction, t.satisfaction_comment) = (c.rating, c.comment.clone());
    true
}

/// The snapshots of the tickets `ids`, with their latest rating and its comment.
pub(super) fn snapshots(conn: &Connection, rules: &Rules, ids: &[Id]) -> AppResult<Vec<(Id, Cached)>> {
    let (columns, from_clause) = if rules.reads_company_tags() { LEAN_WITH_COMPANY } else { LEAN };
    let sql = format!("SELECT {columns} FROM {from_clause} WHERE t.id IN (SELECT value FROM json_each(?1))");
    let tickets: Vec<Ticket> = conn
        .prepare_cached(&sql)?
        .query_map([serde_json::to_string(ids)?], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let mut events = events_of(conn, &tickets, SNAPSHOT_EVENT_COLUMNS)?;
    let mut out = Vec::with_capacity(tickets.len());
    for t in &tickets {
        let evs = events.remove(&t.id).unwrap_or_default();
        let snap = snapshot::snapshot(policy_of(conn, rules, t)?, t.priority, t.opened_at, &evs);
        let (rating, comment) = rating(&evs);
        out.push((t.id, Cached { snap, rating, comment }));
    }
    Ok(out)
}

/// `scan` for the support figures: the tickets' SLA state from their kept snapshots (from the events only
/// where one is missing), with when their clocks stopped.
pub(super) fn scan(
    conn: &Connection,
    (from, end): (Millis, Millis),
    assignee: Option<&str>,
    now: Millis,
    mut f: impl FnMut(&Ticket, &Stops),
) -> AppResult<()> {
    let rules = Rules::load(conn)?;
    let cached = current(conn, &rules)?;
    let (columns, from_clause) = if rules.reads_company_tags() { LEAN_WITH_COMPANY } else { LEAN };
    let sql = format!(
        "SELECT {columns}, {} FROM {from_clause} {} WHERE t.id IN ({SCAN_IDS}) AND (?3 IS NULL OR t.assignee = ?3)",
        COLUMNS, JOIN
    );
    let rows = conn
        .prepare(&sql)?
        .query_map(rusqlite::params![from, end, assignee], |r| Ok((from_row(r)?, cached_at(r, 18)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (t, stops) in complete_rows(conn, &rules, cached, rows, now)? {
        f(&t, &stops);
    }
    Ok(())
}

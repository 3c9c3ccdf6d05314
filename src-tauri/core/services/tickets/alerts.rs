//! Breach warnings: a ticket clock that falls due within the warning window (30 business minutes) is
//! announced to its assignee once, and a clock that ran past its target is marked as breached (and
//! announced, when no warning was). The reminder scheduler runs `sweep` on every pass (at least once a
//! minute) and shows what it returns as native notifications.
//!
//! Once: a warning is recorded in `ticket_alerts` in the same committed transaction that decides to send
//! it, keyed by ticket, clock and kind, so a restart, a second process or a killed app never sends it again.
//! (A kill between that commit and the popup loses the popup; the ticket list still shows the badge.)
//! No pings at night: a ticket's alerts wait until it is business time in its SLA calendar, and one still
//! due then is sent then. Whose: with a user name in the settings, the tickets assigned to that name
//! (case-insensitive); without one, every ticket (a desktop with one user).

use rusqlite::{params, Connection};

use super::super::records::enum_str;
use super::super::settings;
use super::super::sla::calendar::MINUTE;
use super::super::sla::clock::{self, ClockState, WARNING_MINUTES};
use super::read;
use crate::clock::Millis;
use crate::domain::{AlertKind, BreachAlert, Id};
use crate::error::AppResult;
use crate::store::Store;

/// A breach older than this is marked but not announced (an imported history, or an app long closed).
pub const ANNOUNCE_BREACHES_WITHIN_MS: Millis = 24 * 60 * MINUTE;

struct Found {
    ticket_id: Id,
    number: String,
    subject: String,
    assignee: Option<String>,
    clock: ClockState,
    minutes_left: i32,
    /// It is business time now in the ticket's calendar.
    working: bool,
}

/// Marks new breaches and returns the warnings and breaches to announce now, each claimed once.
pub fn sweep(store: &Store) -> AppResult<Vec<BreachAlert>> {
    let now = store.clock().now_ms();
    let me = settings::get(store)?.user_name.map(|n| n.trim().to_lowercase()).filter(|n| !n.is_empty());
    store.write(|tx| {
        let mut found = Vec::new();
        read::scan(tx, None, None, now, |t, events, policy| {
            let Some(p @ (_, cal)) = policy else { return };
            let working = cal.business_ms(now, now + 1) > 0;
            for c in clock::clock_states(p, t.priority, t.opened_at, events, now, WARNING_MINUTES) {
                if c.breached || c.soon {
                    let left = c.due.filter(|&d| d > now).map_or(0, |d| cal.business_ms(now, d) / MINUTE);
                    found.push(Found {
                        ticket_id: t.id,
                        number: t.number.clone(),
                        subject: t.subject.clone(),
                        assignee: t.assignee.clone(),
                        clock: c,
                        minutes_left: i32::try_from(left).unwrap_or(i32::MAX),
                        working,
                    });
                }
            }
        })?;
        let mut out = Vec::new();
        for f in found {
            let mine = me.as_ref().is_none_or(|me| f.assignee.as_ref().is_some_and(|a| a.trim().to_lowercase() == *me));
            if let Some(kind) = claim(tx, &f, mine && f.working, now)? {
                out.push(BreachAlert {
                    ticket_id: f.ticket_id,
                    number: f.number,
                    subject: f.subject,
                    assignee: f.assignee,
                    target: f.clock.target,
                    kind,
                    due_at: f.clock.due.unwrap_or(now),
                    minutes_left: f.minutes_left,
                });
            }
        }
        Ok(out)
    })
}

/// Records what `f` calls for and returns the kind to announce, if any: a breach is always marked; a
/// warning, or a recent breach whose clock had no warning, is announced when `notify` and not before.
fn claim(tx: &Connection, f: &Found, notify: bool, now: Millis) -> AppResult<Option<AlertKind>> {
    let c = &f.clock;
    let (target, due) = (enum_str(&c.target), c.due.unwrap_or(now));
    let insert = "INSERT OR IGNORE INTO ticket_alerts (ticket_id, target, clock_start, kind, due_at, assignee,
                  marked_at, notified_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
    if c.breached {
        tx.prepare_cached(insert)?.execute(params![
            f.ticket_id,
            target,
            c.start,
            "breach",
            due,
            f.assignee,
            now,
            None::<Millis>
        ])?;
        if !notify || due < now - ANNOUNCE_BREACHES_WITHIN_MS {
            return Ok(None);
        }
        let claimed = tx
            .prepare_cached(
                "UPDATE ticket_alerts SET notified_at = ?4 WHERE ticket_id = ?1 AND target = ?2 AND clock_start = ?3
                 AND kind = 'breach' AND notified_at IS NULL AND NOT EXISTS (SELECT 1 FROM ticket_alerts w
                 WHERE w.ticket_id = ?1 AND w.target = ?2 AND w.clock_start = ?3 AND w.kind = 'warning')",
            )?
            .execute(params![f.ticket_id, target, c.start, now])?;
        return Ok((claimed == 1).then_some(AlertKind::Breach));
    }
    if !notify {
        return Ok(None);
    }
    let claimed = tx.prepare_cached(insert)?.execute(params![
        f.ticket_id,
        target,
        c.start,
        "warning",
        due,
        f.assignee,
        now,
        now
    ])?;
    Ok((claimed == 1).then_some(AlertKind::Warning))
}

/// How many breaches were marked from `from` (inclusive) to `to` (exclusive).
pub fn breaches_marked(store: &Store, from: Millis, to: Millis) -> AppResult<i64> {
    store.read(|conn| {
        Ok(conn
            .prepare_cached(
                "SELECT COUNT(*) FROM ticket_alerts WHERE kind = 'breach' AND marked_at >= ?1 AND marked_at < ?2",
            )?
            .query_row([from, to], |r| r.get(0))?)
    })
}

//! When the outbox may send next: an account's per-minute and per-day limits, and the earliest instant
//! anything waiting (and not held by a paused campaign) is due.

use rusqlite::{params, Connection};

use super::accounts;
use super::outbox::HELD;
use crate::clock::Millis;
use crate::domain::{Id, MailAccount};
use crate::error::AppResult;

const MINUTE: Millis = 60_000;
const DAY: Millis = 24 * 60 * MINUTE;

/// When the account may send again, if it has reached its per-minute or per-day limit at `now`.
pub fn rate_limited_until(conn: &Connection, account: &MailAccount, now: Millis) -> AppResult<Option<Millis>> {
    let window = |span: Millis, limit: u32| -> AppResult<Option<Millis>> {
        // The sends in the window, newest first; with `limit` of them, the limit-th newest leaving frees one.
        let times: Vec<Millis> = conn
            .prepare_cached(
                "SELECT sent_at FROM outbox WHERE account_id = ?1 AND sent_at > ?2 ORDER BY sent_at DESC LIMIT ?3",
            )?
            .query_map(params![account.id, now - span, limit], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok((times.len() as u64 >= u64::from(limit)).then(|| times.last().map_or(now, |t| t + span)))
    };
    let minute = window(MINUTE, account.per_minute)?;
    let day = window(DAY, account.per_day)?;
    Ok(match (minute, day) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    })
}

/// When something in the outbox may next be sent: per account the later of its earliest due message and the
/// end of its rate limit, and the earliest of those. `None` when nothing waits (held messages of a paused
/// campaign do not count: the sender sleeps until a resume pokes it).
pub fn next_due(conn: &Connection, now: Millis) -> AppResult<Option<Millis>> {
    let waiting: Vec<(Id, Millis)> = conn
        .prepare_cached(&format!(
            "SELECT account_id, min(next_attempt_at) FROM outbox WHERE status IN ('queued', 'sending')
                AND NOT {HELD}
             GROUP BY account_id"
        ))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut next: Option<Millis> = None;
    for (account_id, due) in waiting {
        let account = accounts::load(conn, account_id)?;
        let at = match rate_limited_until(conn, &account, now)? {
            Some(until) => until.max(due),
            None => due,
        };
        next = Some(next.map_or(at, |n| n.min(at)));
    }
    Ok(next)
}

//! Reminder delivery state and recurring series.
//!
//! A task's reminder instant is `remind_at` when set, else `due_at`. It is pending while the task is open,
//! not trashed and `notified_at` is NULL. Delivery is claimed with a conditional update in one transaction
//! (`mark_delivered`), so however many schedulers or processes race, each reminder is delivered once.

use chrono::{DateTime, NaiveDateTime};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension};

use super::recurrence::{self, Rule};
use super::tasks::{self, COLUMNS, FROM};
use crate::clock::Millis;
use crate::domain::{Entity, Id, Task, TaskInput};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::records;
use crate::store::Store;

const PENDING: &str = "t.deleted_at IS NULL AND t.done_at IS NULL AND t.notified_at IS NULL";
const LOCAL_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";
/// Completing a long-overdue series skips the occurrences already in the past; this bounds that walk.
const MAX_SKIPPED: u32 = 100_000;

/// Pending reminders whose instant has come, earliest first.
pub fn due_now(store: &Store) -> AppResult<Vec<Task>> {
    let now = store.clock().now_ms();
    store.read(|conn| {
        let sql = format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE {PENDING} AND COALESCE(t.remind_at, t.due_at) <= ?1
             ORDER BY COALESCE(t.remind_at, t.due_at), t.id"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([now], tasks::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

/// Reminders that have fired for follow-ups still open, most recent first: the in-app notification list,
/// which also covers popups fired while the window was closed or the desktop had no notification server.
pub fn fired(store: &Store, limit: u32) -> AppResult<Vec<Task>> {
    store.read(|conn| {
        let sql = format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE t.deleted_at IS NULL AND t.done_at IS NULL
             AND t.notified_at IS NOT NULL ORDER BY t.notified_at DESC, t.id DESC LIMIT ?1"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([limit.clamp(1, 200)], tasks::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

/// The earliest pending reminder instant after now: when the scheduler should wake next.
pub fn next_instant(store: &Store) -> AppResult<Option<Millis>> {
    let now = store.clock().now_ms();
    store.read(|conn| {
        let sql = format!("SELECT MIN(COALESCE(t.remind_at, t.due_at)) FROM tasks t WHERE {PENDING} AND COALESCE(t.remind_at, t.due_at) > ?1");
        Ok(conn.prepare_cached(&sql)?.query_row([now], |r| r.get(0))?)
    })
}

/// Claims delivery of the given reminders and returns the ids actually claimed; deliver only those. A
/// reminder already delivered, completed, trashed or snoozed into the future since it was read is skipped.
pub fn mark_delivered(store: &Store, ids: &[Id]) -> AppResult<Vec<Id>> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        let mut stmt = tx.prepare_cached(
            "UPDATE tasks SET notified_at = ?1 WHERE id = ?2 AND notified_at IS NULL AND done_at IS NULL
             AND deleted_at IS NULL AND COALESCE(remind_at, due_at) <= ?1",
        )?;
        let mut marked = Vec::new();
        for &id in ids {
            if stmt.execute([now, id])? == 1 {
                marked.push(id);
            }
        }
        Ok(marked)
    })
}

/// Reminds again at `until` (which may be after the due time); the reminder is pending again.
pub fn snooze(store: &Store, id: Id, until: Millis) -> AppResult<Task> {
    let now = store.clock().now_ms();
    if until <= now {
        return Err(AppError::field(ErrorCode::OutOfRange, "until", "a snooze must end in the future"));
    }
    store.write(|tx| {
        records::require_live(tx, Entity::Task, id)?;
        tx.prepare_cached("UPDATE tasks SET remind_at = ?1, notified_at = NULL, updated_at = ?2 WHERE id = ?3")?
            .execute([until, now, id])?;
        tasks::load(tx, id)
    })
}

/// The validated, stored form of a task's recurrence fields.
pub(crate) struct RepeatFields {
    pub rule: Option<String>,
    pub time_zone: Option<String>,
    /// The first occurrence's local wall-clock time, when the task repeats.
    pub local: Option<String>,
}

pub(crate) fn repeat_fields(t: &TaskInput) -> AppResult<RepeatFields> {
    let given = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let tz = given(&t.time_zone).map(|n| recurrence::time_zone("time_zone", &n)).transpose()?;
    let time_zone = tz.map(|tz| tz.name().to_string());
    let Some(text) = given(&t.repeat) else {
        return Ok(RepeatFields { rule: None, time_zone, local: None });
    };
    let rule = Rule::parse(&text)?;
    let start = local_time(t.due_at, tz.unwrap_or(Tz::UTC))
        .ok_or_else(|| AppError::field(ErrorCode::OutOfRange, "due_at", "the due time is out of range"))?;
    Ok(RepeatFields {
        rule: Some(rule.anchored(start).to_string()),
        time_zone,
        local: Some(start.format(LOCAL_FORMAT).to_string()),
    })
}

fn local_time(ms: Millis, tz: Tz) -> Option<NaiveDateTime> {
    DateTime::from_timestamp_millis(ms).map(|t| t.with_timezone(&tz).naive_local())
}

struct Occurrence {
    due_at: Millis,
    remind_at: Option<Millis>,
    repeat: Option<String>,
    time_zone: Option<String>,
    local: Option<String>,
    occurrence: u32,
}

/// After task `id` was completed: creates the series' next occurrence (same title, notes, links and owner,
/// the reminder the same time before the due time) and returns its id. Occurrences already in the past are
/// skipped (they count towards COUNT), so completing a late task does not bring up a pile of overdue ones.
/// The series moves to the new task: the completed one no longer repeats, so reopening and completing it
/// again cannot start a second series. Nothing is created once COUNT or UNTIL is reached.
pub(crate) fn spawn_next(tx: &Connection, id: Id, now: Millis) -> AppResult<Option<Id>> {
    let cur = tx
        .prepare_cached(
            "SELECT due_at, remind_at, repeat, time_zone, repeat_local, occurrence FROM tasks WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(Occurrence {
                due_at: r.get(0)?,
                remind_at: r.get(1)?,
                repeat: r.get(2)?,
                time_zone: r.get(3)?,
                local: r.get(4)?,
                occurrence: r.get(5)?,
            })
        })
        .optional()?;
    let Some(cur) = cur else { return Ok(None) };
    let Some(text) = cur.repeat.as_deref() else { return Ok(None) };
    let rule = Rule::parse(text)?;
    let tz = cur.time_zone.as_deref().map(|n| recurrence::time_zone("time_zone", n)).transpose()?.unwrap_or(Tz::UTC);
    let stored = cur.local.as_deref().and_then(|s| NaiveDateTime::parse_from_str(s, LOCAL_FORMAT).ok());
    let Some(mut local) = stored.or_else(|| local_time(cur.due_at, tz)) else { return Ok(None) };
    let mut index = cur.occurrence;
    let due_at = loop {
        index = index.saturating_add(1);
        if rule.count.is_some_and(|c| index > c) || index - cur.occurrence > MAX_SKIPPED {
            return Ok(None);
        }
        let Some(next) = rule.next_local(local, tz) else { return Ok(None) };
        local = next;
        let due = recurrence::resolve(next, tz).timestamp_millis();
        if due > now {
            break due;
        }
    };
    // A snooze can leave the reminder after the due time; the next one then reminds at its due time.
    let remind_at = cur.remind_at.map(|r| due_at - (cur.due_at - r).max(0));
    let new_id: Id = tx
        .prepare_cached(
            "INSERT INTO tasks (title, notes, due_at, remind_at, person_id, company_id, deal_id, owner, repeat,
                 time_zone, repeat_local, occurrence, created_at, updated_at)
             SELECT title, notes, ?2, ?3, person_id, company_id, deal_id, owner, repeat, time_zone, ?4, ?5, ?6, ?6
             FROM tasks WHERE id = ?1 RETURNING id",
        )?
        .query_row(
            rusqlite::params![id, due_at, remind_at, local.format(LOCAL_FORMAT).to_string(), index, now],
            |r| r.get(0),
        )?;
    tx.prepare_cached("UPDATE tasks SET repeat = NULL WHERE id = ?1")?.execute([id])?;
    Ok(Some(new_id))
}

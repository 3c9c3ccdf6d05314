//! Time-based triggers. When one is due, an event of kind `time` is written to the log in the same
//! transaction that moves the rule's `last_fired_at` on, and the engine runs it like any other event. A
//! schedule missed while the app was closed fires once on the next pass (its latest missed instant), never
//! once per missed day; a quiet record fires once per quiet spell.

use chrono::{DateTime, Datelike, Duration, NaiveTime, Weekday};
use chrono_tz::Tz;
use rusqlite::Connection;

use super::load_enabled;
use crate::clock::Millis;
use crate::domain::{Id, RuleEntity, Trigger};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::recurrence;
use crate::store::Store;

const DAY_MS: i64 = 86_400_000;
/// Quiet records are looked for at most this often (it reads every live person or open deal).
pub const QUIET_CHECK_MS: i64 = 3_600_000;
pub const MAX_QUIET_DAYS: u32 = 3650;

pub fn check_trigger(conn: &Connection, t: &Trigger) -> AppResult<()> {
    match t {
        Trigger::DateReached { entity, field, days_before } => super::dates::check(conn, *entity, field, *days_before)?,
        Trigger::Schedule { at, time_zone, .. } => {
            parse_at(at)?;
            zone(time_zone.as_deref())?;
        }
        Trigger::NoActivityDays { entity, days } => {
            if !matches!(entity, RuleEntity::Person | RuleEntity::Deal) {
                return Err(AppError::field(
                    ErrorCode::InvalidValue,
                    "trigger.entity",
                    "only people and deals have activity",
                ));
            }
            if *days == 0 || *days > MAX_QUIET_DAYS {
                return Err(AppError::field(
                    ErrorCode::OutOfRange,
                    "trigger.days",
                    format!("days runs from 1 to {MAX_QUIET_DAYS}"),
                ));
            }
        }
        _ => {}
    }
    Ok(())
}

fn parse_at(at: &str) -> AppResult<NaiveTime> {
    NaiveTime::parse_from_str(at.trim(), "%H:%M")
        .map_err(|_| AppError::field(ErrorCode::InvalidValue, "trigger.at", "the time must look like 08:00"))
}

fn zone(name: Option<&str>) -> AppResult<Tz> {
    name.map_or(Ok(Tz::UTC), |n| recurrence::time_zone("trigger.time_zone", n))
}

/// The latest instant at or before `now` the schedule names.
pub fn latest_occurrence(at: &str, weekdays_only: bool, time_zone: Option<&str>, now: Millis) -> AppResult<Millis> {
    let (time, tz) = (parse_at(at)?, zone(time_zone)?);
    let now_utc = DateTime::from_timestamp_millis(now).ok_or_else(|| AppError::internal("clock out of range"))?;
    let mut day = now_utc.with_timezone(&tz).date_naive();
    for _ in 0..10 {
        let instant = recurrence::resolve(day.and_time(time), tz).timestamp_millis();
        let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        if instant <= now && !(weekdays_only && weekend) {
            return Ok(instant);
        }
        day -= Duration::days(1);
    }
    Err(AppError::internal("no occurrence found"))
}

/// Writes the events of every due time-based trigger; returns how many.
pub fn fire_due(store: &Store) -> AppResult<usize> {
    let now = store.clock().now_ms();
    let rules = store.read(load_enabled)?;
    let mut fired = 0;
    for (id, def) in rules {
        fired += match &def.trigger {
            Trigger::Schedule { at, weekdays_only, time_zone } => {
                let due = latest_occurrence(at, *weekdays_only, time_zone.as_deref(), now)?;
                store.write(|tx| {
                    if last_fired(tx, id)? >= due {
                        return Ok(0);
                    }
                    log(tx, id, "schedule", 0, None, now)?;
                    mark(tx, id, now)?;
                    Ok(1)
                })?
            }
            Trigger::NoActivityDays { entity, days } => store.write(|tx| {
                if now - last_fired(tx, id)? < QUIET_CHECK_MS {
                    return Ok(0);
                }
                let n = quiet(tx, id, *entity, *days, now)?;
                mark(tx, id, now)?;
                Ok(n)
            })?,
            Trigger::DateReached { entity, field, days_before } => store.write(|tx| {
                if now - last_fired(tx, id)? < QUIET_CHECK_MS {
                    return Ok(0);
                }
                let n = super::dates::fire(tx, id, *entity, field, *days_before, now)?;
                mark(tx, id, now)?;
                Ok(n)
            })?,
            _ => 0,
        };
    }
    Ok(fired)
}

/// When the next time-based trigger may be due (for the worker's sleep), if any rule has one.
pub fn next_due(store: &Store) -> AppResult<Option<Millis>> {
    let now = store.clock().now_ms();
    let mut next: Option<Millis> = None;
    for (id, def) in store.read(load_enabled)? {
        let at = match &def.trigger {
            // The next occurrence is at most a day (plus a weekend) after the latest one.
            Trigger::Schedule { at, weekdays_only, time_zone } => {
                let latest = latest_occurrence(at, *weekdays_only, time_zone.as_deref(), now + 3 * DAY_MS)?;
                let mut n = latest;
                for days in 0..=3 {
                    let cand = latest_occurrence(at, *weekdays_only, time_zone.as_deref(), now + days * DAY_MS)?;
                    if cand > now {
                        n = cand;
                        break;
                    }
                }
                n
            }
            Trigger::NoActivityDays { .. } | Trigger::DateReached { .. } => {
                store.read(|c| last_fired(c, id))? + QUIET_CHECK_MS
            }
            _ => continue,
        };
        next = Some(next.map_or(at, |n| n.min(at)));
    }
    Ok(next)
}

fn last_fired(conn: &Connection, id: Id) -> AppResult<Millis> {
    Ok(conn
        .prepare_cached("SELECT COALESCE(last_fired_at, created_at) FROM rules WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?)
}

fn mark(conn: &Connection, id: Id, now: Millis) -> AppResult<()> {
    conn.prepare_cached("UPDATE rules SET last_fired_at = ?1 WHERE id = ?2")?.execute([now, id])?;
    Ok(())
}

fn log(conn: &Connection, rule: Id, entity: &str, record: Id, person: Option<Id>, now: Millis) -> AppResult<()> {
    conn.prepare_cached(
        "INSERT INTO rule_events (at, entity, record_id, person_id, kind, changes) VALUES (?1, ?2, ?3, ?4, 'time', ?5)",
    )?
    .execute(rusqlite::params![now, entity, record, person, serde_json::json!({ "rule": rule }).to_string()])?;
    Ok(())
}

/// Logs a time event for each live person (or open deal) without activity for `days` days, unless this
/// rule already fired for it since its last activity.
fn quiet(conn: &Connection, rule: Id, entity: RuleEntity, days: u32, now: Millis) -> AppResult<usize> {
    let (table, link, live, person) = match entity {
        RuleEntity::Deal => ("deals", "deal_id", "r.deleted_at IS NULL AND r.status = 'open'", "r.person_id"),
        _ => ("people", "person_id", "r.deleted_at IS NULL", "r.id"),
    };
    let sql = format!(
        "SELECT id, person FROM (SELECT r.id, {person} AS person, COALESCE((SELECT MAX(a.occurred_at) FROM activities a
           WHERE a.{link} = r.id AND a.deleted_at IS NULL), r.created_at) AS last FROM {table} r WHERE {live}) q
         WHERE last <= ?1 AND NOT EXISTS (SELECT 1 FROM rule_events e WHERE e.kind = 'time' AND e.record_id = q.id
           AND e.entity = ?2 AND e.at >= q.last AND json_extract(e.changes, '$.rule') = ?3)"
    );
    let cutoff = now - i64::from(days) * DAY_MS;
    let found: Vec<(Id, Option<Id>)> = conn
        .prepare_cached(&sql)?
        .query_map(rusqlite::params![cutoff, entity.as_str(), rule], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, person) in &found {
        log(conn, rule, entity.as_str(), *id, *person, now)?;
    }
    Ok(found.len())
}

//! The worker's pass over the event log: each pending event is matched against the enabled rules, and each
//! matching rule's actions run in a savepoint of the transaction that also writes the run's row
//! (UNIQUE(rule, event)) and marks the event processed. Whatever moment the process dies, the transaction
//! either committed (the actions happened once and are recorded) or did not (nothing happened, and the
//! next pass does it): no action is repeated or lost.

use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;

use super::{actions, load_enabled, Event};
use crate::clock::Millis;
use crate::domain::{Id, RuleDef, RuleError, RulesPass, RunLine, SlaLevel, Trigger};
use crate::error::AppResult;
use crate::services::segments::{self, Use};
use crate::store::Store;

/// The longest chain of rules triggering rules; an event deeper than this pauses the rule it would fire.
pub const MAX_DEPTH: i64 = 5;
/// Events per transaction: enough to keep a big import's backlog quick, small enough to commit often.
const BATCH: u32 = 100;

/// Processes every pending event (including the ones the actions themselves cause), then returns.
pub fn run_pending(store: &Store, cancel: Option<&AtomicBool>) -> AppResult<RulesPass> {
    let mut pass = RulesPass::default();
    loop {
        if cancel.is_some_and(|c| c.load(Ordering::SeqCst)) {
            break;
        }
        let mut rules = store.read(load_enabled)?;
        let events = store.read(|c| pending(c, BATCH))?;
        if events.is_empty() {
            break;
        }
        let now = store.clock().now_ms();
        let counts = store.write(|tx| {
            let mut counts = RulesPass::default();
            for e in &events {
                process(tx, &mut rules, e, now, &mut counts)?;
            }
            Ok(counts)
        })?;
        pass.events += counts.events;
        pass.runs += counts.runs;
        pass.failed += counts.failed;
    }
    Ok(pass)
}

fn pending(conn: &Connection, limit: u32) -> AppResult<Vec<Event>> {
    let mut st = conn.prepare_cached(
        "SELECT id, at, entity, record_id, person_id, kind, changes, chain, depth FROM rule_events
         WHERE processed_at IS NULL ORDER BY id LIMIT ?1",
    )?;
    let rows = st.query_map([limit], event_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An event from `SELECT id, at, entity, record_id, person_id, kind, changes, chain, depth`.
pub(super) fn event_from_row(r: &rusqlite::Row) -> rusqlite::Result<Event> {
    let changes: String = r.get(6)?;
    let chain: String = r.get(7)?;
    Ok(Event {
        id: r.get(0)?,
        at: r.get(1)?,
        entity: r.get(2)?,
        record_id: r.get(3)?,
        person_id: r.get(4)?,
        kind: r.get(5)?,
        changes: serde_json::from_str(&changes).unwrap_or_default(),
        chain: serde_json::from_str(&chain).unwrap_or_default(),
        depth: r.get(8)?,
    })
}

fn process(
    tx: &Connection,
    rules: &mut Vec<(Id, RuleDef)>,
    e: &Event,
    now: Millis,
    pass: &mut RulesPass,
) -> AppResult<()> {
    pass.events += 1;
    let mut paused = Vec::new();
    for (rule_id, def) in rules.iter() {
        if !matches(tx, *rule_id, &def.trigger, e)? || !conditions_hold(tx, def, e, now)? {
            continue;
        }
        let done: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM rule_runs WHERE rule_id = ?1 AND event_id = ?2)")?
            .query_row([rule_id, &e.id], |r| r.get(0))?;
        if done {
            continue;
        }
        pass.runs += 1;
        if e.chain.iter().any(|link| link.0 == *rule_id && link.1 == e.entity && link.2 == e.record_id) {
            record(tx, *rule_id, e, "loop_skipped", &[], Some(&RuleError::LoopSkipped), now)?;
            continue;
        }
        if e.depth >= MAX_DEPTH {
            let why = RuleError::TooDeep { depth: MAX_DEPTH as u32 };
            record(tx, *rule_id, e, "failed", &[], Some(&why), now)?;
            pause(tx, *rule_id, &why, now)?;
            paused.push(*rule_id);
            pass.failed += 1;
            continue;
        }
        let mut chain = e.chain.clone();
        chain.push((*rule_id, e.entity.clone(), e.record_id));
        tx.execute_batch("SAVEPOINT rule_run")?;
        tx.prepare_cached("INSERT INTO rule_context (id, chain, depth) VALUES (1, ?1, ?2)")?
            .execute(rusqlite::params![serde_json::to_string(&chain)?, e.depth + 1])?;
        let result = actions::perform(tx, &def.actions, e, now);
        match result {
            Ok(lines) => {
                tx.execute_batch("DELETE FROM rule_context; RELEASE rule_run")?;
                record(tx, *rule_id, e, "done", &lines, None, now)?;
            }
            Err(why) => {
                tx.execute_batch("ROLLBACK TO rule_run; RELEASE rule_run; DELETE FROM rule_context")?;
                record(tx, *rule_id, e, "failed", &[], Some(&why), now)?;
                pause(tx, *rule_id, &why, now)?;
                paused.push(*rule_id);
                pass.failed += 1;
            }
        }
    }
    rules.retain(|(id, _)| !paused.contains(id));
    tx.prepare_cached("UPDATE rule_events SET processed_at = ?1 WHERE id = ?2")?.execute([now, e.id])?;
    Ok(())
}

fn record(
    tx: &Connection,
    rule_id: Id,
    e: &Event,
    status: &str,
    lines: &[RunLine],
    error: Option<&RuleError>,
    now: Millis,
) -> AppResult<()> {
    tx.prepare_cached(
        "INSERT INTO rule_runs (rule_id, event_id, entity, record_id, status, actions, error, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(rusqlite::params![
        rule_id,
        e.id,
        e.entity,
        e.record_id,
        status,
        serde_json::to_string(lines)?,
        error.map(RuleError::to_stored),
        now
    ])?;
    Ok(())
}

pub(super) fn pause(tx: &Connection, rule_id: Id, why: &RuleError, now: Millis) -> AppResult<()> {
    tracing::warn!(rule_id, "automation rule paused");
    tx.prepare_cached("UPDATE rules SET enabled = 0, paused_reason = ?1, updated_at = ?2 WHERE id = ?3")?
        .execute(rusqlite::params![why.to_stored(), now, rule_id])?;
    Ok(())
}

/// Text of a changed value as rules compare it ("" for none).
fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn same(want: &Option<String>, got: &Value) -> bool {
    want.as_ref().is_none_or(|w| w.trim().eq_ignore_ascii_case(text(got).trim()))
}

/// (from, to) of a changed field.
fn change<'a>(e: &'a Event, field: &str) -> Option<(&'a Value, &'a Value)> {
    match e.changes.get(field)? {
        Value::Array(pair) if pair.len() == 2 => Some((&pair[0], &pair[1])),
        _ => None,
    }
}

/// Whether `trigger` fires on `e` (conditions aside).
pub fn matches(conn: &Connection, rule_id: Id, trigger: &Trigger, e: &Event) -> AppResult<bool> {
    let is = |entity: &crate::domain::RuleEntity, kind: &str| e.entity == entity.as_str() && e.kind == kind;
    Ok(match trigger {
        Trigger::RecordCreated { entity } => is(entity, "created"),
        Trigger::RecordDeleted { entity } => is(entity, "deleted"),
        Trigger::RecordUpdated { entity, fields } => {
            is(entity, "updated") && (fields.is_empty() || fields.iter().any(|f| e.changes.contains_key(f)))
        }
        Trigger::FieldChanged { entity, field, from, to } => {
            is(entity, "updated") && change(e, field).is_some_and(|(a, b)| same(from, a) && same(to, b))
        }
        Trigger::ScoreBandEntered { band } => {
            e.entity == "person"
                && e.kind == "updated"
                && change(e, "score_band").is_some_and(|(_, b)| same(&Some(band.clone()), b))
        }
        Trigger::DealStageChanged { from, to } => {
            if e.entity != "deal" || e.kind != "updated" {
                return Ok(false);
            }
            let Some((a, b)) = change(e, "stage_id") else { return Ok(false) };
            stage_is(conn, from, a)? && stage_is(conn, to, b)?
        }
        Trigger::Schedule { .. } | Trigger::NoActivityDays { .. } | Trigger::DateReached { .. } => {
            e.kind == "time" && e.changes.get("rule").and_then(Value::as_i64) == Some(rule_id)
        }
        Trigger::SlaWarning { level } => {
            let want: &[&str] = match level {
                Some(SlaLevel::Warning) => &["sla_warning"],
                Some(SlaLevel::Breach) => &["sla_breach"],
                None => &["sla_warning", "sla_breach"],
            };
            signal(e).is_some_and(|s| want.contains(&s))
        }
        Trigger::EmailReceived { replied } => {
            signal(e) == Some(if *replied { "email_replied" } else { "email_received" })
        }
        Trigger::SignupImported => signal(e) == Some(SIGNUP_IMPORTED),
    })
}

/// The signal a signup import logs for each person it created (store::rule_events::log_signups).
pub const SIGNUP_IMPORTED: &str = "signup_imported";

/// The name of a signal event (`kind` 'signal'): sla_warning, sla_breach, email_received, email_replied,
/// signup_imported.
fn signal(e: &Event) -> Option<&str> {
    (e.kind == "signal").then(|| e.changes.get("signal").and_then(Value::as_str)).flatten()
}

/// Whether the stage with id `id` is named `want` (by name or system key).
fn stage_is(conn: &Connection, want: &Option<String>, id: &Value) -> AppResult<bool> {
    let Some(want) = want else { return Ok(true) };
    let Some(id) = id.as_i64() else { return Ok(false) };
    let found: Option<(String, Option<String>)> = conn
        .prepare_cached("SELECT name, system_key FROM stages WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let want = want.trim().to_lowercase();
    Ok(found.is_some_and(|(name, key)| name.to_lowercase() == want || key.is_some_and(|k| k == want)))
}

/// Whether the rule's conditions hold for the event's person (no conditions: always).
pub fn conditions_hold(conn: &Connection, def: &RuleDef, e: &Event, now: Millis) -> AppResult<bool> {
    let Some(filter) = &def.conditions else { return Ok(true) };
    let Some(person_id) = e.person_id else { return Ok(false) };
    let w = segments::live_where(conn, filter, now, Use::Count)?;
    let sql = format!("SELECT EXISTS (SELECT 1 FROM people p WHERE {} AND p.id = ?)", w.sql);
    let mut params = w.params;
    params.push(rusqlite::types::Value::Integer(person_id));
    Ok(conn.prepare_cached(&sql)?.query_row(rusqlite::params_from_iter(&params), |r| r.get(0))?)
}

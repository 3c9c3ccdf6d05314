//! The built-in rules (store::builtin_rules): the hot-lead alert and the cadence stop on a reply keep their
//! hard-wired paths (scoring's rescore, activities), which ask here what the user made of the rule: off
//! (nothing happens), as shipped (the original behaviour), or edited (its actions run in place of it). A
//! run is written to the rule's history like any other rule's.

use rusqlite::{Connection, OptionalExtension};
use serde_json::{json, Map};

use super::{actions, engine, Event};
use crate::clock::Millis;
use crate::domain::{Action, Id, RuleDef, RuleError, RunLine};
use crate::error::AppResult;
use crate::store::builtin_rules;

pub use crate::store::builtin_rules::{CADENCE_STOP_ON_REPLY, HOT_LEAD};

/// What a built-in rule says for one person now.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// Turned off, or its conditions do not hold for the person.
    Off,
    /// Unedited: the hard-wired behaviour.
    Shipped,
    /// Edited: these actions instead.
    Actions(Vec<Action>),
}

/// The built-in rule `key` (its id and definition) when it is on.
fn enabled(conn: &Connection, key: &str) -> AppResult<Option<(Id, RuleDef)>> {
    let row: Option<(Id, bool, String)> = conn
        .prepare_cached("SELECT id, enabled, definition FROM rules WHERE builtin = ?1")?
        .query_row([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    Ok(match row {
        Some((id, true, def)) => serde_json::from_str(&def).ok().map(|d| (id, d)),
        _ => None,
    })
}

fn event(person_id: Id, signal: &str, at: Millis) -> Event {
    let mut changes = Map::new();
    changes.insert("signal".into(), json!(signal));
    Event {
        id: 0,
        at,
        entity: "person".into(),
        record_id: person_id,
        person_id: Some(person_id),
        kind: "signal".into(),
        changes,
        chain: Vec::new(),
        depth: 0,
    }
}

/// What the built-in rule `key` says for `person_id`.
pub fn decide(conn: &Connection, key: &str, person_id: Id, now: Millis) -> AppResult<Decision> {
    let Some((_, def)) = enabled(conn, key)? else { return Ok(Decision::Off) };
    if !engine::conditions_hold(conn, &def, &event(person_id, key, now), now)? {
        return Ok(Decision::Off);
    }
    let shipped = builtin_rules::default_of(key).is_some_and(|d| d.actions == def.actions);
    Ok(if shipped { Decision::Shipped } else { Decision::Actions(def.actions) })
}

/// Runs an edited built-in rule's actions for the person (in the caller's transaction, in a savepoint) and
/// records the run. Actions that fail are undone, and pause the rule with the reason, like any rule's; the
/// caller's write goes on.
pub fn perform(tx: &Connection, key: &str, person_id: Id, acts: &[Action], at: Millis, now: Millis) -> AppResult<()> {
    let e = event(person_id, key, at);
    tx.execute_batch("SAVEPOINT builtin_rule")?;
    match actions::perform(tx, acts, &e, now) {
        Ok(lines) => {
            tx.execute_batch("RELEASE builtin_rule")?;
            record(tx, key, person_id, &lines, now)
        }
        Err(why) => {
            tx.execute_batch("ROLLBACK TO builtin_rule; RELEASE builtin_rule")?;
            let Some((rule_id, _)) = enabled(tx, key)? else { return Ok(()) };
            write_run(tx, rule_id, person_id, "failed", &[], Some(&why), now)?;
            engine::pause(tx, rule_id, &why, now)
        }
    }
}

/// Writes a run of the built-in rule `key` on the person to its history (with a processed event of its own,
/// so a run stays one row per rule and event).
pub fn record(tx: &Connection, key: &str, person_id: Id, lines: &[RunLine], now: Millis) -> AppResult<()> {
    let Some((rule_id, _)) = enabled(tx, key)? else { return Ok(()) };
    write_run(tx, rule_id, person_id, "done", lines, None, now)
}

fn write_run(
    tx: &Connection,
    rule_id: Id,
    person_id: Id,
    status: &str,
    lines: &[RunLine],
    error: Option<&RuleError>,
    now: Millis,
) -> AppResult<()> {
    let event_id: Id = tx
        .prepare_cached(
            "INSERT INTO rule_events (at, entity, record_id, person_id, kind, changes, processed_at)
             VALUES (?1, 'person', ?2, ?2, 'signal', ?3, ?1) RETURNING id",
        )?
        .query_row(
            rusqlite::params![now, person_id, json!({ "signal": "builtin", "rule": rule_id }).to_string()],
            |r| r.get(0),
        )?;
    tx.prepare_cached(
        "INSERT INTO rule_runs (rule_id, event_id, entity, record_id, status, actions, error, at)
         VALUES (?1, ?2, 'person', ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(rusqlite::params![
        rule_id,
        event_id,
        person_id,
        status,
        serde_json::to_string(lines)?,
        error.map(RuleError::to_stored),
        now
    ])?;
    Ok(())
}

//! Automation rules (docs/automation.md): saving, listing and previewing them here; running them in
//! `engine` (the event log) and `time` (schedules and quiet spells); what they do in `actions`.

pub mod actions;
mod actions_more;
pub mod builtin;
mod check;
pub mod dates;
pub mod engine;
pub mod time;
pub mod worker;

use rusqlite::{Connection, OptionalExtension, Row};
use serde_json::{Map, Value};

use crate::clock::Millis;
use crate::domain::{Id, Rule, RuleDef, RuleError, RuleMatch, RulePreview, RuleRun, RunLine, RunStatus, Trigger};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::Store;

pub use check::{check, fields};
pub use engine::run_pending;

/// One pass of the worker (and `relata rules run`): writes the events of due time-based triggers, runs
/// every pending event once, and drops history past 90 days.
pub fn run_once(store: &Store, cancel: Option<&std::sync::atomic::AtomicBool>) -> AppResult<crate::domain::RulesPass> {
    time::fire_due(store)?;
    let pass = run_pending(store, cancel)?;
    prune(store)?;
    Ok(pass)
}

/// The most actions one rule has.
pub const MAX_ACTIONS: usize = 20;
/// How long run history is kept.
pub const HISTORY_DAYS: i64 = 90;
/// How far back a preview looks, and how many matches it shows.
pub const PREVIEW_DAYS: u32 = 30;
const PREVIEW_EXAMPLES: usize = 10;
const DAY_MS: i64 = 86_400_000;

/// One row of the event log as the engine reads it.
#[derive(Debug, Clone)]
pub struct Event {
    pub id: Id,
    pub at: Millis,
    pub entity: String,
    pub record_id: Id,
    pub person_id: Option<Id>,
    /// created, updated, deleted, or time (a time-based trigger fired).
    pub kind: String,
    /// {field: [from, to]} of an update; {"rule": id} of a time event.
    pub changes: Map<String, Value>,
    /// The (rule, entity, record) steps of the rules whose actions led here.
    pub chain: Vec<(Id, String, Id)>,
    pub depth: i64,
}

pub fn add(store: &Store, def: &RuleDef) -> AppResult<Rule> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        let def = check(tx, def, now)?;
        let id: Id = tx
            .prepare_cached(
                "INSERT INTO rules (name, definition, enabled, created_at, updated_at, last_fired_at)
                 VALUES (?1, ?2, 1, ?3, ?3, ?3) RETURNING id",
            )?
            .query_row(rusqlite::params![def.name, serde_json::to_string(&def)?, now], |r| r.get(0))?;
        load(tx, id)
    })
}

pub fn list(store: &Store) -> AppResult<Vec<Rule>> {
    store.read(|conn| {
        let mut st = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM rules ORDER BY id"))?;
        let rows = st.query_map([], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().collect()
    })
}

pub fn get(store: &Store, id: Id) -> AppResult<Rule> {
    store.read(|conn| load(conn, id))
}

/// Turns a rule on (clearing why it was paused) or off.
pub fn set_enabled(store: &Store, id: Id, enabled: bool) -> AppResult<Rule> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        load(tx, id)?;
        // A time-based rule switched back on starts from now: it does not fire for the time it was off.
        tx.prepare_cached(
            "UPDATE rules SET enabled = ?1, paused_reason = NULL, updated_at = ?2,
             last_fired_at = CASE WHEN ?1 AND NOT enabled THEN ?2 ELSE last_fired_at END WHERE id = ?3",
        )?
        .execute(rusqlite::params![enabled, now, id])?;
        load(tx, id)
    })
}

/// Saves a rule's new definition. A built-in rule keeps its trigger (its hard-wired path decides when it
/// runs); its conditions and actions are the user's.
pub fn update(store: &Store, id: Id, def: &RuleDef) -> AppResult<Rule> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        let old = load(tx, id)?;
        let def = check(tx, def, now)?;
        if old.builtin.is_some() && def.trigger != old.def.trigger {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "trigger",
                "the trigger of a built-in rule cannot be changed",
            ));
        }
        tx.prepare_cached("UPDATE rules SET name = ?1, definition = ?2, updated_at = ?3 WHERE id = ?4")?
            .execute(rusqlite::params![def.name, serde_json::to_string(&def)?, now, id])?;
        load(tx, id)
    })
}

/// Removes a rule; a built-in one can only be turned off.
pub fn remove(store: &Store, id: Id) -> AppResult<()> {
    store.write(|tx| {
        if load(tx, id)?.builtin.is_some() {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "id",
                "a built-in rule cannot be removed; turn it off instead",
            ));
        }
        tx.prepare_cached("DELETE FROM rules WHERE id = ?1")?.execute([id])?;
        Ok(())
    })
}

/// A rule's runs, newest first (at most `limit`).
pub fn history(store: &Store, id: Id, limit: u32) -> AppResult<Vec<RuleRun>> {
    store.read(|conn| {
        load(conn, id)?;
        let mut st = conn.prepare_cached(
            "SELECT id, rule_id, event_id, entity, record_id, status, actions, error, at FROM rule_runs
             WHERE rule_id = ?1 ORDER BY at DESC, id DESC LIMIT ?2",
        )?;
        let rows = st.query_map(rusqlite::params![id, limit], |r| {
            let status: String = r.get(5)?;
            let stored: String = r.get(6)?;
            let lines = run_lines(&stored);
            Ok(RuleRun {
                id: r.get(0)?,
                rule_id: r.get(1)?,
                event_id: r.get(2)?,
                entity: r.get(3)?,
                record_id: r.get(4)?,
                status: serde_json::from_value(Value::String(status)).unwrap_or(RunStatus::Failed),
                actions: lines.iter().map(ToString::to_string).collect(),
                lines,
                error: r.get::<_, Option<String>>(7)?.map(RuleError::from_stored),
                at: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

/// A run's stored lines: typed, or (written before they were) plain text.
fn run_lines(stored: &str) -> Vec<RunLine> {
    serde_json::from_str::<Vec<RunLine>>(stored).unwrap_or_else(|_| {
        let texts: Vec<String> = serde_json::from_str(stored).unwrap_or_default();
        texts.into_iter().map(|text| RunLine::Text { text }).collect()
    })
}

/// "This rule would have matched N records in the last 30 days": its trigger and conditions over the event
/// log of that time (events are logged while some rule is enabled).
pub fn preview(store: &Store, def: &RuleDef) -> AppResult<RulePreview> {
    let now = store.clock().now_ms();
    store.read(|conn| {
        let def = check(conn, def, now)?;
        let since = now - i64::from(PREVIEW_DAYS) * DAY_MS;
        let mut st = conn.prepare_cached(
            "SELECT id, at, entity, record_id, person_id, kind, changes, chain, depth FROM rule_events
             WHERE at >= ?1 AND kind != 'time' ORDER BY id DESC",
        )?;
        let mut events: Vec<Event> = st.query_map([since], engine::event_from_row)?.collect::<rusqlite::Result<_>>()?;
        match &def.trigger {
            Trigger::RecordCreated { entity } => events.extend(created_since(conn, entity.as_str(), since)?),
            Trigger::SignupImported => events.extend(signups_since(conn, since)?),
            _ => {}
        }
        let (mut matched, mut examples) = (0_u32, Vec::new());
        let mut seen = std::collections::HashSet::new();
        for e in events {
            if engine::matches(conn, 0, &def.trigger, &e)?
                && engine::conditions_hold(conn, &def, &e, now)?
                && seen.insert((e.entity.clone(), e.record_id))
            {
                matched += 1;
                if examples.len() < PREVIEW_EXAMPLES {
                    examples.push(RuleMatch { entity: e.entity, record_id: e.record_id, at: e.at });
                }
            }
        }
        Ok(RulePreview { matched, days: PREVIEW_DAYS, examples })
    })
}

/// The records of a kind created since `since`, as creation events (the log only holds events from while
/// some rule was enabled; a creation can be seen in the records themselves).
fn created_since(conn: &Connection, entity: &str, since: Millis) -> AppResult<Vec<Event>> {
    let Some(&(table, _, person, _)) = crate::store::rule_events::WATCHED.iter().find(|w| w.1 == entity) else {
        return Ok(Vec::new());
    };
    let live = if entity == "ticket" { "" } else { "AND deleted_at IS NULL" };
    let sql = format!("SELECT id, created_at, {person} FROM {table} WHERE created_at >= ?1 {live} ORDER BY id DESC");
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map([since], |r| {
        Ok(Event {
            id: 0,
            at: r.get(1)?,
            entity: entity.to_string(),
            record_id: r.get(0)?,
            person_id: r.get(2)?,
            kind: "created".into(),
            changes: Map::new(),
            chain: Vec::new(),
            depth: 0,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The live people signup (leads) imports created since `since` and not undone, read from the batches (the
/// log has their signals only while a rule with the trigger was enabled).
fn signups_since(conn: &Connection, since: Millis) -> AppResult<Vec<Event>> {
    let mut st = conn.prepare_cached(
        "SELECT p.id, b.created_at FROM import_batches b
         JOIN import_ranges r ON r.batch_id = b.id AND r.entity = 'person'
         JOIN people p ON p.id BETWEEN r.first_id AND r.last_id AND p.deleted_at IS NULL
         WHERE b.entity = 'leads' AND b.undone_at IS NULL AND b.created_at >= ?1 ORDER BY p.id DESC",
    )?;
    let rows = st.query_map([since], |r| {
        let mut changes = Map::new();
        changes.insert("signal".into(), Value::from(engine::SIGNUP_IMPORTED));
        Ok(Event {
            id: 0,
            at: r.get(1)?,
            entity: "person".into(),
            record_id: r.get(0)?,
            person_id: r.get(0)?,
            kind: "signal".into(),
            changes,
            chain: Vec::new(),
            depth: 0,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every rule's definition, for `rules export`. The built-in rules stay out: imported elsewhere they would
/// be plain rules doing what the built-in ones there already do.
pub fn export(store: &Store) -> AppResult<Vec<RuleDef>> {
    Ok(list(store)?.into_iter().filter(|r| r.builtin.is_none()).map(|r| r.def).collect())
}

/// The rules of an export file's text (a JSON array of rule definitions, as `export` gives); `source` names the
/// file in the error.
pub fn parse_export(text: &str, source: &str) -> AppResult<Vec<RuleDef>> {
    serde_json::from_str(text).map_err(|e| {
        AppError::field(
            ErrorCode::InvalidValue,
            "file",
            format!("{source} is not a rules export (a JSON array of rules, see docs/automation.md): {e}"),
        )
    })
}

/// Adds every rule of an export, all or none.
pub fn import(store: &Store, defs: &[RuleDef]) -> AppResult<Vec<Rule>> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        let mut out = Vec::with_capacity(defs.len());
        for (i, def) in defs.iter().enumerate() {
            let def = check(tx, def, now)
                .map_err(|e| AppError { field: Some(format!("[{i}].{}", e.field.clone().unwrap_or_default())), ..e })?;
            let id: Id = tx
                .prepare_cached(
                    "INSERT INTO rules (name, definition, enabled, created_at, updated_at, last_fired_at)
                     VALUES (?1, ?2, 1, ?3, ?3, ?3) RETURNING id",
                )?
                .query_row(rusqlite::params![def.name, serde_json::to_string(&def)?, now], |r| r.get(0))?;
            out.push(load(tx, id)?);
        }
        Ok(out)
    })
}

/// Drops run history and processed events older than 90 days.
pub fn prune(store: &Store) -> AppResult<usize> {
    let cutoff = store.clock().now_ms() - HISTORY_DAYS * DAY_MS;
    store.write(|tx| {
        let runs = tx.prepare_cached("DELETE FROM rule_runs WHERE at < ?1")?.execute([cutoff])?;
        let events = tx
            .prepare_cached("DELETE FROM rule_events WHERE processed_at IS NOT NULL AND at < ?1")?
            .execute([cutoff])?;
        Ok(runs + events)
    })
}

const COLUMNS: &str = "id, definition, enabled, paused_reason, created_at, updated_at, builtin";

fn from_row(r: &Row) -> rusqlite::Result<AppResult<Rule>> {
    let definition: String = r.get(1)?;
    let def = match serde_json::from_str(&definition) {
        Ok(def) => def,
        Err(e) => return Ok(Err(AppError::internal(format!("a stored rule does not parse: {e}")))),
    };
    Ok(Ok(Rule {
        id: r.get(0)?,
        def,
        enabled: r.get(2)?,
        paused_reason: r.get::<_, Option<String>>(3)?.map(RuleError::from_stored),
        created_at: r.get(4)?,
        updated_at: r.get(5)?,
        builtin: r.get(6)?,
    }))
}

pub(crate) fn load(conn: &Connection, id: Id) -> AppResult<Rule> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM rules WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| AppError::field(ErrorCode::NotFound, "id", format!("rule {id} does not exist")))?
}

/// The enabled rules, in id order, but the built-in ones (their hard-wired paths run them: `builtin`) (a rule whose JSON no longer parses is skipped).
pub(crate) fn load_enabled(conn: &Connection) -> AppResult<Vec<(Id, RuleDef)>> {
    let mut st =
        conn.prepare_cached("SELECT id, definition FROM rules WHERE enabled = 1 AND builtin IS NULL ORDER BY id")?;
    let rows = st.query_map([], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (id, json) = row?;
        match serde_json::from_str(&json) {
            Ok(def) => out.push((id, def)),
            Err(_) => tracing::warn!(rule_id = id, "a stored rule does not parse; skipped"),
        }
    }
    Ok(out)
}

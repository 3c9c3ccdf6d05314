//! The rules Relata ships (docs/automation.md, "Built-in rules"): the hot-lead alert and the cadence stop on
//! a reply. They are rows of `rules` like any other, marked `builtin`, so the user sees, edits and turns them
//! off; the hard-wired paths (scoring's rescore, activities) consult them (services::automation::builtin)
//! instead of the event log. Seeded by migration 29, idempotent by key.

use rusqlite::Transaction;

use crate::clock::Millis;
use crate::domain::{Action, RuleDef, Trigger};
use crate::error::AppResult;

pub const HOT_LEAD: &str = "hot_lead";
pub const CADENCE_STOP_ON_REPLY: &str = "cadence_stop_on_reply";

/// The built-in rules as shipped. The hot-lead alert's actions stand for what Relata writes unedited: a
/// follow-up task for the lead's owner and a timeline note, each a typed event shown in the reader's language.
pub fn defaults() -> Vec<(&'static str, RuleDef)> {
    vec![
        (
            HOT_LEAD,
            RuleDef {
                name: "Hot lead alert".into(),
                trigger: Trigger::ScoreBandEntered { band: "hot".into() },
                conditions: None,
                actions: vec![
                    Action::CreateTask {
                        title: "Follow up: {{ person.first_name }} {{ person.last_name }} is a hot lead".into(),
                        notes: None,
                        assignee: None,
                        due_in_business_days: 0,
                        remind: false,
                    },
                    Action::AddNote { body: "{{ person.first_name }} {{ person.last_name }} became a hot lead".into() },
                ],
            },
        ),
        (
            CADENCE_STOP_ON_REPLY,
            RuleDef {
                name: "Stop cadences on a reply".into(),
                trigger: Trigger::EmailReceived { replied: false },
                conditions: None,
                actions: vec![Action::StopCadence { cadence: None }],
            },
        ),
    ]
}

/// The shipped definition of the built-in rule `key`.
pub fn default_of(key: &str) -> Option<RuleDef> {
    defaults().into_iter().find(|(k, _)| *k == key).map(|(_, d)| d)
}

/// Reinstalls the event triggers (the migration rebuilt their table) and adds the built-in rules missing.
pub fn seed(tx: &Transaction, now: Millis) -> AppResult<()> {
    super::rule_events::install(tx)?;
    for (key, def) in defaults() {
        tx.prepare_cached(
            "INSERT INTO rules (name, definition, enabled, builtin, created_at, updated_at, last_fired_at)
             SELECT ?1, ?2, 1, ?3, ?4, ?4, ?4 WHERE NOT EXISTS (SELECT 1 FROM rules WHERE builtin = ?3)",
        )?
        .execute(rusqlite::params![def.name, serde_json::to_string(&def)?, key, now])?;
    }
    Ok(())
}

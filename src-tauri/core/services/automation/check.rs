//! Checking a rule before it is saved: its name, conditions, trigger, templates and fields.

use rusqlite::Connection;

use super::{actions, actions_more, time, MAX_ACTIONS};
use crate::clock::Millis;
use crate::domain::{Action, RuleDef, Trigger};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::segments::{self, Use};
use crate::services::validate::{self as v, NAME_MAX};

/// Checks a rule before it is saved: its name, its conditions, templates and fields.
pub fn check(conn: &Connection, def: &RuleDef, now: Millis) -> AppResult<RuleDef> {
    let mut def = def.clone();
    def.name = v::required("name", &def.name, NAME_MAX)?;
    if def.actions.is_empty() {
        return Err(AppError::field(ErrorCode::Required, "actions", "a rule needs at least one action"));
    }
    if def.actions.len() > MAX_ACTIONS {
        return Err(AppError::field(
            ErrorCode::OutOfRange,
            "actions",
            format!("a rule has at most {MAX_ACTIONS} actions"),
        ));
    }
    if let Some(filter) = &def.conditions {
        segments::live_where(conn, filter, now, Use::Count).map_err(|e| AppError {
            field: Some(format!("conditions.{}", e.field.clone().unwrap_or_default())),
            ..e
        })?;
    }
    time::check_trigger(conn, &def.trigger)?;
    let entity = match &def.trigger {
        Trigger::RecordCreated { entity }
        | Trigger::RecordUpdated { entity, .. }
        | Trigger::RecordDeleted { entity }
        | Trigger::FieldChanged { entity, .. }
        | Trigger::NoActivityDays { entity, .. }
        | Trigger::DateReached { entity, .. } => Some(entity.as_str()),
        Trigger::DealStageChanged { .. } => Some("deal"),
        Trigger::ScoreBandEntered { .. } | Trigger::EmailReceived { .. } | Trigger::SignupImported => Some("person"),
        Trigger::SlaWarning { .. } => Some("ticket"),
        Trigger::Schedule { .. } => None,
    };
    for (i, action) in def.actions.iter().enumerate() {
        let at = |e: AppError| AppError {
            field: Some(format!("actions[{i}].{}", e.field.clone().unwrap_or_default())),
            ..e
        };
        match action {
            Action::CreateTask { title, notes, .. } => {
                v::required("title", title, NAME_MAX).map_err(at)?;
                actions::check_template("title", title).map_err(at)?;
                if let Some(n) = notes {
                    actions::check_template("notes", n).map_err(at)?;
                }
            }
            Action::AddNote { body: t } => {
                v::required("body", t, v::TEXT_MAX).map_err(at)?;
                actions::check_template("body", t).map_err(at)?;
            }
            Action::Notify { message } => {
                v::required("message", message, v::TEXT_MAX).map_err(at)?;
                actions::check_template("message", message).map_err(at)?;
            }
            Action::AddTag { tag } => {
                v::tags("tag", std::slice::from_ref(tag)).map_err(at)?;
            }
            Action::SetField { field, value } => {
                actions::check_set_field(entity, field, value.as_deref()).map_err(at)?
            }
            Action::StartCadence { cadence } => {
                v::required("cadence", cadence, NAME_MAX).map_err(at)?;
            }
            other => actions_more::check(conn, entity, other).map_err(at)?,
        }
    }
    Ok(def)
}

/// The fields a `record_updated` or `field_changed` trigger can name, per entity: the watched tables'
/// columns whose change is logged (docs/automation.md), for the rule form's pickers.
pub fn fields(store: &crate::store::Store) -> AppResult<std::collections::BTreeMap<String, Vec<String>>> {
    store.read(|conn| {
        let mut out = std::collections::BTreeMap::new();
        for &(table, entity, _, _) in crate::store::rule_events::WATCHED {
            out.insert(entity.to_string(), crate::store::rule_events::tracked_columns(conn, table)?);
        }
        Ok(out)
    })
}

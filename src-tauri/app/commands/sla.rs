//! Business-hours calendars and SLA policies as the Settings screen edits them. The rules (validation, the
//! rename that carries policies along, the calendar a policy still uses) are the core's.

use tauri::State;

use crate::app::state::AppState;
use relata_core::domain::*;
use relata_core::services::sla::{self, ics, manage};
use relata_core::AppResult;

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn sla_calendars_list(state: State<'_, AppState>) -> AppResult<Vec<Calendar>> {
    state.run(sla::list_calendars).await
}

/// Adds a calendar (no id) or replaces calendar `id`'s definition.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn sla_calendar_save(state: State<'_, AppState>, id: Option<Id>, def: CalendarDef) -> AppResult<Calendar> {
    state
        .run(move |s| match id {
            Some(id) => manage::update_calendar(s, id, def),
            None => sla::add_calendar(s, def),
        })
        .await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn sla_calendar_remove(state: State<'_, AppState>, id: Id) -> AppResult<()> {
    state.run(move |s| manage::remove_calendar(s, id)).await
}

/// The closed dates of an ICS file the user picked (nothing is stored until the calendar is saved).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn sla_holidays_from_ics(state: State<'_, AppState>, path: String) -> AppResult<ics::IcsHolidays> {
    state.run(move |s| ics::holidays_from_ics(&std::fs::read_to_string(&path)?, s.clock().now_ms())).await
}

/// In the order they are tried.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn sla_policies_list(state: State<'_, AppState>) -> AppResult<Vec<Policy>> {
    state.run(sla::list_policies).await
}

/// Adds a policy at the end (no id) or replaces policy `id`'s definition in its place.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn sla_policy_save(state: State<'_, AppState>, id: Option<Id>, def: PolicyDef) -> AppResult<Policy> {
    state
        .run(move |s| match id {
            Some(id) => manage::update_policy(s, id, def),
            None => sla::add_policy(s, def),
        })
        .await
}

/// Moves a policy to `position` (1 is tried first) and returns the new order.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn sla_policy_move(state: State<'_, AppState>, id: Id, position: u32) -> AppResult<Vec<Policy>> {
    state.run(move |s| manage::move_policy(s, id, position)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn sla_policy_remove(state: State<'_, AppState>, id: Id) -> AppResult<()> {
    state.run(move |s| manage::remove_policy(s, id)).await
}

//! Commands for follow-ups beyond plain task records: snoozing, the in-app list of fired reminders, and
//! cadences (templates of follow-up steps applied to a person).

use tauri::State;

use crate::app::state::AppState;
use relata_core::clock::system_zone;
use relata_core::domain::*;
use relata_core::services::repeat_preview::{self, RepeatPreview};
use relata_core::services::{cadences, reminders};
use relata_core::AppResult;

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn tasks_snooze(state: State<'_, AppState>, id: Id, until: Millis) -> AppResult<Task> {
    state.run(move |s| reminders::snooze(s, id, until)).await
}

/// Checks a repeat rule and previews its first occurrences from `start`, on the wall clock of `time_zone`
/// (the system's zone when none), as the repeat picker shows them before saving.
#[tauri::command]
#[specta::specta]
pub fn repeat_preview(rule: String, start: Millis, time_zone: Option<String>, limit: u32) -> AppResult<RepeatPreview> {
    let zone = time_zone.or_else(|| Some(system_zone().to_string()));
    repeat_preview::preview(&rule, start, zone.as_deref(), limit)
}

/// The in-app notification list: follow-ups whose reminder fired and that are still open.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn reminders_fired(state: State<'_, AppState>, limit: u32) -> AppResult<Vec<Task>> {
    state.run(move |s| reminders::fired(s, limit)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn cadences_list(state: State<'_, AppState>) -> AppResult<Vec<Cadence>> {
    state.run(cadences::list).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn cadences_create(state: State<'_, AppState>, input: CadenceInput) -> AppResult<Cadence> {
    state.run(move |s| cadences::create(s, input)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn cadences_update(state: State<'_, AppState>, id: Id, input: CadenceInput) -> AppResult<Cadence> {
    state.run(move |s| cadences::update(s, id, input)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn cadences_delete(state: State<'_, AppState>, id: Id) -> AppResult<()> {
    state.run(move |s| cadences::delete(s, id)).await
}

/// Creates the cadence's follow-up tasks for a person, starting now, laid out in the user's time zone.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn cadences_apply(state: State<'_, AppState>, cadence_id: Id, person_id: Id) -> AppResult<Vec<Task>> {
    state.run(move |s| cadences::apply_in(s, cadence_id, person_id, None, system_zone())).await
}

//! Upsell suggestions for the person page (the model is cached in the app state).

use tauri::State;

use crate::app::state::AppState;
use relata_core::domain::Id;
use relata_core::services::orders::products;
use relata_core::services::upsell::{self, CheckIn, CheckInTasks, ProductRef, Suggestion};
use relata_core::AppResult;

/// Products a person has not bought, ranked, each with its reason (none without a purchase history).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(person_id = person_id, code))]
pub async fn upsell_suggest(state: State<'_, AppState>, person_id: Id, limit: u32) -> AppResult<Vec<Suggestion>> {
    let cache = state.upsell_cache();
    state.run(move |s| Ok(upsell::suggest(cache.get(s)?.as_ref(), person_id, limit))).await
}

/// Customers who have not ordered for longer than their usual interval, most overdue first (the Today page).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn upsell_checkins(state: State<'_, AppState>, limit: u32) -> AppResult<Vec<CheckIn>> {
    state.run(move |s| upsell::checkins(s, limit.min(upsell::MAX_LIMIT) as usize)).await
}

/// Creates check-in tasks: for the given people among those due, or (`person_ids` null) for every customer
/// due. Customers with an open check-in task are skipped.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn upsell_checkin_tasks(state: State<'_, AppState>, person_ids: Option<Vec<Id>>) -> AppResult<CheckInTasks> {
    state.run(move |s| upsell::create_tasks(s, person_ids.as_deref(), usize::MAX)).await
}

/// Live products whose SKU or name contains `text` (the segment editor's product picker), by SKU.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn products_search(state: State<'_, AppState>, text: String, limit: u32) -> AppResult<Vec<ProductRef>> {
    state.run(move |s| products::search(s, &text, limit)).await
}

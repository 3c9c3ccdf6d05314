//! Enrichment of a person from their email address: what it proposes, filling the empty fields, and undo.

use tauri::State;

use crate::app::state::AppState;
use relata_core::domain::*;
use relata_core::services::enrich;
use relata_core::AppResult;

/// What enrichment proposes for a person, and what it filled in before (nothing is changed).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn enrich_person(state: State<'_, AppState>, id: Id) -> AppResult<Enrichment> {
    state.run(move |s| enrich::person(s, id)).await
}

/// Fills the person's empty fields from the confident proposals (never what was typed), in one transaction.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn enrich_apply(state: State<'_, AppState>, id: Id) -> AppResult<Enrichment> {
    state.run(move |s| enrich::apply(s, id)).await
}

/// Clears what enrichment filled in (fields the user changed since stay); returns the fields cleared.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn enrich_undo(state: State<'_, AppState>, id: Id) -> AppResult<Vec<String>> {
    state.run(move |s| enrich::undo(s, id)).await
}

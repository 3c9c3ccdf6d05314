//! Message templates: list, save, remove, and the preview for a chosen person (shown as text in the UI).

use tauri::State;

use crate::app::state::AppState;
use relata_core::domain::*;
use relata_core::services::templates;
use relata_core::AppResult;

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn templates_list(state: State<'_, AppState>) -> AppResult<Vec<Template>> {
    state.run(templates::list).await
}

/// Creates a template (`id` null) or replaces one's name, purpose and languages.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn templates_save(state: State<'_, AppState>, id: Option<Id>, input: TemplateInput) -> AppResult<Template> {
    state.run(move |s| templates::save(s, id, input)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn templates_remove(state: State<'_, AppState>, id: Id) -> AppResult<()> {
    state.run(move |s| templates::remove(s, id)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn templates_preview(state: State<'_, AppState>, id: Id, request: RenderFor) -> AppResult<RenderedMessage> {
    state.run(move |s| templates::preview(s, id, &request)).await
}

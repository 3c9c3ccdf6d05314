//! The document library: list, add a file picked in the open dialog, edit title/language/tags, remove.

use tauri::State;

use crate::app::file_dialog::SaveGrant;
use crate::app::state::AppState;
use relata_core::domain::*;
use relata_core::services::documents;
use relata_core::AppResult;

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn documents_list(state: State<'_, AppState>, query: DocumentQuery) -> AppResult<Vec<Document>> {
    state.run(move |s| documents::list(s, &query)).await
}

/// Adds the file at `path`, which must have been picked with `pick_file`'s `document` purpose in this
/// session (once per pick; any other path is `forbidden`). The core reads and sniffs the bytes.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn documents_add(state: State<'_, AppState>, path: String, meta: DocumentMeta) -> AppResult<Document> {
    state.files.take(&path, SaveGrant::OpenDocument)?;
    state.run(move |s| documents::add_file(s, std::path::Path::new(&path), meta)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn documents_update(state: State<'_, AppState>, id: Id, meta: DocumentMeta) -> AppResult<Document> {
    state.run(move |s| documents::update(s, id, meta)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn documents_remove(state: State<'_, AppState>, id: Id) -> AppResult<()> {
    state.run(move |s| documents::remove(s, id)).await
}

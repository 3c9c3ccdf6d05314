//! Segments: the filter catalogue, the editor's live count and preview, and saved segments.

use tauri::State;

use crate::app::file_dialog::SaveGrant;
use crate::app::state::AppState;
use relata_core::domain::*;
use relata_core::services::export::{to_file, ExportFormat, ExportResult};
use relata_core::services::{bulk, segments};
use relata_core::AppResult;

/// The fields a filter condition can name, with their kinds, operators and choices.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn segments_fields(state: State<'_, AppState>) -> AppResult<Vec<FilterField>> {
    state.run(segments::fields).await
}

/// Checks a filter and counts the people it matches (the editor's live count).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn segments_check(state: State<'_, AppState>, filter: Filter) -> AppResult<SegmentCount> {
    state.run(move |s| segments::check(s, &filter)).await
}

/// A page of the people a filter matches, like the people list.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn segments_preview(
    state: State<'_, AppState>,
    filter: Filter,
    query: PeopleQuery,
) -> AppResult<Page<PersonRow>> {
    state.run(move |s| segments::preview(s, &filter, &query)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn segments_list(state: State<'_, AppState>) -> AppResult<Vec<Segment>> {
    state.run(segments::list).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn segments_add(state: State<'_, AppState>, input: SegmentInput) -> AppResult<Segment> {
    state.run(move |s| segments::add(s, input)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn segments_count(state: State<'_, AppState>, id: Id) -> AppResult<SegmentCount> {
    state.run(move |s| segments::count(s, id)).await
}

/// A page of a segment's people, with the people list's sort orders and cursors.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn segments_members(state: State<'_, AppState>, id: Id, query: PeopleQuery) -> AppResult<Page<PersonRow>> {
    state.run(move |s| segments::members(s, id, &query)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn segments_pin(state: State<'_, AppState>, id: Id, pinned: bool) -> AppResult<Segment> {
    state.run(move |s| segments::set_pinned(s, id, pinned)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn segments_remove(state: State<'_, AppState>, id: Id) -> AppResult<()> {
    state.run(move |s| segments::delete(s, id)).await
}

/// Saves a segment again: a new name, filter, kind or pin (a static one re-takes its snapshot when its filter
/// changes).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn segments_update(state: State<'_, AppState>, id: Id, input: SegmentInput) -> AppResult<Segment> {
    state.run(move |s| segments::update(s, id, input)).await
}

/// One action over selected people (a whole segment minus exclusions is resolved in the core), in one
/// transaction: how many were selected, changed, and skipped because they had it already.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn people_bulk(
    state: State<'_, AppState>,
    selection: PeopleSelection,
    action: BulkAction,
) -> AppResult<BulkResult> {
    state.run(move |s| bulk::run(s, &selection, &action)).await
}

/// Writes selected people as CSV or vCard to a path the user chose with `pick_file`'s `save_people_csv` /
/// `save_people_vcard` in this session (one write per choice; any other path is `forbidden`). The core
/// writes the bytes; the webview only names the selection.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn people_export_save(
    state: State<'_, AppState>,
    path: String,
    selection: PeopleSelection,
    format: ExportFormat,
) -> AppResult<ExportResult> {
    state.files.take(&path, SaveGrant::People(format))?;
    state.run(move |s| to_file(std::path::Path::new(&path), |w| bulk::export(s, &selection, format, w))).await
}

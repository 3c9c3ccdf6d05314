//! Commands around the records: app facts, settings, custom fields, trash and global search.

use tauri::State;

use crate::app::file_dialog::{ChartFormat, FilePurpose};
use crate::app::state::AppState;
use relata_core::domain::*;
use relata_core::services::{custom_fields, search, settings, trash};
use relata_core::AppResult;

#[tauri::command]
#[specta::specta]
// Polled by the startup progress screen: at debug, so the log does not fill with it.
#[tracing::instrument(level = "debug", skip_all, fields(code))]
pub async fn app_info(state: State<'_, AppState>) -> AppResult<AppInfo> {
    let schema_version = match state.store() {
        None => 0,
        Some(_) => state.run(|s| s.schema_version()).await?,
    };
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        data_dir: state.data_dir().display().to_string(),
        schema_version,
        os_locale: sys_locale::get_locale(),
        startup_error: state.startup_error(),
        opening: state.is_opening(),
    })
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn settings_get(state: State<'_, AppState>) -> AppResult<Settings> {
    state.run(settings::get).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn settings_set(state: State<'_, AppState>, settings: Settings) -> AppResult<Settings> {
    // The OS login item first: if it cannot be changed, nothing is saved and the switch shows the error.
    state.set_login_item(settings.start_at_login)?;
    let saved = state.run(move |s| settings::set(s, settings)).await?;
    state.language_changed(saved.language.as_deref());
    Ok(saved)
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn custom_fields_list(state: State<'_, AppState>, entity: Option<Entity>) -> AppResult<Vec<CustomFieldDef>> {
    state.run(move |s| custom_fields::list(s, entity)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn custom_fields_create(state: State<'_, AppState>, input: CustomFieldInput) -> AppResult<CustomFieldDef> {
    state.run(move |s| custom_fields::create(s, input)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn custom_fields_delete(state: State<'_, AppState>, id: Id) -> AppResult<()> {
    state.run(move |s| custom_fields::delete(s, id)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn trash_list(state: State<'_, AppState>) -> AppResult<Vec<TrashItem>> {
    state.run(trash::list).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn trash_restore(state: State<'_, AppState>, entity: Entity, id: Id) -> AppResult<()> {
    state.run(move |s| trash::restore(s, entity, id)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn trash_purge(state: State<'_, AppState>, entity: Entity, id: Id) -> AppResult<()> {
    state.run(move |s| trash::purge(s, entity, id)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn trash_empty(state: State<'_, AppState>) -> AppResult<i64> {
    state.run(trash::empty).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn search_global(state: State<'_, AppState>, query: String, limit: u32) -> AppResult<Vec<SearchHit>> {
    state.run(move |s| search::global(s, &query, limit)).await
}

/// A native open or save dialog; `null` when the user cancels. `name` is the file name a save dialog
/// suggests (reduced to a plain file name with the purpose's extension).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn pick_file(
    state: State<'_, AppState>,
    purpose: FilePurpose,
    name: Option<String>,
) -> AppResult<Option<String>> {
    state.pick_file(purpose, name).await
}

/// Saves a dashboard chart's CSV (text) or PNG (base64) to a path the user chose with `pick_file`'s
/// `save_chart_csv`/`save_chart_png` in this session; each choice allows one write, any other path is
/// `forbidden`, and PNG content must be a PNG image.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn chart_export_save(
    state: State<'_, AppState>,
    path: String,
    format: ChartFormat,
    content: String,
) -> AppResult<()> {
    state.write_chart(&path, format, &content)
}

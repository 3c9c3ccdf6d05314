//! Commands for taking data out and keeping it safe: exports, backups, consent and GDPR. Files are
//! written by the core into `<data dir>/exports/` (the app has no file dialog); the UI shows the path.

use tauri::State;

use crate::app::state::AppState;
use relata_core::domain::*;
use relata_core::services::export::{self, csv::CsvQuery, ExportFormat, ExportResult};
use relata_core::services::{backup, gdpr};
use relata_core::AppResult;

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn export_file(
    state: State<'_, AppState>,
    format: ExportFormat,
    csv: Option<CsvQuery>,
) -> AppResult<ExportResult> {
    state
        .run(move |s| {
            let now = chrono::DateTime::from_timestamp_millis(s.clock().now_ms()).unwrap_or_default();
            let stamp = now.format("%Y%m%d-%H%M%S");
            let csv = match csv {
                Some(csv) => csv,
                None => CsvQuery::all(Entity::Person)?,
            };
            let name = match format {
                ExportFormat::Csv => format!("{}-{stamp}.csv", csv.entity().as_str()),
                other => format!("relata-{stamp}.{}", other.extension()),
            };
            let path = export::exports_dir(s).join(name);
            export::to_file(&path, |w| export::write(s, format, &csv, w))
        })
        .await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn backup_list(state: State<'_, AppState>) -> AppResult<Vec<BackupInfo>> {
    state.run(backup::list).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn backup_now(state: State<'_, AppState>) -> AppResult<BackupInfo> {
    state.run(backup::create).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn backup_verify(state: State<'_, AppState>, id: String) -> AppResult<BackupCheck> {
    state.run(move |s| backup::verify(s, &id)).await
}

/// Returns the safety copy's path. Every list in the UI reloads: all records may have changed.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn backup_restore(state: State<'_, AppState>, id: String) -> AppResult<String> {
    let safety = state.run(move |s| backup::restore(s, &id)).await?;
    Ok(safety)
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn backup_settings_get(state: State<'_, AppState>) -> AppResult<BackupSettings> {
    state.run(backup::get_settings).await
}

/// Saving also makes the automatic backup at once when one is due (e.g. just switched on).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn backup_settings_set(state: State<'_, AppState>, settings: BackupSettings) -> AppResult<BackupSettings> {
    state
        .run(move |s| {
            let saved = backup::set_settings(s, settings)?;
            backup::backup_if_due(s, s.clock().now_ms())?;
            Ok(saved)
        })
        .await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn consent_list(state: State<'_, AppState>, person_id: Id) -> AppResult<ConsentOverview> {
    state.run(move |s| gdpr::consents(s, person_id)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn consent_add(state: State<'_, AppState>, input: ConsentInput) -> AppResult<Consent> {
    state.run(move |s| gdpr::add_consent(s, input)).await
}

/// The consent purposes the core knows (for the purpose pickers: signups import, consent form).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn consent_purposes(state: State<'_, AppState>) -> AppResult<Vec<String>> {
    state.run(gdpr::known_purposes).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn gdpr_export(state: State<'_, AppState>, person_id: Id, lang: String) -> AppResult<PersonExportFiles> {
    state.run(move |s| gdpr::export_person(s, person_id, &export::exports_dir(s), &lang)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn gdpr_erase(state: State<'_, AppState>, person_id: Id) -> AppResult<ErasureReport> {
    let report = state.run(move |s| gdpr::erase(s, person_id)).await?;
    Ok(report)
}

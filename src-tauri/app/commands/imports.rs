//! Import commands: preview a file, run an import off the UI thread with progress sent over a channel, cancel it,
//! list and undo earlier imports, and save the rejected rows of the last import.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use tauri::ipc::Channel;
use tauri::State;

use super::exclusive::Exclusive;
use crate::app::state::AppState;
use relata_core::domain::Id;
use relata_core::services::import::{
    self, ImportBatch, ImportEntity, ImportFormat, ImportOptions, ImportPreview, ImportProgress, ImportReport,
    UndoReport,
};
use relata_core::AppResult;

/// The import that is running, one at a time.
static RUNNING: Exclusive = Exclusive::new();
const REJECTED_FILE: &str = "import-rejected.csv";
const PROGRESS_INTERVAL: Duration = Duration::from_millis(200);

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn import_preview(
    state: State<'_, AppState>,
    path: String,
    format: Option<ImportFormat>,
    entity: ImportEntity,
) -> AppResult<ImportPreview> {
    state.run(move |_| import::preview(&PathBuf::from(path), format, entity)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn import_run(
    state: State<'_, AppState>,
    path: String,
    mut options: ImportOptions,
    on_progress: Channel<ImportProgress>,
) -> AppResult<ImportReport> {
    let claim = RUNNING.claim("an import is already running")?;
    options.rejected_csv = Some(state.data_dir().join(REJECTED_FILE).to_string_lossy().into_owned());
    let flag = claim.cancel.clone();
    let report = state
        .run(move |s| {
            let mut last = Instant::now();
            let mut report_progress = |progress: ImportProgress| {
                if last.elapsed() >= PROGRESS_INTERVAL || progress.fraction >= 1.0 {
                    last = Instant::now();
                    // A closed window cannot show progress; the import goes on regardless.
                    let _ = on_progress.send(progress);
                }
            };
            import::import_file(s, &PathBuf::from(path), &options, &mut report_progress, &flag)
        })
        .await;
    drop(claim);
    let report = report?;
    if report.search_pending > 0 {
        state.index_wake().notify_one();
    }
    Ok(report)
}

/// Asks the running import to stop; it then writes nothing. `false` when none is running.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn import_cancel() -> AppResult<bool> {
    Ok(RUNNING.cancel())
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn import_undo(state: State<'_, AppState>, batch_id: Id) -> AppResult<UndoReport> {
    let report = state.run(move |s| import::undo(s, batch_id)).await?;
    Ok(report)
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn import_batches_list(state: State<'_, AppState>) -> AppResult<Vec<ImportBatch>> {
    state.run(import::list_batches).await
}

/// Copies the rejected rows of the last import (CSV) to `path`.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn import_save_rejected(state: State<'_, AppState>, path: String) -> AppResult<()> {
    let source = state.data_dir().join(REJECTED_FILE);
    state
        .run(move |_| {
            std::fs::copy(&source, PathBuf::from(path))?;
            Ok(())
        })
        .await
}

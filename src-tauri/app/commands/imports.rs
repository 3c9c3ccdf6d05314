//! Import commands: preview a file, run an import off the UI thread with progress sent over a channel, cancel it,
//! list and undo earlier imports, and save the rejected rows of the last import.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tauri::ipc::Channel;
use tauri::State;

use crate::app::state::AppState;
use crate::domain::{Entity, Id};
use crate::error::{AppError, ErrorCode};
use crate::services::import::{
    self, ImportBatch, ImportEntity, ImportFormat, ImportOptions, ImportPreview, ImportProgress, ImportReport,
    UndoReport,
};
use crate::AppResult;

/// The cancel flag of the import that is running (one at a time: the store has one writer anyway).
static RUNNING: Mutex<Option<Arc<AtomicBool>>> = Mutex::new(None);
const REJECTED_FILE: &str = "import-rejected.csv";
const PROGRESS_INTERVAL: Duration = Duration::from_millis(200);

#[tauri::command]
#[specta::specta]
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
pub async fn import_run(
    state: State<'_, AppState>,
    path: String,
    mut options: ImportOptions,
    on_progress: Channel<ImportProgress>,
) -> AppResult<ImportReport> {
    let cancel = Arc::new(AtomicBool::new(false));
    {
        let mut running = RUNNING.lock().unwrap_or_else(|p| p.into_inner());
        if running.is_some() {
            return Err(AppError::new(ErrorCode::Conflict, "an import is already running"));
        }
        *running = Some(cancel.clone());
    }
    options.rejected_csv = Some(state.data_dir().join(REJECTED_FILE).to_string_lossy().into_owned());
    let flag = cancel.clone();
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
    *RUNNING.lock().unwrap_or_else(|p| p.into_inner()) = None;
    let report = report?;
    if report.batch_id.is_some() {
        for entity in [Entity::Person, Entity::Company, Entity::Deal, Entity::Activity] {
            state.notify_changed(entity);
        }
    }
    Ok(report)
}

/// Asks the running import to stop; it then writes nothing. `false` when none is running.
#[tauri::command]
#[specta::specta]
pub async fn import_cancel() -> AppResult<bool> {
    let running = RUNNING.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(flag) = running.as_ref() {
        flag.store(true, Ordering::Relaxed);
    }
    Ok(running.is_some())
}

#[tauri::command]
#[specta::specta]
pub async fn import_undo(state: State<'_, AppState>, batch_id: Id) -> AppResult<UndoReport> {
    let report = state.run(move |s| import::undo(s, batch_id)).await?;
    for entity in [Entity::Person, Entity::Company, Entity::Deal, Entity::Activity] {
        state.notify_changed(entity);
    }
    Ok(report)
}

#[tauri::command]
#[specta::specta]
pub async fn import_batches_list(state: State<'_, AppState>) -> AppResult<Vec<ImportBatch>> {
    state.run(import::list_batches).await
}

/// Copies the rejected rows of the last import (CSV) to `path`.
#[tauri::command]
#[specta::specta]
pub async fn import_save_rejected(state: State<'_, AppState>, path: String) -> AppResult<()> {
    let source = state.data_dir().join(REJECTED_FILE);
    state
        .run(move |_| {
            std::fs::copy(&source, PathBuf::from(path))?;
            Ok(())
        })
        .await
}

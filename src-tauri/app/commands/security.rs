//! Commands for encryption, recovery, the audit trail and opening links in the system browser.

use tauri::State;

use crate::app::state::{traced, AppState};
use relata_core::domain::*;
use relata_core::secrets::recovery;
use relata_core::services::{audit, security};
use relata_core::AppResult;

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn security_status(state: State<'_, AppState>) -> AppResult<SecurityStatus> {
    state.run(security::status).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn security_set_passphrase(state: State<'_, AppState>, passphrase: String) -> AppResult<SecurityStatus> {
    state.run(move |s| security::set_recovery_passphrase(s, &passphrase)).await
}

/// Puts the lost key back into the keyring from the recovery passphrase, then opens the store.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn security_recover(state: State<'_, AppState>, passphrase: String) -> AppResult<()> {
    let data_dir = state.data_dir().to_path_buf();
    let secrets = state.secrets();
    let recovered =
        tauri::async_runtime::spawn_blocking(move || recovery::recover(&data_dir, &passphrase, secrets.as_ref()))
            .await
            .map_err(|e| relata_core::AppError::internal(format!("background task failed: {e}")))
            .and_then(|r| r);
    traced(recovered)?;
    traced(state.reopen().await)
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn audit_list(state: State<'_, AppState>, query: AuditQuery) -> AppResult<Page<AuditEntry>> {
    state.run(move |s| audit::list(s, &query)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn audit_export_csv(state: State<'_, AppState>, query: AuditQuery) -> AppResult<String> {
    state.run(move |s| audit::export_csv(s, &query)).await
}

/// Opens a record's website or social link in the system browser, never in the webview.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn open_external(state: State<'_, AppState>, url: String) -> AppResult<()> {
    traced(security::external_url(&url).and_then(|url| state.open_external(&url)))
}

/// Opens the folder with Relata's log files (Settings → "Open log folder").
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn logs_open_folder(state: State<'_, AppState>) -> AppResult<()> {
    traced(state.open_log_folder())
}

//! Phone calls: log one on a timeline, find the caller by number, and dial a shown number.

use tauri::State;

use crate::app::state::{traced, AppState};
use relata_core::domain::*;
use relata_core::services::{calls, people};
use relata_core::AppResult;

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn calls_log(state: State<'_, AppState>, input: CallInput) -> AppResult<Activity> {
    state.run(move |s| calls::log(s, input)).await
}

/// The people with this number in any spelling (matched on E.164, read in the app's region).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn calls_lookup(state: State<'_, AppState>, number: String) -> AppResult<CallerLookup> {
    state.run(move |s| people::find_by_phone(s, &number, None)).await
}

/// Opens the OS dialer on a `tel:` link for the number (through the same opener as web links).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn calls_dial(state: State<'_, AppState>, number: String) -> AppResult<()> {
    let url = state.run(move |s| calls::dial_url(s, &number)).await?;
    traced(state.open_external(&url))
}

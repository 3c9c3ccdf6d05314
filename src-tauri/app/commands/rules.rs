//! Automation rules: list, add, edit, preview, enable or disable, remove, and a rule's run history.

use tauri::State;

use crate::app::state::AppState;
use relata_core::domain::*;
use relata_core::services::automation;
use relata_core::AppResult;

/// The most runs one history page shows.
const HISTORY_LIMIT: u32 = 200;

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn rules_list(state: State<'_, AppState>) -> AppResult<Vec<Rule>> {
    state.run(automation::list).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn rules_add(state: State<'_, AppState>, rule: RuleDef) -> AppResult<Rule> {
    state.run(move |s| automation::add(s, &rule)).await
}

/// How many records the rule would have matched in the last 30 days, with examples.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn rules_preview(state: State<'_, AppState>, rule: RuleDef) -> AppResult<RulePreview> {
    state.run(move |s| automation::preview(s, &rule)).await
}

/// Saves a rule's new definition (a built-in rule keeps its trigger).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn rules_update(state: State<'_, AppState>, id: Id, rule: RuleDef) -> AppResult<Rule> {
    state.run(move |s| automation::update(s, id, &rule)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn rules_set_enabled(state: State<'_, AppState>, id: Id, enabled: bool) -> AppResult<Rule> {
    state.run(move |s| automation::set_enabled(s, id, enabled)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn rules_remove(state: State<'_, AppState>, id: Id) -> AppResult<()> {
    state.run(move |s| automation::remove(s, id)).await
}

/// The fields a `record_updated` or `field_changed` trigger can name, per entity (the rule form's pickers).
/// Reads only.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn rules_fields(state: State<'_, AppState>) -> AppResult<std::collections::BTreeMap<String, Vec<String>>> {
    state.run(automation::fields).await
}

/// A rule's runs, newest first.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn rules_history(state: State<'_, AppState>, id: Id) -> AppResult<Vec<RuleRun>> {
    state.run(move |s| automation::history(s, id, HISTORY_LIMIT)).await
}

/// Writes the rules (not the built-in ones) to `path` as JSON, in the form `rules_import_file` and
/// `relata rules import` read; returns how many.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn rules_export_file(state: State<'_, AppState>, path: String) -> AppResult<u32> {
    state
        .run(move |s| {
            let defs = automation::export(s)?;
            std::fs::write(&path, serde_json::to_string_pretty(&defs)?)?;
            Ok(u32::try_from(defs.len()).unwrap_or(u32::MAX))
        })
        .await
}

/// Adds every rule of an export file, all or none (an error names the rule as `[i].field`).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn rules_import_file(state: State<'_, AppState>, path: String) -> AppResult<Vec<Rule>> {
    state
        .run(move |s| {
            let text = std::fs::read_to_string(&path)?;
            automation::import(s, &automation::parse_export(&text, &path)?)
        })
        .await
}

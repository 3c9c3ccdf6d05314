//! Lead scoring over IPC: training, rules, suggestions, the model summary and a lead's explanation.

use tauri::State;

use super::write;
use crate::app::state::AppState;
use crate::domain::*;
use crate::services::scoring;
use crate::AppResult;

/// Trains on the converted and lost leads and rescores every lead (people lists refresh afterwards).
#[tauri::command]
#[specta::specta]
pub async fn scoring_train(state: State<'_, AppState>) -> AppResult<TrainReport> {
    write(&state, Entity::Person, scoring::train).await
}

#[tauri::command]
#[specta::specta]
pub async fn scoring_model_summary(state: State<'_, AppState>) -> AppResult<Option<ModelSummary>> {
    state.run(scoring::model_summary).await
}

#[tauri::command]
#[specta::specta]
pub async fn scoring_suggestions(state: State<'_, AppState>) -> AppResult<Vec<RuleSuggestion>> {
    state.run(scoring::suggestions).await
}

#[tauri::command]
#[specta::specta]
pub async fn scoring_rules_list(state: State<'_, AppState>) -> AppResult<Vec<ScoringRule>> {
    state.run(scoring::list_rules).await
}

#[tauri::command]
#[specta::specta]
pub async fn scoring_rules_add(state: State<'_, AppState>, input: ScoringRuleInput) -> AppResult<ScoringRule> {
    write(&state, Entity::Person, move |s| scoring::add_rule(s, input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn scoring_rules_update(
    state: State<'_, AppState>,
    id: Id,
    input: ScoringRuleInput,
) -> AppResult<ScoringRule> {
    write(&state, Entity::Person, move |s| scoring::update_rule(s, id, input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn scoring_rules_remove(state: State<'_, AppState>, id: Id) -> AppResult<()> {
    write(&state, Entity::Person, move |s| scoring::remove_rule(s, id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn lead_explain(state: State<'_, AppState>, id: Id) -> AppResult<ScoreExplanation> {
    state.run(move |s| scoring::explain(s, id)).await
}

//! Lead scoring over IPC: training, rules, suggestions, the model summary and a lead's explanation.

use tauri::State;

use super::exclusive::Exclusive;
use crate::app::events::{JobEvent, RescoreProgress};
use crate::app::state::AppState;
use relata_core::domain::*;
use relata_core::services::scoring;
use relata_core::AppResult;

/// The full rescore under way, one at a time.
static RESCORING: Exclusive = Exclusive::new();

/// Trains on the people with a known outcome, then rescores every lead on a background task, sending
/// `RescoreProgress` events as it goes; people lists refresh when it ends. A cancelled rescore keeps the new
/// model and the old scores, and answers with a `conflict` error. While a rescore runs, a training is refused
/// with `conflict` before it trains, so it saves no model.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn scoring_train(state: State<'_, AppState>) -> AppResult<TrainReport> {
    let claim = RESCORING.claim("a rescore is already running")?;
    let (model, suggestions) = state.run(scoring::train_model).await?;
    let cancel = claim.cancel.clone();
    let listener = state.job_listener();
    let rescored = state
        .run(move |s| {
            let progress = |done: usize, total: usize| {
                let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
                listener(JobEvent::Rescore(RescoreProgress { done: count(done), total: count(total) }));
            };
            scoring::rescore_all(s, &progress, &cancel)
        })
        .await;
    drop(claim);
    Ok(scoring::report(model, suggestions, rescored?))
}

/// Asks the running rescore to stop; it then writes nothing. `false` when none is running.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn scoring_rescore_cancel() -> AppResult<bool> {
    Ok(RESCORING.cancel())
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn scoring_model_summary(state: State<'_, AppState>) -> AppResult<Option<ModelSummary>> {
    state.run(scoring::model_summary).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn scoring_suggestions(state: State<'_, AppState>) -> AppResult<Vec<RuleSuggestion>> {
    state.run(scoring::suggestions).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn scoring_rules_list(state: State<'_, AppState>) -> AppResult<Vec<ScoringRule>> {
    state.run(scoring::list_rules).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn scoring_rules_add(state: State<'_, AppState>, input: ScoringRuleInput) -> AppResult<ScoringRule> {
    state.run(move |s| scoring::add_rule(s, input)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn scoring_rules_update(
    state: State<'_, AppState>,
    id: Id,
    input: ScoringRuleInput,
) -> AppResult<ScoringRule> {
    state.run(move |s| scoring::update_rule(s, id, input)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn scoring_rules_remove(state: State<'_, AppState>, id: Id) -> AppResult<()> {
    state.run(move |s| scoring::remove_rule(s, id)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn lead_explain(state: State<'_, AppState>, id: Id) -> AppResult<ScoreExplanation> {
    state.run(move |s| scoring::explain(s, id)).await
}

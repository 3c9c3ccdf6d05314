//! Campaigns: list, add, members from a segment with their responses, costs, consent-aware sending (with the
//! skip list as a dry run first), the send's progress with pause and resume, the report and the A/B results.

use tauri::State;

use crate::app::state::AppState;
use relata_core::domain::*;
use relata_core::services::campaigns::{self, abtest, progress, report, send};
use relata_core::AppResult;

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn campaigns_list(state: State<'_, AppState>) -> AppResult<Vec<Campaign>> {
    state.run(campaigns::list).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn campaigns_get(state: State<'_, AppState>, id: Id) -> AppResult<Campaign> {
    state.run(move |s| campaigns::get(s, id)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn campaigns_add(state: State<'_, AppState>, input: CampaignInput) -> AppResult<Campaign> {
    state.run(move |s| campaigns::add(s, input)).await
}

/// The members with their responses.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn campaigns_members(state: State<'_, AppState>, id: Id) -> AppResult<Vec<CampaignMember>> {
    state.run(move |s| campaigns::members(s, id)).await
}

/// Adds a segment's people now (a snapshot); returns how many joined.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn campaigns_add_members(state: State<'_, AppState>, id: Id, segment_id: Id) -> AppResult<u32> {
    state.run(move |s| campaigns::add_members_from_segment(s, id, segment_id)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn campaigns_costs(state: State<'_, AppState>, id: Id) -> AppResult<Vec<CampaignCost>> {
    state.run(move |s| campaigns::costs(s, id)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn campaigns_add_cost(
    state: State<'_, AppState>,
    id: Id,
    input: CampaignCostInput,
) -> AppResult<CampaignCost> {
    state.run(move |s| campaigns::add_cost(s, id, input)).await
}

/// Plans a send (`dry_run`: who is sent, who skipped and why) or queues it.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn campaigns_send(state: State<'_, AppState>, request: SendRequest) -> AppResult<SendPlan> {
    state.run(move |s| send::send(s, &request)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn campaigns_report(
    state: State<'_, AppState>,
    id: Id,
    model: AttributionModel,
) -> AppResult<CampaignReport> {
    state.run(move |s| report::report(s, id, model)).await
}

/// The A/B test's results, or null when the campaign has none.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn campaigns_abtest(state: State<'_, AppState>, id: Id) -> AppResult<Option<AbReport>> {
    state.run(move |s| abtest::report(s, id)).await
}

/// Sets up the campaign's A/B test and splits its members; returns its (empty) results.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn campaigns_abtest_setup(state: State<'_, AppState>, id: Id, input: AbTestInput) -> AppResult<AbReport> {
    state.run(move |s| abtest::setup(s, id, input)).await
}

/// Where the campaign's send stands in this desktop's outbox (queued, sent, failed, skipped, paused).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn campaigns_progress(state: State<'_, AppState>, id: Id) -> AppResult<SendProgress> {
    state.run(move |s| progress::progress(s, id)).await
}

/// Pauses the send: the outbox takes none of its waiting messages until it is resumed.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn campaigns_pause(state: State<'_, AppState>, id: Id) -> AppResult<SendProgress> {
    state.run(move |s| progress::pause(s, id)).await
}

/// Resumes a paused send (still within the account's rate limits).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn campaigns_resume(state: State<'_, AppState>, id: Id) -> AppResult<SendProgress> {
    state.run(move |s| progress::resume(s, id)).await
}

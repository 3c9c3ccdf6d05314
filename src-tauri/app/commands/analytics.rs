//! The Dashboard page's figures.

use tauri::State;

use crate::app::state::AppState;
use relata_core::services::analytics::{self, AnalyticsFilter, ConversionReport, Dashboard, FilterOptions, Period};
use relata_core::AppResult;

/// Funnel, revenue, churn (over the filter's period, else the last twelve months), cohort retention by
/// `period` and profit per customer, all for the same filters (definitions in docs/analytics.md).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn analytics_dashboard(
    state: State<'_, AppState>,
    filter: AnalyticsFilter,
    period: Period,
) -> AppResult<Dashboard> {
    state.run(move |s| analytics::dashboard(s, &filter, period)).await
}

/// The owners and sources the Dashboard's filter pickers offer.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn analytics_filter_options(state: State<'_, AppState>) -> AppResult<FilterOptions> {
    state.run(analytics::filter_options).await
}

/// Conversion by source, segment and campaign alone (docs/analytics.md), for the lead scoring section, where
/// it shows what converted next to the model's explanations without computing the whole dashboard.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn analytics_conversion(state: State<'_, AppState>, filter: AnalyticsFilter) -> AppResult<ConversionReport> {
    state.run(move |s| analytics::conversion(s, &filter)).await
}

//! The service desk: tickets with their conversation and SLA state, and the support figures.

use tauri::State;

use crate::app::state::AppState;
use relata_core::domain::*;
use relata_core::services::tickets::{self, metrics};
use relata_core::AppResult;

/// Tickets newest first, each with its SLA state (filters: status, assignee, person, breaching).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn tickets_list(state: State<'_, AppState>, query: TicketsQuery) -> AppResult<Vec<Ticket>> {
    state.run(move |s| tickets::list(s, &query)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn tickets_get(state: State<'_, AppState>, id: Id) -> AppResult<TicketDetail> {
    state.run(move |s| tickets::get(s, id)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn tickets_create(state: State<'_, AppState>, input: TicketInput) -> AppResult<TicketDetail> {
    state.run(move |s| tickets::create(s, input)).await
}

/// A public reply or (with `internal`) an internal note.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn tickets_reply(state: State<'_, AppState>, id: Id, message: TicketMessage) -> AppResult<TicketDetail> {
    state.run(move |s| tickets::reply(s, id, message)).await
}

/// A public reply emailed to the customer from the mail account `account_id`: the reply, its timeline
/// activity and the outbox entry in one transaction (see docs/mail-sync.md, Tickets by email).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, account_id = account_id, code))]
pub async fn tickets_reply_email(
    state: State<'_, AppState>,
    id: Id,
    message: TicketMessage,
    account_id: Id,
) -> AppResult<TicketDetail> {
    state.run(move |s| tickets::email::reply_by_email(s, id, message, account_id)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn tickets_set_status(state: State<'_, AppState>, id: Id, status: TicketStatus) -> AppResult<TicketDetail> {
    state.run(move |s| tickets::set_status(s, id, status, None)).await
}

/// Assigns the ticket (null or blank: unassigned).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn tickets_assign(state: State<'_, AppState>, id: Id, assignee: Option<String>) -> AppResult<TicketDetail> {
    state.run(move |s| tickets::assign(s, id, assignee.as_deref(), None)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn tickets_set_priority(
    state: State<'_, AppState>,
    id: Id,
    priority: TicketPriority,
) -> AppResult<TicketDetail> {
    state.run(move |s| tickets::set_priority(s, id, priority)).await
}

/// The customer's satisfaction (1-5) with a solved ticket.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn tickets_rate(
    state: State<'_, AppState>,
    id: Id,
    rating: i32,
    comment: Option<String>,
) -> AppResult<TicketDetail> {
    state.run(move |s| tickets::rate(s, id, rating, comment.as_deref())).await
}

/// The support figures for a period (see docs/support-metrics.md).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn support_metrics(state: State<'_, AppState>, query: MetricsQuery) -> AppResult<SupportMetrics> {
    state.run(move |s| metrics::metrics(s, &query)).await
}

/// One figure of the support metrics as CSV (the UI saves it as a file).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn support_metrics_csv(
    state: State<'_, AppState>,
    query: MetricsQuery,
    figure: MetricsFigure,
) -> AppResult<String> {
    state.run(move |s| metrics::csv(&metrics::metrics(s, &query)?, figure)).await
}

//! A customer's purchases: their orders and what they spent.

use tauri::State;

use crate::app::state::AppState;
use relata_core::domain::*;
use relata_core::services::orders::{self, Filter};
use relata_core::AppResult;

/// The live orders of a person and/or a company, newest first, without their lines (`line_count`).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn orders_list(
    state: State<'_, AppState>,
    person_id: Option<Id>,
    company_id: Option<Id>,
) -> AppResult<Vec<Order>> {
    state.run(move |s| orders::list(s, Filter { person_id, company_id })).await
}

/// One order with its lines.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn orders_get(state: State<'_, AppState>, id: Id) -> AppResult<Order> {
    state.run(move |s| orders::get(s, id)).await
}

/// What a person and/or company spent per currency (credit notes subtract), their order count and the
/// date of their last order.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn orders_summary(
    state: State<'_, AppState>,
    person_id: Option<Id>,
    company_id: Option<Id>,
) -> AppResult<PurchaseSummary> {
    state.run(move |s| orders::summary(s, Filter { person_id, company_id })).await
}

/// Changes a live order's status (draft, confirmed, paid, cancelled); returns the order with its lines.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn orders_set_status(state: State<'_, AppState>, id: Id, status: OrderStatus) -> AppResult<Order> {
    state.run(move |s| orders::set_status(s, id, status)).await
}

/// Moves an order to the trash; `trash_restore` with entity `order` brings it back.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn orders_delete(state: State<'_, AppState>, id: Id) -> AppResult<()> {
    state.run(move |s| orders::delete(s, id)).await
}

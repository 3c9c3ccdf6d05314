//! Commands for the CRM's records: people, companies, deals, activities and tasks.

use tauri::State;

use super::record_commands;
use crate::app::state::AppState;
use relata_core::domain::*;
use relata_core::services::{activities, deals, pipelines, tasks};
use relata_core::AppResult;

record_commands!(relata_core::services::people, Person, PersonInput, PeopleQuery, PersonRow,
    list: people_list, get: people_get, create: people_create, update: people_update, delete: people_delete);

record_commands!(relata_core::services::companies, Company, CompanyInput, CompaniesQuery, CompanyRow,
    list: companies_list, get: companies_get, create: companies_create, update: companies_update,
    delete: companies_delete);

record_commands!(relata_core::services::deals, Deal, DealInput, DealsQuery, Deal,
    list: deals_list, get: deals_get, create: deals_create, update: deals_update, delete: deals_delete);

record_commands!(relata_core::services::tasks, Task, TaskInput, TasksQuery, Task,
    list: tasks_list, get: tasks_get, create: tasks_create, update: tasks_update, delete: tasks_delete);

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn pipelines_list(state: State<'_, AppState>) -> AppResult<Vec<Pipeline>> {
    state.run(pipelines::list).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn deals_board(state: State<'_, AppState>, pipeline_id: Id) -> AppResult<Vec<BoardColumn>> {
    state.run(move |s| deals::board(s, pipeline_id)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn deals_move(state: State<'_, AppState>, id: Id, mv: DealMove) -> AppResult<Deal> {
    state.run(move |s| deals::move_to(s, id, mv)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn tasks_today(state: State<'_, AppState>) -> AppResult<TodayView> {
    // The user's "today" is the machine's local day; the core only needs the current UTC offset.
    let offset_minutes = chrono::Local::now().offset().local_minus_utc() / 60;
    state.run(move |s| tasks::today(s, offset_minutes)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn tasks_set_done(state: State<'_, AppState>, id: Id, done: bool) -> AppResult<Task> {
    state.run(move |s| tasks::set_done(s, id, done)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn activities_timeline(state: State<'_, AppState>, query: TimelineQuery) -> AppResult<Page<Activity>> {
    state.run(move |s| activities::timeline(s, &query)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn activities_create(state: State<'_, AppState>, input: ActivityInput) -> AppResult<Activity> {
    state.run(move |s| activities::create(s, input)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn activities_update(state: State<'_, AppState>, id: Id, input: ActivityInput) -> AppResult<Activity> {
    state.run(move |s| activities::update(s, id, input)).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn activities_delete(state: State<'_, AppState>, id: Id) -> AppResult<()> {
    state.run(move |s| activities::delete(s, id)).await
}

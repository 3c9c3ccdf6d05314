//! Commands of the Team section in settings: create a workspace (admin), invite a user, join, status,
//! "Sync now", the conflict list with restore, and leave. Passwords go straight to the core, which keeps the
//! user's own in the keyring; no command answers with one.

use tauri::State;

use crate::app::state::AppState;
use relata_core::domain::Id;
use relata_core::services::team::{self, views::ConflictView, Invite, TeamStatus};
use relata_core::AppResult;

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn team_status(state: State<'_, AppState>) -> AppResult<TeamStatus> {
    state.run(team::status).await
}

/// Creates (or upgrades) the workspace at `url` (`postgres://ADMIN@host/db`) with the admin's password.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn team_create(state: State<'_, AppState>, url: String, password: String) -> AppResult<TeamStatus> {
    let store = state.opened()?;
    let status = team::init(&store, state.secrets().as_ref(), &url, &password).await;
    state.team_sync().ask();
    status
}

/// Creates a team user with a role; answers with the join string (never the password).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn team_invite(
    state: State<'_, AppState>,
    user: String,
    role: String,
    password: String,
) -> AppResult<Invite> {
    let store = state.opened()?;
    team::invite(&store, state.secrets().as_ref(), &user, &role, &password).await
}

/// Joins the workspace a join string names, with the user's password; the first sync starts at once.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn team_join(state: State<'_, AppState>, join: String, password: String) -> AppResult<TeamStatus> {
    let store = state.opened()?;
    let (url, user) = team::parse_join(&join)?;
    let status = team::join(&store, state.secrets().as_ref(), &url, &user, &password).await;
    state.team_sync().ask();
    status
}

/// Asks the background job for a pass now; the status (and DataChanged for pulled records) follow.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn team_sync_now(state: State<'_, AppState>) -> AppResult<()> {
    state.run(|_| Ok(())).await?;
    state.team_sync().ask();
    Ok(())
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn team_conflicts(state: State<'_, AppState>) -> AppResult<Vec<ConflictView>> {
    let store = state.opened()?;
    team::views::conflicts(&store, state.secrets().as_ref()).await
}

/// Puts a conflict's losing value back as a new edit of this desktop (it wins with the next sync).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn team_restore_conflict(state: State<'_, AppState>, id: Id) -> AppResult<()> {
    let store = state.opened()?;
    team::restore_conflict(&store, state.secrets().as_ref(), id).await?;
    state.team_sync().wake();
    Ok(())
}

/// Leaves the workspace; the local copy stays.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn team_leave(state: State<'_, AppState>) -> AppResult<TeamStatus> {
    let secrets = state.secrets();
    state
        .run(move |s| {
            team::leave(s, secrets.as_ref())?;
            team::status(s)
        })
        .await
}

//! Commands for the mail layer: accounts (the password goes to the keyring, never back to the webview),
//! "Test connection", queueing a message, the outbox of a person, and asking for a sync now.

use tauri::State;

use crate::app::state::AppState;
use relata_core::domain::*;
use relata_core::services::mail::{accounts, check, compose, outbox, views};
use relata_core::AppResult;

/// How many of a person's outgoing messages their page lists.
const PERSON_OUTBOX_MAX: u32 = 50;

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn mail_accounts_list(state: State<'_, AppState>) -> AppResult<Vec<MailAccount>> {
    state.run(accounts::list).await
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn mail_account_add(
    state: State<'_, AppState>,
    input: MailAccountInput,
    password: String,
) -> AppResult<MailAccount> {
    let secrets = state.secrets();
    let added = state.run(move |s| accounts::add(s, secrets.as_ref(), input, &password)).await;
    state.wake_mail_sync();
    added
}

/// Changes an account; `password` replaces the stored one when given (`null` keeps it).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn mail_account_update(
    state: State<'_, AppState>,
    id: Id,
    input: MailAccountInput,
    password: Option<String>,
) -> AppResult<MailAccount> {
    let secrets = state.secrets();
    let updated = state.run(move |s| accounts::update(s, secrets.as_ref(), id, input, password.as_deref())).await;
    state.wake_mail_sync();
    updated
}

#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn mail_account_remove(state: State<'_, AppState>, id: Id) -> AppResult<()> {
    let secrets = state.secrets();
    state.run(move |s| accounts::remove(s, secrets.as_ref(), id)).await
}

/// Makes the account's inbox a support mailbox (new messages there open tickets), or an ordinary one again.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn mail_account_set_support(state: State<'_, AppState>, id: Id, on: bool) -> AppResult<MailAccount> {
    state
        .run(move |s| {
            accounts::set_support_mailbox(s, id, on)?;
            accounts::get(s, id)
        })
        .await
}

/// Reaches both servers of a saved account step by step; a failed step is in the report, not an error.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(id = id, code))]
pub async fn mail_account_test(state: State<'_, AppState>, id: Id) -> AppResult<MailTestReport> {
    let secrets = state.secrets();
    let (account, password) = state
        .run(move |s| {
            let account = accounts::get(s, id)?;
            let password = accounts::password(s, secrets.as_ref(), id)?;
            Ok((account, password))
        })
        .await?;
    Ok(check::both(&account, &password).await)
}

/// Syncs every account now instead of at the next minute.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn mail_sync_now(state: State<'_, AppState>) -> AppResult<()> {
    state.run(|_| Ok(())).await?;
    state.wake_mail_sync();
    Ok(())
}

/// Queues one message (the outbox sends it when the account is reachable) and answers with its entry.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn mail_send(state: State<'_, AppState>, mail: OutgoingMail) -> AppResult<OutboxEntry> {
    state.run(move |s| outbox::queue_one(s, mail)).await
}

/// Queues a template for a person, rendered in their language with its documents attached (a reply too).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn mail_send_template(state: State<'_, AppState>, mail: TemplateMail) -> AppResult<OutboxEntry> {
    state.run(move |s| compose::queue_template_mail(s, &mail)).await
}

/// A person's messages in the outbox, newest first: queued, sending, sent or failed with the reason.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(person_id = person_id, code))]
pub async fn outbox_for_person(state: State<'_, AppState>, person_id: Id) -> AppResult<Vec<OutboxEntry>> {
    state.run(move |s| outbox::for_person(s, person_id, PERSON_OUTBOX_MAX)).await
}

/// The mail facts behind timeline activities (thread, attachment names and sizes); non-mail ids are left out.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn mail_activity_info(state: State<'_, AppState>, activity_ids: Vec<Id>) -> AppResult<Vec<MailActivityInfo>> {
    state.run(move |s| views::for_activities(s, &activity_ids)).await
}

/// The person's addresses that bounced.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(person_id = person_id, code))]
pub async fn mail_bounces_for_person(state: State<'_, AppState>, person_id: Id) -> AppResult<Vec<MailBounce>> {
    state.run(move |s| views::bounces(s, person_id)).await
}

/// When each account last synced.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn mail_sync_status(state: State<'_, AppState>) -> AppResult<Vec<MailSyncStatus>> {
    state.run(views::sync_status).await
}

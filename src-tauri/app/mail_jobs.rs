//! The network jobs inside the app: the outbox sender (woken whenever mail changes, so a queued message goes
//! out at once when the account is reachable), the IMAP sync (every minute, or when poked),
//! IMAP IDLE (pokes the sync as soon as an INBOX changes) and the team sync
//! (a debounced push after local changes, a pull every minute or when asked; idle outside a workspace). The
//! caller keeps the handles (the app's state, which cancels them at quit).

use std::sync::Arc;

use tauri::{AppHandle, Manager, Runtime};

use super::state::AppState;
use relata_core::services::jobs::{JobHandle, Timer};
use relata_core::services::mail::{idle, job, sender};
use relata_core::services::team;

pub fn start<R: Runtime>(app: &AppHandle<R>) -> Vec<JobHandle> {
    let state = app.state::<AppState>();
    let Some(store) = state.store() else { return Vec::new() };
    let runtime = tauri::async_runtime::handle();
    let rt = runtime.inner();
    let mailer = Arc::new(sender::SmtpMailer::default());
    let send = sender::spawn(rt, store.clone(), state.secrets(), mailer, Timer::system(), state.outbox_wake());
    let sync = job::spawn(rt, store.clone(), state.secrets(), Timer::system(), state.mail_sync_wake());
    let idle = idle::spawn(
        rt,
        store.clone(),
        state.secrets(),
        Timer::system(),
        state.mail_sync_wake(),
        state.mail_idle_wake(),
    );
    let team = team::job::spawn(rt, store, state.secrets(), Timer::system(), state.team_sync());
    vec![send, sync, idle, team]
}

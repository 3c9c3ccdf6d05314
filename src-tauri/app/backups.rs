//! Runs the core's daily backup loop inside the app, next to the reminder scheduler.

use std::sync::Arc;

use tauri::{AppHandle, Manager, Runtime};
use tokio::sync::{watch, Notify};

use super::state::AppState;
use crate::clock::{Clock, SystemClock};
use crate::services::backup;
use crate::services::scheduler::SystemSleeper;

/// Stops the backup loop when dropped (at quit).
pub struct BackupGuard(#[allow(dead_code)] watch::Sender<bool>);

pub fn start<R: Runtime>(app: &AppHandle<R>) -> Option<BackupGuard> {
    let store = app.state::<AppState>().store()?;
    let (cancel_tx, cancel_rx) = watch::channel(false);
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let sleeper = Arc::new(SystemSleeper(clock.clone()));
    // Settings changes need no wake-up: the settings command makes a due backup itself.
    let wake = Arc::new(Notify::new());
    tauri::async_runtime::spawn(backup::run_daily(store, clock, sleeper, wake, cancel_rx));
    Some(BackupGuard(cancel_tx))
}

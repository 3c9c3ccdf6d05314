//! Runs the core's daily loops inside the app, next to the reminder scheduler: the automatic backup and the
//! lead rescore that lets scores decay. Both share one cancel signal, sent when the guard drops at quit.

use std::sync::Arc;

use tauri::{AppHandle, Manager, Runtime};
use tokio::sync::{watch, Notify};

use super::events::emit_data_changed;
use super::state::AppState;
use crate::clock::{Clock, SystemClock};
use crate::domain::Entity;
use crate::services::periodic::Driver;
use crate::services::scheduler::SystemSleeper;
use crate::services::{backup, scoring};

/// Stops the daily loops when dropped (at quit).
pub struct DailyGuard(#[allow(dead_code)] watch::Sender<bool>);

pub fn start<R: Runtime>(app: &AppHandle<R>) -> Option<DailyGuard> {
    let store = app.state::<AppState>().store()?;
    let (cancel_tx, cancel) = watch::channel(false);
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    // Nothing pokes these loops: a settings change makes a due backup itself, and every write that changes
    // a lead rescores it at once.
    let driver = || Driver {
        store: store.clone(),
        clock: clock.clone(),
        sleeper: Arc::new(SystemSleeper(clock.clone())),
        wake: Arc::new(Notify::new()),
        cancel: cancel.clone(),
    };
    tauri::async_runtime::spawn(backup::run_daily(driver()));
    let handle = app.clone();
    tauri::async_runtime::spawn(scoring::run_daily(driver(), move |_| emit_data_changed(&handle, Entity::Person)));
    Some(DailyGuard(cancel_tx))
}

//! Runs the core's background loops inside the app, next to the reminder scheduler: the automatic backup,
//! the lead rescore that lets scores decay, and the search indexer that writes the entries a large import
//! queued. All share one cancel signal, sent when the guard drops at quit.

use std::sync::Arc;

use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;
use tokio::sync::{watch, Notify};

use super::events::SearchIndexProgress;
use super::state::AppState;
use relata_core::clock::{Clock, SystemClock};
use relata_core::services::periodic::Driver;
use relata_core::services::scheduler::SystemSleeper;
use relata_core::services::{backup, scoring, search_backlog};

/// Stops the background loops when dropped (at quit).
pub struct DailyGuard(#[allow(dead_code)] watch::Sender<bool>);

pub fn start<R: Runtime>(app: &AppHandle<R>) -> Option<DailyGuard> {
    let state = app.state::<AppState>();
    let store = state.store()?;
    let (cancel_tx, cancel) = watch::channel(false);
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let driver = |wake: Arc<Notify>| Driver {
        store: store.clone(),
        clock: clock.clone(),
        sleeper: Arc::new(SystemSleeper(clock.clone())),
        wake,
        cancel: cancel.clone(),
    };
    // Nothing pokes the daily loops: a settings change makes a due backup itself, and every write that
    // changes a lead rescores it at once.
    tauri::async_runtime::spawn(backup::run_daily(driver(Arc::new(Notify::new()))));
    // The store announces what the rescore changed (scores, hot-lead tasks and notes) like any write.
    tauri::async_runtime::spawn(scoring::run_daily(driver(Arc::new(Notify::new())), |_| {}));
    let handle = app.clone();
    tauri::async_runtime::spawn(search_backlog::run(driver(state.index_wake()), move |done, total| {
        let count = |n: u64| n.min(u64::from(u32::MAX)) as u32;
        // A closed window cannot show progress; the indexer goes on regardless.
        let _ = SearchIndexProgress { done: count(done), total: count(total) }.emit(&handle);
    }));
    Some(DailyGuard(cancel_tx))
}

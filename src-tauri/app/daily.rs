//! Starts the core's background jobs inside the app, next to the reminder scheduler: the automatic backup,
//! the lead rescore that lets scores decay, and the search indexer that writes the entries a large import
//! queued, and the automation rules' worker. The caller keeps the handles (the app's state, which cancels them at quit).

use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;

use super::events::SearchIndexProgress;
use super::state::AppState;
use relata_core::services::jobs::{JobHandle, Timer};
use relata_core::services::{automation, backup, scoring, search_backlog};

pub fn start<R: Runtime>(app: &AppHandle<R>) -> Vec<JobHandle> {
    let state = app.state::<AppState>();
    let Some(store) = state.store() else { return Vec::new() };
    let runtime = tauri::async_runtime::handle();
    let rt = runtime.inner();
    // The store announces what the rescore changed (scores, hot-lead tasks and notes) like any write.
    let rescore = scoring::spawn_daily(rt, Timer::system(), store.clone(), |_| {});
    let handle = app.clone();
    let index = search_backlog::spawn(rt, Timer::system(), state.index_wake(), store.clone(), move |done, total| {
        let count = |n: u64| n.min(u64::from(u32::MAX)) as u32;
        // A closed window cannot show progress; the indexer goes on regardless.
        let _ = SearchIndexProgress { done: count(done), total: count(total) }.emit(&handle);
    });
    let rules = automation::worker::spawn(rt, Timer::system(), state.rules_wake(), store.clone());
    vec![backup::spawn_daily(rt, Timer::system(), store), rescore, index, rules]
}

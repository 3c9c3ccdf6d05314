//! Opening a store that needs minutes first: a plaintext store from an earlier version (or a benchmark's)
//! is encrypted before it opens. The window starts at once with a progress screen (`AppInfo::opening`), the
//! store opens in the background, and each step's progress reaches the UI as `StartupProgress`.

use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;

use super::events::StartupProgress;
use super::state::AppState;

/// Opens the state's store in the background, reporting progress to the webview. When it is open the
/// desktop's jobs start (the state's `on_reopened` hook) and the UI, which polls `app_info`, loads.
pub fn open_in_background<R: Runtime>(app: &AppHandle<R>) {
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        let emitter = handle.clone();
        let progress = move |step, done: u64, total: u64| {
            let count = |n: u64| n.min(u64::from(u32::MAX)) as u32;
            // A window not loaded yet misses a few updates; the next one comes within a second.
            let _ = StartupProgress { step, done: count(done), total: count(total) }.emit(&emitter);
        };
        let started = std::time::Instant::now();
        let opened = handle.state::<AppState>().open_reporting(progress).await;
        match opened {
            Ok(()) => tracing::info!(ms = started.elapsed().as_millis() as u64, "store encrypted and opened"),
            Err(e) => tracing::error!(code = ?e.code, "cannot open the store"),
        }
    });
}

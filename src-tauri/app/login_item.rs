//! Start at login: the setting lives in the store, the OS entry (an XDG autostart file, a launch agent,
//! a Run registry key) is kept in line with it by the autostart plugin.

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_autostart::ManagerExt;

use super::state::AppState;
use relata_core::services::settings;

pub fn attach<R: Runtime>(app: &AppHandle<R>) {
    let handle = app.clone();
    let state = app.state::<AppState>();
    state.on_login_item(move |enabled| {
        let launcher = handle.autolaunch();
        let result = if enabled { launcher.enable() } else { launcher.disable() };
        result.map_err(|e| e.to_string())
    });
    // The OS entry may have been removed (or copied from another machine) behind Relata's back.
    let wanted = state.store().and_then(|s| settings::get(&s).ok()).is_some_and(|s| s.start_at_login);
    let present = app.autolaunch().is_enabled().unwrap_or(false);
    if wanted != present {
        if let Err(e) = state.set_login_item(wanted) {
            tracing::warn!(code = ?e.code, wanted, "could not sync the login item");
        }
    }
}

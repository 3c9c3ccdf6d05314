//! Typed events the core's changes produce for the webview.

use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{AppHandle, Runtime};
use tauri_specta::Event;

use crate::domain::Entity;

/// Records of `entity` changed: views that show them re-fetch.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct DataChanged {
    pub entity: Entity,
}

pub fn emit_data_changed<R: Runtime>(app: &AppHandle<R>, entity: Entity) {
    // A webview that is gone cannot refresh anyway; the write itself has succeeded.
    let _ = DataChanged { entity }.emit(app);
}

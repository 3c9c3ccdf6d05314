//! Typed events the core's changes produce for the webview.

use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{AppHandle, Runtime};
use tauri_specta::Event;

use relata_core::domain::{Entity, Id, StartupStep};

/// Records of `entity` changed: views that show them re-fetch.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct DataChanged {
    pub entity: Entity,
}

/// Follow-ups whose reminders just fired (one native notification stands for them all).
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct ReminderFired {
    pub task_ids: Vec<Id>,
    /// The notification's headline, already in the user's language.
    pub title: String,
}

/// The desktop's notification server is missing or refused; reminders only show in the app.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct NotificationsUnavailable {
    pub reason: String,
}

/// Show a page of the UI: "today" from the tray menu, or a record ("person", "company", "deal" with its
/// id) from a clicked reminder.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct NavigateRequested {
    pub page: String,
    pub id: Option<Id>,
}

/// How far the full rescore of every lead (after training) is: `done` of `total` leads.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type, Event)]
pub struct RescoreProgress {
    pub done: u32,
    pub total: u32,
}

/// How far the search indexer is with the people a large import queued: `done` of `total`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type, Event)]
pub struct SearchIndexProgress {
    pub done: u32,
    pub total: u32,
}

pub fn emit_data_changed<R: Runtime>(app: &AppHandle<R>, entity: Entity) {
    // A webview that is gone cannot refresh anyway; the write itself has succeeded.
    let _ = DataChanged { entity }.emit(app);
}

/// How far opening the store is, while the startup progress screen shows (a plaintext store being
/// encrypted): `done` of `total` for `step`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type, Event)]
pub struct StartupProgress {
    pub step: StartupStep,
    pub done: u32,
    pub total: u32,
}

//! Typed events the core's changes produce for the webview.

use serde::{Deserialize, Serialize};
use specta::Type;
use tauri_specta::Event;

use relata_core::domain::{EnrichAllReport, Id, StartupStep, Topic};
use relata_core::AppError;

/// A committed write changed data of these topics (each once, never empty): views that show them
/// re-fetch. The store records them itself, whoever wrote (a command, a reminder action, the daily rescore,
/// mail sync).
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct DataChanged {
    pub topics: Vec<Topic>,
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

/// The pages the shell can ask the UI to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum NavTarget {
    Today,
    Person,
    Company,
    Deal,
    /// A ticket (with its id), or the tickets page (without).
    Ticket,
    /// A campaign (a running send's line in the tray menu).
    Campaign,
}

/// Show a page of the UI: today's list or a campaign from the tray menu, or a record (with its id) from a
/// clicked reminder.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct NavigateRequested {
    pub page: NavTarget,
    pub id: Option<Id>,
}

/// How far the full rescore of every lead (after training) is: `done` of `total` leads.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type, Event)]
pub struct RescoreProgress {
    pub done: u32,
    pub total: u32,
}

/// How far "Enrich all" is: `done` of `total` people looked at.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type, Event)]
pub struct EnrichAllProgress {
    pub done: u32,
    pub total: u32,
}

/// "Enrich all" has ended: what it did (up to where it stopped, when `cancelled`), or why it failed.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct EnrichAllFinished {
    pub report: EnrichAllReport,
    pub cancelled: bool,
    pub error: Option<AppError>,
}

/// What the long one-at-a-time jobs started by a command tell the webview; the shell emits each as its
/// typed event (set with the app handle, so commands stay free of the runtime type).
#[derive(Debug, Clone)]
pub enum JobEvent {
    Rescore(RescoreProgress),
    EnrichAll(EnrichAllProgress),
    EnrichAllFinished(EnrichAllFinished),
}

/// How far the search indexer is with the people a large import queued: `done` of `total`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type, Event)]
pub struct SearchIndexProgress {
    pub done: u32,
    pub total: u32,
}

/// How far opening the store is, while the startup progress screen shows (a plaintext store being
/// encrypted): `done` of `total` for `step`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type, Event)]
pub struct StartupProgress {
    pub step: StartupStep,
    pub done: u32,
    pub total: u32,
}

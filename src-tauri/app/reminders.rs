//! Runs the core's reminder scheduler inside the app and turns each delivery into a native notification
//! plus a typed event for the in-app list. When no notification server answers, the app says so once and
//! keeps going: the in-app list still gets every reminder.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;

use super::events::{NotificationsUnavailable, ReminderFired};
use super::notification_actions as actions;
use super::notify_text::{self, Lang};
use super::state::AppState;
use relata_core::domain::BreachAlert;
use relata_core::services::jobs::{JobHandle, Timer};
use relata_core::services::scheduler::{self, Delivery};
use relata_core::services::settings;
use relata_core::store::Store;

/// Starts the scheduler job; the caller keeps the handle (the app's state, which cancels it at quit).
pub fn start<R: Runtime>(app: &AppHandle<R>) -> Option<JobHandle> {
    let state = app.state::<AppState>();
    let store = state.store()?;
    let handle = app.clone();
    let warned = Arc::new(AtomicBool::new(false));
    let notified = store.clone();
    let deliver = move |d: Delivery| deliver(&handle, &notified, d, &warned);
    let runtime = tauri::async_runtime::handle();
    Some(scheduler::spawn(runtime.inner(), Timer::system(), state.wake(), store, deliver))
}

fn deliver<R: Runtime>(app: &AppHandle<R>, store: &Arc<Store>, d: Delivery, warned: &Arc<AtomicBool>) {
    let setting = settings::get(store).ok().and_then(|s| s.language);
    let lang = Lang::from_tag(setting.as_deref().or(sys_locale::get_locale().as_deref()));
    let (tasks, (summary, body)) = match &d {
        Delivery::Single(t) => (vec![t.as_ref().clone()], notify_text::single(t, lang)),
        Delivery::Summary { tasks, .. } => (tasks.clone(), notify_text::summary(tasks, lang)),
        Delivery::Breach(alerts) => return deliver_breach(app, alerts, lang, warned),
    };
    let _ = ReminderFired { task_ids: tasks.iter().map(|t| t.id).collect(), title: summary.clone() }.emit(app);
    super::tray::refresh(app);

    let app = app.clone();
    let warned = warned.clone();
    let store = store.clone();
    let single = match d {
        Delivery::Single(t) => Some(*t),
        _ => None,
    };
    // The D-Bus call blocks, and so does waiting for a click: a slow or missing notification server must not
    // stall the scheduler.
    tauri::async_runtime::spawn_blocking(move || {
        let mut n = notify_rust::Notification::new();
        n.appname("Relata").summary(&summary).body(&body);
        actions::add(&mut n, single.is_some(), lang);
        match n.show() {
            Ok(shown) => actions::handle(shown, &app, &store, single),
            Err(e) => {
                if !warned.swap(true, Ordering::SeqCst) {
                    tracing::warn!("desktop notifications are unavailable; reminders show in the app only");
                    let _ = NotificationsUnavailable { reason: e.to_string() }.emit(&app);
                }
            }
        }
    });
}

/// SLA breach warnings: one notification (a summary for several); a click opens the ticket (the tickets
/// page for a summary).
fn deliver_breach<R: Runtime>(app: &AppHandle<R>, alerts: &[BreachAlert], lang: Lang, warned: &Arc<AtomicBool>) {
    let (summary, body) = notify_text::breach(alerts, lang);
    let ticket = match alerts {
        [one] => Some(one.ticket_id),
        _ => None,
    };
    let (app, warned) = (app.clone(), warned.clone());
    tauri::async_runtime::spawn_blocking(move || {
        let mut n = notify_rust::Notification::new();
        n.appname("Relata").summary(&summary).body(&body);
        actions::add(&mut n, false, lang);
        match n.show() {
            Ok(shown) => actions::handle_ticket(shown, &app, ticket),
            Err(e) => {
                if !warned.swap(true, Ordering::SeqCst) {
                    tracing::warn!("desktop notifications are unavailable; SLA warnings show in the app only");
                    let _ = NotificationsUnavailable { reason: e.to_string() }.emit(&app);
                }
            }
        }
    });
}

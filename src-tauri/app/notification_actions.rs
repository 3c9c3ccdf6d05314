//! What a click on a reminder does. Clicking it opens the record (or today's list for a summary); where
//! the desktop offers buttons, a single reminder also has Done and Snooze (10 minutes, 1 hour, tomorrow
//! 9:00). Only freedesktop notification servers report clicks back, so elsewhere a reminder is just shown.

use std::sync::Arc;

use chrono::{Days, Local, NaiveTime, TimeZone};
use tauri::{AppHandle, Runtime};
use tauri_specta::Event;

use super::events::{NavTarget, NavigateRequested};
use super::notify_text::{action_labels, Lang};
use super::tray::show_main;
use relata_core::clock::Millis;
use relata_core::domain::{Id, Task};
use relata_core::services::{reminders, tasks};
use relata_core::store::Store;

const OPEN: &str = "default";
const DONE: &str = "done";
const SNOOZE_10M: &str = "snooze-10m";
const SNOOZE_1H: &str = "snooze-1h";
const SNOOZE_TOMORROW: &str = "snooze-tomorrow";

pub fn add(n: &mut notify_rust::Notification, single: bool, lang: Lang) {
    let [open, done, m10, h1, tomorrow] = action_labels(lang);
    n.action(OPEN, &open);
    if single {
        n.action(DONE, &done).action(SNOOZE_10M, &m10).action(SNOOZE_1H, &h1).action(SNOOZE_TOMORROW, &tomorrow);
    }
}

#[cfg(all(unix, not(target_os = "macos")))]
pub fn handle<R: Runtime>(
    shown: notify_rust::NotificationHandle,
    app: &AppHandle<R>,
    store: &Arc<Store>,
    task: Option<Task>,
) {
    shown.wait_for_action(|action| act(action, app, store, task.as_ref()));
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
pub fn handle<R: Runtime>(
    _shown: notify_rust::NotificationHandle,
    _app: &AppHandle<R>,
    _store: &Arc<Store>,
    _task: Option<Task>,
) {
}

/// A click on an SLA warning opens its ticket (or the tickets page for several).
#[cfg(all(unix, not(target_os = "macos")))]
pub fn handle_ticket<R: Runtime>(shown: notify_rust::NotificationHandle, app: &AppHandle<R>, ticket: Option<Id>) {
    shown.wait_for_action(|action| {
        if action == OPEN {
            open_ticket(app, ticket);
        }
    });
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
pub fn handle_ticket<R: Runtime>(_shown: notify_rust::NotificationHandle, _app: &AppHandle<R>, _ticket: Option<Id>) {}

/// Shows the window on a ticket (or the tickets page); public for the mock-runtime tests.
#[cfg_attr(not(all(unix, not(target_os = "macos"))), allow(dead_code))]
pub fn open_ticket<R: Runtime>(app: &AppHandle<R>, ticket: Option<Id>) {
    show_main(app);
    let _ = NavigateRequested { page: NavTarget::Ticket, id: ticket }.emit(app);
}

/// What one clicked `action` does to the reminder's `task`; public for the mock-runtime tests.
#[cfg_attr(not(all(unix, not(target_os = "macos"))), allow(dead_code))]
pub fn act<R: Runtime>(action: &str, app: &AppHandle<R>, store: &Store, task: Option<&Task>) {
    let now = store.clock().now_ms();
    let result = match (action, task) {
        (OPEN, Some(t)) => {
            open_record(app, t);
            Ok(())
        }
        (OPEN, None) => {
            show_main(app);
            let _ = NavigateRequested { page: NavTarget::Today, id: None }.emit(app);
            Ok(())
        }
        (DONE, Some(t)) => tasks::set_done(store, t.id, true).map(drop),
        (SNOOZE_10M, Some(t)) => reminders::snooze(store, t.id, now + 10 * 60_000).map(drop),
        (SNOOZE_1H, Some(t)) => reminders::snooze(store, t.id, now + 60 * 60_000).map(drop),
        (SNOOZE_TOMORROW, Some(t)) => reminders::snooze(store, t.id, tomorrow_at_nine(now)).map(drop),
        _ => return, // closed or expired without a click
    };
    // The store announces the changed task (DataChanged, the tray count, the scheduler) like any write.
    if let Err(e) = result {
        tracing::warn!(action, code = ?e.code, "reminder action failed");
    }
}

/// The record a follow-up is about: its person, else its company, else its deal, else today's list.
fn open_record<R: Runtime>(app: &AppHandle<R>, t: &Task) {
    let (page, id) = match (t.person_id, t.company_id, t.deal_id) {
        (Some(id), _, _) => (NavTarget::Person, Some(id)),
        (None, Some(id), _) => (NavTarget::Company, Some(id)),
        (None, None, Some(id)) => (NavTarget::Deal, Some(id)),
        _ => (NavTarget::Today, None),
    };
    show_main(app);
    let _ = NavigateRequested { page, id }.emit(app);
}

/// 09:00 local time on the day after `now`.
fn tomorrow_at_nine(now: Millis) -> Millis {
    let Some(today) = Local.timestamp_millis_opt(now).single() else { return now + 86_400_000 };
    let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default();
    today
        .date_naive()
        .checked_add_days(Days::new(1))
        .and_then(|d| Local.from_local_datetime(&d.and_time(nine)).earliest())
        .map_or(now + 86_400_000, |t| t.timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tomorrow_at_nine_is_the_next_local_day_at_nine() {
        let now = Local.with_ymd_and_hms(2026, 11, 30, 17, 45, 0).unwrap().timestamp_millis();
        let at = Local.timestamp_millis_opt(tomorrow_at_nine(now)).unwrap();
        assert_eq!(at.format("%Y-%m-%d %H:%M").to_string(), "2026-12-01 09:00");
    }
}

//! Writes that do not come from a command (the daily rescore, a reminder's buttons) reach the UI as the
//! same DataChanged, and the repeat picker's preview command.

use std::sync::atomic::AtomicBool;
use std::sync::{mpsc, Arc};
use std::time::Duration;

use relata::app::{self, events::DataChanged, state::AppState};
use relata_core::clock::ManualClock;
use relata_core::domain::Topic;
use relata_core::store::Store;
use serde_json::json;
use tauri::Manager;
use tauri_specta::Event;

use super::{harness, harness_with, Harness};

/// A clock the test moves, and a harness on it.
fn harness_at(clock: Arc<ManualClock>) -> Harness {
    harness_with(move |dir| AppState::new(dir.to_path_buf(), Store::open(dir, clock)))
}

fn data_changes(h: &Harness) -> mpsc::Receiver<Vec<Topic>> {
    let (tx, rx) = mpsc::channel();
    DataChanged::listen(h.app.handle(), move |e| {
        let _ = tx.send(e.payload.topics);
    });
    rx
}

/// Waits for a DataChanged that names `kind`.
fn heard(rx: &mpsc::Receiver<Vec<Topic>>, kind: Topic) -> bool {
    while let Ok(entities) = rx.recv_timeout(Duration::from_secs(5)) {
        if entities.contains(&kind) {
            return true;
        }
    }
    false
}

#[test]
fn the_daily_rescores_hot_lead_task_reaches_the_ui_as_data_changed() {
    use relata_core::domain::{LeadStatus, PersonInput, RuleOp, ScoringRuleInput};
    use relata_core::services::{people, scoring};
    let t0 = 1_767_225_600_000;
    let clock = Arc::new(ManualClock::new(t0));
    let h = harness_at(clock.clone());
    let store = h.app.state::<AppState>().store().unwrap();
    let stale = ScoringRuleInput {
        attribute: "days_since_touch".into(),
        op: Some(RuleOp::Gte),
        value: Some("3".into()),
        points: 30,
        ..Default::default()
    };
    scoring::add_rule(&store, stale).unwrap();
    let lead = PersonInput {
        first_name: "Ada".into(),
        lead_status: Some(LeadStatus::Open),
        owner: Some("sam".into()),
        ..Default::default()
    };
    people::create(&store, lead).unwrap();
    scoring::rescore_if_due(&store, t0, &AtomicBool::new(false)).unwrap();
    let rx = data_changes(&h);
    clock.advance(4 * 86_400_000);
    // What the app's daily loop runs: the store itself announces the hot lead's task and note.
    scoring::rescore_if_due(&store, t0 + 4 * 86_400_000, &AtomicBool::new(false)).unwrap();
    assert!(heard(&rx, Topic::Task), "the Tasks page, tray and scheduler hear of the hot-lead task");
}

#[test]
fn a_reminder_notifications_done_and_snooze_reach_the_ui_as_data_changed() {
    use relata_core::domain::TaskInput;
    use relata_core::services::tasks;
    let h = harness();
    let store = h.app.state::<AppState>().store().unwrap();
    let input = TaskInput { title: "Call Ada".into(), due_at: 1_767_225_600_000, ..Default::default() };
    let task = tasks::create(&store, input).unwrap();
    let rx = data_changes(&h);
    app::notification_actions::act("snooze-1h", h.app.handle(), &store, Some(&task));
    assert!(heard(&rx, Topic::Task), "snoozing from the notification announces the task");
    app::notification_actions::act("done", h.app.handle(), &store, Some(&task));
    assert!(heard(&rx, Topic::Task), "done from the notification announces the task");
    assert!(tasks::get(&store, task.id).unwrap().done_at.is_some());
}

#[test]
fn repeat_preview_checks_the_rule_and_lists_occurrences_over_ipc() {
    let h = harness();
    let monday_9_amsterdam = 1_765_180_800_000_i64;
    let args = json!({ "rule": "FREQ=WEEKLY;BYDAY=MO,TH", "start": monday_9_amsterdam,
        "timeZone": "Europe/Amsterdam", "limit": 3 });
    let p = h.invoke("repeat_preview", args).unwrap();
    assert_eq!(p["rule"], "FREQ=WEEKLY;BYDAY=MO,TH");
    let day = 86_400_000_i64;
    assert_eq!(p["next"], json!([monday_9_amsterdam, monday_9_amsterdam + 3 * day, monday_9_amsterdam + 7 * day]));
    let bad = json!({ "rule": "FREQ=HOURLY", "start": monday_9_amsterdam, "timeZone": null, "limit": 3 });
    let e = h.invoke("repeat_preview", bad).unwrap_err();
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("invalid_value"), Some("repeat")));
}

use std::sync::Arc;

use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::{people, reminders, tasks};

use super::support::*;

fn task(title: &str, due_at: Millis) -> TaskInput {
    TaskInput { title: title.into(), due_at, ..Default::default() }
}

fn ids(tasks: &[Task]) -> Vec<Id> {
    tasks.iter().map(|t| t.id).collect()
}

/// 2025-03-24T08:00Z: Monday 09:00 in Amsterdam (CET), the week before the last Sunday of March.
const MON_0900_CET: Millis = 1_742_803_200_000;

fn weekly_call(extra: &str) -> TaskInput {
    TaskInput {
        repeat: Some(format!("FREQ=WEEKLY;BYDAY=MO{extra}")),
        time_zone: Some("Europe/Amsterdam".into()),
        remind_at: Some(MON_0900_CET - 15 * MINUTE),
        ..task("Check-in call", MON_0900_CET)
    }
}

#[test]
fn repeat_and_time_zone_are_validated_and_stored_canonically() {
    let e = env();
    let s = &e.store;
    assert_err(
        tasks::create(s, TaskInput { repeat: Some("FREQ=YEARLY".into()), ..task("t", T0) }),
        ErrorCode::InvalidValue,
        Some("repeat"),
    );
    let bad_zone = TaskInput { time_zone: Some("Mars/Olympus".into()), ..task("t", T0) };
    assert_err(tasks::create(s, bad_zone), ErrorCode::InvalidValue, Some("time_zone"));
    // 2025-01-31T08:00Z is the 31st at 09:00 in Amsterdam: the implicit day of the month is made explicit.
    let monthly = TaskInput {
        repeat: Some(" freq=monthly ".into()),
        time_zone: Some("Europe/Amsterdam".into()),
        ..task("Invoice check", 1_738_310_400_000)
    };
    let t = tasks::create(s, monthly).unwrap();
    assert_eq!(
        (t.repeat.as_deref(), t.time_zone.as_deref()),
        (Some("FREQ=MONTHLY;BYMONTHDAY=31"), Some("Europe/Amsterdam"))
    );
    let plain = tasks::create(s, TaskInput { repeat: Some("  ".into()), ..task("t", T0) }).unwrap();
    assert_eq!((plain.repeat, plain.time_zone, plain.notified_at), (None, None, None));
}

#[test]
fn due_now_and_next_instant_see_only_pending_reminders() {
    let e = env();
    let s = &e.store;
    let reminded =
        tasks::create(s, TaskInput { remind_at: Some(T0 - HOUR), ..task("reminded early", T0 + DAY) }).unwrap();
    let overdue = tasks::create(s, task("overdue", T0 - 2 * HOUR)).unwrap();
    let now = tasks::create(s, task("due right now", T0)).unwrap();
    tasks::create(s, task("later", T0 + HOUR)).unwrap();
    tasks::create(s, TaskInput { remind_at: Some(T0 + 10 * MINUTE), ..task("soon", T0 + 2 * HOUR) }).unwrap();
    let done = tasks::create(s, task("done", T0 - HOUR)).unwrap();
    tasks::set_done(s, done.id, true).unwrap();
    let trashed = tasks::create(s, task("trashed", T0 - HOUR)).unwrap();
    tasks::delete(s, trashed.id).unwrap();

    assert_eq!(ids(&reminders::due_now(s).unwrap()), vec![overdue.id, reminded.id, now.id]);
    assert_eq!(reminders::next_instant(s).unwrap(), Some(T0 + 10 * MINUTE));
    assert_eq!(
        reminders::mark_delivered(s, &[overdue.id, reminded.id, now.id, done.id, 999]).unwrap(),
        vec![overdue.id, reminded.id, now.id]
    );
    assert_eq!(reminders::mark_delivered(s, &[overdue.id]).unwrap(), Vec::<Id>::new(), "delivered once");
    assert!(reminders::due_now(s).unwrap().is_empty());
    assert_eq!(tasks::get(s, now.id).unwrap().notified_at, Some(T0));
    e.clock.set(T0 + 2 * HOUR);
    assert_eq!(reminders::due_now(s).unwrap().len(), 2);
    assert_eq!(reminders::next_instant(s).unwrap(), None, "nothing pending in the future");
}

#[test]
fn racing_deliverers_claim_each_reminder_once() {
    let e = env();
    let all: Vec<Id> = (0..20).map(|i| tasks::create(&e.store, task(&format!("t{i}"), T0 - i)).unwrap().id).collect();
    let store = Arc::new(e.store);
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let (store, all) = (store.clone(), all.clone());
            std::thread::spawn(move || reminders::mark_delivered(&store, &all).unwrap())
        })
        .collect();
    let mut claimed: Vec<Id> = handles.into_iter().flat_map(|h| h.join().unwrap()).collect();
    claimed.sort();
    assert_eq!(claimed, all, "every reminder claimed, none twice");
}

#[test]
fn a_reminder_snoozed_or_moved_after_it_was_read_is_not_claimed() {
    let e = env();
    let s = &e.store;
    let t = tasks::create(s, task("call", T0 - HOUR)).unwrap();
    let read = ids(&reminders::due_now(s).unwrap());
    reminders::snooze(s, t.id, T0 + 10 * MINUTE).unwrap();
    assert_eq!(reminders::mark_delivered(s, &read).unwrap(), Vec::<Id>::new(), "the snooze wins");
    e.clock.advance(10 * MINUTE);
    assert_eq!(reminders::mark_delivered(s, &read).unwrap(), vec![t.id]);
}

#[test]
fn snooze_makes_a_delivered_reminder_pending_again() {
    let e = env();
    let s = &e.store;
    let t = tasks::create(s, task("call", T0)).unwrap();
    reminders::mark_delivered(s, &[t.id]).unwrap();
    assert_err(reminders::snooze(s, t.id, T0), ErrorCode::OutOfRange, Some("until"));
    assert_err(reminders::snooze(s, 999, T0 + HOUR), ErrorCode::NotFound, None);
    let snoozed = reminders::snooze(s, t.id, T0 + HOUR).unwrap();
    assert_eq!((snoozed.remind_at, snoozed.notified_at), (Some(T0 + HOUR), None));
    assert_eq!(reminders::next_instant(s).unwrap(), Some(T0 + HOUR));
    // Saving the snoozed task as it is works, though its reminder is now after its due time.
    let input = TaskInput { remind_at: snoozed.remind_at, ..task("call again", T0) };
    assert_eq!(tasks::update(s, t.id, input).unwrap().remind_at, Some(T0 + HOUR));
}

#[test]
fn moving_a_delivered_reminder_makes_it_pending_and_other_edits_do_not() {
    let e = env();
    let s = &e.store;
    let t = tasks::create(s, task("call", T0)).unwrap();
    reminders::mark_delivered(s, &[t.id]).unwrap();
    assert_eq!(tasks::update(s, t.id, task("renamed", T0)).unwrap().notified_at, Some(T0));
    assert_eq!(tasks::update(s, t.id, task("renamed", T0 + DAY)).unwrap().notified_at, None);
}

#[test]
fn completing_a_weekly_call_creates_the_next_at_nine_local_across_dst() {
    let e = env();
    let s = &e.store;
    e.clock.set(MON_0900_CET - DAY);
    let p = people::create(s, person("Sanne", "Bakker")).unwrap();
    let first =
        tasks::create(s, TaskInput { person_id: Some(p.id), notes: Some("n".into()), ..weekly_call("") }).unwrap();
    let done = tasks::set_done(s, first.id, true).unwrap();
    assert_eq!(done.repeat, None, "the series moved on to the next occurrence");
    let open = tasks::list(s, &TasksQuery::default()).unwrap().items;
    assert_eq!(open.len(), 1);
    let next = &open[0];
    // Monday March 31st, 09:00 CEST is 07:00Z: a week minus the hour the clocks went forward.
    assert_eq!(next.due_at, MON_0900_CET + 7 * DAY - HOUR);
    assert_eq!(next.remind_at, Some(next.due_at - 15 * MINUTE), "the reminder offset is kept");
    assert_eq!((next.person_id, next.notes.as_deref(), next.title.as_str()), (Some(p.id), Some("n"), "Check-in call"));
    assert_eq!(
        (next.repeat.as_deref(), next.time_zone.as_deref()),
        (Some("FREQ=WEEKLY;BYDAY=MO"), Some("Europe/Amsterdam"))
    );
    // Completing again, or reopening and completing the old one, starts no second series.
    tasks::set_done(s, first.id, true).unwrap();
    tasks::set_done(s, first.id, false).unwrap();
    tasks::set_done(s, first.id, true).unwrap();
    assert_eq!(e.count("SELECT COUNT(*) FROM tasks"), 2);
}

#[test]
fn count_and_until_end_the_series() {
    let e = env();
    let s = &e.store;
    e.clock.set(MON_0900_CET - DAY);
    let mut current = tasks::create(s, weekly_call(";COUNT=3")).unwrap();
    for _ in 0..2 {
        tasks::set_done(s, current.id, true).unwrap();
        current = tasks::list(s, &TasksQuery::default()).unwrap().items.remove(0);
    }
    tasks::set_done(s, current.id, true).unwrap();
    assert_eq!(e.count("SELECT COUNT(*) FROM tasks"), 3, "COUNT=3 makes three occurrences");
    assert_eq!(tasks::list(s, &TasksQuery::default()).unwrap().total, 0);
    // UNTIL the first Monday of April: March 24th, 31st and April 7th.
    let mut current = tasks::create(s, weekly_call(";UNTIL=20250407")).unwrap();
    let mut made = 1;
    while let Some(open) = tasks::list(s, &TasksQuery::default()).unwrap().items.pop() {
        assert!(made < 10, "the series must end");
        tasks::set_done(s, open.id, true).unwrap();
        current = open;
        made += 1;
    }
    assert_eq!((made - 1, current.due_at), (3, MON_0900_CET + 14 * DAY - HOUR));
}

#[test]
fn completing_late_skips_the_occurrences_already_past() {
    let e = env();
    let s = &e.store;
    e.clock.set(MON_0900_CET - DAY);
    let t = tasks::create(s, TaskInput { repeat: Some("FREQ=DAILY;COUNT=10".into()), ..task("daily", MON_0900_CET) })
        .unwrap();
    e.clock.set(MON_0900_CET + 3 * DAY + HOUR);
    tasks::set_done(s, t.id, true).unwrap();
    let next = tasks::list(s, &TasksQuery::default()).unwrap().items.remove(0);
    assert_eq!(next.due_at, MON_0900_CET + 4 * DAY, "UTC: no time zone given");
    assert_eq!(e.count(&format!("SELECT occurrence FROM tasks WHERE id = {}", next.id)), 5);
}

#[test]
fn fired_lists_delivered_open_follow_ups_newest_first() {
    let e = env();
    let s = &e.store;
    let a = tasks::create(s, task("first", T0 - HOUR)).unwrap();
    let b = tasks::create(s, task("second", T0 - MINUTE)).unwrap();
    let pending = tasks::create(s, task("later", T0 + HOUR)).unwrap();
    assert!(reminders::fired(s, 50).unwrap().is_empty(), "nothing has fired yet");

    reminders::mark_delivered(s, &[a.id]).unwrap();
    e.clock.advance(MINUTE);
    reminders::mark_delivered(s, &[b.id]).unwrap();
    assert_eq!(ids(&reminders::fired(s, 50).unwrap()), vec![b.id, a.id]);
    assert_eq!(ids(&reminders::fired(s, 1).unwrap()), vec![b.id]);

    tasks::set_done(s, a.id, true).unwrap();
    tasks::delete(s, b.id).unwrap();
    assert!(reminders::fired(s, 50).unwrap().is_empty(), "done and trashed follow-ups leave the list");
    assert!(!ids(&reminders::fired(s, 50).unwrap()).contains(&pending.id));
}

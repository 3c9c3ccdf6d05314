use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::{people, tasks};

use super::support::*;

fn task(title: &str, due_at: Millis) -> TaskInput {
    TaskInput { title: title.into(), due_at, ..Default::default() }
}

#[test]
fn validation_errors_name_the_field() {
    let e = env();
    let s = &e.store;
    assert_err(tasks::create(s, task("  ", T0)), ErrorCode::Required, Some("title"));
    assert_err(
        tasks::create(s, TaskInput { remind_at: Some(T0 + 1), ..task("t", T0) }),
        ErrorCode::OutOfRange,
        Some("remind_at"),
    );
    assert_err(
        tasks::create(s, TaskInput { person_id: Some(9), ..task("t", T0) }),
        ErrorCode::NotFound,
        Some("person_id"),
    );
    assert_err(
        tasks::create(s, TaskInput { company_id: Some(9), ..task("t", T0) }),
        ErrorCode::NotFound,
        Some("company_id"),
    );
    assert_err(tasks::create(s, TaskInput { deal_id: Some(9), ..task("t", T0) }), ErrorCode::NotFound, Some("deal_id"));
    let ok = tasks::create(s, TaskInput { remind_at: Some(T0), notes: Some(" n ".into()), ..task(" t ", T0) }).unwrap();
    assert_eq!((ok.title.as_str(), ok.notes.as_deref(), ok.remind_at), ("t", Some("n"), Some(T0)));
}

#[test]
fn set_done_sets_and_clears_done_at() {
    let e = env();
    let p = people::create(&e.store, person("Ann", "Task")).unwrap();
    let t = tasks::create(&e.store, TaskInput { person_id: Some(p.id), ..task("Call back", T0 + DAY) }).unwrap();
    assert_eq!(t.person_name.as_deref(), Some("Ann Task"));
    e.clock.advance(HOUR);
    let done = tasks::set_done(&e.store, t.id, true).unwrap();
    assert_eq!((done.done_at, done.updated_at), (Some(T0 + HOUR), T0 + HOUR));
    e.clock.advance(HOUR);
    assert_eq!(
        tasks::set_done(&e.store, t.id, true).unwrap().done_at,
        Some(T0 + HOUR),
        "done twice keeps the first time"
    );
    let count = |state| tasks::list(&e.store, &TasksQuery { state, ..Default::default() }).unwrap().total;
    assert_eq!((count(TaskState::Open), count(TaskState::Done), count(TaskState::All)), (0, 1, 1));
    assert_eq!(tasks::set_done(&e.store, t.id, false).unwrap().done_at, None);
    assert_eq!(count(TaskState::Open), 1);
    assert_err(tasks::set_done(&e.store, 999, true), ErrorCode::NotFound, None);
}

#[test]
fn list_orders_by_due_and_searches_titles_literally() {
    let e = env();
    let s = &e.store;
    let late = tasks::create(s, task("Send 100% offer", T0 + 2 * DAY)).unwrap();
    let early = tasks::create(s, task("Send_brochure", T0)).unwrap();
    let mid = tasks::create(s, task("Plan", T0 + DAY)).unwrap();
    let ids = |q: TasksQuery| tasks::list(s, &q).unwrap().items.into_iter().map(|t| t.id).collect::<Vec<_>>();
    assert_eq!(ids(TasksQuery::default()), vec![early.id, mid.id, late.id]);
    assert_eq!(ids(TasksQuery { search: Some("100%".into()), ..Default::default() }), vec![late.id]);
    assert_eq!(ids(TasksQuery { search: Some("d_b".into()), ..Default::default() }), vec![early.id]);
    assert_eq!(ids(TasksQuery { due_before: Some(T0 + DAY), ..Default::default() }), vec![early.id]);
    assert_eq!(ids(TasksQuery { due_after: Some(T0 + DAY), ..Default::default() }), vec![mid.id, late.id]);
    assert_eq!(
        ids(TasksQuery { due_after: Some(T0 + 1), due_before: Some(T0 + 2 * DAY), ..Default::default() }),
        vec![mid.id]
    );
    let page = tasks::list(s, &TasksQuery { limit: Some(2), ..Default::default() }).unwrap();
    let rest = tasks::list(s, &TasksQuery { limit: Some(2), cursor: page.next_cursor, ..Default::default() }).unwrap();
    assert_eq!((rest.items.len(), rest.items[0].id, rest.next_cursor), (1, late.id, None));
}

#[test]
fn today_and_overdue_follow_the_local_day() {
    let e = env();
    // 23:30 UTC on March 10th is 01:30 on March 11th at UTC+2.
    let now = T0 + 11 * HOUR + 30 * MINUTE;
    e.clock.set(now);
    let midnight_local = T0 + 10 * HOUR; // 2025-03-10T22:00Z = 2025-03-11T00:00+02:00
    let s = &e.store;
    let overdue = tasks::create(s, task("overdue", midnight_local - MINUTE)).unwrap();
    let older = tasks::create(s, task("older", midnight_local - 3 * DAY)).unwrap();
    let first = tasks::create(s, task("first today", midnight_local)).unwrap();
    let last = tasks::create(s, task("last today", midnight_local + DAY - 1)).unwrap();
    tasks::create(s, task("tomorrow", midnight_local + DAY)).unwrap();
    let done = tasks::create(s, task("done", midnight_local - HOUR)).unwrap();
    tasks::set_done(s, done.id, true).unwrap();
    let trashed = tasks::create(s, task("trashed", midnight_local + HOUR)).unwrap();
    tasks::delete(s, trashed.id).unwrap();

    let view = tasks::today(s, 120).unwrap();
    assert_eq!((view.day_start, view.day_end), (midnight_local, midnight_local + DAY));
    assert_eq!(view.overdue.iter().map(|t| t.id).collect::<Vec<_>>(), vec![older.id, overdue.id]);
    assert_eq!(view.today.iter().map(|t| t.id).collect::<Vec<_>>(), vec![first.id, last.id]);

    // At UTC-5 it is still the evening of March 10th: everything from 05:00Z on the 10th is today.
    let west = tasks::today(s, -300).unwrap();
    assert_eq!(west.day_start, T0 - 7 * HOUR);
    assert_eq!(west.today.iter().map(|t| t.id).collect::<Vec<_>>(), vec![overdue.id, first.id]);
    assert_eq!(west.overdue.iter().map(|t| t.id).collect::<Vec<_>>(), vec![older.id]);
    assert_eq!((view.overdue_total, view.today_total), (2, 2));
    assert_err(tasks::today(s, 15 * 60), ErrorCode::OutOfRange, Some("utc_offset_minutes"));
}

#[test]
fn today_holds_the_most_recently_overdue_and_counts_the_rest() {
    let e = env();
    e.clock.set(T0 + 400 * DAY);
    let s = &e.store;
    let extra = 7;
    let n = tasks::TODAY_LIST_MAX + extra;
    // One task a day, the oldest first: the `extra` oldest ones are left out of the list, never the newer ones.
    let created: Vec<Task> =
        (0..n).map(|i| tasks::create(s, task(&format!("t{i}"), T0 + i64::from(i) * DAY)).unwrap()).collect();
    let view = tasks::today(s, 0).unwrap();
    assert_eq!(view.overdue_total, n);
    let shown: Vec<Id> = view.overdue.iter().map(|t| t.id).collect();
    let expected: Vec<Id> = created[extra as usize..].iter().map(|t| t.id).collect();
    assert_eq!(shown, expected, "the newest {} overdue tasks, in due order", tasks::TODAY_LIST_MAX);
    assert_eq!((view.today.len(), view.today_total), (0, 0));
}

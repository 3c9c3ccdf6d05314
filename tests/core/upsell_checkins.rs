//! Check-in tasks: one per customer due, for the person's owner, due today, linked to the person, titled by
//! a typed event in each reader's language; never a second one while an open check-in task exists.

use relata_core::domain::{SystemEvent, TaskInput, TaskState, TasksQuery};
use relata_core::i18n::Lang;
use relata_core::services::{tasks, upsell};

use super::support::*;
use super::upsell::checkin_history;

fn open_tasks(e: &Env, person: i64) -> Vec<relata_core::domain::Task> {
    let q = TasksQuery { person_id: Some(person), state: TaskState::Open, ..Default::default() };
    tasks::list(&e.store, &q).unwrap().items
}

#[test]
fn a_due_customer_gets_one_check_in_task_until_it_is_done() {
    let e = checkin_history();
    let made = upsell::create_tasks(&e.store, None, 100).unwrap();
    assert_eq!((made.task_ids.len(), made.skipped), (1, 0));
    let task = tasks::get(&e.store, made.task_ids[0]).unwrap();
    assert_eq!(task.person_id, Some(1));
    assert_eq!(task.owner.as_deref(), Some("sam"));
    assert_eq!(task.due_at, e.store.clock().now_ms());
    let event = task.system_event.clone().unwrap();
    assert_eq!(event, SystemEvent::CheckIn { person: "Kim 1".into(), days_since: 38, usual_days: 15 });
    assert_eq!(
        event.task_title(Lang::Nl),
        "Neem contact op met Kim 1: al 38 dagen geen bestelling (meestal om de 15 dagen)"
    );
    // It shows on the Today page (due today, not overdue).
    let today = tasks::today(&e.store, 0).unwrap();
    assert_eq!(today.today.iter().map(|t| t.id).collect::<Vec<_>>(), made.task_ids);

    // Again, for everyone or for the one person: nothing new while the task is open.
    let again = upsell::create_tasks(&e.store, None, 100).unwrap();
    assert_eq!((again.task_ids.len(), again.skipped), (0, 1));
    let one = upsell::create_tasks(&e.store, Some(&[1]), 100).unwrap();
    assert_eq!((one.task_ids.len(), one.skipped), (0, 1));
    assert_eq!(open_tasks(&e, 1).len(), 1);
    // Someone else's open task for the person is no check-in task; people not due are left alone.
    let other = TaskInput { title: "Call Kim".into(), due_at: 0, person_id: Some(1), ..Default::default() };
    tasks::create(&e.store, other).unwrap();
    assert_eq!(upsell::create_tasks(&e.store, Some(&[2, 3]), 100).unwrap(), Default::default());

    // Done: the customer, still due, gets a new one.
    tasks::set_done(&e.store, made.task_ids[0], true).unwrap();
    let next = upsell::create_tasks(&e.store, Some(&[1]), 100).unwrap();
    assert_eq!((next.task_ids.len(), next.skipped), (1, 0));
    assert_eq!(open_tasks(&e, 1).len(), 2);
}

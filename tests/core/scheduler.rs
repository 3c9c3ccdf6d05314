//! The scheduler on a manual clock: the test sleeper reports each sleep, so a test knows when a pass is
//! complete and moves time by hand; days pass in milliseconds and nothing depends on real timing.

use std::sync::Arc;
use std::time::Duration;

use relata_core::clock::ManualClock;
use relata_core::domain::*;
use relata_core::services::jobs::JobHandle;
use relata_core::services::scheduler::{self, Delivery, SAFETY_RECHECK_MS};
use relata_core::services::tasks;
use relata_core::store::Store;
use tokio::sync::{mpsc, Notify};

use super::jobs::{next_sleep, timer, TestSleeper};
use super::support::*;

struct Running {
    sleeper: Arc<TestSleeper>,
    clock: Arc<ManualClock>,
    wake: Arc<Notify>,
    sleeps: mpsc::UnboundedReceiver<Millis>,
    delivered: mpsc::UnboundedReceiver<Delivery>,
    job: JobHandle,
}

fn start(store: Arc<Store>, clock: Arc<ManualClock>) -> Running {
    let (delivered_tx, delivered) = mpsc::unbounded_channel();
    let (sleeper, sleeps) = TestSleeper::new(clock.clone());
    let wake = Arc::new(Notify::new());
    let runtime = tokio::runtime::Handle::current();
    let job = scheduler::spawn(&runtime, timer(&clock, &sleeper), wake.clone(), store, move |d| {
        let _ = delivered_tx.send(d);
    });
    Running { sleeper, clock, wake, sleeps, delivered, job }
}

impl Running {
    /// Waits until the loop has finished a pass and sleeps; returns the instant it sleeps until.
    async fn idle(&mut self) -> Millis {
        next_sleep(&mut self.sleeps).await
    }
    fn advance_to(&self, t: Millis) {
        self.sleeper.advance_to(t);
    }
    fn delivered(&mut self) -> Vec<Delivery> {
        std::iter::from_fn(|| self.delivered.try_recv().ok()).collect()
    }
    async fn stop(self) {
        tokio::time::timeout(Duration::from_secs(10), self.job.stop()).await.expect("stops");
    }
}

fn task(title: &str, due_at: Millis) -> TaskInput {
    TaskInput { title: title.into(), due_at, ..Default::default() }
}

fn single_id(d: &Delivery) -> Id {
    match d {
        Delivery::Single(t) => t.id,
        other => panic!("expected one reminder, got {other:?}"),
    }
}

#[tokio::test]
async fn each_reminder_fires_once_across_a_restart() {
    let e = env();
    let overdue = tasks::create(&e.store, task("overdue", T0 - HOUR)).unwrap();
    let soon = tasks::create(&e.store, task("soon", T0 + 10 * MINUTE)).unwrap();
    let (dir, clock, store) = (e.dir, e.clock, Arc::new(e.store));

    let mut run = start(store.clone(), clock.clone());
    assert_eq!(run.idle().await, T0 + SAFETY_RECHECK_MS, "the re-check comes before the reminder 10 min away");
    assert_eq!(run.delivered().iter().map(single_id).collect::<Vec<_>>(), vec![overdue.id]);
    run.advance_to(T0 + 10 * MINUTE);
    assert_eq!(run.idle().await, T0 + 10 * MINUTE + SAFETY_RECHECK_MS, "nothing pending: the safety re-check");
    assert_eq!(run.delivered().iter().map(single_id).collect::<Vec<_>>(), vec![soon.id]);
    run.stop().await;
    drop(store);

    // A new process on the same database: nothing fires again.
    let store = Arc::new(Store::open(dir.path(), clock.clone()).unwrap());
    let mut run = start(store, clock.clone());
    run.idle().await;
    run.advance_to(T0 + DAY);
    run.idle().await;
    assert_eq!(run.delivered(), vec![]);
    run.stop().await;
}

#[tokio::test]
async fn overdue_reminders_at_start_become_one_summary() {
    let e = env();
    let ids: Vec<Id> =
        (1..=3).map(|i| tasks::create(&e.store, task(&format!("t{i}"), T0 - i * HOUR)).unwrap().id).collect();
    let mut run = start(Arc::new(e.store), e.clock.clone());
    run.idle().await;
    match run.delivered().as_slice() {
        [Delivery::Summary { count: 3, tasks }] => {
            assert_eq!(tasks.iter().map(|t| t.id).collect::<Vec<_>>(), ids.into_iter().rev().collect::<Vec<_>>())
        }
        other => panic!("expected one summary of 3, got {other:?}"),
    }
    run.stop().await;
}

#[tokio::test]
async fn a_task_created_while_sleeping_wakes_the_loop_and_fires_on_time() {
    let e = env();
    let store = Arc::new(e.store);
    let mut run = start(store.clone(), e.clock.clone());
    assert_eq!(run.idle().await, T0 + SAFETY_RECHECK_MS);
    let due = T0 + 30_000;
    let t = tasks::create(&store, task("new", due)).unwrap();
    run.wake.notify_one();
    assert_eq!(run.idle().await, due, "re-planned for the new task");
    run.advance_to(due - 1);
    assert_eq!(run.delivered(), vec![], "not early");
    run.advance_to(due);
    run.idle().await;
    assert_eq!(run.delivered().iter().map(single_id).collect::<Vec<_>>(), vec![t.id]);
    run.stop().await;
}

#[tokio::test]
async fn a_clock_jumping_backwards_does_not_fire_again() {
    let e = env();
    let t = tasks::create(&e.store, task("call", T0)).unwrap();
    let mut run = start(Arc::new(e.store), e.clock.clone());
    run.idle().await;
    assert_eq!(run.delivered().iter().map(single_id).collect::<Vec<_>>(), vec![t.id]);
    run.clock.set(T0 - DAY);
    run.wake.notify_one();
    run.idle().await;
    run.advance_to(T0 + HOUR);
    run.idle().await;
    assert_eq!(run.delivered(), vec![]);
    run.stop().await;
}

//! The reminder scheduler: a job (see `jobs`) that sleeps until the earliest pending reminder, wakes early when
//! told that tasks changed, and delivers each due reminder exactly once. Each pass also sweeps the tickets'
//! SLA clocks for breach warnings (`tickets::alerts`). No Tauri here: the shell passes a
//! `deliver` callback (native notification, event to the UI) and pokes `wake` after writes.
//!
//! Exactly-once comes from the store, not from this loop's memory: a reminder is delivered only after
//! `reminders::mark_delivered` claimed it in a committed transaction. A restart, a second scheduler or a
//! clock jumping backwards therefore never delivers it again. (A crash between the claim and the
//! notification loses that one popup; the in-app list still shows the task as due.)

use std::sync::Arc;

use tokio::runtime::Handle;
use tokio::sync::Notify;

use super::jobs::{self, Backoff, JobHandle, Spec, Timer};
use super::{reminders, tickets};
use crate::clock::Millis;
use crate::domain::{BreachAlert, Task};
use crate::error::AppResult;
use crate::store::Store;

/// Even with nothing pending the job looks again this often: it catches writes by another process (the
/// CLI) that cannot poke `wake`, and a wall clock that jumped while the machine slept.
pub const SAFETY_RECHECK_MS: Millis = 60_000;
/// A failed pass (a locked or unreadable DB) is retried at the safety re-check, then less often.
pub const BACKOFF: Backoff = Backoff { first_ms: SAFETY_RECHECK_MS, max_ms: 10 * SAFETY_RECHECK_MS };

/// What to show: one reminder, or one summary when several fell due at once (catch-up after a sleep).
#[derive(Debug, Clone, PartialEq)]
pub enum Delivery {
    // Boxed: a Task is large and a summary is not, so the enum stays small.
    Single(Box<Task>),
    Summary {
        count: usize,
        tasks: Vec<Task>,
    },
    /// SLA breach warnings (and breaches) for this desktop's user, each announced once (see
    /// `tickets::alerts`).
    Breach(Vec<BreachAlert>),
}

/// Starts the scheduler job. `wake` is poked after task writes; a poke while a pass runs is kept and ends
/// the next sleep at once, so none is lost. `deliver` runs on the blocking pool, after the claim committed.
pub fn spawn(
    runtime: &Handle,
    timer: Timer,
    wake: Arc<Notify>,
    store: Arc<Store>,
    deliver: impl Fn(Delivery) + Send + Sync + 'static,
) -> JobHandle {
    let spec = Spec { name: "reminder scheduler", timer, wake, backoff: BACKOFF };
    jobs::spawn_blocking(runtime, spec, store, move |store, run| {
        let (deliveries, next) = one_pass(store)?;
        for d in deliveries {
            deliver(d);
        }
        let recheck = run.now.saturating_add(SAFETY_RECHECK_MS);
        Ok(next.map_or(recheck, |n| n.min(recheck)))
    })
}

/// Claims what is due, groups it, and returns the next instant to wake at.
fn one_pass(store: &Store) -> AppResult<(Vec<Delivery>, Option<Millis>)> {
    let due = reminders::due_now(store)?;
    let ids: Vec<_> = due.iter().map(|t| t.id).collect();
    let claimed = reminders::mark_delivered(store, &ids)?;
    let mut tasks: Vec<Task> = due.into_iter().filter(|t| claimed.contains(&t.id)).collect();
    let delivery = match tasks.len() {
        0 => None,
        1 => tasks.pop().map(|t| Delivery::Single(Box::new(t))),
        count => Some(Delivery::Summary { count, tasks }),
    };
    let alerts = tickets::alerts::sweep(store)?;
    let breach = (!alerts.is_empty()).then_some(Delivery::Breach(alerts));
    Ok((delivery.into_iter().chain(breach).collect(), reminders::next_instant(store)?))
}

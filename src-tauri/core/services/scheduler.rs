//! The reminder scheduler: a tokio task that sleeps until the earliest pending reminder, wakes early when
//! told that tasks changed, and delivers each due reminder exactly once. No Tauri here: the shell passes a
//! `deliver` callback (native notification, event to the UI) and pokes `wake` after writes.
//!
//! Exactly-once comes from the store, not from this loop's memory: a reminder is delivered only after
//! `reminders::mark_delivered` claimed it in a committed transaction. A restart, a second scheduler or a
//! clock jumping backwards therefore never delivers it again. (A crash between the claim and the
//! notification loses that one popup; the in-app list still shows the task as due.)

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{watch, Notify};

use super::reminders;
use crate::clock::{Clock, Millis};
use crate::domain::Task;
use crate::error::AppResult;
use crate::store::Store;

/// Even with nothing pending the loop looks again this often: it catches writes by another process (the
/// CLI) that cannot poke `wake`, and a wall clock that jumped while the machine slept.
pub const SAFETY_RECHECK_MS: Millis = 60_000;

/// What to show: one reminder, or one summary when several fell due at once (catch-up after a sleep).
#[derive(Debug, Clone, PartialEq)]
pub enum Delivery {
    // Boxed: a Task is large and a summary is not, so the enum stays small.
    Single(Box<Task>),
    Summary { count: usize, tasks: Vec<Task> },
}

/// Waits until an instant of the injected clock; tests supply one driven by a manual clock.
pub trait Sleeper: Send + Sync {
    fn sleep_until(&self, at: Millis) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;
}

/// Sleeps on tokio's timer for the distance to `at` on `clock`. A wall clock that jumps during the sleep
/// is caught by the next safety re-check at the latest.
pub struct SystemSleeper(pub Arc<dyn Clock>);

impl Sleeper for SystemSleeper {
    fn sleep_until(&self, at: Millis) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        let ms = u64::try_from(at.saturating_sub(self.0.now_ms())).unwrap_or(0);
        Box::pin(tokio::time::sleep(Duration::from_millis(ms)))
    }
}

/// Runs until `cancel` turns true (or its sender is dropped). `wake` is poked after task writes; a poke
/// while the loop is busy is kept by `Notify` and ends the next sleep at once, so none is lost.
pub async fn run(
    store: Arc<Store>,
    clock: Arc<dyn Clock>,
    sleeper: Arc<dyn Sleeper>,
    wake: Arc<Notify>,
    mut cancel: watch::Receiver<bool>,
    deliver: impl Fn(Delivery) + Send,
) {
    loop {
        if *cancel.borrow_and_update() {
            return;
        }
        let s = store.clone();
        // SQLite work is blocking: keep it off the async workers.
        let pass = tokio::task::spawn_blocking(move || one_pass(&s)).await;
        let next = match pass {
            Ok(Ok((delivery, next))) => {
                if let Some(d) = delivery {
                    deliver(d);
                }
                next
            }
            // A failed pass (a locked or unreadable DB) is retried at the safety re-check.
            Ok(Err(e)) => {
                eprintln!("reminder scheduler: {}", e.message);
                None
            }
            Err(e) => {
                eprintln!("reminder scheduler: {e}");
                None
            }
        };
        let recheck = clock.now_ms().saturating_add(SAFETY_RECHECK_MS);
        let at = next.map_or(recheck, |n| n.min(recheck));
        tokio::select! {
            _ = sleeper.sleep_until(at) => {}
            _ = wake.notified() => {}
            changed = cancel.changed() => {
                if changed.is_err() {
                    return;
                }
            }
        }
    }
}

/// Claims what is due, groups it, and returns the next instant to wake at.
fn one_pass(store: &Store) -> AppResult<(Option<Delivery>, Option<Millis>)> {
    let due = reminders::due_now(store)?;
    let ids: Vec<_> = due.iter().map(|t| t.id).collect();
    let claimed = reminders::mark_delivered(store, &ids)?;
    let mut tasks: Vec<Task> = due.into_iter().filter(|t| claimed.contains(&t.id)).collect();
    let delivery = match tasks.len() {
        0 => None,
        1 => tasks.pop().map(|t| Delivery::Single(Box::new(t))),
        count => Some(Delivery::Summary { count, tasks }),
    };
    Ok((delivery, reminders::next_instant(store)?))
}

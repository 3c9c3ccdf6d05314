//! A job that runs again and again at instants it picks itself (the daily backup, the daily lead rescore):
//! a tokio task that runs the job off the async workers, sleeps on the injected clock until the instant the
//! job returned, wakes early when poked, and stops when cancelled. No Tauri here: the shell spawns it.

use std::sync::Arc;

use tokio::sync::{watch, Notify};

use crate::clock::{Clock, Millis};
use crate::error::AppResult;
use crate::services::scheduler::Sleeper;
use crate::store::Store;

/// How a periodic loop is driven: the store, the clock and its sleeper, a poke, and a cancel signal.
pub struct Driver {
    pub store: Arc<Store>,
    pub clock: Arc<dyn Clock>,
    pub sleeper: Arc<dyn Sleeper>,
    /// Makes the loop run the job again at once.
    pub wake: Arc<Notify>,
    /// The loop stops when this turns true or its sender is dropped.
    pub cancel: watch::Receiver<bool>,
}

/// Runs `job(store, now)` until cancelled. The job returns the instant of its next run; a failed run is
/// reported on stderr (as `what`) and tried again `retry_ms` later.
pub async fn run<J>(what: &'static str, mut d: Driver, retry_ms: Millis, job: J)
where
    J: Fn(&Store, Millis) -> AppResult<Millis> + Send + Sync + 'static,
{
    let job = Arc::new(job);
    loop {
        if *d.cancel.borrow_and_update() {
            return;
        }
        let (store, work) = (d.store.clone(), job.clone());
        let now = d.clock.now_ms();
        // The job is blocking SQLite work: keep it off the async workers.
        let next = match tokio::task::spawn_blocking(move || {
            let next = work(&store, now);
            crate::store::return_free_memory();
            next
        })
        .await
        {
            Ok(Ok(next)) => next,
            Ok(Err(e)) => {
                eprintln!("{what}: {}", e.message);
                now + retry_ms
            }
            Err(e) => {
                eprintln!("{what}: {e}");
                now + retry_ms
            }
        };
        tokio::select! {
            _ = d.sleeper.sleep_until(next) => {}
            _ = d.wake.notified() => {}
            changed = d.cancel.changed() => {
                if changed.is_err() {
                    return;
                }
            }
        }
    }
}

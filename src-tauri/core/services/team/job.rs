//! Background sync on the one job mechanism (`services::jobs`): a pass pushes a short while after the last
//! local change (poke the job's `wake` from the store's change listener) and pulls on a timer or when asked
//! (`SyncNow`); a failed pass (offline, a refused login) backs off, and pokes from local writes do not cut
//! the backoff short (only an explicit "sync now" does). Outside a workspace a run is one read of the sync
//! state. A pass's failure is kept as the status's last error, so the job itself never fails.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tokio::runtime::Handle;
use tokio::sync::Notify;

use super::sync_once;
use crate::clock::Millis;
use crate::error::AppResult;
use crate::secrets::SecretStore;
use crate::services::jobs::{self, Backoff, JobHandle, RunFuture, Spec, Timer};
use crate::store::sync::{hlc, outbox};
use crate::store::Store;

/// How often a desktop in a workspace pulls when nothing happens locally.
pub const PULL_EVERY_MS: Millis = 60_000;
/// How long after the last local change a push waits, so a burst of edits travels in one pass.
pub const PUSH_DEBOUNCE_MS: Millis = 2_000;
pub const BACKOFF: Backoff = Backoff { first_ms: 5_000, max_ms: 5 * 60_000 };

/// The instant the next pass is due: the debounced push of the newest pending change, or the next pull.
pub fn next_due(newest_pending: Option<Millis>, last_pass: Option<Millis>, now: Millis) -> Millis {
    let pull = last_pass.map_or(now, |t| t.saturating_add(PULL_EVERY_MS));
    newest_pending.map_or(pull, |t| pull.min(t.saturating_add(PUSH_DEBOUNCE_MS)))
}

/// Where the job's passes stand: when the last one ran and how many failed in a row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Passes {
    pub last: Option<Millis>,
    pub failures: u32,
}

impl Passes {
    /// When the next pass is due: at once when asked, else the debounce or the pull timer, but never before
    /// the backoff after a failure has passed.
    pub fn due(&self, newest_pending: Option<Millis>, now: Millis, asked: bool) -> Millis {
        if asked {
            return now;
        }
        let due = next_due(newest_pending, self.last, now);
        match (self.failures, self.last) {
            (0, _) | (_, None) => due,
            (n, Some(last)) => due.max(last.saturating_add(BACKOFF.delay(n))),
        }
    }

    pub fn record(&mut self, now: Millis, ok: bool) {
        self.last = Some(now);
        self.failures = if ok { 0 } else { self.failures.saturating_add(1) };
    }
}

/// The job's wake plus "sync now": the UI's button (a pass at once, backoff or not).
#[derive(Clone, Default)]
pub struct SyncNow {
    asked: Arc<AtomicBool>,
    wake: Arc<Notify>,
}

impl SyncNow {
    /// One handle around the job's wake (the same `Notify` the change listener pokes).
    pub fn new(wake: Arc<Notify>) -> Self {
        Self { asked: Arc::new(AtomicBool::new(false)), wake }
    }

    pub fn ask(&self) {
        self.asked.store(true, Ordering::SeqCst);
        self.wake.notify_one();
    }

    /// Lets the job look at what changed (it plans a debounced push; nothing runs early).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    fn take(&self) -> bool {
        self.asked.swap(false, Ordering::SeqCst)
    }
}

fn newest_pending(store: &Store) -> AppResult<Option<Millis>> {
    let newest: Option<i64> =
        store.read(|c| Ok(c.query_row("SELECT max(hlc) FROM sync_changes", [], |r| r.get(0))?))?;
    Ok(newest.map(hlc::millis))
}

/// Starts the team sync job; `now` carries its wake (poke it after local writes).
pub fn spawn(
    runtime: &Handle,
    store: Arc<Store>,
    secrets: Arc<dyn SecretStore>,
    timer: Timer,
    now: SyncNow,
) -> JobHandle {
    let spec = Spec { name: "team sync", timer, wake: now.wake.clone(), backoff: BACKOFF };
    let passes = Arc::new(Mutex::new(Passes::default()));
    jobs::spawn(runtime, spec, move |run| -> RunFuture {
        let (store, secrets, passes, now) = (store.clone(), secrets.clone(), passes.clone(), now.clone());
        Box::pin(async move {
            let asked = now.take();
            if store.read(outbox::state)?.url.is_none() {
                return Ok(run.now.saturating_add(PULL_EVERY_MS));
            }
            let current = *passes.lock().unwrap_or_else(|p| p.into_inner());
            let due = current.due(newest_pending(&store)?, run.now, asked);
            if run.now < due {
                return Ok(due);
            }
            // The error is in the status (last_error) and the log; the job plans its own retry.
            let ok = sync_once(&store, secrets.as_ref()).await.is_ok();
            let mut p = passes.lock().unwrap_or_else(|p| p.into_inner());
            p.record(run.now, ok);
            Ok(p.due(newest_pending(&store)?, run.now, false))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_push_waits_for_the_debounce_and_a_pull_comes_on_the_timer() {
        assert_eq!(next_due(None, None, 100), 100, "the first pass runs at once");
        assert_eq!(next_due(None, Some(100), 200), 100 + PULL_EVERY_MS);
        assert_eq!(next_due(Some(150), Some(100), 200), 150 + PUSH_DEBOUNCE_MS);
        assert_eq!(next_due(Some(100 + PULL_EVERY_MS), Some(100), 200), 100 + PULL_EVERY_MS);
    }

    #[test]
    fn after_a_failure_local_edits_wait_for_the_backoff_but_sync_now_does_not() {
        let mut p = Passes::default();
        p.record(1_000, false);
        assert_eq!(p.due(Some(1_000), 1_500, false), 1_000 + BACKOFF.first_ms, "an edit does not cut the backoff");
        assert_eq!(p.due(Some(1_000), 1_500, true), 1_500, "sync now runs at once");
        p.record(7_000, false);
        assert_eq!(p.due(Some(7_000), 7_000, false), 7_000 + 2 * BACKOFF.first_ms, "the backoff doubles");
        p.record(20_000, true);
        assert_eq!(p.failures, 0);
        assert_eq!(p.due(Some(20_500), 20_600, false), 20_500 + PUSH_DEBOUNCE_MS, "a success resets it");
    }
}

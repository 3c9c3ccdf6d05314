//! Background sync on the one job mechanism (`services::jobs`): a pass pushes a short while after the last
//! local change (poke the job's `wake` from the store's change listener) and pulls on a timer; a failed pass
//! (offline, a refused login) backs off. Outside a workspace a run is one read of the sync state.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

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

fn newest_pending(store: &Store) -> AppResult<Option<Millis>> {
    let newest: Option<i64> =
        store.read(|c| Ok(c.query_row("SELECT max(hlc) FROM sync_changes", [], |r| r.get(0))?))?;
    Ok(newest.map(hlc::millis))
}

/// Starts the team sync job.
pub fn spawn(
    runtime: &Handle,
    store: Arc<Store>,
    secrets: Arc<dyn SecretStore>,
    timer: Timer,
    wake: Arc<Notify>,
) -> JobHandle {
    let spec = Spec { name: "team sync", timer, wake, backoff: BACKOFF };
    let last_pass = Arc::new(AtomicI64::new(i64::MIN));
    jobs::spawn(runtime, spec, move |run| -> RunFuture {
        let (store, secrets, last_pass) = (store.clone(), secrets.clone(), last_pass.clone());
        Box::pin(async move {
            if store.read(outbox::state)?.url.is_none() {
                return Ok(run.now.saturating_add(PULL_EVERY_MS));
            }
            let last = Some(last_pass.load(Ordering::SeqCst)).filter(|t| *t != i64::MIN);
            let due = next_due(newest_pending(&store)?, last, run.now);
            if run.now < due {
                return Ok(due);
            }
            sync_once(&store, secrets.as_ref()).await?;
            last_pass.store(run.now, Ordering::SeqCst);
            Ok(next_due(newest_pending(&store)?, Some(run.now), run.now))
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
}

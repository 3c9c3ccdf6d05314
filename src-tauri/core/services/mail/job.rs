//! The background mail sync: every account once a minute (or at once when poked), on the core's one job
//! mechanism. Offline or refused, it backs off (30 s doubling up to 30 min) instead of retrying in a loop;
//! where it stopped is in the store, so a restart resumes there.

use std::sync::Arc;

use tokio::runtime::Handle;
use tokio::sync::Notify;

use super::sync;
use crate::clock::Millis;
use crate::error::AppError;
use crate::secrets::SecretStore;
use crate::services::jobs::{self, Backoff, JobHandle, Spec, Timer};
use crate::store::Store;

pub const INTERVAL_MS: Millis = 60_000;
pub const BACKOFF: Backoff = Backoff { first_ms: 30_000, max_ms: 30 * 60_000 };

pub fn spawn(
    runtime: &Handle,
    store: Arc<Store>,
    secrets: Arc<dyn SecretStore>,
    timer: Timer,
    wake: Arc<Notify>,
) -> JobHandle {
    let spec = Spec { name: "mail-sync", timer, wake, backoff: BACKOFF };
    jobs::spawn(runtime, spec, move |run| {
        let (store, secrets) = (store.clone(), secrets.clone());
        Box::pin(async move {
            // Cancelling drops the sync between awaits: a batch's transaction is synchronous, so it is either
            // committed with its folder position or not written at all.
            let synced = tokio::select! {
                biased;
                _ = run.cancel.cancelled() => return Err(AppError::internal("mail sync cancelled")),
                r = sync::sync_all(&store, secrets.as_ref(), None, Some(&run.cancel)) => r,
            };
            let (reports, error) = synced?;
            let new: u32 = reports.iter().flat_map(|r| &r.folders).map(|f| f.new_messages).sum();
            tracing::info!(accounts = reports.len(), new, "mail sync ran");
            match error {
                Some(e) => Err(e),
                None => Ok(run.now.saturating_add(INTERVAL_MS)),
            }
        })
    })
}

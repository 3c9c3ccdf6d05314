//! The automation worker: a job of the core's job mechanism that runs `run_once` at start (catching up on
//! what happened while the app was closed), whenever a write pokes it, and when the next time-based
//! trigger is due (at least every `POLL_MS`).

use std::sync::Arc;

use tokio::runtime::Handle;
use tokio::sync::Notify;

use super::{run_once, time};
use crate::services::jobs::{self, Backoff, JobHandle, Spec, Timer};
use crate::store::Store;

/// The longest the worker sleeps without a poke.
pub const POLL_MS: i64 = 60_000;
const BACKOFF: Backoff = Backoff { first_ms: 5_000, max_ms: 600_000 };

pub fn spawn(runtime: &Handle, timer: Timer, wake: Arc<Notify>, store: Arc<Store>) -> JobHandle {
    let spec = Spec { name: "automation", timer, wake, backoff: BACKOFF };
    jobs::spawn_blocking(runtime, spec, store, move |store, run| {
        let pass = run_once(store, Some(run.cancel.flag()))?;
        if pass.runs > 0 {
            tracing::info!(events = pass.events, runs = pass.runs, failed = pass.failed, "automation rules ran");
        }
        let poll = run.now + POLL_MS;
        Ok(time::next_due(store)?.map_or(poll, |at| at.clamp(run.now, poll)))
    })
}

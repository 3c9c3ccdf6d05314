//! The one background-job mechanism. A job is a named tokio task that runs its work, then sleeps on the
//! injected clock until the instant the work asked for, wakes early when poked (`wake`), backs off after a
//! failed run, and stops when its `JobHandle` is cancelled (or dropped) — at once while it sleeps, and
//! between steps while it works: long work polls `Run::cancel` (the rescore and the search indexer check
//! its flag between chunks). No Tauri here: the shell spawns jobs on its runtime and keeps the handles.
//!
//! Every background loop of Relata is one of these (the reminder scheduler, the daily backup, the daily
//! lead rescore, the search indexer); later ones (mail sync, the outbox, automations, team sync) plug in
//! the same way: a `Spec` (name, clock, sleeper, wake, backoff) and a work function.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::runtime::Handle;
use tokio::sync::{watch, Notify};
use tokio::task::JoinHandle;

use crate::clock::{Clock, Millis};
use crate::error::{AppError, AppResult};
use crate::store::Store;

/// Waits until an instant of the injected clock; tests supply one driven by a manual clock.
pub trait Sleeper: Send + Sync {
    fn sleep_until(&self, at: Millis) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;
}

/// Sleeps on tokio's timer for the distance to `at` on `clock`. A wall clock that jumps during the sleep
/// is caught by the job's next run at the latest.
pub struct SystemSleeper(pub Arc<dyn Clock>);

impl Sleeper for SystemSleeper {
    fn sleep_until(&self, at: Millis) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        let ms = u64::try_from(at.saturating_sub(self.0.now_ms())).unwrap_or(0);
        Box::pin(tokio::time::sleep(Duration::from_millis(ms)))
    }
}

/// A job's cancel signal as its work sees it: a flag for blocking work to poll, a future for async work.
#[derive(Clone)]
pub struct Cancel {
    flag: Arc<AtomicBool>,
    rx: watch::Receiver<bool>,
}

impl Cancel {
    pub fn is_cancelled(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }

    /// The flag itself, for work that takes an `&AtomicBool` (the rescore).
    pub fn flag(&self) -> &AtomicBool {
        &self.flag
    }

    /// Resolves once the job is cancelled (or its handle is gone).
    pub async fn cancelled(&self) {
        let mut rx = self.rx.clone();
        // An error means the sender (the handle) was dropped, which cancels too.
        let _ = rx.wait_for(|c| *c).await;
    }
}

/// After a failed run the job tries again `first_ms` later, doubling with each failure in a row up to
/// `max_ms`; a successful run resets it. A failing job therefore never spins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub first_ms: Millis,
    pub max_ms: Millis,
}

impl Backoff {
    pub fn delay(&self, failures: u32) -> Millis {
        let doubled = self.first_ms.max(1).saturating_mul(1_i64 << failures.saturating_sub(1).min(30));
        doubled.min(self.max_ms.max(self.first_ms))
    }
}

/// The clock a job plans on and how it sleeps until an instant of it: the system's in the app, a manual
/// clock and a sleeper that waits for it in tests.
#[derive(Clone)]
pub struct Timer {
    pub clock: Arc<dyn Clock>,
    pub sleeper: Arc<dyn Sleeper>,
}

impl Timer {
    pub fn system() -> Timer {
        let clock: Arc<dyn Clock> = Arc::new(crate::clock::SystemClock);
        Timer { sleeper: Arc::new(SystemSleeper(clock.clone())), clock }
    }
}

/// How a job is driven.
pub struct Spec {
    /// For the log: a fixed name, never user data.
    pub name: &'static str,
    pub timer: Timer,
    /// Poked to make the job run again at once. A poke during a run is kept and ends the next sleep.
    pub wake: Arc<Notify>,
    pub backoff: Backoff,
}

/// What one run gets: the clock's reading when it started and the job's cancel signal.
pub struct Run {
    pub now: Millis,
    pub cancel: Cancel,
}

/// One run's work: resolves to the instant of the next run.
pub type RunFuture = Pin<Box<dyn Future<Output = AppResult<Millis>> + Send>>;

/// A running job. Cancelling ends its sleep at once and sets the flag its work polls; dropping the handle
/// cancels too, so a job never outlives whoever holds it.
pub struct JobHandle {
    name: &'static str,
    flag: Arc<AtomicBool>,
    tx: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl JobHandle {
    pub fn name(&self) -> &'static str {
        self.name
    }

    pub fn cancel(&self) {
        self.flag.store(true, Ordering::SeqCst);
        self.tx.send_replace(true);
    }

    /// Cancels and waits until the job's task has ended (its current run included).
    pub async fn stop(mut self) {
        self.cancel();
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    pub fn is_finished(&self) -> bool {
        self.task.as_ref().is_none_or(|t| t.is_finished())
    }
}

impl Drop for JobHandle {
    fn drop(&mut self) {
        self.cancel();
    }
}

/// Starts a job on `runtime`: `work` runs at once, then whenever its returned instant comes, the job is
/// poked, or (after a failure) the backoff has passed.
pub fn spawn<W>(runtime: &Handle, spec: Spec, work: W) -> JobHandle
where
    W: FnMut(Run) -> RunFuture + Send + 'static,
{
    let flag = Arc::new(AtomicBool::new(false));
    let (tx, rx) = watch::channel(false);
    let cancel = Cancel { flag: flag.clone(), rx };
    let name = spec.name;
    let task = runtime.spawn(drive(spec, cancel, work));
    JobHandle { name, flag, tx, task: Some(task) }
}

/// A job whose work is blocking store work: it runs on the blocking pool, and memory the run freed is
/// handed back to the OS afterwards.
pub fn spawn_blocking<W>(runtime: &Handle, spec: Spec, store: Arc<Store>, work: W) -> JobHandle
where
    W: Fn(&Store, &Run) -> AppResult<Millis> + Send + Sync + 'static,
{
    let work = Arc::new(work);
    let blocking = runtime.clone();
    spawn(runtime, spec, move |run| {
        let (store, work) = (store.clone(), work.clone());
        let task = blocking.spawn_blocking(move || {
            let next = work(&store, &run);
            crate::store::return_free_memory();
            next
        });
        Box::pin(async move { task.await.map_err(|e| AppError::internal(format!("the job's run failed: {e}")))? })
    })
}

async fn drive<W>(spec: Spec, cancel: Cancel, mut work: W)
where
    W: FnMut(Run) -> RunFuture + Send + 'static,
{
    let mut failures = 0_u32;
    tracing::debug!(job = spec.name, "job started");
    while !cancel.is_cancelled() {
        let started = std::time::Instant::now();
        let now = spec.timer.clock.now_ms();
        let next = match work(Run { now, cancel: cancel.clone() }).await {
            Ok(next) => {
                failures = 0;
                tracing::debug!(job = spec.name, ms = started.elapsed().as_millis() as u64, "job ran");
                next
            }
            Err(_) if cancel.is_cancelled() => break,
            Err(e) => {
                failures = failures.saturating_add(1);
                let delay = spec.backoff.delay(failures);
                // The code and the kind of failure only: messages can quote user data.
                tracing::warn!(job = spec.name, code = ?e.code, failures, retry_ms = delay, "job run failed");
                now.saturating_add(delay)
            }
        };
        tokio::select! {
            biased;
            _ = cancel.cancelled() => break,
            _ = spec.wake.notified() => {}
            _ = spec.timer.sleeper.sleep_until(next) => {}
        }
    }
    tracing::debug!(job = spec.name, "job stopped");
}

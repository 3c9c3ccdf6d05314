//! The one background-job mechanism on a manual clock: the test sleeper reports each sleep, so a test knows
//! when a run is over and moves time by hand; nothing depends on real timing except the bounds on "stops".

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use relata_core::clock::{Clock, ManualClock, Millis};
use relata_core::error::{AppError, ErrorCode};
use relata_core::services::jobs::{self, Backoff, JobHandle, Run, RunFuture, Sleeper, Spec, Timer};
use tokio::runtime::Handle;
use tokio::sync::{mpsc, Notify};

use super::support::*;

/// Sleeps until the manual clock reaches the instant, and reports every sleep it starts.
pub struct TestSleeper {
    pub clock: Arc<ManualClock>,
    pub tick: Notify,
    sleeps: mpsc::UnboundedSender<Millis>,
}

impl TestSleeper {
    pub fn new(clock: Arc<ManualClock>) -> (Arc<TestSleeper>, mpsc::UnboundedReceiver<Millis>) {
        let (tx, rx) = mpsc::unbounded_channel();
        (Arc::new(TestSleeper { clock, tick: Notify::new(), sleeps: tx }), rx)
    }

    /// Moves the clock and ends the sleeps it reached.
    pub fn advance_to(&self, t: Millis) {
        self.clock.set(t);
        self.tick.notify_waiters();
    }
}

impl Sleeper for TestSleeper {
    fn sleep_until(&self, at: Millis) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        let _ = self.sleeps.send(at);
        Box::pin(async move {
            loop {
                let ticked = self.tick.notified();
                if self.clock.now_ms() >= at {
                    return;
                }
                ticked.await;
            }
        })
    }
}

/// Waits until the job has finished a run and sleeps; returns the instant it sleeps until.
pub async fn next_sleep(sleeps: &mut mpsc::UnboundedReceiver<Millis>) -> Millis {
    tokio::time::timeout(Duration::from_secs(10), sleeps.recv()).await.expect("the job sleeps").unwrap()
}

pub fn timer(clock: &Arc<ManualClock>, sleeper: &Arc<TestSleeper>) -> Timer {
    Timer { clock: clock.clone() as Arc<dyn Clock>, sleeper: sleeper.clone() }
}

const BACKOFF: Backoff = Backoff { first_ms: 1_000, max_ms: 5_000 };

struct Started {
    job: JobHandle,
    clock: Arc<ManualClock>,
    sleeper: Arc<TestSleeper>,
    sleeps: mpsc::UnboundedReceiver<Millis>,
    wake: Arc<Notify>,
    runs: Arc<AtomicUsize>,
}

/// A job whose every run is counted; `work` decides what the run answers.
fn start(work: impl Fn(&Run) -> Result<Millis, AppError> + Send + Sync + 'static) -> Started {
    let clock = Arc::new(ManualClock::new(T0));
    let (sleeper, sleeps) = TestSleeper::new(clock.clone());
    let wake = Arc::new(Notify::new());
    let runs = Arc::new(AtomicUsize::new(0));
    let spec = Spec { name: "test job", timer: timer(&clock, &sleeper), wake: wake.clone(), backoff: BACKOFF };
    let counter = runs.clone();
    let job = jobs::spawn(&Handle::current(), spec, move |run| -> RunFuture {
        counter.fetch_add(1, Ordering::SeqCst);
        let answer = work(&run);
        Box::pin(async move { answer })
    });
    Started { job, clock, sleeper, sleeps, wake, runs }
}

async fn stops_within_a_second(job: JobHandle) {
    tokio::time::timeout(Duration::from_secs(1), job.stop()).await.expect("the job stops promptly");
}

#[tokio::test]
async fn a_job_runs_at_once_then_at_the_instant_it_asked_for() {
    let mut s = start(|run| Ok(run.now + 1_000));
    assert_eq!(next_sleep(&mut s.sleeps).await, T0 + 1_000);
    assert_eq!(s.runs.load(Ordering::SeqCst), 1);
    s.sleeper.advance_to(T0 + 999);
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(s.runs.load(Ordering::SeqCst), 1, "not early");
    s.sleeper.advance_to(T0 + 1_000);
    assert_eq!(next_sleep(&mut s.sleeps).await, T0 + 2_000);
    assert_eq!(s.runs.load(Ordering::SeqCst), 2);
    stops_within_a_second(s.job).await;
}

#[tokio::test]
async fn a_poke_wakes_the_job_without_time_passing() {
    let mut s = start(|run| Ok(run.now + DAY));
    assert_eq!(next_sleep(&mut s.sleeps).await, T0 + DAY);
    s.wake.notify_one();
    assert_eq!(next_sleep(&mut s.sleeps).await, T0 + DAY);
    assert_eq!((s.runs.load(Ordering::SeqCst), s.clock.now_ms()), (2, T0));
    stops_within_a_second(s.job).await;
}

#[tokio::test]
async fn cancel_ends_a_sleep_at_once_and_dropping_the_handle_cancels() {
    let mut s = start(|run| Ok(run.now + DAY));
    next_sleep(&mut s.sleeps).await;
    // The manual clock never reaches the instant: only the cancel can end this sleep.
    stops_within_a_second(s.job).await;
    assert_eq!(s.runs.load(Ordering::SeqCst), 1);

    let mut s = start(|run| Ok(run.now + DAY));
    next_sleep(&mut s.sleeps).await;
    drop(s.job);
    s.wake.notify_one();
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(s.runs.load(Ordering::SeqCst), 1, "a dropped handle's job runs no more");
}

#[tokio::test]
async fn a_failing_job_backs_off_and_does_not_spin() {
    let mut s = start(|_| Err(AppError::new(ErrorCode::Database, "disk full")));
    let mut waits = Vec::new();
    for _ in 0..5 {
        let at = next_sleep(&mut s.sleeps).await;
        waits.push(at - s.clock.now_ms());
        // Between two sleeps the job ran exactly once: it waits for the clock, not in a loop.
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert_eq!(s.runs.load(Ordering::SeqCst), waits.len());
        s.sleeper.advance_to(at);
    }
    assert_eq!(waits, [1_000, 2_000, 4_000, 5_000, 5_000]);
    stops_within_a_second(s.job).await;
}

#[tokio::test]
async fn a_success_resets_the_backoff() {
    let fail = Arc::new(AtomicBool::new(true));
    let failing = fail.clone();
    let mut s = start(move |run| match failing.load(Ordering::SeqCst) {
        true => Err(AppError::new(ErrorCode::Database, "busy")),
        false => Ok(run.now + DAY),
    });
    let first = next_sleep(&mut s.sleeps).await;
    s.sleeper.advance_to(first);
    assert_eq!(next_sleep(&mut s.sleeps).await, first + 2_000);
    fail.store(false, Ordering::SeqCst);
    s.wake.notify_one();
    assert_eq!(next_sleep(&mut s.sleeps).await, first + DAY);
    fail.store(true, Ordering::SeqCst);
    s.wake.notify_one();
    assert_eq!(next_sleep(&mut s.sleeps).await, first + 1_000, "the first failure after a success waits the least");
    stops_within_a_second(s.job).await;
}

#[tokio::test]
async fn long_blocking_work_sees_the_cancel_and_stop_waits_for_it() {
    let e = env();
    let clock = e.clock.clone();
    let (sleeper, _sleeps) = TestSleeper::new(clock.clone());
    let (started_tx, mut started) = mpsc::unbounded_channel();
    let finished = Arc::new(AtomicBool::new(false));
    let done = finished.clone();
    let spec =
        Spec { name: "long work", timer: timer(&clock, &sleeper), wake: Arc::new(Notify::new()), backoff: BACKOFF };
    let job = jobs::spawn_blocking(&Handle::current(), spec, Arc::new(e.store), move |_, run| {
        let _ = started_tx.send(());
        // Chunked work, like the indexer: it checks the flag between chunks.
        while !run.cancel.is_cancelled() {
            std::thread::sleep(Duration::from_millis(5));
        }
        done.store(true, Ordering::SeqCst);
        Err(AppError::new(ErrorCode::Conflict, "cancelled"))
    });
    tokio::time::timeout(Duration::from_secs(10), started.recv()).await.expect("the work starts");
    tokio::time::timeout(Duration::from_secs(2), job.stop()).await.expect("the work saw the cancel");
    assert!(finished.load(Ordering::SeqCst), "stop returned only after the run ended");
}

#[test]
fn backoff_doubles_up_to_its_cap() {
    let b = Backoff { first_ms: 60_000, max_ms: 600_000 };
    let delays: Vec<Millis> = (1..=6).map(|n| b.delay(n)).collect();
    assert_eq!(delays, [60_000, 120_000, 240_000, 480_000, 600_000, 600_000]);
    assert_eq!(b.delay(u32::MAX), 600_000);
}

//! IMAP IDLE against the Dovecot of `.ci/with-dovecot.sh`: a message appended to INBOX (and a flag set on
//! one) reaches the store within seconds while the sync job's own timer stands still, and the IDLE job stops
//! at once when its handle is cancelled.

use std::sync::Arc;
use std::time::{Duration, Instant};

use relata_core::secrets::SecretStore;
use relata_core::services::jobs::Timer;
use relata_core::services::mail::{idle, job};
use relata_core::store::Store;
use tokio::sync::Notify;

use super::jobs::{next_sleep, timer, TestSleeper};
use super::mail_server as srv;
use super::mail_sync_job::{job_store, JobStore};
use super::support::T0;

/// Waits (up to 10 s) until `query` counts `want`.
async fn eventually(store: &Store, query: &str, want: i64) -> Duration {
    let started = Instant::now();
    loop {
        let n: i64 = store.read(|c| Ok(c.query_row(query, [], |r| r.get(0))?)).unwrap();
        if n == want {
            return started.elapsed();
        }
        assert!(started.elapsed() < Duration::from_secs(10), "{query} stayed at {n}, wanted {want}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[test]
fn with_idle_new_mail_and_flag_changes_arrive_within_seconds_without_the_poll_timer() {
    let _mailbox = srv::lock();
    let JobStore { _dir, clock, store, secrets, .. } = job_store(|_| {});
    let msg = |id: &str| srv::message(id, "annelies@example.nl", "sales@relata.test", "Hi", "", "x");
    srv::append("INBOX", &[&msg("idle-0@example.nl")]);

    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let (sleeper, mut sleeps) = TestSleeper::new(clock.clone());
    let secrets_dyn: Arc<dyn SecretStore> = secrets.clone();
    let sync_wake = Arc::new(Notify::new());
    // The sync job's clock never moves: only a poke from the IDLE job makes it run again.
    let sync =
        job::spawn(runtime.handle(), store.clone(), secrets_dyn.clone(), timer(&clock, &sleeper), sync_wake.clone());
    let watcher =
        idle::spawn(runtime.handle(), store.clone(), secrets_dyn, Timer::system(), sync_wake, Arc::new(Notify::new()));
    // (The fixtures' IMAP client runs a runtime of its own, so it is called between the block_ons.)
    runtime.block_on(async {
        assert_eq!(next_sleep(&mut sleeps).await, T0 + job::INTERVAL_MS, "the first sync");
        eventually(&store, "SELECT COUNT(*) FROM mail_messages", 1).await;
    });
    let q = "SELECT COUNT(*) FROM activities WHERE kind = 'email'";
    for i in 1..=2 {
        srv::append("INBOX", &[&msg(&format!("idle-{i}@example.nl"))]);
        runtime.block_on(async {
            let took = eventually(&store, q, i + 1).await;
            assert!(took < Duration::from_secs(10), "stored after {took:?}");
            assert_eq!(next_sleep(&mut sleeps).await, T0 + job::INTERVAL_MS, "a run the poke started");
        });
    }
    // A flag set by another client (the user's phone) reaches the email too.
    srv::set_flags("INBOX", "1", "\\Seen \\Flagged");
    runtime.block_on(async {
        eventually(&store, "SELECT COUNT(*) FROM mail_messages WHERE seen = 1 AND flagged = 1", 1).await;
        // Cancelling ends the IDLE at once.
        let stopping = Instant::now();
        tokio::time::timeout(Duration::from_secs(3), watcher.stop()).await.expect("the IDLE job stops at once");
        assert!(stopping.elapsed() < Duration::from_secs(3));
        sync.stop().await;
    });
}

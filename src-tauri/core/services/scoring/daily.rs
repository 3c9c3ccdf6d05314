//! The daily rescore: scores decay with the days since a lead's last touch, and days pass without any write
//! that would rescore a lead, so the app rescores every lead once a day (a job, see `jobs`).

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use rusqlite::OptionalExtension;
use tokio::runtime::Handle;
use tokio::sync::Notify;

use super::rescore::{rescore_all, Rescored};
use crate::clock::Millis;
use crate::error::AppResult;
use crate::services::jobs::{self, Backoff, JobHandle, Spec, Timer};
use crate::store::Store;

pub const RESCORE_EVERY_MS: Millis = 24 * 60 * 60 * 1000;
/// After a failed rescore (the store busy), try again an hour later, then less often.
const BACKOFF: Backoff = Backoff { first_ms: 60 * 60 * 1000, max_ms: 6 * 60 * 60 * 1000 };
/// When the last daily rescore ran, kept with the settings (a key the settings service does not expose).
const LAST_KEY: &str = "scoring_rescored_at";

/// Rescores every lead when the last daily rescore is a day old (or never ran, or lies in the future after
/// the clock went back). Returns what it did, if anything, and when the next one falls due. `cancel` stops
/// the rescore between ranges (rolled back whole).
pub fn rescore_if_due(store: &Store, now: Millis, cancel: &AtomicBool) -> AppResult<(Option<Rescored>, Millis)> {
    let last: Option<Millis> = store.read(|conn| {
        let raw: Option<String> = conn
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([LAST_KEY], |r| r.get(0))
            .optional()?;
        Ok(raw.and_then(|v| v.parse().ok()))
    })?;
    if let Some(last) = last.filter(|&l| l <= now && now < l + RESCORE_EVERY_MS) {
        return Ok((None, last + RESCORE_EVERY_MS));
    }
    let done = rescore_all(store, &|_, _| {}, cancel)?;
    store.write(|tx| {
        tx.prepare_cached(
            "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )?
        .execute(rusqlite::params![LAST_KEY, now])?;
        Ok(())
    })?;
    Ok((Some(done), now + RESCORE_EVERY_MS))
}

/// Rescores every lead once a day until cancelled; `on_rescored` hears of each rescore that changed a score
/// (the shell refreshes the people lists). A rescore under way when the job is cancelled stops at the next
/// range and is rolled back whole: it writes in one transaction.
pub fn spawn_daily(
    runtime: &Handle,
    timer: Timer,
    store: Arc<Store>,
    on_rescored: impl Fn(Rescored) + Send + Sync + 'static,
) -> JobHandle {
    let spec = Spec { name: "daily lead rescore", timer, wake: Arc::new(Notify::new()), backoff: BACKOFF };
    jobs::spawn_blocking(runtime, spec, store, move |store, run| {
        let (done, next) = rescore_if_due(store, run.now, run.cancel.flag())?;
        if let Some(done) = done.filter(|d| d.changed > 0) {
            on_rescored(done);
        }
        Ok(next)
    })
}

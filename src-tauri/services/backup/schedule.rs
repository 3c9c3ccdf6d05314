//! Automatic daily backups. The shell runs `run_daily` as a tokio task: it makes a backup when one is
//! due, then sleeps until the next due instant (or until poked after a settings change, or cancelled).

use std::sync::Arc;

use tokio::sync::{watch, Notify};

use super::{create, get_settings, newest};
use crate::clock::{Clock, Millis};
use crate::domain::BackupInfo;
use crate::error::AppResult;
use crate::services::scheduler::Sleeper;
use crate::store::Store;

pub const DAY_MS: Millis = 24 * 60 * 60 * 1000;
/// After a failed backup (disk full, DB busy) the next attempt comes this much later, not a day later.
const RETRY_MS: Millis = 60 * 60 * 1000;

/// Makes a backup when automatic backups are on and the newest one is a day old (or there is none).
/// Returns the backup made, if any, and the instant the next one falls due. With automatic backups off
/// it looks again a day later (a settings change wakes the loop sooner).
pub fn backup_if_due(store: &Store, now: Millis) -> AppResult<(Option<BackupInfo>, Millis)> {
    if !get_settings(store)?.auto {
        return Ok((None, now + DAY_MS));
    }
    match newest(store)? {
        Some(last) if last + DAY_MS > now => Ok((None, last + DAY_MS)),
        _ => Ok((Some(create(store)?), now + DAY_MS)),
    }
}

/// Runs until `cancel` turns true or its sender is dropped; `wake` makes it look again at once.
pub async fn run_daily(
    store: Arc<Store>,
    clock: Arc<dyn Clock>,
    sleeper: Arc<dyn Sleeper>,
    wake: Arc<Notify>,
    mut cancel: watch::Receiver<bool>,
) {
    loop {
        if *cancel.borrow_and_update() {
            return;
        }
        let s = store.clone();
        let now = clock.now_ms();
        // The copy is blocking SQLite work: keep it off the async workers.
        let next = match tokio::task::spawn_blocking(move || backup_if_due(&s, now)).await {
            Ok(Ok((_, next))) => next,
            Ok(Err(e)) => {
                eprintln!("automatic backup: {}", e.message);
                now + RETRY_MS
            }
            Err(e) => {
                eprintln!("automatic backup: {e}");
                now + RETRY_MS
            }
        };
        tokio::select! {
            _ = sleeper.sleep_until(next) => {}
            _ = wake.notified() => {}
            changed = cancel.changed() => {
                if changed.is_err() {
                    return;
                }
            }
        }
    }
}

//! Automatic daily backups. The shell starts `spawn_daily`, a job (see `jobs`): it makes a backup when one
//! is due, then sleeps until the next due instant (or until cancelled).

use std::sync::Arc;

use tokio::runtime::Handle;
use tokio::sync::Notify;

use super::{create, get_settings, newest};
use crate::clock::Millis;
use crate::domain::BackupInfo;
use crate::error::AppResult;
use crate::services::jobs::{self, Backoff, JobHandle, Spec, Timer};
use crate::store::Store;

pub const DAY_MS: Millis = 24 * 60 * 60 * 1000;
/// After a failed backup (disk full, DB busy) the next attempt comes an hour later (not a day later), then
/// less often.
const BACKOFF: Backoff = Backoff { first_ms: 60 * 60 * 1000, max_ms: 6 * 60 * 60 * 1000 };

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

/// Makes a backup whenever one falls due, until cancelled. Nothing needs to poke it: a settings change
/// makes a due backup itself.
pub fn spawn_daily(runtime: &Handle, timer: Timer, store: Arc<Store>) -> JobHandle {
    let spec = Spec { name: "automatic backup", timer, wake: Arc::new(Notify::new()), backoff: BACKOFF };
    jobs::spawn_blocking(runtime, spec, store, |store, run| Ok(backup_if_due(store, run.now)?.1))
}

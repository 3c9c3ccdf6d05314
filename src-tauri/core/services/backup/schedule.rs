//! Automatic daily backups. The shell runs `run_daily` as a tokio task: it makes a backup when one is
//! due, then sleeps until the next due instant (or until poked after a settings change, or cancelled).

use super::{create, get_settings, newest};
use crate::clock::Millis;
use crate::domain::BackupInfo;
use crate::error::AppResult;
use crate::services::periodic::{self, Driver};
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

/// Makes a backup whenever one falls due, until the driver's cancel (see `periodic`); its wake makes it
/// look again at once (after a settings change).
pub async fn run_daily(driver: Driver) {
    periodic::run("automatic backup", driver, RETRY_MS, |store, now| Ok(backup_if_due(store, now)?.1)).await
}

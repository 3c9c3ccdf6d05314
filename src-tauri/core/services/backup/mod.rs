//! Backups: consistent copies of the store made with SQLite's online backup API into
//! `<data_dir>/backups/relata-<UTC timestamp>.db`, rotated to the newest N, checked with
//! `integrity_check`, and restored in place after a safety copy of the current data.

mod schedule;
mod settings;

pub use schedule::{backup_if_due, spawn_daily, DAY_MS};
pub use settings::{get_settings, set_settings};

use std::path::{Path, PathBuf};

use chrono::{NaiveDateTime, TimeZone, Utc};

use crate::clock::Millis;
use crate::domain::{BackupCheck, BackupInfo, RecordCounts};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::Store;

const DIR: &str = "backups";
const PREFIX: &str = "relata-";
const SUFFIX: &str = ".db";
const SAFETY_PREFIX: &str = "before-restore-";
const ID_FORMAT: &str = "%Y%m%dT%H%M%S%3fZ";
/// integrity_check stops after this many problems; the first few say enough.
const MAX_PROBLEMS: usize = 10;

pub fn backups_dir(store: &Store) -> PathBuf {
    store.data_dir().join(DIR)
}

/// "Back up now": writes a new backup, then keeps only the newest N.
pub fn create(store: &Store) -> AppResult<BackupInfo> {
    let dir = backups_dir(store);
    std::fs::create_dir_all(&dir)?;
    // Two backups within one millisecond (tests, a double click) get the next free instant as their name.
    let mut at = store.clock().now_ms();
    while path_of(&dir, &id_at(at)).exists() {
        at += 1;
    }
    let id = id_at(at);
    let path = path_of(&dir, &id);
    // Written under a temporary name: a crash mid-copy never leaves a half backup that looks complete.
    let partial = dir.join(format!("{PREFIX}{id}.partial"));
    let _ = std::fs::remove_file(&partial);
    if let Err(e) = store.backup_to(&partial) {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::rename(&partial, &path)?;
    rotate(store, get_settings(store)?.keep)?;
    info(store, &id, &path)
}

/// Every backup, newest first, each with its date, size and record counts read from the file itself.
pub fn list(store: &Store) -> AppResult<Vec<BackupInfo>> {
    let dir = backups_dir(store);
    ids(&dir)?.into_iter().rev().map(|id| info(store, &id, &path_of(&dir, &id))).collect()
}

/// Opens the backup and runs `PRAGMA integrity_check` on it.
pub fn verify(store: &Store, id: &str) -> AppResult<BackupCheck> {
    let path = existing(store, id)?;
    let problems = match check_file(store, &path) {
        Ok(problems) => problems,
        Err(e) => vec![e.message],
    };
    Ok(BackupCheck { id: id.to_string(), ok: problems.is_empty(), problems })
}

/// Verifies the backup, keeps a safety copy of the current data next to the backups, and swaps the
/// backup's content in. Returns the safety copy's path.
pub fn restore(store: &Store, id: &str) -> AppResult<String> {
    let path = existing(store, id)?;
    let check = verify(store, id)?;
    if !check.ok {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "id",
            format!("backup {id} is damaged and was not restored: {}", check.problems.join("; ")),
        ));
    }
    let safety = backups_dir(store).join(format!("{SAFETY_PREFIX}{}{SUFFIX}", id_at(store.clock().now_ms())));
    store.backup_to(&safety)?;
    store.restore_from(&path)?;
    Ok(safety.display().to_string())
}

/// The newest backup's time, from its name.
pub fn newest(store: &Store) -> AppResult<Option<Millis>> {
    Ok(ids(&backups_dir(store))?.last().and_then(|id| millis_of(id)))
}

fn rotate(store: &Store, keep: u32) -> AppResult<()> {
    let dir = backups_dir(store);
    let ids = ids(&dir)?;
    let excess = ids.len().saturating_sub(keep.max(1) as usize);
    for id in &ids[..excess] {
        std::fs::remove_file(path_of(&dir, id))?;
    }
    Ok(())
}

fn check_file(store: &Store, path: &Path) -> AppResult<Vec<String>> {
    let conn = store.connect_file(path, true)?;
    let mut stmt = conn.prepare(&format!("PRAGMA integrity_check({MAX_PROBLEMS})"))?;
    let lines = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(if lines == ["ok"] { Vec::new() } else { lines })
}

fn info(store: &Store, id: &str, path: &Path) -> AppResult<BackupInfo> {
    Ok(BackupInfo {
        id: id.to_string(),
        path: path.display().to_string(),
        created_at: millis_of(id).unwrap_or_default(),
        size_bytes: std::fs::metadata(path)?.len(),
        counts: counts(store, path).ok(),
    })
}

fn counts(store: &Store, path: &Path) -> AppResult<RecordCounts> {
    let conn = store.connect_file(path, true)?;
    let count = |table: &str| -> AppResult<i32> {
        let sql = format!("SELECT count(*) FROM {table} WHERE deleted_at IS NULL");
        Ok(conn.query_row(&sql, [], |r| r.get(0))?)
    };
    Ok(RecordCounts {
        people: count("people")?,
        companies: count("companies")?,
        deals: count("deals")?,
        activities: count("activities")?,
        tasks: count("tasks")?,
    })
}

/// Backup ids in the folder, oldest first (the timestamp format sorts as text).
fn ids(dir: &Path) -> AppResult<Vec<String>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut ids = Vec::new();
    for entry in entries {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if let Some(id) = name.strip_prefix(PREFIX).and_then(|n| n.strip_suffix(SUFFIX)) {
            if millis_of(id).is_some() {
                ids.push(id.to_string());
            }
        }
    }
    ids.sort();
    Ok(ids)
}

/// The path of a backup the user named; only well-formed ids are accepted, so no path can be smuggled in.
fn existing(store: &Store, id: &str) -> AppResult<PathBuf> {
    if millis_of(id).is_none() {
        return Err(AppError::field(ErrorCode::InvalidValue, "id", format!("\"{id}\" is not a backup id")));
    }
    let path = path_of(&backups_dir(store), id);
    if !path.is_file() {
        return Err(AppError::field(ErrorCode::NotFound, "id", format!("backup {id} does not exist")));
    }
    Ok(path)
}

fn path_of(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!("{PREFIX}{id}{SUFFIX}"))
}

fn id_at(ms: Millis) -> String {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default().format(ID_FORMAT).to_string()
}

fn millis_of(id: &str) -> Option<Millis> {
    let valid = id.len() == 19 && id.chars().all(|c| c.is_ascii_alphanumeric());
    valid.then(|| NaiveDateTime::parse_from_str(id, ID_FORMAT).ok()).flatten().map(|t| t.and_utc().timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_reject_paths() {
        let id = id_at(1_741_608_000_123);
        assert_eq!(id, "20250310T120000123Z");
        assert_eq!(millis_of(&id), Some(1_741_608_000_123));
        assert_eq!(millis_of("../../etc/passwd"), None);
        assert_eq!(millis_of("20250310T120000123"), None);
    }
}

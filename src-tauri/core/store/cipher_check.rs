//! Checking the encrypted copy before it replaces the original (see `cipher`): every table and index whole,
//! the same rows per table and the same schema version.
//!
//! SQLite's integrity check is one statement per table, and a table of millions of rows takes minutes, so
//! the progress inside a table comes from SQLite's progress handler: the check calls it for every page it
//! walks and every few hundred instructions of its row-by-index comparison. How many calls a table needs
//! is estimated from its rows and indexes (a measured prior, then what the tables already checked took),
//! and the estimate never runs past the table's share: a table that needs more calls holds just short of
//! its end until it is done, one that needs fewer jumps to it.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::cipher::{connect, copy_failed, file_state, table_counts, FileState, Progress};
use super::key::DbKey;
use crate::domain::StartupStep;
use crate::error::AppResult;

/// SQLite instructions (or pages walked) per progress call.
const OPS_PER_CALL: i32 = 1000;
/// Progress calls per row and B-tree (the table and each index), measured on the 1M benchmark dataset.
const PRIOR_CALLS_PER_UNIT: f64 = 0.05;
/// Tables smaller than this say little about the rate of the big ones.
const CALIBRATE_FROM_ROWS: i64 = 10_000;
/// How often the checking thread's progress is looked at.
const POLL: Duration = Duration::from_millis(100);
/// The check's page cache, in KiB: comparing a table with its indexes reads the index pages in table
/// order, and with SQLite's default 2 MB every lookup would decrypt its pages again.
const CHECK_CACHE_KIB: i64 = 64 * 1024;

/// Verifies the copy at `tmp`; `counts` and `version` are the original's.
pub fn verify_copy(
    tmp: &Path,
    key: &DbKey,
    counts: &[(String, i64)],
    version: i64,
    progress: Progress,
) -> AppResult<()> {
    if file_state(tmp)? != FileState::Encrypted {
        return Err(copy_failed("the copy is not encrypted"));
    }
    let mut conn = connect(tmp, OpenFlags::SQLITE_OPEN_READ_ONLY, Some(key))?;
    conn.pragma_update(None, "cache_size", -CHECK_CACHE_KIB)?;
    let calls = Arc::new(AtomicU64::new(0));
    let counter = calls.clone();
    conn.progress_handler(
        OPS_PER_CALL,
        Some(move || {
            counter.fetch_add(1, Ordering::Relaxed);
            false
        }),
    )?;
    // A table weighs its rows (plus one, so empty tables count too).
    let weight = |n: i64| n.max(0) as u64 + 1;
    let total: u64 = counts.iter().map(|(_, n)| weight(*n)).sum();
    let mut done = 0;
    let mut per_unit = PRIOR_CALLS_PER_UNIT;
    progress(StartupStep::Verify, 0, total);
    for (table, rows) in counts {
        let units = (weight(*rows) * (1 + index_count(&conn, table)?)) as f64;
        let share = weight(*rows);
        calls.store(0, Ordering::Relaxed);
        let started = std::time::Instant::now();
        let sql = format!("PRAGMA main.integrity_check('{}')", table.replace('\'', "''"));
        let (back, check) = std::thread::scope(|s| {
            let checking = s.spawn(move || {
                let check = conn.query_row(&sql, [], |r| r.get::<_, String>(0));
                (conn, check)
            });
            let mut shown = 0;
            while !checking.is_finished() {
                std::thread::sleep(POLL);
                let inside = (calls.load(Ordering::Relaxed) as f64 / (units * per_unit) * share as f64) as u64;
                let inside = inside.min(share - 1);
                if inside > shown {
                    shown = inside;
                    progress(StartupStep::Verify, done + inside, total);
                }
            }
            checking.join().map_err(|_| copy_failed("the check stopped unexpectedly"))
        })?;
        conn = back;
        let check = check?;
        if check != "ok" {
            return Err(copy_failed(&format!("integrity check: {check}")));
        }
        let called = calls.load(Ordering::Relaxed);
        tracing::debug!(table, rows, called, ms = started.elapsed().as_millis() as u64, "checked a table of the copy");
        if *rows >= CALIBRATE_FROM_ROWS {
            per_unit = called as f64 / units;
        }
        done += share;
        progress(StartupStep::Verify, done, total);
    }
    if table_counts(&conn, "main")? != counts {
        return Err(copy_failed("row counts differ"));
    }
    let copied: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if copied != version {
        return Err(copy_failed("schema version differs"));
    }
    Ok(())
}

/// The indexes the check compares `table` with.
fn index_count(conn: &Connection, table: &str) -> AppResult<u64> {
    let n: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1", [table], |r| {
            r.get(0)
        })?;
    Ok(n.max(0) as u64)
}

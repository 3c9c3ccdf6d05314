//! Checking the encrypted copy before it replaces the original (see `cipher`): every page of every table
//! and index readable with the key and every B-tree whole, the same rows per table and the same schema
//! version.
//!
//! The check is SQLite's `quick_check`, not `integrity_check`: the latter also looks every row up in each
//! of its table's indexes, a random read per row and index, which on the 1M benchmark store read 89 GB
//! through a 64 MB cache and took 6 minutes for `activities` alone. What it adds cannot fail here: the copy's
//! indexes were built by SQLite from the copied rows (`sqlcipher_export` inserts them), not copied. What
//! can go wrong, a page written or encrypted badly, fails the quick check: SQLCipher authenticates every
//! page it reads, and the quick check reads them all.
//!
//! The check is one statement per table, and a big table still takes a while, so the progress inside a
//! table comes from SQLite's progress handler, which the check calls once per thousand pages walked or
//! instructions run. How many calls a table needs is estimated from its rows and indexes (a measured
//! prior, then what the tables already checked took), and the estimate never runs past the table's share:
//! a table that needs more calls holds just short of its end until it is done, one that needs fewer jumps
//! to it.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::cipher::{connect, copy_failed, file_state, table_counts, FileState, Progress};
use super::key::DbKey;
use crate::domain::StartupStep;
use crate::error::AppResult;

/// SQLite instructions (or pages walked) per progress call.
const OPS_PER_CALL: i32 = 1000;
/// Progress calls per unit of a table, where a row weighs three units plus one per index: measured on the
/// 1M benchmark dataset (0.0027 to 0.0036 for its big tables, with 1 to 10 indexes).
const PRIOR_CALLS_PER_UNIT: f64 = 0.0028;
/// A row's units beyond one per index (see `PRIOR_CALLS_PER_UNIT`).
const ROW_UNITS: u64 = 3;
/// Tables smaller than this say little about the rate of the big ones.
const CALIBRATE_FROM_ROWS: i64 = 10_000;
/// How often the checking thread's progress is looked at.
const POLL: Duration = Duration::from_millis(100);

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
        let units = (weight(*rows) * (ROW_UNITS + index_count(&conn, table)?)) as f64;
        let share = weight(*rows);
        calls.store(0, Ordering::Relaxed);
        let started = std::time::Instant::now();
        let sql = format!("PRAGMA main.quick_check('{}')", table.replace('\'', "''"));
        let (finished, checked) = mpsc::channel();
        let (back, check) = std::thread::scope(|s| {
            s.spawn(move || {
                let check = conn.query_row(&sql, [], |r| r.get::<_, String>(0));
                let _ = finished.send((conn, check));
            });
            let mut shown = 0;
            loop {
                match checked.recv_timeout(POLL) {
                    Ok(out) => return Ok(out),
                    Err(mpsc::RecvTimeoutError::Disconnected) => {
                        return Err(copy_failed("the check stopped unexpectedly"));
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                }
                let inside = inside(calls.load(Ordering::Relaxed), units * per_unit, share);
                if inside > shown {
                    shown = inside;
                    progress(StartupStep::Verify, done + inside, total);
                }
            }
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

/// How much of a table's `share` of the progress `calls` stand for, if it takes `expected` calls: never all
/// of it, which only the end of its check shows.
fn inside(calls: u64, expected: f64, share: u64) -> u64 {
    let part = (calls as f64 / expected.max(1.0) * share as f64) as u64;
    part.min(share.saturating_sub(1))
}

/// The B-trees the check walks besides the table's own.
fn index_count(conn: &Connection, table: &str) -> AppResult<u64> {
    let n: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1", [table], |r| {
            r.get(0)
        })?;
    Ok(n.max(0) as u64)
}

#[cfg(test)]
mod tests {
    use super::inside;

    #[test]
    fn progress_inside_a_table_follows_the_calls_and_stops_short_of_its_end() {
        assert_eq!(inside(0, 500.0, 1000), 0);
        assert_eq!(inside(250, 500.0, 1000), 500);
        assert_eq!(inside(499, 500.0, 1000), 998);
        // More calls than expected: held just short of the end until the check is done.
        assert_eq!(inside(5_000, 500.0, 1000), 999);
        assert_eq!(inside(7, 0.0, 1), 0);
    }
}

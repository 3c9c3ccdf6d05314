//! Opening the store and showing the first list page from cold: a fresh process (the binary itself, via a
//! hidden subcommand) after the database files were evicted from the OS page cache.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::Ctx;
use crate::bench::figure::{Figure, Goal};
use crate::bench::stats::{time_ms, Samples};
use relata_core::clock::SystemClock;
use relata_core::domain::PeopleQuery;
use relata_core::error::{AppError, AppResult};
use relata_core::services::people;
use relata_core::store::Store;

pub const GOAL: Goal = Goal::MaxMs { ms: 300.0, ratio: None };
const RUNS: usize = 5;
/// The UI's first page (ui/src/hooks/usePagedList.ts PAGE_SIZE).
const UI_PAGE: u32 = 100;

/// What the child process measured.
#[derive(Debug, Serialize, Deserialize)]
pub struct ColdRun {
    pub open_ms: f64,
    pub first_page_ms: f64,
    pub evicted: bool,
}

/// The hidden subcommand's body: evict, open, list, print one JSON line.
pub fn child(data_dir: &Path) -> AppResult<ColdRun> {
    let evicted = evict(data_dir);
    let (open_ms, store) = time_ms(|| Store::open(data_dir, Arc::new(SystemClock)))?;
    let (first_page_ms, _) =
        time_ms(|| people::list(&store, &PeopleQuery { limit: Some(UI_PAGE), ..Default::default() }))?;
    Ok(ColdRun { open_ms, first_page_ms, evicted })
}

pub fn measure(ctx: &Ctx) -> AppResult<Figure> {
    let mut runs = Vec::new();
    let mut wall = Vec::new();
    for _ in 0..RUNS {
        let (ms, out) = time_ms(|| {
            Ok(Command::new(&ctx.exe).args(["bench", "cold-open", "--data-dir"]).arg(ctx.data_dir).output()?)
        })?;
        if !out.status.success() {
            return Err(AppError::internal(format!("cold-open run failed: {}", String::from_utf8_lossy(&out.stderr))));
        }
        let run: ColdRun = serde_json::from_slice(&out.stdout)?;
        wall.push(ms);
        runs.push(run);
    }
    let totals = Samples::new(runs.iter().map(|r| r.open_ms + r.first_page_ms).collect());
    let opens = Samples::new(runs.iter().map(|r| r.open_ms).collect());
    let wall = Samples::new(wall);
    let evicted = runs.iter().all(|r| r.evicted);
    Ok(Figure::timed("cold_open", "open the store + first list page, cold, median of 5", GOAL, totals.p50(), None)
        .detail(format!(
            "open {:.1} ms, worst {:.1} ms, whole process {:.1} ms; page cache {}",
            opens.p50(),
            totals.percentile(100.0),
            wall.p50(),
            if evicted { "evicted" } else { "NOT evicted (warm)" }
        ))
        .note(
            "Cold = a new process (no statement cache, no pooled connection) after posix_fadvise(DONTNEED) \
             evicted relata.db and its WAL from the page cache. Store::open (migrations check) plus the first \
             100 rows by name with their total; the app adds the webview's start on top.",
        ))
}

/// Drops the database files from the OS page cache, as far as an unprivileged process can.
#[cfg(unix)]
fn evict(data_dir: &Path) -> bool {
    use std::os::fd::AsRawFd;

    use relata_core::store::DB_FILE;
    let mut all = true;
    for name in [DB_FILE.to_string(), format!("{DB_FILE}-wal"), format!("{DB_FILE}-shm")] {
        let Ok(file) = std::fs::File::open(data_dir.join(&name)) else { continue };
        // SAFETY: a valid open descriptor; fadvise only changes cache state.
        let rc = unsafe { libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED) };
        all &= rc == 0;
    }
    all
}

#[cfg(not(unix))]
fn evict(_data_dir: &Path) -> bool {
    false
}

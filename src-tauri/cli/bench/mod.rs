//! `relata bench`: a reproducible dataset and the figures measured on it (core only, no Tauri).

pub mod figure;
pub mod figures;
pub mod generate;
pub mod machine;
mod names;
pub mod report;
pub mod stats;

pub mod command;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use generate::Counts;
use relata_core::clock::SystemClock;
use relata_core::error::{AppError, AppResult, ErrorCode};
use relata_core::store::Store;
use report::Report;

pub struct RunOptions {
    /// A generated data dir to measure; `None` generates one into a temp dir and removes it afterwards.
    pub dataset: Option<PathBuf>,
    pub people: u64,
    pub seed: u64,
    /// This binary, spawned for the cold-open figure.
    pub exe: PathBuf,
    /// Figure keys to measure; empty measures all.
    pub only: Vec<String>,
}

/// Removes a generated dataset when the run ends, however it ends.
struct TempDataset(PathBuf);

impl Drop for TempDataset {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn run(opts: &RunOptions, progress: &mut dyn FnMut(&str)) -> AppResult<Report> {
    let started = Instant::now();
    let mut temp = None;
    let mut generated = None;
    let dir = match &opts.dataset {
        Some(dir) => {
            check_dataset(dir)?;
            dir.clone()
        }
        None => {
            let dir = std::env::temp_dir().join(format!("relata-bench-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            temp = Some(TempDataset(dir.clone()));
            progress(&format!("generating {} people into {}", opts.people, dir.display()));
            let mut report = |part: &str, done: u64, total: u64| {
                if done == total {
                    progress(&format!("  {part}: {total}"));
                }
            };
            generated = Some(generate::generate(&dir, opts.people, opts.seed, &mut report)?);
            dir
        }
    };
    let store = Store::open(&dir, Arc::new(SystemClock))?;
    let counts = count(&store)?;
    let ctx = figures::Ctx { store: &store, data_dir: &dir, exe: opts.exe.clone() };
    let figures = figures::measure_all(&ctx, &opts.only, &mut |name| progress(&format!("measuring {name}")))?;
    drop(store);
    drop(temp);
    Ok(Report {
        counts,
        generated,
        figures,
        machine: machine::Machine::current(),
        total_seconds: started.elapsed().as_secs_f64(),
    })
}

/// Refuses a data dir without a dataset before anything is measured (the figures would fail one by one, the
/// rescore with "no leads with a known outcome"), naming the command that generates one. A missing store is
/// not created.
fn check_dataset(dir: &Path) -> AppResult<()> {
    let people = if dir.join(relata_core::store::DB_FILE).is_file() {
        count(&Store::open(dir, Arc::new(SystemClock))?)?.people
    } else {
        0
    };
    if people > 0 {
        return Ok(());
    }
    let dir = dir.display();
    Err(AppError::field(
        ErrorCode::InvalidValue,
        "data_dir",
        format!(
            "{dir} holds no bench dataset (no people); generate one first with \
             `relata-bench --data-dir {dir} bench generate --people N` (the figures' goals are for N = 1000000), \
             or leave out --data-dir to generate one into a temporary folder"
        ),
    ))
}

/// The live records of a dataset (also of one generated elsewhere).
pub fn count(store: &Store) -> AppResult<Counts> {
    store.read(|conn| {
        let n = |table: &str| -> AppResult<u64> {
            let sql = format!("SELECT COUNT(*) FROM {table} WHERE deleted_at IS NULL");
            Ok(conn.query_row(&sql, [], |r| r.get::<_, i64>(0))? as u64)
        };
        // Tables without a trash.
        let all = |table: &str| -> AppResult<u64> {
            Ok(conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get::<_, i64>(0))? as u64)
        };
        Ok(Counts {
            people: n("people")?,
            companies: n("companies")?,
            deals: n("deals")?,
            activities: n("activities")?,
            tasks: n("tasks")?,
            products: n("products")?,
            orders: n("orders")?,
            order_lines: all("order_lines")?,
            tickets: all("tickets")?,
            ticket_events: all("ticket_events")?,
        })
    })
}

/// Writes the Markdown report next to the docs when there is a docs dir to write to.
pub fn write_markdown(report: &Report, path: &Path) -> AppResult<()> {
    std::fs::write(path, report::markdown(report))?;
    Ok(())
}

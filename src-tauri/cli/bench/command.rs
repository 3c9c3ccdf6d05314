//! `relata bench`: generate a dataset, or measure every figure against its goal (see src-tauri/bench).
//! Unlike the other commands it never falls back to the app's data dir: a dataset is always explicit.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use crate::bench::{self, figures::cold_open, report, RunOptions};
use relata_core::error::{AppError, AppResult, ErrorCode};

#[derive(Debug, Args)]
pub struct BenchCmd {
    #[command(subcommand)]
    action: Option<BenchAction>,
    /// Print only the JSON object (progress still goes to stderr).
    #[arg(long)]
    json: bool,
    /// People to generate when no --data-dir is given (every other count scales with it).
    #[arg(long, default_value_t = 1_000_000)]
    people: u64,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Where the Markdown report goes (skipped when its folder does not exist).
    #[arg(long, default_value = "docs/benchmarks.md")]
    report: PathBuf,
    /// Measure only these figures (keys as in the JSON, comma-separated), e.g. `search,list_search`.
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
}

#[derive(Debug, Subcommand)]
enum BenchAction {
    /// Fill an empty --data-dir with a reproducible dataset.
    Generate {
        #[arg(long, default_value_t = 1_000_000)]
        people: u64,
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// One cold open, for the bench's own child process.
    #[command(hide = true)]
    ColdOpen,
}

/// `data_dir` is the --data-dir flag as given (not resolved), so nothing falls back to real data.
pub fn run(data_dir: Option<&Path>, cmd: BenchCmd) -> i32 {
    match dispatch(data_dir, cmd) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {}", e.message);
            1
        }
    }
}

fn dispatch(data_dir: Option<&Path>, cmd: BenchCmd) -> AppResult<()> {
    let need_dir =
        || data_dir.ok_or_else(|| AppError::field(ErrorCode::Required, "data_dir", "give the dataset's --data-dir"));
    match cmd.action {
        Some(BenchAction::Generate { people, seed }) => {
            let dir = need_dir()?;
            let mut last = String::new();
            let mut progress = |part: &str, done: u64, total: u64| {
                eprint!("\r{part}: {done}/{total}   ");
                if done == total && last != part {
                    eprintln!();
                    last = part.to_string();
                }
            };
            let g = bench::generate::generate(dir, people, seed, &mut progress)?;
            println!("{}", serde_json::to_string_pretty(&g)?);
            Ok(())
        }
        Some(BenchAction::ColdOpen) => {
            println!("{}", serde_json::to_string(&cold_open::child(need_dir()?)?)?);
            Ok(())
        }
        None => measure(data_dir, &cmd),
    }
}

fn measure(data_dir: Option<&Path>, cmd: &BenchCmd) -> AppResult<()> {
    let opts = RunOptions {
        dataset: data_dir.map(Path::to_path_buf),
        people: cmd.people,
        seed: cmd.seed,
        exe: std::env::current_exe()?,
        only: cmd.only.clone(),
    };
    let r = bench::run(&opts, &mut |line| eprintln!("{line}"))?;
    let json = serde_json::to_string_pretty(&r)?;
    let mut out = std::io::stdout().lock();
    if !cmd.json {
        writeln!(out, "{}", report::table(&r))?;
    }
    writeln!(out, "{json}")?;
    match cmd.report.parent().filter(|p| p.as_os_str().is_empty() || p.is_dir()) {
        Some(_) => {
            bench::write_markdown(&r, &cmd.report)?;
            eprintln!("wrote {}", cmd.report.display());
        }
        None => eprintln!("not writing {}: its folder does not exist", cmd.report.display()),
    }
    Ok(())
}

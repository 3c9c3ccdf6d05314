//! `relata sla calendar|policy add|list`: business-hours calendars and SLA policies from JSON files (the
//! formats are in docs/support-metrics.md); a calendar's closed dates can also come from ICS files.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use serde::de::DeserializeOwned;

use super::output;
use relata_core::domain::CalendarDef;
use relata_core::error::{AppError, AppResult, ErrorCode};
use relata_core::services::sla;
use relata_core::store::Store;

#[derive(Debug, Subcommand)]
pub enum SlaCmd {
    /// Business-hours calendars: add (or replace, by name) from a JSON file, list.
    #[command(subcommand)]
    Calendar(CalendarCmd),
    /// SLA policies, tried in the order added: add (or replace, by name) from a JSON file, list.
    #[command(subcommand)]
    Policy(DefCmd),
}

#[derive(Debug, Subcommand)]
pub enum CalendarCmd {
    /// Add a calendar from a JSON file and print it; `--holidays-ics` adds the dates of an ICS holiday feed
    /// (repeatable) to the file's `holidays`.
    Add {
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
        #[arg(long = "holidays-ics", value_name = "FILE")]
        holidays_ics: Vec<PathBuf>,
    },
    /// List the calendars (a table, or JSON with --json).
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum DefCmd {
    /// Add a definition from a JSON file and print it.
    Add {
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
    },
    /// List the definitions (a table, or JSON with --json).
    List {
        #[arg(long)]
        json: bool,
    },
}

fn read<T: DeserializeOwned>(path: &Path) -> AppResult<T> {
    let text = std::fs::read_to_string(path)?;
    serde_json::from_str(&text)
        .map_err(|e| AppError::field(ErrorCode::InvalidValue, "file", format!("{}: {e}", path.display())))
}

pub fn run(store: &Store, cmd: SlaCmd) -> AppResult<()> {
    match cmd {
        SlaCmd::Calendar(CalendarCmd::Add { file, holidays_ics }) => {
            let mut def: CalendarDef = read(&file)?;
            for path in holidays_ics {
                let found = sla::ics::holidays_from_ics(&std::fs::read_to_string(&path)?, store.clock().now_ms())?;
                if found.skipped > 0 {
                    eprintln!(
                        "note: {}: {} event(s) not taken (without a start, longer than 31 days, or a rule that cannot be read)",
                        path.display(),
                        found.skipped
                    );
                }
                def.holidays.extend(found.dates);
            }
            def.holidays.sort();
            def.holidays.dedup();
            output::json(&sla::add_calendar(store, def)?)
        }
        SlaCmd::Calendar(CalendarCmd::List { json }) => {
            let rows = sla::list_calendars(store)?;
            let total = rows.len() as i64;
            output::list(json, rows, total, &["NAME", "TIME ZONE", "PUBLIC HOLIDAYS"], |c| {
                vec![c.def.name, c.def.timezone, output::opt(&c.def.public_holidays)]
            })
        }
        SlaCmd::Policy(DefCmd::Add { file }) => output::json(&sla::add_policy(store, read(&file)?)?),
        SlaCmd::Policy(DefCmd::List { json }) => {
            let rows = sla::list_policies(store)?;
            let total = rows.len() as i64;
            output::list(json, rows, total, &["#", "NAME", "CALENDAR"], |p| {
                vec![p.position.to_string(), p.def.name, p.def.calendar]
            })
        }
    }
}

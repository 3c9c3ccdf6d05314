//! `relata sla calendar|policy add|list`: business-hours calendars and SLA policies from JSON files (the
//! formats are in docs/support-metrics.md).

use std::path::{Path, PathBuf};

use clap::Subcommand;
use serde::de::DeserializeOwned;

use super::output;
use relata_core::error::{AppError, AppResult, ErrorCode};
use relata_core::services::sla;
use relata_core::store::Store;

#[derive(Debug, Subcommand)]
pub enum SlaCmd {
    /// Business-hours calendars: add (or replace, by name) from a JSON file, list.
    #[command(subcommand)]
    Calendar(DefCmd),
    /// SLA policies, tried in the order added: add (or replace, by name) from a JSON file, list.
    #[command(subcommand)]
    Policy(DefCmd),
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
        SlaCmd::Calendar(DefCmd::Add { file }) => output::json(&sla::add_calendar(store, read(&file)?)?),
        SlaCmd::Calendar(DefCmd::List { json }) => {
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

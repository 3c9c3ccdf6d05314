//! `relata rules`: automation rules from JSON files (docs/automation.md), their history and preview, and
//! `rules run`, which processes every pending event and due time-based trigger once, then exits.

use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::output;
use relata_core::domain::{Id, RuleDef};
use relata_core::error::{AppError, AppResult, ErrorCode};
use relata_core::services::automation;
use relata_core::store::Store;

/// The most runs `rules history` prints.
const HISTORY_MAX: u32 = 1000;

#[derive(Debug, Subcommand)]
pub enum RulesCmd {
    /// Save a rule from a JSON file ({"name", "trigger", "conditions", "actions"}) and print it.
    Add {
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
    },
    /// Replace a rule's definition from a JSON file (a built-in rule keeps its trigger) and print it.
    Edit {
        id: Id,
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
    },
    /// List rules (a table, or JSON with --json).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Print a rule as JSON.
    Show { id: Id },
    /// Turn a rule on (also a rule the engine paused).
    Enable { id: Id },
    /// Turn a rule off.
    Disable { id: Id },
    /// Delete a rule and its history.
    Remove { id: Id },
    /// A rule's runs, newest first: what fired, on which record, what it did, errors.
    History {
        id: Id,
        #[arg(long)]
        limit: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// How many records a rule file would have matched in the last 30 days, with examples.
    Preview {
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
        /// Accepted for symmetry: the preview is always JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print every rule's definition as a JSON array.
    Export,
    /// Add every rule of a JSON array (as `rules export` prints), all or none.
    Import {
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
    },
    /// Run every pending event and due time-based trigger once, then exit.
    Run,
}

pub fn run(store: &Store, cmd: RulesCmd) -> AppResult<()> {
    match cmd {
        RulesCmd::Add { file } => output::json(&automation::add(store, &read(&file)?)?),
        RulesCmd::Edit { id, file } => output::json(&automation::update(store, id, &read(&file)?)?),
        RulesCmd::List { json } => {
            let rows = automation::list(store)?;
            let total = rows.len() as i64;
            output::list(json, rows, total, &["ID", "NAME", "ENABLED", "BUILT-IN", "PAUSED"], |r| {
                let on = if r.enabled { "yes" } else { "no" };
                let paused = r.paused_reason.as_ref().map(ToString::to_string);
                vec![r.id.to_string(), r.def.name, on.into(), output::opt(&r.builtin), output::opt(&paused)]
            })
        }
        RulesCmd::Show { id } => output::json(&automation::get(store, id)?),
        RulesCmd::Enable { id } => output::json(&automation::set_enabled(store, id, true)?),
        RulesCmd::Disable { id } => output::json(&automation::set_enabled(store, id, false)?),
        RulesCmd::Remove { id } => {
            automation::remove(store, id)?;
            output::json(&serde_json::json!({ "deleted": { "entity": "rule", "id": id } }))
        }
        RulesCmd::History { id, limit, json } => {
            let rows = automation::history(store, id, limit.unwrap_or(HISTORY_MAX).min(HISTORY_MAX))?;
            let total = rows.len() as i64;
            output::list(json, rows, total, &["WHEN", "RECORD", "STATUS", "DID", "ERROR"], |r| {
                vec![
                    output::time(r.at),
                    format!("{} {}", r.entity, r.record_id),
                    serde_json::to_value(r.status).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default(),
                    r.actions.join("; "),
                    output::opt(&r.error.as_ref().map(ToString::to_string)),
                ]
            })
        }
        RulesCmd::Preview { file, .. } => output::json(&automation::preview(store, &read(&file)?)?),
        RulesCmd::Export => output::json(&automation::export(store)?),
        RulesCmd::Import { file } => {
            let text = std::fs::read_to_string(&file)?;
            let defs = automation::parse_export(&text, &file.display().to_string())?;
            output::json(&automation::import(store, &defs)?)
        }
        RulesCmd::Run => output::json(&automation::run_once(store, None)?),
    }
}

fn read(path: &Path) -> AppResult<RuleDef> {
    let text = std::fs::read_to_string(path)?;
    serde_json::from_str(&text).map_err(|e| not_rule(path, e))
}

fn not_rule(path: &Path, e: serde_json::Error) -> AppError {
    AppError::field(
        ErrorCode::InvalidValue,
        "file",
        format!("{} is not a rule (see docs/automation.md): {e}", path.display()),
    )
}

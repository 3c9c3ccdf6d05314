//! `relata backup now|list|verify|restore|settings`.

use clap::Subcommand;

use super::output;
use relata_core::domain::BackupSettings;
use relata_core::error::{AppError, AppResult, ErrorCode};
use relata_core::services::backup;
use relata_core::store::Store;

#[derive(Debug, Subcommand)]
pub enum BackupCmd {
    /// Back up now (keeping the newest N) and print the backup as JSON.
    Now,
    /// List backups, newest first, with their size and record counts (a table, or JSON with --json).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Check that a backup opens and passes SQLite's integrity_check; exits 1 when it does not.
    Verify { id: String },
    /// Replace the current data with a backup (verified first; the current data is kept as a safety copy).
    Restore { id: String },
    /// Show the backup settings, or change them.
    Settings {
        /// Automatic daily backups: on or off.
        #[arg(long, value_parser = ["on", "off"])]
        auto: Option<String>,
        /// How many backups to keep (1..=365).
        #[arg(long)]
        keep: Option<u32>,
    },
}

pub fn run(store: &Store, cmd: BackupCmd) -> AppResult<()> {
    match cmd {
        BackupCmd::Now => output::json(&backup::create(store)?),
        BackupCmd::List { json } => {
            let items = backup::list(store)?;
            let total = items.len() as i64;
            output::list(json, items, total, &["ID", "DATE", "SIZE", "PEOPLE", "COMPANIES", "DEALS", "TASKS"], |b| {
                let c = b.counts.unwrap_or_default();
                vec![
                    b.id,
                    output::time(b.created_at),
                    format!("{} KB", b.size_bytes.div_ceil(1024)),
                    c.people.to_string(),
                    c.companies.to_string(),
                    c.deals.to_string(),
                    c.tasks.to_string(),
                ]
            })
        }
        BackupCmd::Verify { id } => {
            let check = backup::verify(store, &id)?;
            if !check.ok {
                return Err(AppError::new(
                    ErrorCode::InvalidValue,
                    format!("backup {id} is damaged: {}", check.problems.join("; ")),
                ));
            }
            output::json(&check)
        }
        BackupCmd::Restore { id } => {
            let safety = backup::restore(store, &id)?;
            output::json(&serde_json::json!({ "restored": id, "safety_copy": safety }))
        }
        BackupCmd::Settings { auto, keep } => {
            let current = backup::get_settings(store)?;
            if auto.is_none() && keep.is_none() {
                return output::json(&current);
            }
            let next =
                BackupSettings { auto: auto.map_or(current.auto, |a| a == "on"), keep: keep.unwrap_or(current.keep) };
            output::json(&backup::set_settings(store, next)?)
        }
    }
}

//! `relata security ...` (encryption status, recovery passphrase) and `relata audit ...` (the trail).
//! Passphrases are read from standard input, never from arguments (which other users can see in `ps`).

use std::path::Path;

use clap::{Args, Subcommand};

use super::output::{self, enum_arg};
use relata_core::domain::{AuditQuery, Entity, Id};
use relata_core::error::AppResult;
use relata_core::secrets::{recovery, KeyringSecrets};
use relata_core::services::{audit, security};
use relata_core::store::Store;

const ENTITIES: &[&str] = &["person", "company", "deal", "activity", "task", "order"];

#[derive(Debug, Subcommand)]
pub enum SecurityCmd {
    /// Show whether the store is encrypted and a recovery passphrase is set.
    Status,
    /// Set or replace the recovery passphrase (read from standard input).
    SetPassphrase,
    /// Put a lost encryption key back into the keyring, from the recovery passphrase (read from standard input).
    Recover,
}

#[derive(Debug, Subcommand)]
pub enum AuditCmd {
    /// List the audit trail, newest first (a table, or JSON with --json).
    List(AuditFilter),
    /// Print the audit trail as CSV.
    Export(AuditFilter),
}

#[derive(Debug, Args)]
pub struct AuditFilter {
    /// Only this record type: person, company, deal, activity or task.
    #[arg(long, value_parser = enum_arg::<Entity>(ENTITIES))]
    entity: Option<Entity>,
    /// Only this record (needs --entity).
    #[arg(long, requires = "entity")]
    id: Option<Id>,
    /// At most this many entries (default: all).
    #[arg(long)]
    limit: Option<u32>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// Runs before the store is opened: recovering is exactly what a store without its key needs.
pub fn recover(data_dir: &Path) -> AppResult<()> {
    let passphrase = read_passphrase()?;
    recovery::recover(data_dir, &passphrase, &KeyringSecrets::new())?;
    output::json(&serde_json::json!({ "recovered": true }))
}

pub fn run(store: &Store, cmd: SecurityCmd) -> AppResult<()> {
    match cmd {
        SecurityCmd::Status => output::json(&security::status(store)?),
        SecurityCmd::SetPassphrase => {
            let passphrase = read_passphrase()?;
            output::json(&security::set_recovery_passphrase(store, &passphrase)?)
        }
        SecurityCmd::Recover => recover(store.data_dir()),
    }
}

pub fn run_audit(store: &Store, cmd: AuditCmd) -> AppResult<()> {
    match cmd {
        AuditCmd::List(f) => {
            let (items, total) = output::collect(f.limit, |cursor, limit| {
                audit::list(store, &AuditQuery { entity: f.entity, record_id: f.id, cursor, limit })
            })?;
            output::list(f.json, items, total, &["WHEN", "ACTION", "TYPE", "ID", "FIELDS", "PROFILE"], |a| {
                vec![
                    output::time(a.at),
                    relata_core::services::records::enum_str(&a.action),
                    a.entity.map(|e| e.as_str().to_string()).unwrap_or_default(),
                    a.record_id.map(|i| i.to_string()).unwrap_or_default(),
                    a.fields.join(", "),
                    output::opt(&a.profile),
                ]
            })
        }
        AuditCmd::Export(f) => {
            let csv =
                audit::export_csv(store, &AuditQuery { entity: f.entity, record_id: f.id, ..Default::default() })?;
            output::out(csv.trim_end());
            Ok(())
        }
    }
}

fn read_passphrase() -> AppResult<String> {
    output::read_secret("passphrase", "the passphrase")
}

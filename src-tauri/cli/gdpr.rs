//! `relata gdpr export|erase|erasures` and `relata consent add|list|withdraw`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::output::{self, enum_arg};
use relata_core::clock::Millis;
use relata_core::domain::{ConsentInput, ConsentStatus, ContactChannel, Id};
use relata_core::error::{AppError, AppResult, ErrorCode};
use relata_core::services::{export, gdpr};
use relata_core::store::Store;

const CHANNELS: &[&str] = &["email", "phone", "sms", "chat", "visit", "post"];

#[derive(Debug, Subcommand)]
pub enum GdprCmd {
    /// Write everything stored about a person as JSON plus a readable HTML summary.
    Export {
        person_id: Id,
        /// The folder to write into (default: exports/ in the data dir).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The summary's language: en, nl, de or da.
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Delete a person and everything only about them for good, then compact the database.
    Erase {
        person_id: Id,
        /// Required: erasing cannot be undone (backups made earlier still hold the person).
        #[arg(long)]
        yes: bool,
    },
    /// The erasure log (ids, times and counts only).
    Erasures,
}

#[derive(Debug, Subcommand)]
pub enum ConsentCmd {
    /// Record that a person gave consent.
    Add(ConsentArgs),
    /// Record that a person withdrew a consent they had given.
    Withdraw(ConsentArgs),
    /// A person's current consents and their history, as JSON.
    List { person_id: Id },
}

#[derive(Debug, Args)]
pub struct ConsentArgs {
    person_id: Id,
    /// email, phone, sms, chat, visit or post.
    #[arg(long, value_parser = enum_arg::<ContactChannel>(CHANNELS))]
    channel: ContactChannel,
    /// What it is for, e.g. "newsletter".
    #[arg(long)]
    purpose: String,
    /// How it was obtained or withdrawn, e.g. "double opt-in".
    #[arg(long)]
    source: Option<String>,
    #[arg(long)]
    note: Option<String>,
    /// When, RFC 3339 (default: now).
    #[arg(long, value_name = "RFC3339", value_parser = output::rfc3339)]
    at: Option<Millis>,
}

pub fn run(store: &Store, cmd: GdprCmd) -> AppResult<()> {
    match cmd {
        GdprCmd::Export { person_id, out, lang } => {
            let dir = out.unwrap_or_else(|| export::exports_dir(store));
            output::json(&gdpr::export_person(store, person_id, &dir, &lang)?)
        }
        GdprCmd::Erase { person_id, yes } => {
            if !yes {
                return Err(AppError::field(
                    ErrorCode::Required,
                    "yes",
                    "erasing cannot be undone: add --yes to go ahead",
                ));
            }
            output::json(&gdpr::erase(store, person_id)?)
        }
        GdprCmd::Erasures => output::json(&gdpr::erasures(store)?),
    }
}

pub fn run_consent(store: &Store, cmd: ConsentCmd) -> AppResult<()> {
    let add = |a: ConsentArgs, status| {
        let input = ConsentInput {
            person_id: a.person_id,
            channel: a.channel,
            purpose: a.purpose,
            status,
            at: a.at,
            source: a.source,
            note: a.note,
        };
        output::json(&gdpr::add_consent(store, input)?)
    };
    match cmd {
        ConsentCmd::Add(a) => add(a, ConsentStatus::Given),
        ConsentCmd::Withdraw(a) => add(a, ConsentStatus::Withdrawn),
        ConsentCmd::List { person_id } => output::json(&gdpr::consents(store, person_id)?),
    }
}

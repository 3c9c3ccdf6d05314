//! `relata enrich ...`: what enrichment proposes for a person from their email address, applying it,
//! undoing it, and enriching every person with progress on stderr.

use std::sync::atomic::AtomicBool;

use clap::Subcommand;
use serde::Serialize;

use super::output;
use relata_core::domain::{Id, Proposal};
use relata_core::error::AppResult;
use relata_core::services::enrich;
use relata_core::store::Store;

#[derive(Debug, Subcommand)]
pub enum EnrichCmd {
    /// Print what enrichment proposes for a person as {"proposals": [...]}; --apply fills the empty fields.
    Person {
        id: Id,
        /// Fill the person's empty fields (never what was typed); `relata enrich undo ID` takes it back.
        #[arg(long)]
        apply: bool,
        /// JSON output (the only output; accepted for symmetry with the other commands).
        #[arg(long)]
        json: bool,
    },
    /// Enrich every person (one transaction each), with progress on stderr; prints counts as JSON.
    All {
        #[arg(long)]
        apply: bool,
    },
    /// Clear what enrichment filled in for a person (fields changed since are kept); prints the fields cleared.
    Undo { id: Id },
}

#[derive(Serialize)]
struct Proposals {
    proposals: Vec<Proposal>,
    /// Only with --apply: the fields filled in.
    #[serde(skip_serializing_if = "Option::is_none")]
    filled: Option<Vec<String>>,
}

#[derive(Serialize)]
struct Undone {
    cleared: Vec<String>,
}

pub fn run(store: &Store, cmd: EnrichCmd) -> AppResult<()> {
    match cmd {
        EnrichCmd::Person { id, apply, json: _ } => {
            let out = if apply {
                let before = enrich::person(store, id)?.filled.len();
                let after = enrich::apply(store, id)?;
                let filled = after.filled[before.min(after.filled.len())..].iter().map(|f| f.field.clone()).collect();
                Proposals { proposals: after.proposals, filled: Some(filled) }
            } else {
                Proposals { proposals: enrich::person(store, id)?.proposals, filled: None }
            };
            output::json(&out)
        }
        EnrichCmd::All { apply } => {
            let report = enrich::all(store, apply, &AtomicBool::new(false), &mut |done, total| {
                if done == total || done % 500 == 0 {
                    eprint!("\renriching {done} of {total} people");
                    if done == total {
                        eprintln!();
                    }
                }
            })?;
            output::json(&report)
        }
        EnrichCmd::Undo { id } => output::json(&Undone { cleared: enrich::undo(store, id)? }),
    }
}

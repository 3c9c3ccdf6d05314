use clap::{Args, Subcommand};

use super::output;
use relata_core::clock::Millis;
use relata_core::domain::Id;
use relata_core::error::AppResult;
use relata_core::services::{cadences, records, recurrence};
use relata_core::store::Store;

#[derive(Debug, Subcommand)]
pub enum CadencesCmd {
    /// List cadences and their steps (a table, or JSON with --json).
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Apply a cadence to a person and print the tasks it created as JSON.
    Apply(ApplyCadence),
}

#[derive(Debug, Args)]
pub struct ApplyCadence {
    /// The cadence's name (case-insensitive), e.g. "New lead follow-up".
    name: String,
    #[arg(long, value_name = "ID")]
    person: Id,
    /// When day 0 is due, RFC 3339 (default: now).
    #[arg(long, value_name = "RFC3339", value_parser = output::rfc3339)]
    start: Option<Millis>,
    /// The IANA time zone the steps keep their local time in (default: the system's).
    #[arg(long, value_name = "IANA")]
    tz: Option<String>,
}

pub fn run(store: &Store, cmd: CadencesCmd) -> AppResult<()> {
    match cmd {
        CadencesCmd::List { json } => {
            let rows = cadences::list(store)?;
            let total = rows.len() as i64;
            output::list(json, rows, total, &["ID", "NAME", "STEPS"], |c| {
                let steps: Vec<String> =
                    c.steps.iter().map(|s| format!("day {} {}", s.offset_days, records::enum_str(&s.kind))).collect();
                vec![c.id.to_string(), c.name, steps.join(", ")]
            })
        }
        CadencesCmd::Apply(a) => {
            let tz = match a.tz.as_deref() {
                Some(name) => recurrence::time_zone("tz", name)?,
                None => relata_core::clock::system_zone(),
            };
            let cadence = cadences::find_by_name(store, &a.name)?;
            output::json(&cadences::apply_in(store, cadence.id, a.person, a.start, tz)?)
        }
    }
}

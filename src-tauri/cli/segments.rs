use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::output;
use super::people::print_rows;
use relata_core::domain::{Filter, Id, PeopleQuery, SegmentInput};
use relata_core::error::{AppError, AppResult, ErrorCode};
use relata_core::services::segments;
use relata_core::store::Store;

#[derive(Debug, Subcommand)]
pub enum SegmentsCmd {
    /// Save a segment (a filter over people, see docs/segments.md) and print it as JSON.
    Add(AddSegment),
    /// List segments (a table, or JSON with --json).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Print the number of people in a segment now: {"count": N}.
    Count {
        id: Id,
        /// Accepted for symmetry with the other commands: the count is always JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the people in a segment, sorted by name (a table, or JSON with --json).
    Members {
        id: Id,
        /// At most this many rows (default: all).
        #[arg(long)]
        limit: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// Check a filter file and print how many people it matches: {"count": N}.
    Check {
        #[arg(long, value_name = "FILE")]
        filter_file: PathBuf,
    },
    /// Pin a segment to the navigation, or unpin it with --off.
    Pin {
        id: Id,
        #[arg(long)]
        off: bool,
    },
    /// Save a segment again: new name, filter, kind and pin (a static one re-takes its snapshot when its filter
    /// changes), and print it as JSON.
    Update {
        id: Id,
        #[command(flatten)]
        segment: AddSegment,
    },
    /// Delete a segment (its people stay).
    Remove { id: Id },
    /// Print the fields a filter can use, with their kinds and operators, as JSON.
    Fields,
}

#[derive(Debug, Args)]
pub struct AddSegment {
    #[arg(long)]
    name: String,
    /// A JSON file with the filter, e.g. {"all": [{"field": "city", "op": "eq", "value": "Amsterdam"}]}.
    #[arg(long, value_name = "FILE")]
    filter_file: PathBuf,
    /// Keep the people who match now, instead of evaluating the filter whenever the segment is used.
    #[arg(long = "static")]
    is_static: bool,
    #[arg(long)]
    pinned: bool,
}

impl AddSegment {
    fn input(self) -> AppResult<SegmentInput> {
        let filter = read_filter(&self.filter_file)?;
        Ok(SegmentInput { name: self.name, filter, is_static: self.is_static, pinned: self.pinned })
    }
}

pub fn run(store: &Store, cmd: SegmentsCmd) -> AppResult<()> {
    match cmd {
        SegmentsCmd::Add(a) => output::json(&segments::add(store, a.input()?)?),
        SegmentsCmd::Update { id, segment } => output::json(&segments::update(store, id, segment.input()?)?),
        SegmentsCmd::List { json } => {
            let rows = segments::list(store)?;
            let total = rows.len() as i64;
            output::list(json, rows, total, &["ID", "NAME", "KIND", "PINNED"], |s| {
                let kind = if s.is_static { "static" } else { "dynamic" };
                vec![s.id.to_string(), s.name, kind.into(), if s.pinned { "yes" } else { "" }.into()]
            })
        }
        SegmentsCmd::Count { id, .. } => output::json(&segments::count(store, id)?),
        SegmentsCmd::Members { id, limit, json } => {
            let (rows, _) = output::collect(limit, |cursor, limit| {
                segments::members(store, id, &PeopleQuery { limit: Some(limit), cursor, ..Default::default() })
            })?;
            print_rows(json, rows, segments::count(store, id)?.count)
        }
        SegmentsCmd::Check { filter_file } => output::json(&segments::check(store, &read_filter(&filter_file)?)?),
        SegmentsCmd::Pin { id, off } => output::json(&segments::set_pinned(store, id, !off)?),
        SegmentsCmd::Remove { id } => {
            segments::delete(store, id)?;
            output::json(&serde_json::json!({ "deleted": { "entity": "segment", "id": id } }))
        }
        SegmentsCmd::Fields => output::json(&segments::fields(store)?),
    }
}

fn read_filter(path: &Path) -> AppResult<Filter> {
    let text = std::fs::read_to_string(path)?;
    serde_json::from_str(&text).map_err(|e| {
        AppError::field(
            ErrorCode::InvalidValue,
            "filter",
            format!("{} is not a filter (see docs/segments.md): {e}", path.display()),
        )
    })
}

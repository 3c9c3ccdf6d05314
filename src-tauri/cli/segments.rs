use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::export::{emit, Out};
use super::output;
use super::people::print_rows;
use relata_core::domain::{BulkAction, CampaignRef, Filter, Id, PeopleQuery, PeopleSelection, SegmentInput};
use relata_core::error::{AppError, AppResult, ErrorCode};
use relata_core::services::export::ExportFormat;
use relata_core::services::{bulk, cadences, campaigns, segments};
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
    /// Apply one action to every person in the segment (minus --exclude) and print
    /// {"selected", "changed", "skipped"}: people who had it already are skipped.
    Bulk(Bulk),
    /// Write the segment's people (minus --exclude) as CSV or vCard.
    Export {
        id: Id,
        /// csv or vcard.
        #[arg(long, default_value = "csv", value_parser = ["csv", "vcard"])]
        format: String,
        /// Leave these people out (comma-separated ids).
        #[arg(long, value_delimiter = ',')]
        exclude: Vec<Id>,
        #[command(flatten)]
        out: Out,
    },
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("action").required(true).args(["tag", "untag", "owner", "cadence", "campaign"])))]
pub struct Bulk {
    id: Id,
    /// Add this tag.
    #[arg(long)]
    tag: Option<String>,
    /// Remove this tag.
    #[arg(long)]
    untag: Option<String>,
    /// Set the owner ("" clears it).
    #[arg(long)]
    owner: Option<String>,
    /// Start this cadence (id or name) for each person it does not run for yet.
    #[arg(long)]
    cadence: Option<String>,
    /// Add each person to this campaign (id or name) unless already a member.
    #[arg(long)]
    campaign: Option<String>,
    /// Leave these people out (comma-separated ids).
    #[arg(long, value_delimiter = ',')]
    exclude: Vec<Id>,
    /// Accepted for symmetry: the result is always JSON.
    #[arg(long)]
    json: bool,
}

impl Bulk {
    fn action(&self, store: &Store) -> AppResult<BulkAction> {
        if let Some(tag) = &self.tag {
            return Ok(BulkAction::AddTag { tag: tag.clone() });
        }
        if let Some(tag) = &self.untag {
            return Ok(BulkAction::RemoveTag { tag: tag.clone() });
        }
        if let Some(owner) = &self.owner {
            return Ok(BulkAction::SetOwner { owner: owner.clone() });
        }
        if let Some(c) = &self.cadence {
            let cadence_id = match c.trim().parse::<Id>() {
                Ok(id) => id,
                Err(_) => cadences::find_by_name(store, c).map_err(|e| refield(e, "cadence"))?.id,
            };
            return Ok(BulkAction::StartCadence { cadence_id });
        }
        let c = self.campaign.as_deref().unwrap_or_default();
        let named = match c.trim().parse::<Id>() {
            Ok(id) => CampaignRef::Id(id),
            Err(_) => CampaignRef::Name(c.to_string()),
        };
        let campaign_id = store.read(|conn| campaigns::find(conn, &named))?;
        Ok(BulkAction::AddToCampaign { campaign_id })
    }
}

fn refield(mut e: AppError, field: &str) -> AppError {
    e.field = e.field.map(|_| field.to_string());
    e
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
        SegmentsCmd::Bulk(b) => {
            let selection =
                PeopleSelection { segment_id: Some(b.id), exclude: b.exclude.clone(), ..Default::default() };
            output::json(&bulk::run(store, &selection, &b.action(store)?)?)
        }
        SegmentsCmd::Export { id, format, exclude, out } => {
            let format = if format == "vcard" { ExportFormat::Vcard } else { ExportFormat::Csv };
            let selection = PeopleSelection { segment_id: Some(id), exclude, ..Default::default() };
            emit(out, |w| bulk::export(store, &selection, format, w))
        }
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

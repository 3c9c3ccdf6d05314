//! Bulk actions over a selection of people (a segment's or the People page's list): tag, untag, set the
//! owner, start a cadence, add to a campaign, and the selection's CSV or vCard export. A whole segment or
//! filtered list is resolved here (the segment from the segments service's compiled condition, the list
//! through the people list itself), so its members never cross IPC. Each action runs in one
//! transaction: tag, untag and owner set-based (`sets`, with the effects of a single edit of each changed
//! person), cadences and campaigns through the same service functions as a single edit.

use std::io::Write;

use chrono_tz::Tz;
use rusqlite::types::Value;
use rusqlite::Connection;

use super::validate::{self as v, LABEL_MAX, SHORT_MAX};
mod sets;

use super::{cadences, campaigns, export, people, segments};
use crate::clock::Millis;
use crate::domain::{BulkAction, BulkResult, CampaignRef, Id, PeopleQuery, PeopleSelection};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::Store;

/// Runs `action` on every selected live person. Refused as a whole (nothing written) when its tag, owner,
/// cadence or campaign is not valid; people who already have what it gives are counted as skipped.
pub fn run(store: &Store, selection: &PeopleSelection, action: &BulkAction) -> AppResult<BulkResult> {
    let now = store.clock().now_ms();
    let selection = listed(store, selection)?;
    store.write(|tx| {
        let ids = resolve(tx, &selection, now)?;
        let mut result = BulkResult { selected: ids.len() as u32, ..Default::default() };
        match action {
            BulkAction::AddTag { tag } => {
                let tag = v::required("tag", tag, LABEL_MAX)?;
                set_based(&mut result, sets::apply(tx, &ids, sets::Edit::AddTag(&tag), now)?);
            }
            BulkAction::RemoveTag { tag } => {
                let tag = v::required("tag", tag, LABEL_MAX)?;
                set_based(&mut result, sets::apply(tx, &ids, sets::Edit::RemoveTag(&tag), now)?);
            }
            BulkAction::SetOwner { owner } => {
                let owner = v::optional("owner", Some(owner), SHORT_MAX)?;
                set_based(&mut result, sets::apply(tx, &ids, sets::Edit::SetOwner(owner.as_deref()), now)?);
            }
            BulkAction::StartCadence { cadence_id } => {
                cadences::load(tx, *cadence_id).map_err(|e| blame(e, "cadence_id"))?;
                for id in ids {
                    match cadences::apply_tx(tx, *cadence_id, id, now, Tz::UTC, now) {
                        Ok(_) => tally(&mut result, true),
                        // Already running for this person: not doubled.
                        Err(e) if e.code == ErrorCode::Conflict => tally(&mut result, false),
                        Err(e) => return Err(e),
                    }
                }
            }
            BulkAction::AddToCampaign { campaign_id } => {
                let campaign = campaigns::find(tx, &CampaignRef::Id(*campaign_id))?;
                for id in ids {
                    tally(&mut result, campaigns::add_member_in(tx, campaign, id, now)?);
                }
            }
        }
        tracing::info!(action = ?action, ?result, "bulk action");
        Ok(result)
    })
}

/// A selection of the people list's `query` as the ids that list shows now (minus the excluded), read page
/// by page through the list itself, so its search and filters select exactly what the People page shows.
/// Other selections are returned as they are.
fn listed(store: &Store, selection: &PeopleSelection) -> AppResult<PeopleSelection> {
    let Some(q) = selection.query.as_ref().filter(|_| selection.segment_id.is_none()) else {
        return Ok(selection.clone());
    };
    let mut page_query = PeopleQuery { limit: Some(500), cursor: None, ..query(selection) };
    let mut ids = Vec::new();
    loop {
        let page = people::list(store, &page_query)?;
        ids.extend(page.items.iter().map(|r| r.id));
        match page.next_cursor {
            Some(c) if !page.items.is_empty() => page_query.cursor = Some(c),
            _ => break,
        }
    }
    tracing::debug!(selected = ids.len(), search = q.search.is_some(), "bulk selection of a people list");
    Ok(PeopleSelection { ids, ..Default::default() })
}

/// The live people selected, in id order: a segment's members minus the excluded, or the ids given.
pub fn resolve(conn: &Connection, selection: &PeopleSelection, now: Millis) -> AppResult<Vec<Id>> {
    let (sql, params) = match selection.segment_id {
        Some(segment) => {
            let w = segments::members_condition(conn, segment, now).map_err(|e| blame(e, "segment_id"))?;
            let exclude = Value::Text(serde_json::to_string(&selection.exclude)?);
            let sql = format!(
                "SELECT p.id FROM people p WHERE p.deleted_at IS NULL AND {}
                 AND p.id NOT IN (SELECT value FROM json_each(?)) ORDER BY p.id",
                w.sql
            );
            (sql, w.params.into_iter().chain([exclude]).collect::<Vec<_>>())
        }
        None => (
            "SELECT p.id FROM people p WHERE p.deleted_at IS NULL AND p.id IN (SELECT value FROM json_each(?))
             ORDER BY p.id"
                .to_string(),
            vec![Value::Text(serde_json::to_string(&selection.ids)?)],
        ),
    };
    let mut stmt = conn.prepare(&sql)?;
    let ids = stmt.query_map(rusqlite::params_from_iter(params), |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// The people list query that shows exactly the selection (the export's filter).
pub fn query(selection: &PeopleSelection) -> PeopleQuery {
    match (selection.segment_id, &selection.query) {
        (Some(id), _) => PeopleQuery { segment_id: Some(id), exclude: selection.exclude.clone(), ..Default::default() },
        (None, Some(q)) => PeopleQuery { exclude: selection.exclude.clone(), limit: None, cursor: None, ..q.clone() },
        (None, None) => PeopleQuery { ids: Some(selection.ids.clone()), ..Default::default() },
    }
}

/// Writes the selection as CSV or vCard through the export service (audited as any export); returns how
/// many people were written.
pub fn export(
    store: &Store,
    selection: &PeopleSelection,
    format: export::ExportFormat,
    out: &mut dyn Write,
) -> AppResult<u64> {
    if !matches!(format, export::ExportFormat::Csv | export::ExportFormat::Vcard) {
        return Err(AppError::field(ErrorCode::InvalidValue, "format", "a selection exports as CSV or vCard"));
    }
    if let Some(id) = selection.segment_id {
        segments::get(store, id).map_err(|e| blame(e, "segment_id"))?;
    }
    export::write(store, format, &export::csv::CsvQuery::Person(query(selection)), out)
}

/// Counts one person as changed or skipped.
fn tally(result: &mut BulkResult, changed: bool) {
    if changed {
        result.changed += 1;
    } else {
        result.skipped += 1;
    }
}

/// The counts of a set-based edit that changed `changed` of the selected people.
fn set_based(result: &mut BulkResult, changed: u32) {
    result.changed = changed;
    result.skipped = result.selected - changed;
}

/// A missing record named by an input, as an error on that input.
fn blame(e: AppError, field: &str) -> AppError {
    if e.code == ErrorCode::NotFound && e.field.is_none() {
        return AppError::field(ErrorCode::NotFound, field, e.message);
    }
    e
}

//! Deals: money in minor units, a stage in a pipeline, a position in the stage's board column.

mod board;
mod list;

use rusqlite::{params_from_iter, Connection, Row, ToSql};

pub(crate) use board::next_position;
pub use board::{board, move_to};
pub use list::list;

use super::validate::{self as v, NAME_MAX, SHORT_MAX};
use super::{audit, custom, records, settings};
use crate::domain::{Deal, DealInput, DealStatus, Entity, Id};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::fts::{self, Index};
use crate::store::Store;

/// Columns of a full deal, selected `FROM` the joins below; read by `from_row`.
const COLUMNS: &str = concat!(
    "d.id, d.title, d.value_minor, d.currency, d.pipeline_id, d.stage_id, d.expected_close,
    d.probability, d.status, d.lost_reason, d.closed_at, p.id, ",
    crate::person_display_name!("p"),
    ", c.id, c.name, d.owner, d.position, d.created_at, d.updated_at"
);
const FROM: &str = "deals d LEFT JOIN people p ON p.id = d.person_id AND p.deleted_at IS NULL
    LEFT JOIN companies c ON c.id = d.company_id AND c.deleted_at IS NULL";

pub fn create(store: &Store, input: DealInput) -> AppResult<Deal> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        let id = save(tx, None, input, now)?;
        load(tx, id)
    })
}

pub fn get(store: &Store, id: Id) -> AppResult<Deal> {
    store.read(|conn| load(conn, id))
}

pub fn update(store: &Store, id: Id, input: DealInput) -> AppResult<Deal> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        let (old, mark) = (load(tx, id)?, audit::mark(tx)?);
        let old_custom = old.custom.clone();
        save(tx, Some(old), input, now)?;
        let new = load(tx, id)?;
        audit::add_fields(tx, mark, now, Entity::Deal, id, &audit::custom_changes(&old_custom, &new.custom))?;
        Ok(new)
    })
}

pub fn delete(store: &Store, id: Id) -> AppResult<()> {
    let now = store.clock().now_ms();
    store.write(|tx| records::trash(tx, Entity::Deal, id, now))
}

/// The largest integer a JavaScript number holds exactly.
pub const MAX_VALUE_MINOR: i64 = (1 << 53) - 1;

pub(crate) fn save(tx: &Connection, old: Option<Deal>, d: DealInput, now: i64) -> AppResult<Id> {
    let title = v::required("title", &d.title, NAME_MAX)?;
    if d.value_minor < 0 {
        return Err(AppError::field(ErrorCode::OutOfRange, "value_minor", "a deal's value cannot be negative"));
    }
    // Values cross IPC as JavaScript numbers, which are exact only up to 2^53 - 1.
    if d.value_minor > MAX_VALUE_MINOR {
        return Err(AppError::field(ErrorCode::OutOfRange, "value_minor", "a deal's value is too large"));
    }
    let currency = match d.currency.trim() {
        "" => settings::load(tx)?.default_currency,
        c => v::currency("currency", c)?,
    };
    let (pipeline_id, stage_id) = board::resolve_stage(tx, d.pipeline_id, d.stage_id)?;
    let expected_close = v::optional_with("expected_close", d.expected_close.as_deref(), v::date)?;
    if let Some(p) = d.probability {
        v::range("probability", p.into(), 0, 100)?;
    }
    let lost_reason = match d.status {
        DealStatus::Lost => Some(v::required("lost_reason", d.lost_reason.as_deref().unwrap_or(""), 1000)?),
        _ => None,
    };
    records::check_link(tx, Entity::Person, "person_id", d.person_id)?;
    records::check_link(tx, Entity::Company, "company_id", d.company_id)?;
    let owner = v::optional("owner", d.owner.as_deref(), SHORT_MAX)?;
    let custom = custom::check(tx, Entity::Deal, &d.custom)?;

    // Closing stamps the time; a deal that stays closed keeps it, reopening clears it.
    let closed_at = match (d.status, &old) {
        (DealStatus::Open, _) => None,
        (status, Some(old)) if old.status == status => old.closed_at,
        _ => Some(now),
    };
    let position = match &old {
        Some(old) if old.stage_id == stage_id => old.position,
        _ => board::next_position(tx, stage_id)?,
    };
    let status = records::enum_str(&d.status);
    let id = old.as_ref().map(|o| o.id);
    let params: [&dyn ToSql; 16] = [
        &title,
        &d.value_minor,
        &currency,
        &pipeline_id,
        &stage_id,
        &expected_close,
        &d.probability,
        &status,
        &lost_reason,
        &closed_at,
        &d.person_id,
        &d.company_id,
        &owner,
        &position,
        &now,
        &id,
    ];
    let id = match id {
        Some(id) => {
            tx.prepare_cached(
                "UPDATE deals SET title = ?1, value_minor = ?2, currency = ?3, pipeline_id = ?4, stage_id = ?5,
                 expected_close = ?6, probability = ?7, status = ?8, lost_reason = ?9, closed_at = ?10,
                 person_id = ?11, company_id = ?12, owner = ?13, position = ?14, updated_at = ?15 WHERE id = ?16",
            )?
            .execute(params_from_iter(params))?;
            id
        }
        None => tx
            .prepare_cached(
                "INSERT INTO deals (id, title, value_minor, currency, pipeline_id, stage_id, expected_close, probability,
                 status, lost_reason, closed_at, person_id, company_id, owner, position, created_at, updated_at)
                 VALUES (?16, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15) RETURNING id",
            )?
            .query_row(params_from_iter(params), |r| r.get(0))?,
    };
    custom::save(tx, Entity::Deal, id, &custom)?;
    fts::put(tx, Index::Deals, id, &[&title])?;
    Ok(id)
}

pub(crate) fn load(conn: &Connection, id: Id) -> AppResult<Deal> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE d.id = ?1 AND d.deleted_at IS NULL");
    let deal = conn.prepare_cached(&sql)?.query_row([id], from_row);
    let mut deal = records::not_found_as(deal, Entity::Deal, id)?;
    deal.custom = custom::load(conn, Entity::Deal, id)?;
    Ok(deal)
}

/// A deal row without its custom values (callers that need them load or select them).
fn from_row(r: &Row) -> rusqlite::Result<Deal> {
    Ok(Deal {
        id: r.get(0)?,
        title: r.get(1)?,
        value_minor: r.get(2)?,
        currency: r.get(3)?,
        pipeline_id: r.get(4)?,
        stage_id: r.get(5)?,
        expected_close: r.get(6)?,
        probability: r.get(7)?,
        status: records::parse_enum(&r.get::<_, String>(8)?)?,
        lost_reason: r.get(9)?,
        closed_at: r.get(10)?,
        person_id: r.get(11)?,
        person_name: r.get(12)?,
        company_id: r.get(13)?,
        company_name: r.get(14)?,
        owner: r.get(15)?,
        position: r.get(16)?,
        custom: Default::default(),
        created_at: r.get(17)?,
        updated_at: r.get(18)?,
    })
}

/// `from_row` plus the custom values selected as JSON right after `COLUMNS`.
fn from_row_with_custom(r: &Row) -> rusqlite::Result<Deal> {
    let mut deal = from_row(r)?;
    if let Some(json) = r.get::<_, Option<String>>(19)? {
        deal.custom = records::json_col(&json)?;
    }
    Ok(deal)
}

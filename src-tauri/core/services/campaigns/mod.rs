//! Campaigns (docs/campaigns.md): the campaign itself, its cost entries and its members, snapshotted from a
//! segment. Sending (`send`), member responses (`responses`), A/B tests (`abtest`, `stats`) and the report
//! with attribution (`report`), and a send's progress, pause and resume (`progress`) have their own modules.

pub mod abtest;
pub mod progress;
pub mod report;
pub mod responses;
pub mod send;
pub mod stats;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};

use super::records::{enum_str, parse_enum};
use super::validate::{self as v, NAME_MAX, SHORT_MAX, TEXT_MAX};
use super::{segments, settings};
use crate::domain::{Campaign, CampaignCost, CampaignCostInput, CampaignInput, CampaignRef, Id};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::Store;

pub use responses::members;

const COLUMNS: &str = "c.id, c.name, c.channel, c.goal, c.purpose, c.starts_on, c.ends_on, c.owner, c.budget_minor, \
    c.currency, c.conversion_days, c.created_at, c.updated_at, \
    (SELECT count(*) FROM campaign_members m WHERE m.campaign_id = c.id), \
    (SELECT coalesce(sum(amount_minor), 0) FROM campaign_costs k WHERE k.campaign_id = c.id)";

/// The longest conversion window a campaign may have, in days.
pub const CONVERSION_DAYS_MAX: u32 = 365;

struct Checked {
    name: String,
    /// The lower-cased name: campaigns are unique by it (the team's campaigns are matched by it).
    name_key: String,
    goal: Option<String>,
    purpose: String,
    starts_on: Option<String>,
    ends_on: Option<String>,
    owner: Option<String>,
    currency: String,
    conversion_days: u32,
}

fn check(conn: &Connection, input: &CampaignInput, except: Option<Id>) -> AppResult<Checked> {
    let name = v::required("name", &input.name, NAME_MAX)?;
    let name_key = name.to_lowercase();
    let taken = conn
        .prepare_cached("SELECT 1 FROM campaigns WHERE name_key = ?1 AND id IS NOT ?2")?
        .query_row(rusqlite::params![name_key, except], |_| Ok(()))
        .optional()?
        .is_some();
    if taken {
        return Err(AppError::field(ErrorCode::Duplicate, "name", format!("a campaign named {name:?} already exists")));
    }
    let currency = match input.currency.trim() {
        "" => settings::load(conn)?.default_currency,
        c => v::currency("currency", c)?,
    };
    if let Some(b) = input.budget_minor {
        v::range("budget_minor", b, 0, i64::MAX)?;
    }
    let starts_on = v::optional_with("starts_on", input.starts_on.as_deref(), v::date)?;
    let ends_on = v::optional_with("ends_on", input.ends_on.as_deref(), v::date)?;
    if let (Some(s), Some(e)) = (&starts_on, &ends_on) {
        if e < s {
            return Err(AppError::field(ErrorCode::OutOfRange, "ends_on", "the campaign ends before it starts"));
        }
    }
    let conversion_days = input.conversion_days.unwrap_or(30);
    v::range("conversion_days", i64::from(conversion_days), 1, i64::from(CONVERSION_DAYS_MAX))?;
    Ok(Checked {
        name,
        name_key,
        goal: v::optional("goal", input.goal.as_deref(), TEXT_MAX)?,
        purpose: v::required("purpose", &input.purpose, SHORT_MAX)?,
        starts_on,
        ends_on,
        owner: v::optional("owner", input.owner.as_deref(), SHORT_MAX)?,
        currency,
        conversion_days,
    })
}

pub fn add(store: &Store, input: CampaignInput) -> AppResult<Campaign> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        let c = check(tx, &input, None)?;
        tx.prepare_cached(
            "INSERT INTO campaigns (name, channel, goal, purpose, starts_on, ends_on, owner, budget_minor, currency,
                conversion_days, created_at, updated_at, name_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12)",
        )?
        .execute(rusqlite::params![
            c.name,
            enum_str(&input.channel),
            c.goal,
            c.purpose,
            c.starts_on,
            c.ends_on,
            c.owner,
            input.budget_minor,
            c.currency,
            c.conversion_days,
            now,
            c.name_key
        ])?;
        load(tx, tx.last_insert_rowid())
    })
}

pub fn update(store: &Store, id: Id, input: CampaignInput) -> AppResult<Campaign> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        load(tx, id)?;
        let c = check(tx, &input, Some(id))?;
        tx.prepare_cached(
            "UPDATE campaigns SET name = ?2, channel = ?3, goal = ?4, purpose = ?5, starts_on = ?6, ends_on = ?7,
                owner = ?8, budget_minor = ?9, currency = ?10, conversion_days = ?11, updated_at = ?12, name_key = ?13
             WHERE id = ?1",
        )?
        .execute(rusqlite::params![
            id,
            c.name,
            enum_str(&input.channel),
            c.goal,
            c.purpose,
            c.starts_on,
            c.ends_on,
            c.owner,
            input.budget_minor,
            c.currency,
            c.conversion_days,
            now,
            c.name_key
        ])?;
        load(tx, id)
    })
}

pub fn list(store: &Store) -> AppResult<Vec<Campaign>> {
    store.read(|conn| {
        let sql = format!("SELECT {COLUMNS} FROM campaigns c ORDER BY c.created_at DESC, c.id DESC");
        let rows = conn.prepare_cached(&sql)?.query_map([], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    })
}

pub fn get(store: &Store, id: Id) -> AppResult<Campaign> {
    store.read(|conn| load(conn, id))
}

pub fn remove(store: &Store, id: Id) -> AppResult<()> {
    store.write(|tx| {
        load(tx, id)?;
        tx.execute("DELETE FROM campaigns WHERE id = ?1", [id])?;
        Ok(())
    })
}

pub(crate) fn load(conn: &Connection, id: Id) -> AppResult<Campaign> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM campaigns c WHERE c.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| AppError::not_found("campaign", id))
}

fn from_row(r: &Row) -> rusqlite::Result<Campaign> {
    Ok(Campaign {
        id: r.get(0)?,
        name: r.get(1)?,
        channel: parse_enum(&r.get::<_, String>(2)?)?,
        goal: r.get(3)?,
        purpose: r.get(4)?,
        starts_on: r.get(5)?,
        ends_on: r.get(6)?,
        owner: r.get(7)?,
        budget_minor: r.get(8)?,
        currency: r.get(9)?,
        conversion_days: r.get(10)?,
        created_at: r.get(11)?,
        updated_at: r.get(12)?,
        members: r.get(13)?,
        cost_minor: r.get(14)?,
    })
}

/// Adds a cost entry (date, amount in the campaign's currency, note).
pub fn add_cost(store: &Store, campaign_id: Id, input: CampaignCostInput) -> AppResult<CampaignCost> {
    let spent_on = v::date("spent_on", &input.spent_on)?;
    v::range("amount_minor", input.amount_minor, 0, i64::MAX)?;
    let note = v::optional("note", input.note.as_deref(), TEXT_MAX)?;
    let now = store.clock().now_ms();
    store.write(|tx| {
        load(tx, campaign_id)?;
        tx.prepare_cached(
            "INSERT INTO campaign_costs (campaign_id, spent_on, amount_minor, note, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(rusqlite::params![campaign_id, spent_on, input.amount_minor, note, now])?;
        Ok(CampaignCost { id: tx.last_insert_rowid(), campaign_id, spent_on, amount_minor: input.amount_minor, note })
    })
}

pub fn costs(store: &Store, campaign_id: Id) -> AppResult<Vec<CampaignCost>> {
    store.read(|conn| {
        load(conn, campaign_id)?;
        let rows = conn
            .prepare_cached(
                "SELECT id, campaign_id, spent_on, amount_minor, note FROM campaign_costs WHERE campaign_id = ?1
                 ORDER BY spent_on, id",
            )?
            .query_map([campaign_id], |r| {
                Ok(CampaignCost {
                    id: r.get(0)?,
                    campaign_id: r.get(1)?,
                    spent_on: r.get(2)?,
                    amount_minor: r.get(3)?,
                    note: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    })
}

pub fn remove_cost(store: &Store, cost_id: Id) -> AppResult<()> {
    store.write(|tx| {
        let n = tx.execute("DELETE FROM campaign_costs WHERE id = ?1", [cost_id])?;
        if n == 0 {
            return Err(AppError::not_found("campaign cost", cost_id));
        }
        Ok(())
    })
}

/// Adds the live people of a segment now (a snapshot: later changes to the segment do not change the
/// campaign). People already members stay as they are. Returns how many joined.
pub fn add_members_from_segment(store: &Store, campaign_id: Id, segment_id: Id) -> AppResult<u32> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        load(tx, campaign_id)?;
        refuse_after_split(tx, campaign_id, "segment_id")?;
        let w = segments::members_condition(tx, segment_id, now)?;
        let sql = format!(
            "INSERT OR IGNORE INTO campaign_members (campaign_id, person_id, added_at)
             SELECT ?, p.id, ? FROM people p WHERE p.deleted_at IS NULL AND {}",
            w.sql
        );
        let params = [Value::Integer(campaign_id), Value::Integer(now)].into_iter().chain(w.params);
        let n = tx.prepare(&sql)?.execute(rusqlite::params_from_iter(params))?;
        Ok(n as u32)
    })
}

/// Members cannot be added once an A/B test split them (`field`: the input to blame).
fn refuse_after_split(conn: &Connection, campaign_id: Id, field: &str) -> AppResult<()> {
    let split = conn
        .prepare_cached("SELECT 1 FROM campaign_abtests WHERE campaign_id = ?1")?
        .query_row([campaign_id], |_| Ok(()))
        .optional()?
        .is_some();
    if split {
        return Err(AppError::field(
            ErrorCode::Conflict,
            field,
            "the campaign's A/B test has split its members already; members cannot be added after the split",
        ));
    }
    Ok(())
}

/// The campaign a rule names, by id or by name (case-insensitive; a name two campaigns share is refused).
pub fn find(conn: &Connection, campaign: &CampaignRef) -> AppResult<Id> {
    let missing = || AppError::field(ErrorCode::NotFound, "campaign", format!("campaign {campaign} does not exist"));
    match campaign {
        CampaignRef::Id(id) => match load(conn, *id) {
            Ok(c) => Ok(c.id),
            Err(e) if e.code == ErrorCode::NotFound => Err(missing()),
            Err(e) => Err(e),
        },
        CampaignRef::Name(name) => {
            let ids: Vec<Id> = conn
                .prepare_cached("SELECT id FROM campaigns WHERE lower(name) = lower(?1) ORDER BY id LIMIT 2")?
                .query_map([name.trim()], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            match ids.as_slice() {
                [id] => Ok(*id),
                [] => Err(AppError::field(ErrorCode::NotFound, "campaign", format!("no campaign is named {name:?}"))),
                _ => Err(AppError::field(
                    ErrorCode::Conflict,
                    "campaign",
                    format!("more than one campaign is named {name:?}: name it by id"),
                )),
            }
        }
    }
}

/// Adds one person as a member in the caller's transaction (as a segment snapshot would); a member already
/// stays as they are. Returns whether they joined now.
pub fn add_member_in(tx: &Connection, campaign_id: Id, person_id: Id, now: i64) -> AppResult<bool> {
    load(tx, campaign_id)?;
    let member: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM campaign_members WHERE campaign_id = ?1 AND person_id = ?2)")?
        .query_row([campaign_id, person_id], |r| r.get(0))?;
    if member {
        return Ok(false);
    }
    refuse_after_split(tx, campaign_id, "campaign")?;
    tx.prepare_cached("INSERT INTO campaign_members (campaign_id, person_id, added_at) VALUES (?1, ?2, ?3)")?
        .execute(rusqlite::params![campaign_id, person_id, now])?;
    Ok(true)
}

/// Removes one member (their sent message, if any, stays in the outbox).
pub fn remove_member(store: &Store, campaign_id: Id, person_id: Id) -> AppResult<()> {
    store.write(|tx| {
        let n = tx.execute(
            "DELETE FROM campaign_members WHERE campaign_id = ?1 AND person_id = ?2",
            [campaign_id, person_id],
        )?;
        if n == 0 {
            return Err(AppError::not_found("campaign member", person_id));
        }
        Ok(())
    })
}

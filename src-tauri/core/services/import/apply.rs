//! One row into the store, by kind of record, with the duplicate policy applied (people rows: `person`).
//! Everything a row writes is recorded in the batch, so the whole import can be undone.

use rusqlite::Connection;

use super::columns::Cells;
use super::created::Created;
use super::dedupe::PeopleIndex;
use super::types::{DuplicatePolicy, ImportEntity};
use super::{batch, lookup, person, rows, signup, snapshot, values};
use crate::domain::money;
use crate::domain::{ActivityInput, ActivityKind, DealInput, DealStatus, Direction, Entity, Id};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::orders::import::{ImportLine, OrderBatch, Taken};
use crate::services::search_backlog::NewPeople;
use crate::services::{activities, companies, deals, people};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    Skipped,
}

pub struct Ctx<'a> {
    pub tx: &'a Connection,
    pub now: i64,
    /// The number of the row being imported, as the report gives it.
    pub row: u32,
    pub batch: Id,
    pub policy: DuplicatePolicy,
    pub entity: ImportEntity,
    /// The mapping has a lifecycle column, so an update may change the lifecycle.
    pub lifecycle_given: bool,
    pub default_currency: String,
    /// The app's region: phone numbers without a country code (and no country on the row) are read in it.
    pub region: Option<String>,
    /// What this batch created so far.
    pub created: Created,
    /// The store's duplicate keys, for a people import that looks for duplicates.
    pub people: Option<PeopleIndex>,
    pub companies: lookup::Companies,
    /// The search entries of the people this batch creates (see `search_backlog`).
    pub search: NewPeople,
    /// An order import's orders being collected (its lines are read from their cells ahead: `ahead`).
    pub orders: Option<OrderBatch>,
    /// A signups import's options, resolved, and its figures.
    pub signups: Option<signup::Signups>,
}

/// Whether a row of this kind needs a savepoint: people rows check everything before writing (see
/// `person`); the other kinds may still fail after a first write (a deal's new company, say).
pub fn needs_savepoint(entity: ImportEntity) -> bool {
    !matches!(entity, ImportEntity::People | ImportEntity::Leads | ImportEntity::Signups | ImportEntity::Orders)
}

pub fn row(ctx: &mut Ctx, cells: &Cells) -> AppResult<Outcome> {
    match ctx.entity {
        ImportEntity::People | ImportEntity::Leads => person::person(ctx, cells).map(|(o, _)| o),
        ImportEntity::Signups => signup::row(ctx, cells),
        ImportEntity::Companies => company(ctx, cells),
        ImportEntity::Deals => deal(ctx, cells),
        ImportEntity::Activities => activity(ctx, cells),
        ImportEntity::Orders => Err(AppError::internal("an order line is read ahead of the import")),
    }
}

/// An order line, its values read and checked (`order_row::line`) before anything is written (no savepoint),
/// collected into its invoice.
pub fn order_line(ctx: &mut Ctx, line: AppResult<ImportLine>) -> AppResult<Outcome> {
    let orders = ctx.orders.as_mut().ok_or_else(|| AppError::internal("order import not prepared"))?;
    Ok(match orders.add(ctx.tx, line?, &mut ctx.search)? {
        Taken::Added => Outcome::Created,
        Taken::Skipped => Outcome::Skipped,
    })
}

fn bad(field: &str, message: String) -> AppError {
    AppError::field(ErrorCode::InvalidValue, field, message)
}

/// The company of that name, created (and noted in the batch) when there is none.
fn company_id(ctx: &mut Ctx, name: &str) -> AppResult<Id> {
    if let Some((id, _)) = ctx.companies.find(ctx.tx, name)? {
        return Ok(id);
    }
    let input = companies::normalize(crate::domain::CompanyInput { name: name.to_string(), ..Default::default() })?;
    let id = companies::save(ctx.tx, None, &input, ctx.now)?;
    ctx.created.add(Entity::Company.as_str(), id);
    ctx.companies.remember(name, (id, input.name));
    Ok(id)
}

fn company(ctx: &mut Ctx, cells: &Cells) -> AppResult<Outcome> {
    let input = companies::normalize(rows::company(cells))?;
    let existing = match ctx.policy {
        DuplicatePolicy::Create => None,
        _ => ctx.companies.find(ctx.tx, &input.name)?.map(|c| c.0),
    };
    match (existing, ctx.policy) {
        (Some(_), DuplicatePolicy::Skip) => Ok(Outcome::Skipped),
        (Some(id), _) => {
            let before = companies::load(ctx.tx, id)?;
            if !ctx.created.contains(Entity::Company.as_str(), id) {
                let previous = serde_json::to_string(&before)?;
                batch::record(ctx.tx, ctx.batch, Entity::Company.as_str(), id, Some(&previous))?;
            }
            let merged = companies::normalize(snapshot::overlay_company(snapshot::company_input(&before), input))?;
            companies::save(ctx.tx, Some(id), &merged, ctx.now)?;
            people::reindex_company(ctx.tx, id)?;
            Ok(Outcome::Updated)
        }
        (None, _) => {
            let id = companies::save(ctx.tx, None, &input, ctx.now)?;
            ctx.created.add(Entity::Company.as_str(), id);
            Ok(Outcome::Created)
        }
    }
}

fn person_link(ctx: &Ctx, cells: &Cells) -> AppResult<Option<Id>> {
    cells
        .get("person_email")
        .map(|email| {
            lookup::person_by_email(ctx.tx, email)?.ok_or_else(|| {
                AppError::field(ErrorCode::NotFound, "person_email", format!("no person has the email \"{email}\""))
            })
        })
        .transpose()
}

fn deal(ctx: &mut Ctx, cells: &Cells) -> AppResult<Outcome> {
    let currency = cells.get("currency").map_or(ctx.default_currency.clone(), |c| c.trim().to_ascii_uppercase());
    let value_minor = match cells.get("value") {
        None => 0,
        Some(v) => {
            let text = values::decimal_text(v).ok_or_else(|| bad("value", format!("\"{v}\" is not an amount")))?;
            let amount =
                money::parse_amount(&text).map_err(|_| bad("value", format!("\"{v}\" is not a positive amount")))?;
            amount.to_minor(money::exponent(&currency), "value")?
        }
    };
    let pipeline_id = match cells.get("pipeline") {
        Some(p) => Some(
            lookup::pipeline_by_name(ctx.tx, p)?
                .ok_or_else(|| bad("pipeline", format!("there is no pipeline \"{p}\"")))?,
        ),
        None => None,
    };
    let (pipeline_id, stage_id) = match cells.get("stage") {
        Some(s) => {
            let (p, s) = lookup::stage_by_name(ctx.tx, pipeline_id, s)?
                .ok_or_else(|| bad("stage", format!("there is no stage \"{s}\"")))?;
            (Some(p), Some(s))
        }
        None => (pipeline_id, None),
    };
    let expected_close = cells
        .get("expected_close")
        .map(|d| {
            values::date(d).ok_or_else(|| {
                AppError::field(ErrorCode::InvalidDate, "expected_close", format!("\"{d}\" is not a date"))
            })
        })
        .transpose()?;
    let probability = cells
        .get("probability")
        .map(|p| {
            values::number(p.trim_end_matches('%'))
                .map(|n| n.round() as i32)
                .ok_or_else(|| bad("probability", format!("\"{p}\" is not a percentage")))
        })
        .transpose()?;
    let status = match cells.get("status").map(|s| s.to_lowercase().replace([' ', '-', '_'], "")) {
        None => DealStatus::Open,
        Some(s) if s == "open" || s == "inprogress" => DealStatus::Open,
        Some(s) if s == "won" || s == "closedwon" => DealStatus::Won,
        Some(s) if s == "lost" || s == "closedlost" => DealStatus::Lost,
        Some(s) => return Err(bad("status", format!("\"{s}\" is not a deal status (open, won or lost)"))),
    };
    let input = DealInput {
        title: cells.string("title").unwrap_or_default(),
        value_minor,
        currency,
        pipeline_id,
        stage_id,
        expected_close,
        probability,
        status,
        lost_reason: cells.string("lost_reason"),
        person_id: person_link(ctx, cells)?,
        company_id: cells.get("company").map(|c| company_id(ctx, c)).transpose()?,
        owner: cells.string("owner"),
        custom: cells.custom(),
    };
    let id = deals::save(ctx.tx, None, input, ctx.now)?;
    ctx.created.add(Entity::Deal.as_str(), id);
    Ok(Outcome::Created)
}

fn activity(ctx: &mut Ctx, cells: &Cells) -> AppResult<Outcome> {
    let kind_text = cells.get("kind").unwrap_or("note").to_lowercase();
    let kind = match kind_text.as_str() {
        "call" | "phone" | "phone call" | "anruf" | "opkald" | "gesprek" => ActivityKind::Call,
        "email" | "e-mail" | "mail" => ActivityKind::Email,
        "meeting" | "afspraak" | "termin" | "møde" => ActivityKind::Meeting,
        "note" | "notitie" | "notiz" | "notat" => ActivityKind::Note,
        "chat" | "message" | "sms" => ActivityKind::Chat,
        "visit" | "bezoek" | "besuch" | "besøg" => ActivityKind::Visit,
        other => {
            return Err(bad(
                "kind",
                format!("\"{other}\" is not an activity kind (call, email, meeting, note, chat, visit)"),
            ))
        }
    };
    let direction = match cells.get("direction").map(str::to_lowercase).as_deref() {
        None => None,
        Some("inbound" | "in" | "incoming") => Some(Direction::Inbound),
        Some("outbound" | "out" | "outgoing") => Some(Direction::Outbound),
        Some(d) => return Err(bad("direction", format!("\"{d}\" is not a direction (inbound or outbound)"))),
    };
    let occurred_at = cells
        .get("occurred_at")
        .map(|d| {
            values::moment(d).ok_or_else(|| {
                AppError::field(ErrorCode::InvalidDate, "occurred_at", format!("\"{d}\" is not a date and time"))
            })
        })
        .transpose()?;
    let duration_secs = cells
        .get("duration_minutes")
        .map(|d| {
            values::number(d)
                .map(|m| (m * 60.0).round() as i32)
                .ok_or_else(|| bad("duration_minutes", format!("\"{d}\" is not a number of minutes")))
        })
        .transpose()?;
    let company_id = match cells.get("company") {
        Some(name) => Some(ctx.companies.find(ctx.tx, name)?.map(|c| c.0).ok_or_else(|| {
            AppError::field(ErrorCode::NotFound, "company", format!("there is no company \"{name}\""))
        })?),
        None => None,
    };
    let deal_id = match cells.get("deal") {
        Some(title) => Some(
            lookup::deal_by_title(ctx.tx, title)?
                .ok_or_else(|| AppError::field(ErrorCode::NotFound, "deal", format!("there is no deal \"{title}\"")))?,
        ),
        None => None,
    };
    let input = ActivityInput {
        kind,
        direction,
        subject: cells.string("subject").unwrap_or_default(),
        body: cells.string("body"),
        occurred_at,
        duration_secs,
        person_id: person_link(ctx, cells)?,
        company_id,
        deal_id,
    };
    let id = activities::save(ctx.tx, None, &input, ctx.now)?;
    ctx.created.add(Entity::Activity.as_str(), id);
    Ok(Outcome::Created)
}

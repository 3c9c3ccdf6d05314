//! One row into the store, by kind of record, with the duplicate policy applied. Everything a row writes
//! is recorded in the batch, so the whole import can be undone.

use rusqlite::Connection;

use super::columns::Cells;
use super::types::{DuplicatePolicy, ImportEntity};
use super::{batch, lookup, rows, snapshot, values};
use crate::cli::money;
use crate::domain::{ActivityInput, ActivityKind, DealInput, DealStatus, Direction, Entity, Id};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::{activities, cadences, companies, deals, people};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    Skipped,
}

pub struct Ctx<'a> {
    pub tx: &'a Connection,
    pub now: i64,
    pub batch: Id,
    pub policy: DuplicatePolicy,
    pub entity: ImportEntity,
    /// The mapping has a lifecycle column, so an update may change the lifecycle.
    pub lifecycle_given: bool,
    pub default_currency: String,
}

pub fn row(ctx: &Ctx, cells: &Cells) -> AppResult<Outcome> {
    match ctx.entity {
        ImportEntity::People | ImportEntity::Leads => person(ctx, cells),
        ImportEntity::Companies => company(ctx, cells),
        ImportEntity::Deals => deal(ctx, cells),
        ImportEntity::Activities => activity(ctx, cells),
    }
}

fn bad(field: &str, message: String) -> AppError {
    AppError::field(ErrorCode::InvalidValue, field, message)
}

/// The company of that name, created (and recorded in the batch) when there is none.
fn company_id(ctx: &Ctx, name: &str) -> AppResult<Id> {
    if let Some(id) = lookup::company_by_name(ctx.tx, name)? {
        return Ok(id);
    }
    let input = companies::normalize(crate::domain::CompanyInput { name: name.to_string(), ..Default::default() })?;
    let id = companies::save(ctx.tx, None, &input, ctx.now)?;
    batch::record(ctx.tx, ctx.batch, Entity::Company.as_str(), id, None)?;
    Ok(id)
}

fn person(ctx: &Ctx, cells: &Cells) -> AppResult<Outcome> {
    let row = rows::person(cells, ctx.entity == ImportEntity::Leads)?;
    let mut input = people::normalize(row.input)?;
    let company_name = input.company_name.take();
    let existing = match (ctx.policy, &company_name) {
        (DuplicatePolicy::Create, _) => None,
        (_, Some(name)) => lookup::duplicate_person(ctx.tx, &input, lookup::company_by_name(ctx.tx, name)?)?,
        (_, None) => lookup::duplicate_person(ctx.tx, &input, None)?,
    };
    if existing.is_some() && ctx.policy == DuplicatePolicy::Skip {
        return Ok(Outcome::Skipped);
    }
    input.company_id = company_name.map(|name| company_id(ctx, &name)).transpose()?;
    if let Some(id) = existing {
        let before = people::load(ctx.tx, id)?;
        batch::record(ctx.tx, ctx.batch, Entity::Person.as_str(), id, Some(&serde_json::to_string(&before)?))?;
        let merged = snapshot::overlay_person(snapshot::person_input(&before), input, ctx.lifecycle_given);
        let merged = people::normalize(merged)?;
        people::save(ctx.tx, Some(id), &merged, ctx.now)?;
        let (was, now) = ((before.lifecycle, before.lead_status), (merged.lifecycle, merged.lead_status));
        cadences::stop_on_lead_change(ctx.tx, id, was, now, ctx.now)?;
        return Ok(Outcome::Updated);
    }
    let id = people::save(ctx.tx, None, &input, ctx.now)?;
    batch::record(ctx.tx, ctx.batch, Entity::Person.as_str(), id, None)?;
    if let Some(note) = row.note {
        let note = ActivityInput {
            kind: ActivityKind::Note,
            direction: None,
            subject: String::new(),
            body: Some(note),
            occurred_at: Some(ctx.now),
            duration_secs: None,
            person_id: Some(id),
            company_id: None,
            deal_id: None,
        };
        let note_id = activities::save(ctx.tx, None, &note, ctx.now)?;
        batch::record(ctx.tx, ctx.batch, Entity::Activity.as_str(), note_id, None)?;
    }
    Ok(Outcome::Created)
}

fn company(ctx: &Ctx, cells: &Cells) -> AppResult<Outcome> {
    let input = companies::normalize(rows::company(cells))?;
    let existing = match ctx.policy {
        DuplicatePolicy::Create => None,
        _ => lookup::company_by_name(ctx.tx, &input.name)?,
    };
    match (existing, ctx.policy) {
        (Some(_), DuplicatePolicy::Skip) => Ok(Outcome::Skipped),
        (Some(id), _) => {
            let before = companies::load(ctx.tx, id)?;
            batch::record(ctx.tx, ctx.batch, Entity::Company.as_str(), id, Some(&serde_json::to_string(&before)?))?;
            let merged = companies::normalize(snapshot::overlay_company(snapshot::company_input(&before), input))?;
            companies::save(ctx.tx, Some(id), &merged, ctx.now)?;
            people::reindex_company(ctx.tx, id)?;
            Ok(Outcome::Updated)
        }
        (None, _) => {
            let id = companies::save(ctx.tx, None, &input, ctx.now)?;
            batch::record(ctx.tx, ctx.batch, Entity::Company.as_str(), id, None)?;
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

fn deal(ctx: &Ctx, cells: &Cells) -> AppResult<Outcome> {
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
    batch::record(ctx.tx, ctx.batch, Entity::Deal.as_str(), id, None)?;
    Ok(Outcome::Created)
}

fn activity(ctx: &Ctx, cells: &Cells) -> AppResult<Outcome> {
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
        Some(name) => Some(lookup::company_by_name(ctx.tx, name)?.ok_or_else(|| {
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
    batch::record(ctx.tx, ctx.batch, Entity::Activity.as_str(), id, None)?;
    Ok(Outcome::Created)
}

//! The actions that reach other parts of Relata: queue a templated email through the outbox, open a
//! ticket, stop a cadence, set the owner, add to a static segment or a campaign. Like every action they run
//! in the rule's savepoint, so the outbox row, the ticket or the membership is committed once with the run's
//! row.

use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;

use super::{actions, Event};
use crate::clock::Millis;
use crate::domain::{Action, Id, RunLine, TemplateMail, TicketInput};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::validate::{self as v, NAME_MAX, SUBJECT_MAX, TEXT_MAX};
use crate::services::{cadences, campaigns, mail, segments, templates, tickets};

/// The owner column of each record a rule can watch.
const OWNER: &[(&str, &str)] =
    &[("person", "owner"), ("company", "owner"), ("deal", "owner"), ("task", "owner"), ("ticket", "assignee")];

fn bad(field: &str, message: impl Into<String>) -> AppError {
    AppError::field(ErrorCode::InvalidValue, field, message)
}

fn person(e: &Event, field: &str) -> AppResult<Id> {
    e.person_id.ok_or_else(|| bad(field, "this record has no person"))
}

/// Checks one of these actions when the rule is saved (`entity`: what the trigger's records are).
pub fn check(conn: &Connection, entity: Option<&str>, action: &Action) -> AppResult<()> {
    match action {
        Action::SendEmail { template, account } => {
            v::required("template", template, NAME_MAX)?;
            templates::id_by_name(conn, template)?.ok_or_else(|| {
                AppError::field(ErrorCode::NotFound, "template", format!("no template is named {template:?}"))
            })?;
            if let Some(a) = account {
                account_id(conn, Some(a))?;
            }
        }
        Action::CreateTicket { subject, description, assignee, .. } => {
            v::required("subject", subject, SUBJECT_MAX)?;
            actions::check_template("subject", subject)?;
            if let Some(d) = description {
                v::optional("description", Some(d), TEXT_MAX)?;
                actions::check_template("description", d)?;
            }
            v::optional("assignee", assignee.as_deref(), NAME_MAX)?;
        }
        Action::StopCadence { cadence } => {
            v::optional("cadence", cadence.as_deref(), NAME_MAX)?;
        }
        Action::SetOwner { owner } => {
            v::optional("owner", owner.as_deref(), NAME_MAX)?;
            if entity.is_some_and(|e| !OWNER.iter().any(|(t, _)| *t == e)) {
                return Err(bad("owner", "these records have no owner"));
            }
        }
        Action::AddToSegment { segment } => {
            segments::static_by_name(conn, segment)?;
        }
        Action::AddToCampaign { campaign } => {
            campaigns::find(conn, campaign)?;
        }
        _ => {}
    }
    Ok(())
}

/// Runs one of these actions for `e`; the line for the history.
pub fn perform(tx: &Connection, action: &Action, e: &Event, cx: &Value, now: Millis) -> AppResult<RunLine> {
    match action {
        Action::SendEmail { template, account } => {
            let person_id = person(e, "template")?;
            let template_id = templates::id_by_name(tx, template)?.ok_or_else(|| {
                AppError::field(ErrorCode::NotFound, "template", format!("no template is named {template:?}"))
            })?;
            let m = TemplateMail {
                account_id: account_id(tx, account.as_deref())?,
                person_id,
                template_id,
                deal_id: (e.entity == "deal" && e.kind != "deleted").then_some(e.record_id),
                ..TemplateMail::default()
            };
            let queued = mail::compose::queue_template_in(tx, &m, now)?;
            Ok(RunLine::EmailQueued { outbox: queued.id })
        }
        Action::CreateTicket { subject, description, priority, assignee } => {
            let person_id = person(e, "subject")?;
            let subject: String = actions::render(subject, cx)?.chars().take(SUBJECT_MAX).collect();
            let subject = v::required("subject", &subject, SUBJECT_MAX)?;
            let description = description.as_deref().map(|d| actions::render(d, cx)).transpose()?;
            let assignee = v::optional("assignee", assignee.as_deref(), NAME_MAX)?;
            let input = TicketInput {
                subject: subject.clone(),
                description: description.clone(),
                person_id,
                priority: *priority,
                assignee: assignee.clone(),
                kind: None,
                channel: None,
                tags: Vec::new(),
                deal_id: (e.entity == "deal" && e.kind != "deleted").then_some(e.record_id),
                at: None,
            };
            let id = tickets::insert(tx, &input, (&subject, description.as_deref(), assignee.as_deref(), &[]), now)?;
            Ok(RunLine::TicketCreated { ticket: id })
        }
        Action::StopCadence { cadence } => {
            let person_id = person(e, "cadence")?;
            let id = match cadence {
                Some(name) => Some(cadences::id_by_name(tx, name)?),
                None => None,
            };
            // Only series applied at or before the event: a cadence started after it is not answered by it.
            let n = cadences::stop_runs(tx, person_id, id, "rule", e.at, now)?;
            Ok(RunLine::CadenceStopped { tasks: n as u32 })
        }
        Action::SetOwner { owner } => {
            let owner = v::optional("owner", owner.as_deref(), NAME_MAX)?;
            let Some(&(_, column)) = OWNER.iter().find(|(t, _)| *t == e.entity) else {
                return Err(bad("owner", "this record has no owner"));
            };
            if e.entity == "ticket" {
                tickets::assign_in(tx, e.record_id, owner.as_deref(), now)?;
            } else {
                let table = actions::table_of(&e.entity).ok_or_else(|| AppError::internal("unknown record table"))?;
                // `table` and `column` are fixed names from WATCHED and OWNER.
                let n = tx
                    .prepare_cached(&format!("UPDATE {table} SET {column} = ?1, updated_at = ?2 WHERE id = ?3"))?
                    .execute(rusqlite::params![owner, now, e.record_id])?;
                if n == 0 {
                    return Err(AppError::field(ErrorCode::NotFound, "record_id", "the record is gone"));
                }
            }
            Ok(RunLine::OwnerSet { entity: e.entity.clone(), id: e.record_id })
        }
        Action::AddToSegment { segment } => {
            let person_id = person(e, "segment")?;
            let id = segments::static_by_name(tx, segment)?;
            let n = tx
                .prepare_cached("INSERT OR IGNORE INTO segment_members (segment_id, person_id) VALUES (?1, ?2)")?
                .execute([id, person_id])?;
            Ok(RunLine::AddedToSegment { person: person_id, segment: id, already: n == 0 })
        }
        Action::AddToCampaign { campaign } => {
            let person_id = person(e, "campaign")?;
            let id = campaigns::find(tx, campaign)?;
            let joined = campaigns::add_member_in(tx, id, person_id, now)?;
            // Membership is the campaign's own (a touch); whether a send reaches them is the send's
            // consent check, recorded here so the history says so.
            let skipped = campaigns::send::member_skip(tx, id, person_id)?;
            Ok(RunLine::AddedToCampaign { person: person_id, campaign: id, already: !joined, skipped })
        }
        _ => Err(AppError::internal("not an action of this module")),
    }
}

/// The account with address `address`, or the first one.
fn account_id(conn: &Connection, address: Option<&str>) -> AppResult<Id> {
    let found: Option<Id> = match address {
        Some(a) => conn
            .prepare_cached("SELECT id FROM mail_accounts WHERE lower(address) = lower(?1)")?
            .query_row([a.trim()], |r| r.get(0))
            .optional()?,
        None => conn
            .prepare_cached("SELECT id FROM mail_accounts ORDER BY id LIMIT 1")?
            .query_row([], |r| r.get(0))
            .optional()?,
    };
    found.ok_or_else(|| AppError::field(ErrorCode::NotFound, "account", "no such mail account"))
}

//! A rule's actions, run inside the transaction that also writes the run's row and marks its event done,
//! so an action and its side effects are committed exactly once with the record of having run.

use chrono::{DateTime, Datelike, Duration, Weekday};
use chrono_tz::Tz;
use rusqlite::types::Value as Sql;
use rusqlite::{Connection, OptionalExtension};
use serde_json::{Map, Value};

use super::Event;
use crate::clock::Millis;
use crate::domain::{
    Action, ActivityInput, ActivityKind, Entity, Id, LeadStatus, Lifecycle, RuleError, RunLine, TaskInput,
};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::validate::{self as v, NAME_MAX, SHORT_MAX, TEXT_MAX};
use crate::services::{activities, cadences, tags, tasks};
use crate::store::fold::fold;

/// The fields `set_field` may set, per record table: plain columns without side effects elsewhere.
pub const SETTABLE: &[(&str, &[&str])] = &[
    ("person", &["lifecycle", "lead_status", "owner", "source", "language", "job_title", "preferred_channel"]),
    ("company", &["owner"]),
    ("deal", &["owner"]),
    ("task", &["owner"]),
    ("ticket", &["assignee", "priority"]),
];

pub fn table_of(entity: &str) -> Option<&'static str> {
    crate::store::rule_events::WATCHED.iter().find(|w| w.1 == entity).map(|w| w.0)
}

/// Runs every action of a rule for `e`; returns one line per action for the history, or why the rule is
/// to be paused (the caller rolls the actions back).
pub fn perform(tx: &Connection, actions: &[Action], e: &Event, now: Millis) -> Result<Vec<RunLine>, RuleError> {
    let context = context(tx, e).map_err(|error| RuleError::ActionFailed { action: None, error, name: None })?;
    let mut done = Vec::with_capacity(actions.len());
    for (i, action) in actions.iter().enumerate() {
        let line = perform_one(tx, action, e, &context, now).map_err(|error| failed(i, action, error))?;
        done.push(line);
    }
    Ok(done)
}

/// Why the action at `i` failed; when something it names is missing, the name (for the UI's wording).
fn failed(i: usize, action: &Action, error: AppError) -> RuleError {
    let name = match (action, error.code, error.field.as_deref()) {
        (Action::StartCadence { cadence }, ErrorCode::NotFound, Some("cadence")) => Some(cadence.clone()),
        (Action::StopCadence { cadence }, ErrorCode::NotFound, Some("cadence")) => cadence.clone(),
        (Action::SendEmail { template, .. }, ErrorCode::NotFound, Some("template")) => Some(template.clone()),
        (Action::SendEmail { account, .. }, ErrorCode::NotFound, Some("account")) => account.clone(),
        (Action::AddToSegment { segment }, ErrorCode::NotFound, Some("segment")) => Some(segment.clone()),
        (Action::AddToCampaign { campaign }, ErrorCode::NotFound, Some("campaign")) => Some(campaign.to_string()),
        _ => None,
    };
    RuleError::ActionFailed { action: Some(i as u32), error, name }
}

fn perform_one(tx: &Connection, action: &Action, e: &Event, cx: &Value, now: Millis) -> AppResult<RunLine> {
    match action {
        Action::CreateTask { title, notes, assignee, due_in_business_days, remind } => {
            // Counted from when the change happened, so a backlog run later does not push the due date.
            let due_at = add_business_days(e.at.min(now), *due_in_business_days);
            let input = TaskInput {
                title: render(title, cx)?.chars().take(NAME_MAX).collect(),
                notes: notes.as_deref().map(|n| render(n, cx)).transpose()?,
                due_at,
                remind_at: remind.then_some(due_at),
                owner: assignee.clone(),
                ..links(e)
            };
            let id = tasks::save(tx, None, &input, now)?;
            Ok(RunLine::TaskCreated { task: id })
        }
        Action::Notify { message } => {
            let input = TaskInput { title: render(message, cx)?, due_at: now, remind_at: Some(now), ..links(e) };
            let id = tasks::save(tx, None, &input, now)?;
            Ok(RunLine::NotificationQueued { task: id })
        }
        Action::AddNote { body } => {
            let TaskInput { person_id, company_id, deal_id, .. } = links(e);
            let input = ActivityInput {
                kind: ActivityKind::Note,
                direction: None,
                subject: String::new(),
                body: Some(render(body, cx)?),
                occurred_at: None,
                duration_secs: None,
                person_id,
                company_id,
                deal_id,
            };
            let id = activities::save(tx, None, &input, now)?;
            Ok(RunLine::NoteAdded { note: id })
        }
        Action::AddTag { tag } => {
            let (entity, id) = match (e.entity.as_str(), e.person_id) {
                ("company", _) => (Entity::Company, e.record_id),
                (_, Some(p)) => (Entity::Person, p),
                _ => return Err(AppError::field(ErrorCode::InvalidValue, "tag", "this record has no person to tag")),
            };
            let mut all = tags::load(tx, entity, id)?;
            if all.iter().any(|t| t.to_lowercase() == tag.trim().to_lowercase()) {
                return Ok(RunLine::Tagged { entity: entity.as_str().into(), id, already: true });
            }
            all.push(tag.trim().to_string());
            tags::save(tx, entity, id, &v::tags("tag", &all)?)?;
            Ok(RunLine::Tagged { entity: entity.as_str().into(), id, already: false })
        }
        Action::SetField { field, value } => set_field(tx, e, field, value.as_deref(), now),
        Action::StartCadence { cadence } => {
            let person_id = e.person_id.ok_or_else(|| {
                AppError::field(ErrorCode::InvalidValue, "cadence", "this record has no person to start a cadence for")
            })?;
            let id: Id = tx
                .prepare_cached("SELECT id FROM cadences WHERE name_key = ?1")?
                .query_row([fold(cadence.trim())], |r| r.get(0))
                .optional()?
                .ok_or_else(|| {
                    AppError::field(ErrorCode::NotFound, "cadence", format!("no cadence is named {cadence:?}"))
                })?;
            let made = cadences::apply_tx(tx, id, person_id, now, Tz::UTC, now)?;
            Ok(RunLine::CadenceStarted { cadence: id, tasks: made.len() as u32 })
        }
        other => super::actions_more::perform(tx, other, e, cx, now),
    }
}

/// Checks a `set_field` action without running it (a rule is refused when saved, not when it fires).
pub fn check_set_field(entity: Option<&str>, field: &str, value: Option<&str>) -> AppResult<()> {
    let allowed = |e: &str| SETTABLE.iter().any(|(t, fs)| *t == e && fs.contains(&field));
    let ok = match entity {
        Some(e) => allowed(e),
        None => SETTABLE.iter().any(|(_, fs)| fs.contains(&field)),
    };
    if !ok {
        return Err(AppError::field(ErrorCode::InvalidValue, "field", format!("a rule cannot set {field:?} here")));
    }
    let bad = |what: &str| AppError::field(ErrorCode::InvalidValue, "value", format!("{value:?} is not a {what}"));
    match (field, value) {
        ("lifecycle", None) => return Err(bad("lifecycle")),
        ("lifecycle", Some(s)) => {
            serde_json::from_value::<Lifecycle>(Value::String(s.into())).map_err(|_| bad("lifecycle"))?;
        }
        ("lead_status", Some(s)) => {
            serde_json::from_value::<LeadStatus>(Value::String(s.into())).map_err(|_| bad("lead status"))?;
        }
        (_, Some(s)) => {
            v::optional("value", Some(s), SHORT_MAX)?;
        }
        _ => {}
    }
    Ok(())
}

fn set_field(tx: &Connection, e: &Event, field: &str, value: Option<&str>, now: Millis) -> AppResult<RunLine> {
    check_set_field(Some(&e.entity), field, value)?;
    let table = table_of(&e.entity).ok_or_else(|| AppError::internal("unknown record table"))?;
    // `field` is one of SETTABLE's fixed names, checked above.
    let n = tx
        .prepare_cached(&format!("UPDATE {table} SET \"{field}\" = ?1, updated_at = ?2 WHERE id = ?3"))?
        .execute(rusqlite::params![value, now, e.record_id])?;
    if n == 0 {
        return Err(AppError::field(ErrorCode::NotFound, "record_id", "the record is gone"));
    }
    Ok(RunLine::FieldSet { entity: e.entity.clone(), id: e.record_id, field: field.into() })
}

/// What a task or note made for `e` links to. A deleted record is in the trash, so nothing links to it.
fn links(e: &Event) -> TaskInput {
    let person_id = if e.kind == "deleted" && e.entity == "person" { None } else { e.person_id };
    TaskInput { person_id, company_id: company_of(e), deal_id: deal_of(e), ..TaskInput::default() }
}

fn company_of(e: &Event) -> Option<Id> {
    (e.entity == "company" && e.kind != "deleted").then_some(e.record_id)
}

fn deal_of(e: &Event) -> Option<Id> {
    (e.entity == "deal" && e.kind != "deleted").then_some(e.record_id)
}

/// `now` plus `days` working days (Saturday and Sunday skipped, UTC), at the same time of day.
pub fn add_business_days(now: Millis, days: u32) -> Millis {
    let Some(mut t) = DateTime::from_timestamp_millis(now) else { return now };
    let mut left = days;
    while left > 0 {
        t += Duration::days(1);
        if !matches!(t.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    t.timestamp_millis()
}

/// Renders a template over `record`, `person` and (for a deal) `deal`; a missing value prints empty.
pub fn render(template: &str, cx: &Value) -> AppResult<String> {
    let mut env = minijinja::Environment::new();
    env.set_fuel(Some(100_000));
    let out = env
        .render_str(template, cx)
        .map_err(|err| AppError::new(ErrorCode::Template, format!("the template does not render: {err}")))?;
    v::optional("template", Some(&out), TEXT_MAX).map(|o| o.unwrap_or_default())
}

/// Checks a template's syntax.
pub fn check_template(field: &str, template: &str) -> AppResult<()> {
    let env = minijinja::Environment::new();
    env.template_from_str(template)
        .map(|_| ())
        .map_err(|err| AppError::field(ErrorCode::Template, field, format!("the template has an error: {err}")))
}

fn context(tx: &Connection, e: &Event) -> AppResult<Value> {
    let mut cx = Map::new();
    if let Some(table) = table_of(&e.entity) {
        cx.insert("record".into(), row(tx, table, e.record_id)?);
        cx.insert(e.entity.clone(), row(tx, table, e.record_id)?);
    }
    if let Some(p) = e.person_id {
        cx.insert("person".into(), row(tx, "people", p)?);
    }
    Ok(Value::Object(cx))
}

/// A record's columns as a JSON object (Null when it is gone).
fn row(tx: &Connection, table: &str, id: Id) -> AppResult<Value> {
    let mut st = tx.prepare_cached(&format!("SELECT * FROM {table} WHERE id = ?1"))?;
    let names: Vec<String> = st.column_names().map(String::from).collect();
    let out = st
        .query_row([id], |r| {
            let mut m = Map::new();
            for (i, n) in names.iter().enumerate() {
                let v = match r.get::<_, Sql>(i)? {
                    Sql::Integer(n) => Value::from(n),
                    Sql::Real(f) => Value::from(f),
                    Sql::Text(s) => Value::String(s),
                    Sql::Null | Sql::Blob(_) => Value::Null,
                };
                m.insert(n.clone(), v);
            }
            Ok(Value::Object(m))
        })
        .optional()?;
    Ok(out.unwrap_or(Value::Null))
}

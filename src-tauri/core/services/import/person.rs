//! One row into a person (or lead), without a savepoint: everything that can reject the row (validation,
//! custom values, the note, a taken external id, the company's name) is checked before its first write.
//! What fails after that is no fault of the row and stops the import (`fatal`): the transaction rolls
//! back and nothing of the file is kept. Savepoints are avoided on purpose: SQLite's FTS5 writes its
//! pending index data to disk at every SAVEPOINT, which made an import write one index segment per row.

use super::apply::{Ctx, Outcome};
use super::columns::Cells;
use super::types::{DuplicatePolicy, ImportEntity};
use super::{batch, lookup, rows, snapshot};
use crate::domain::{ActivityInput, ActivityKind, CompanyInput, Entity, Id, PersonInput};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::validate::{self as v, TEXT_MAX};
use crate::services::{activities, cadences, companies, custom, people};

/// The row's company: one the store has (id, stored name), or a new one to create.
enum CompanyRef {
    Known(Id, String),
    New(Box<CompanyInput>),
}

/// The row's outcome and the person it created, updated or matched (`None` only when nothing matched and
/// nothing was made, which does not happen: a skipped row names the person it matched).
pub fn person(ctx: &mut Ctx, cells: &Cells) -> AppResult<(Outcome, Option<Id>)> {
    let row = rows::person(cells, matches!(ctx.entity, ImportEntity::Leads | ImportEntity::Signups))?;
    let mut input = people::normalize_in(row.input, ctx.region.as_deref())?;
    let company = match input.company_name.take() {
        None => None,
        Some(name) => Some(match ctx.companies.find(ctx.tx, &name)? {
            Some((id, stored)) => CompanyRef::Known(id, stored),
            None => CompanyRef::New(Box::new(companies::normalize(CompanyInput { name, ..Default::default() })?)),
        }),
    };
    let known_company = match &company {
        Some(CompanyRef::Known(id, _)) => Some(*id),
        _ => None,
    };
    let existing = match (ctx.policy, &ctx.people) {
        (DuplicatePolicy::Create, _) => None,
        (_, Some(index)) => lookup::duplicate_person(ctx.tx, &input, known_company, &|k| index.may_contain(k))?,
        (_, None) => lookup::duplicate_person(ctx.tx, &input, known_company, &|_| true)?,
    };
    match existing {
        Some(id) if ctx.policy == DuplicatePolicy::Skip => Ok((Outcome::Skipped, Some(id))),
        Some(id) => update(ctx, id, input, company).map(|o| (o, Some(id))),
        None => create(ctx, input, company, row.note).map(|id| (Outcome::Created, Some(id))),
    }
}

fn create(ctx: &mut Ctx, mut input: PersonInput, company: Option<CompanyRef>, note: Option<String>) -> AppResult<Id> {
    if input.source.is_none() {
        // A signups import's `source` option names where new people came from (checked up front).
        input.source = ctx.signups.as_ref().and_then(|s| s.person_source.clone());
    }
    let custom = custom::check(ctx.tx, Entity::Person, &input.custom)?;
    let note = v::optional("note", note.as_deref(), TEXT_MAX)?;
    check_external_id(ctx, &input, None)?;
    write_new(ctx, &input, company, &custom, note).map_err(fatal)
}

fn write_new(
    ctx: &mut Ctx,
    input: &PersonInput,
    company: Option<CompanyRef>,
    custom: &[custom::Checked],
    note: Option<String>,
) -> AppResult<Id> {
    let company = company.map(|c| company_id(ctx, c)).transpose()?;
    let id = people::insert_checked(ctx.tx, input, custom, company.as_ref().map(|c| c.0), ctx.now)?;
    ctx.created.add(Entity::Person.as_str(), id);
    ctx.search.add(ctx.tx, id, input, company.as_ref().map(|c| c.1.as_str()))?;
    if let Some(index) = ctx.people.as_mut() {
        index.add(input, company.map(|c| c.0));
    }
    if let Some(body) = note {
        let note = ActivityInput {
            kind: ActivityKind::Note,
            direction: None,
            subject: String::new(),
            body: Some(body),
            occurred_at: Some(ctx.now),
            duration_secs: None,
            person_id: Some(id),
            company_id: None,
            deal_id: None,
        };
        let note_id = activities::save(ctx.tx, None, &note, ctx.now)?;
        ctx.created.add(Entity::Activity.as_str(), note_id);
    }
    Ok(id)
}

fn update(ctx: &mut Ctx, id: Id, input: PersonInput, company: Option<CompanyRef>) -> AppResult<Outcome> {
    let before = people::load(ctx.tx, id)?;
    let mut merged =
        people::normalize(snapshot::overlay_person(snapshot::person_input(&before), input, ctx.lifecycle_given))?;
    custom::check(ctx.tx, Entity::Person, &merged.custom)?;
    check_external_id(ctx, &merged, Some(id))?;
    let write = |ctx: &mut Ctx| -> AppResult<()> {
        // The first note wins: a record this batch created stays "created", one updated twice keeps the
        // values from before the batch (`batch::record` ignores a second note).
        if !ctx.created.contains(Entity::Person.as_str(), id) {
            batch::record(ctx.tx, ctx.batch, Entity::Person.as_str(), id, Some(&serde_json::to_string(&before)?))?;
        }
        if let Some(c) = company {
            merged.company_id = Some(company_id(ctx, c)?.0);
        }
        people::save(ctx.tx, Some(id), &merged, ctx.now)?;
        let (was, now) = ((before.lifecycle, before.lead_status), (merged.lifecycle, merged.lead_status));
        cadences::stop_on_lead_change(ctx.tx, id, was, now, ctx.now)?;
        if let Some(index) = ctx.people.as_mut() {
            index.add(&merged, merged.company_id);
        }
        Ok(())
    };
    write(ctx).map_err(fatal)?;
    Ok(Outcome::Updated)
}

/// The external id is unique among all people, trashed ones too: a clash rejects the row up front.
fn check_external_id(ctx: &Ctx, p: &PersonInput, own: Option<Id>) -> AppResult<()> {
    match p.external_id.as_deref() {
        Some(ext) => match lookup::person_with_external_id(ctx.tx, ext)? {
            Some(other) if Some(other) != own => Err(people::external_id_taken(ext)),
            _ => Ok(()),
        },
        None => Ok(()),
    }
}

/// The company's id and stored name, creating it (and noting it in the batch) when it is new.
fn company_id(ctx: &mut Ctx, company: CompanyRef) -> AppResult<(Id, String)> {
    match company {
        CompanyRef::Known(id, name) => Ok((id, name)),
        CompanyRef::New(input) => {
            let id = companies::save(ctx.tx, None, &input, ctx.now)?;
            ctx.created.add(Entity::Company.as_str(), id);
            ctx.companies.remember(&input.name, (id, input.name.clone()));
            Ok((id, input.name))
        }
    }
}

/// A failure once a row has begun writing cannot be undone for that row alone, so the import stops.
pub fn fatal(e: AppError) -> AppError {
    match e.code {
        ErrorCode::Database | ErrorCode::Io | ErrorCode::Internal => e,
        _ => AppError::new(ErrorCode::Internal, format!("the import stopped while writing a row: {}", e.message)),
    }
}

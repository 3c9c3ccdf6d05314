//! Cadences: named templates of follow-up steps (day 0 call, day 3 email, ...). Editing them lives here;
//! applying one to a person and stopping it on a reply or a conversion lives in `run`.

mod run;

use rusqlite::{Connection, OptionalExtension};

pub use run::{apply, apply_in};
pub(crate) use run::{apply_tx, stop_on_lead_change, stop_on_reply, stop_runs};

use super::records::{enum_str, parse_enum};
use super::validate::{self as v, NAME_MAX};
use crate::domain::{Cadence, CadenceInput, CadenceStep, Id};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::fold::fold;
use crate::store::Store;

pub const MAX_STEPS: usize = 20;
pub const MAX_OFFSET_DAYS: i32 = 365;
/// Leaves room for the kind prefix and the person's name in the task title (tasks allow NAME_MAX).
pub const STEP_TITLE_MAX: usize = 150;

pub fn list(store: &Store) -> AppResult<Vec<Cadence>> {
    store.read(|conn| {
        let ids: Vec<Id> = conn
            .prepare_cached("SELECT id FROM cadences ORDER BY name_key, id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| load(conn, id)).collect()
    })
}

pub fn get(store: &Store, id: Id) -> AppResult<Cadence> {
    store.read(|conn| load(conn, id))
}

/// Case- and accent-insensitive, as the CLI takes the name typed by a person.
pub fn find_by_name(store: &Store, name: &str) -> AppResult<Cadence> {
    store.read(|conn| {
        let id: Option<Id> = conn
            .prepare_cached("SELECT id FROM cadences WHERE name_key = ?1")?
            .query_row([fold(name.trim())], |r| r.get(0))
            .optional()?;
        match id {
            Some(id) => load(conn, id),
            None => Err(AppError::field(ErrorCode::NotFound, "name", format!("no cadence is named {:?}", name.trim()))),
        }
    })
}

pub fn create(store: &Store, input: CadenceInput) -> AppResult<Cadence> {
    let input = normalize(input)?;
    let now = store.clock().now_ms();
    store.write(|tx| {
        check_unique(tx, &input.name, None)?;
        let id: Id = tx
            .prepare_cached(
                "INSERT INTO cadences (name, name_key, created_at, updated_at) VALUES (?1, ?2, ?3, ?3) RETURNING id",
            )?
            .query_row(rusqlite::params![input.name, fold(&input.name), now], |r| r.get(0))?;
        write_steps(tx, id, &input.steps)?;
        load(tx, id)
    })
}

/// Replaces the name and all steps. Series already applied keep their tasks.
pub fn update(store: &Store, id: Id, input: CadenceInput) -> AppResult<Cadence> {
    let input = normalize(input)?;
    let now = store.clock().now_ms();
    store.write(|tx| {
        check_unique(tx, &input.name, Some(id))?;
        let changed = tx
            .prepare_cached("UPDATE cadences SET name = ?1, name_key = ?2, updated_at = ?3 WHERE id = ?4")?
            .execute(rusqlite::params![input.name, fold(&input.name), now, id])?;
        if changed == 0 {
            return Err(AppError::not_found("cadence", id));
        }
        write_steps(tx, id, &input.steps)?;
        load(tx, id)
    })
}

/// Deletes the template for good (it is settings-like, not a record with a trash). Tasks it created stay,
/// and a running series still stops on a reply: its run outlives the template.
pub fn delete(store: &Store, id: Id) -> AppResult<()> {
    store.write(|tx| {
        if tx.prepare_cached("DELETE FROM cadences WHERE id = ?1")?.execute([id])? == 0 {
            return Err(AppError::not_found("cadence", id));
        }
        Ok(())
    })
}

/// Checks everything that does not need the database; errors name the field (`steps.2.offset_days`).
pub(crate) fn normalize(input: CadenceInput) -> AppResult<CadenceInput> {
    let name = v::required("name", &input.name, NAME_MAX)?;
    if input.steps.is_empty() || input.steps.len() > MAX_STEPS {
        return Err(AppError::field(
            ErrorCode::OutOfRange,
            "steps",
            format!("a cadence needs 1 to {MAX_STEPS} steps (has {})", input.steps.len()),
        ));
    }
    let mut previous = 0;
    let mut steps = Vec::with_capacity(input.steps.len());
    for (i, s) in input.steps.iter().enumerate() {
        let field = format!("steps.{i}.offset_days");
        v::range(&field, s.offset_days.into(), 0, MAX_OFFSET_DAYS.into())?;
        if s.offset_days < previous {
            return Err(AppError::field(
                ErrorCode::OutOfRange,
                field,
                format!("step {} comes before the step above it (day {} < day {previous})", i + 1, s.offset_days),
            ));
        }
        previous = s.offset_days;
        let title = v::required(&format!("steps.{i}.title"), &s.title, STEP_TITLE_MAX)?;
        steps.push(CadenceStep { offset_days: s.offset_days, kind: s.kind, title });
    }
    Ok(CadenceInput { name, steps })
}

fn check_unique(tx: &Connection, name: &str, except: Option<Id>) -> AppResult<()> {
    let taken: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM cadences WHERE name_key = ?1 AND id IS NOT ?2)")?
        .query_row(rusqlite::params![fold(name), except], |r| r.get(0))?;
    if taken {
        return Err(AppError::field(ErrorCode::Duplicate, "name", format!("a cadence named {name:?} already exists")));
    }
    Ok(())
}

fn write_steps(tx: &Connection, id: Id, steps: &[CadenceStep]) -> AppResult<()> {
    tx.prepare_cached("DELETE FROM cadence_steps WHERE cadence_id = ?1")?.execute([id])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO cadence_steps (cadence_id, position, offset_days, kind, title) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (pos, s) in steps.iter().enumerate() {
        insert.execute(rusqlite::params![id, pos as i64, s.offset_days, enum_str(&s.kind), s.title])?;
    }
    Ok(())
}

pub(crate) fn load(conn: &Connection, id: Id) -> AppResult<Cadence> {
    let name: String = conn
        .prepare_cached("SELECT name FROM cadences WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .map_err(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => AppError::not_found("cadence", id),
            e => e.into(),
        })?;
    let mut stmt = conn
        .prepare_cached("SELECT offset_days, kind, title FROM cadence_steps WHERE cadence_id = ?1 ORDER BY position")?;
    let steps = stmt
        .query_map([id], |r| {
            Ok(CadenceStep { offset_days: r.get(0)?, kind: parse_enum(&r.get::<_, String>(1)?)?, title: r.get(2)? })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Cadence { id, name, steps })
}

/// A cadence's id by its name (case- and accent-insensitive).
pub(crate) fn id_by_name(conn: &Connection, name: &str) -> AppResult<Id> {
    conn.prepare_cached("SELECT id FROM cadences WHERE name_key = ?1")?
        .query_row([fold(name.trim())], |r| r.get(0))
        .optional()?
        .ok_or_else(|| AppError::field(ErrorCode::NotFound, "cadence", format!("no cadence is named {name:?}")))
}

/// A cadence by id, or else by name (`relata import --cadence ID|NAME`).
pub(crate) fn id_or_name(conn: &Connection, text: &str) -> AppResult<Id> {
    if let Ok(id) = text.trim().parse::<Id>() {
        if let Some(id) =
            conn.prepare_cached("SELECT id FROM cadences WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?
        {
            return Ok(id);
        }
    }
    id_by_name(conn, text)
}

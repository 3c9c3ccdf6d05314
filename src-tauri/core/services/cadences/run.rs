//! Applying a cadence to a person (one task per step, in one transaction) and stopping what is left of it.
//!
//! Stopping closes the remaining open tasks by setting their `done_at` and marks them cancelled in
//! `cadence_tasks` (with the run's `stopped_at` and `stop_reason`). Trashing them would lose the history and
//! fill the trash; a separate "cancelled" state on tasks would need every open/due/reminder query to learn
//! it. With `done_at` set, a cancelled step is no longer open, due or pending, so it never fires, and
//! `cadence_tasks.cancelled_at` still tells it apart from a step the user completed.

use chrono::{DateTime, Days};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension};

use super::load;
use crate::clock::Millis;
use crate::domain::{ActivityKind, Id, LeadStatus, Lifecycle, Task, TaskInput};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::validate::NAME_MAX;
use crate::services::{recurrence, tasks};
use crate::store::Store;

/// [`apply_in`] with the days counted in UTC.
pub fn apply(store: &Store, cadence_id: Id, person_id: Id, start: Option<Millis>) -> AppResult<Vec<Task>> {
    apply_in(store, cadence_id, person_id, start, Tz::UTC)
}

/// Creates the cadence's series for a person: step N is due `offset_days` calendar days after `start`
/// (default now), at the same local wall-clock time in `tz`, so a DST change in between does not move the
/// call by an hour. Day 0 is due at `start` itself. The tasks link to the person and their company. Applying
/// a cadence that still has open steps for the same person is refused rather than doubling the series.
pub fn apply_in(store: &Store, cadence_id: Id, person_id: Id, start: Option<Millis>, tz: Tz) -> AppResult<Vec<Task>> {
    let now = store.clock().now_ms();
    let start = start.unwrap_or(now);
    store.write(|tx| apply_tx(tx, cadence_id, person_id, start, tz, now))
}

/// [`apply_in`] inside the caller's transaction (an automation rule's action).
pub(crate) fn apply_tx(
    tx: &Connection,
    cadence_id: Id,
    person_id: Id,
    start: Millis,
    tz: Tz,
    now: Millis,
) -> AppResult<Vec<Task>> {
    {
        let cadence = load(tx, cadence_id)?;
        let (name, company_id) = person(tx, person_id)?;
        let running: bool = tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM cadence_runs r JOIN cadence_tasks ct ON ct.run_id = r.id
                 JOIN tasks t ON t.id = ct.task_id WHERE r.cadence_id = ?1 AND r.person_id = ?2
                 AND r.stopped_at IS NULL AND t.done_at IS NULL AND t.deleted_at IS NULL)",
            )?
            .query_row([cadence_id, person_id], |r| r.get(0))?;
        if running {
            return Err(AppError::field(
                ErrorCode::Conflict,
                "cadence_id",
                format!("\"{}\" is already running for this person", cadence.name),
            ));
        }
        let run_id: Id = tx
            .prepare_cached(
                "INSERT INTO cadence_runs (cadence_id, person_id, started_at, created_at) VALUES (?1, ?2, ?3, ?4)
                 RETURNING id",
            )?
            .query_row([cadence_id, person_id, start, now], |r| r.get(0))?;
        let local = DateTime::from_timestamp_millis(start)
            .map(|t| t.with_timezone(&tz).naive_local())
            .ok_or_else(|| AppError::field(ErrorCode::OutOfRange, "start", "the start time is out of range"))?;
        let total = cadence.steps.len();
        let mut created = Vec::with_capacity(total);
        for (pos, step) in cadence.steps.iter().enumerate() {
            let day = u64::try_from(step.offset_days).ok().and_then(|d| local.checked_add_days(Days::new(d)));
            let Some(day) = day else {
                return Err(AppError::field(ErrorCode::OutOfRange, "start", "a step falls out of the calendar"));
            };
            let input = TaskInput {
                title: task_title(step.kind, &step.title, &name),
                notes: Some(format!("Step {} of {total} of the cadence \"{}\".", pos + 1, cadence.name)),
                due_at: recurrence::resolve(day, tz).timestamp_millis(),
                person_id: Some(person_id),
                company_id,
                ..Default::default()
            };
            let task_id = tasks::save(tx, None, &input, now)?;
            tx.prepare_cached("INSERT INTO cadence_tasks (run_id, task_id, position) VALUES (?1, ?2, ?3)")?
                .execute([run_id, task_id, pos as i64])?;
            created.push(tasks::load(tx, task_id)?);
        }
        Ok(created)
    }
}

/// The live person's display name and live company.
fn person(tx: &Connection, id: Id) -> AppResult<(String, Option<Id>)> {
    tx.prepare_cached(concat!(
        "SELECT ",
        crate::person_display_name!("p"),
        ", c.id FROM people p LEFT JOIN companies c ON c.id = p.company_id AND c.deleted_at IS NULL
             WHERE p.id = ?1 AND p.deleted_at IS NULL"
    ))?
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()?
    .ok_or_else(|| {
        AppError::field(ErrorCode::NotFound, "person_id", format!("person {id} does not exist or is in the trash"))
    })
}

/// "Call: Check in with Anna de Vries". The kind leads so a list of tasks reads as a to-do list; it is
/// English, like the seeded titles, because a task title is stored text and not translated.
fn task_title(kind: ActivityKind, template: &str, name: &str) -> String {
    let label = match kind {
        ActivityKind::Call => "Call",
        ActivityKind::Email => "Email",
        ActivityKind::Meeting => "Meeting",
        ActivityKind::Note => "Note",
        ActivityKind::Chat => "Chat",
        ActivityKind::Visit => "Visit",
        ActivityKind::Order => "Order",
    };
    let title = format!("{label}: {}", template.replace("{name}", name));
    // A long name must not make the task invalid; tasks::save rejects titles over NAME_MAX characters.
    title.chars().take(NAME_MAX).collect()
}

/// An inbound activity (a reply, in any channel) was logged for the person. Only series applied at or before
/// the time it happened stop: a reply dated before the cadence was applied is not a reply to it.
pub(crate) fn stop_on_reply(tx: &Connection, person_id: Id, occurred_at: Millis, now: Millis) -> AppResult<usize> {
    stop(tx, person_id, "reply", occurred_at, now)
}

/// Called with the person's lead state before and after an update: a lead that stops being an open lead
/// (converted, lost, or moved past the lead stage) stops its series. Only the change counts, so editing a
/// customer's phone number does not stop a cadence deliberately applied to a customer.
pub(crate) fn stop_on_lead_change(
    tx: &Connection,
    person_id: Id,
    before: (Lifecycle, Option<LeadStatus>),
    after: (Lifecycle, Option<LeadStatus>),
    now: Millis,
) -> AppResult<usize> {
    let open = |(lifecycle, status): (Lifecycle, Option<LeadStatus>)| {
        lifecycle == Lifecycle::Lead && !matches!(status, Some(LeadStatus::Converted | LeadStatus::Lost))
    };
    if !open(before) || open(after) {
        return Ok(0);
    }
    let reason = if after.1 == Some(LeadStatus::Lost) { "lost" } else { "converted" };
    stop(tx, person_id, reason, Millis::MAX, now)
}

/// Stops the person's active runs created at or before `cutoff` and cancels their open tasks (see the module
/// comment). Returns how many tasks were cancelled. Runs inside the caller's transaction.
fn stop(tx: &Connection, person_id: Id, reason: &str, cutoff: Millis, now: Millis) -> AppResult<usize> {
    stop_runs(tx, person_id, None, reason, cutoff, now)
}

/// `stop`, of the runs of one cadence only when `cadence` is given (an automation rule's `stop_cadence`).
pub(crate) fn stop_runs(
    tx: &Connection,
    person_id: Id,
    cadence: Option<Id>,
    reason: &str,
    cutoff: Millis,
    now: Millis,
) -> AppResult<usize> {
    const RUNS: &str = "SELECT id FROM cadence_runs WHERE person_id = ?1 AND stopped_at IS NULL AND created_at <= ?2
        AND (?4 IS NULL OR cadence_id = ?4)";
    // Trashed open steps are cancelled too, so restoring one from the trash does not bring it back to life.
    tx.prepare_cached(&format!(
        "UPDATE cadence_tasks SET cancelled_at = ?3 WHERE cancelled_at IS NULL AND run_id IN ({RUNS})
         AND task_id IN (SELECT id FROM tasks WHERE done_at IS NULL)"
    ))?
    .execute(rusqlite::params![person_id, cutoff, now, cadence])?;
    let cancelled = tx
        .prepare_cached(&format!(
            "UPDATE tasks SET done_at = ?3, updated_at = ?3 WHERE done_at IS NULL AND id IN
             (SELECT task_id FROM cadence_tasks WHERE cancelled_at = ?3 AND run_id IN ({RUNS}))"
        ))?
        .execute(rusqlite::params![person_id, cutoff, now, cadence])?;
    tx.prepare_cached(&format!("UPDATE cadence_runs SET stopped_at = ?3, stop_reason = ?5 WHERE id IN ({RUNS})"))?
        .execute(rusqlite::params![person_id, cutoff, now, cadence, reason])?;
    Ok(cancelled)
}

//! Generated deals across the seeded pipelines, activities and tasks, linked to the generated people.

use rusqlite::{params, Connection};

use super::super::names::{ACTIVITY_SUBJECTS, DEAL_WORDS, OWNERS, TASK_TITLES};
use super::{days_ago, in_batches, Counts, Progress, ANCHOR_MS, DAY_MS};
use relata_core::domain::Id;
use relata_core::error::AppResult;
use relata_core::rng::Rng;
use relata_core::store::fts::{self, Index};

const KINDS: &[&str] = &["call", "email", "meeting", "note", "chat", "visit"];
const LOST_REASONS: &[&str] = &["price", "timing", "competitor", "no budget"];

/// A random person and their company (`None` when they have none).
fn someone(rng: &mut Rng, person_company: &[u32]) -> (Id, Option<Id>) {
    let person = rng.below(person_company.len() as u64) as usize;
    let company = person_company[person];
    (person as Id + 1, (company > 0).then_some(Id::from(company)))
}

pub fn deals(
    conn: &mut Connection,
    seed: u64,
    counts: &Counts,
    person_company: &[u32],
    company_names: &[String],
    progress: Progress,
) -> AppResult<()> {
    let stages: Vec<(Id, Id)> = conn
        .prepare("SELECT pipeline_id, id FROM stages ORDER BY pipeline_id, position")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut rng = Rng::stream(seed, 3);
    in_batches(conn, "deals", counts.deals, progress, |tx, i| {
        let id = i as i64 + 1;
        let (pipeline, stage) = *rng.pick(&stages);
        let (person, company) = someone(&mut rng, person_company);
        let buyer = company.map_or("Private", |c| company_names[c as usize - 1].as_str());
        let title = format!("{} {}", rng.pick(DEAL_WORDS), buyer);
        let (status, closed_at, lost_reason) = match rng.below(20) {
            0..=11 => ("open", None, None),
            12..=16 => ("won", Some(days_ago(&mut rng, 2 * 365)), None),
            _ => ("lost", Some(days_ago(&mut rng, 2 * 365)), Some(*rng.pick(LOST_REASONS))),
        };
        let expected_close = (status == "open").then(|| {
            let day = chrono::DateTime::from_timestamp_millis(ANCHOR_MS + rng.range(7, 270) * DAY_MS);
            day.unwrap_or_default().format("%Y-%m-%d").to_string()
        });
        let currency = if rng.chance(10) { "DKK" } else { "EUR" };
        // Skewed towards small deals: most are a few thousand, a few reach a quarter million.
        let value_minor = rng.range(500, 5_000) * rng.range(1, 50) * 100;
        let created = closed_at.unwrap_or(ANCHOR_MS) - rng.range(1, 180) * DAY_MS;
        tx.prepare_cached(
            "INSERT INTO deals (id, title, value_minor, currency, pipeline_id, stage_id, expected_close, status,
             lost_reason, closed_at, person_id, company_id, owner, position, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?1, ?14, ?15)",
        )?
        .execute(params![
            id,
            title,
            value_minor,
            currency,
            pipeline,
            stage,
            expected_close,
            status,
            lost_reason,
            closed_at,
            person,
            company,
            rng.pick(OWNERS),
            created,
            closed_at.unwrap_or(created),
        ])?;
        fts::insert(tx, Index::Deals, id, &[&title])
    })
}

pub fn activities(
    conn: &mut Connection,
    seed: u64,
    counts: &Counts,
    person_company: &[u32],
    progress: Progress,
) -> AppResult<()> {
    let mut rng = Rng::stream(seed, 4);
    in_batches(conn, "activities", counts.activities, progress, |tx, i| {
        let (person, company) = someone(&mut rng, person_company);
        let kind = *rng.pick(KINDS);
        let direction = matches!(kind, "call" | "email" | "chat").then(|| *rng.pick(&["inbound", "outbound"]));
        let duration = matches!(kind, "call" | "meeting" | "visit").then(|| rng.range(60, 5400));
        let deal = (counts.deals > 0 && rng.chance(20)).then(|| rng.range(1, counts.deals as i64));
        let body = rng.chance(30).then(|| format!("{} ({})", rng.pick(ACTIVITY_SUBJECTS), rng.pick(OWNERS)));
        let at = days_ago(&mut rng, 3 * 365);
        tx.prepare_cached(
            "INSERT INTO activities (id, kind, direction, subject, body, occurred_at, duration_secs, person_id,
             company_id, deal_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?6, ?6)",
        )?
        .execute(params![
            i as i64 + 1,
            kind,
            direction,
            rng.pick(ACTIVITY_SUBJECTS),
            body,
            at,
            duration,
            person,
            company,
            deal
        ])?;
        Ok(())
    })
}

/// Tasks due from two months back to two months ahead. Every generated task counts as already reminded,
/// so opening a generated store does not fire a flood of notifications.
pub fn tasks(
    conn: &mut Connection,
    seed: u64,
    counts: &Counts,
    person_company: &[u32],
    progress: Progress,
) -> AppResult<()> {
    let mut rng = Rng::stream(seed, 5);
    in_batches(conn, "tasks", counts.tasks, progress, |tx, i| {
        let (person, company) = someone(&mut rng, person_company);
        let due = ANCHOR_MS + rng.range(-60, 60) * DAY_MS + rng.range(8, 17) * 3_600_000;
        let created = due - rng.range(1, 30) * DAY_MS;
        let done = (due < ANCHOR_MS && rng.chance(70)).then_some(due);
        tx.prepare_cached(
            "INSERT INTO tasks (id, title, due_at, done_at, person_id, company_id, owner, notified_at, created_at,
             updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?8)",
        )?
        .execute(params![
            i as i64 + 1,
            rng.pick(TASK_TITLES),
            due,
            done,
            person,
            company,
            rng.pick(OWNERS),
            created
        ])?;
        Ok(())
    })
}

//! Writing scores back to `people`: one lead inside the caller's transaction, or every lead in id ranges.
//! A lead that crosses from warm or cold into hot gets a follow-up task for its owner and a timeline note.

use rusqlite::Connection;

use super::features::{self, Lead};
use super::score::{Scored, Scorer};
use crate::domain::{ActivityInput, ActivityKind, Id, ScoreBand, TaskInput};
use crate::error::AppResult;
use crate::services::records::enum_str;
use crate::services::{activities, tasks};
use crate::store::Store;

/// Ids per batch: one read of each table and one transaction per batch.
pub const BATCH_IDS: i64 = 50_000;

/// Rescores every live lead with ids in `range` using `scorer`, inside `tx`; returns how many were looked at.
pub fn rescore_range(tx: &Connection, scorer: &Scorer, range: (Id, Id), now: i64) -> AppResult<usize> {
    // People who stopped being leads keep no score.
    tx.prepare_cached(
        "UPDATE people SET score = NULL, score_band = NULL
         WHERE id BETWEEN ?1 AND ?2 AND lead_status IS NULL AND score IS NOT NULL",
    )?
    .execute([range.0, range.1])?;
    let leads = features::load_range(tx, &scorer.schema, range, now, false)?;
    for lead in &leads {
        write(tx, lead, &scorer.score(lead), now)?;
    }
    Ok(leads.len())
}

/// Rescores one person (any person: a non-lead just has its score cleared) inside the caller's write.
pub(crate) fn rescore_person(tx: &Connection, id: Id, now: i64) -> AppResult<()> {
    // Most contacts are not leads: skip loading the model for them.
    let is_lead: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM people WHERE id = ?1 AND lead_status IS NOT NULL)")?
        .query_row([id], |r| r.get(0))?;
    if !is_lead {
        tx.prepare_cached("UPDATE people SET score = NULL, score_band = NULL WHERE id = ?1 AND score IS NOT NULL")?
            .execute([id])?;
        return Ok(());
    }
    let scorer = Scorer::load(tx)?;
    rescore_range(tx, &scorer, (id, id), now)?;
    Ok(())
}

/// Rescores every lead in the caller's transaction (after a rule change, so rules and scores agree).
pub(crate) fn rescore_all_in(tx: &Connection, now: i64) -> AppResult<usize> {
    let scorer = Scorer::load(tx)?;
    let Some((lo, hi)) = features::id_bounds(tx)? else { return Ok(0) };
    let mut done = 0;
    for range in ranges(lo, hi) {
        done += rescore_range(tx, &scorer, range, now)?;
    }
    Ok(done)
}

/// Rescores every live lead, one transaction per batch of ids, reporting `(done, total)` after each batch.
/// Returns the number of leads scored.
pub fn rescore_all(store: &Store, progress: &dyn Fn(usize, usize)) -> AppResult<usize> {
    let now = store.clock().now_ms();
    let (scorer, bounds, total) = store.read(|conn| {
        let total: i64 = conn
            .prepare_cached("SELECT COUNT(*) FROM people WHERE deleted_at IS NULL AND lead_status IS NOT NULL")?
            .query_row([], |r| r.get(0))?;
        Ok((Scorer::load(conn)?, features::id_bounds(conn)?, total as usize))
    })?;
    let mut done = 0;
    if let Some((lo, hi)) = bounds {
        for range in ranges(lo, hi) {
            done += store.write(|tx| rescore_range(tx, &scorer, range, now))?;
            progress(done, total.max(done));
        }
    }
    Ok(done)
}

pub fn ranges(lo: Id, hi: Id) -> impl Iterator<Item = (Id, Id)> {
    (0..).map(move |i| lo.saturating_add(i * BATCH_IDS)).take_while(move |&s| s <= hi).map(move |s| {
        let end = s.saturating_add(BATCH_IDS - 1).min(hi);
        (s, end)
    })
}

fn write(tx: &Connection, lead: &Lead, s: &Scored, now: i64) -> AppResult<()> {
    let band = s.band.map(|b| enum_str(&b));
    if lead.score == s.score && lead.band == band {
        return Ok(());
    }
    tx.prepare_cached("UPDATE people SET score = ?1, score_band = ?2 WHERE id = ?3")?
        .execute(rusqlite::params![s.score, band, lead.id])?;
    // A crossing needs a band to cross from: a lead's first score is not one.
    let crossed = s.band == Some(ScoreBand::Hot) && matches!(lead.band.as_deref(), Some("warm" | "cold"));
    if crossed && lead.status == "open" {
        alert(tx, lead, s.score.unwrap_or_default(), now)?;
    }
    Ok(())
}

/// The task and the note are stored in English like other generated records (cadence steps); the UI shows
/// them as the user's own text.
fn alert(tx: &Connection, lead: &Lead, score: i32, now: i64) -> AppResult<()> {
    let task = TaskInput {
        title: format!("Follow up with {}: lead score {score} (hot)", lead.name),
        due_at: now,
        person_id: Some(lead.id),
        owner: lead.owner.clone(),
        ..Default::default()
    };
    tasks::save(tx, None, &task, now)?;
    let note = ActivityInput {
        kind: ActivityKind::Note,
        direction: None,
        subject: "Lead became hot".into(),
        body: Some(format!("Lead score {score}: a follow-up task was created.")),
        occurred_at: Some(now),
        duration_secs: None,
        person_id: Some(lead.id),
        company_id: None,
        deal_id: None,
    };
    activities::save(tx, None, &note, now)?;
    Ok(())
}

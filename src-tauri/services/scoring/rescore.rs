//! Writing scores back to `people`: one lead inside the caller's transaction, or every lead.
//!
//! A full rescore reads and scores the leads on a pooled reader (one snapshot, in id ranges) while the
//! writer, in one transaction, writes only the leads whose score or band changed: the two run on separate
//! threads, so reading the next range overlaps writing the last one. The write transaction is begun before
//! the reader's snapshot is taken, and holds the only write lock, so nothing can change between the two.
//! A lead that crosses from warm or cold into hot gets a follow-up task for its owner and a timeline note.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use rusqlite::Connection;

use super::features::{self, Lead};
use super::score::Scorer;
use crate::domain::{ActivityInput, ActivityKind, Id, ScoreBand, TaskInput};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::{activities, tasks};
use crate::store::Store;

/// Ids per range: one read of each table per range.
pub const BATCH_IDS: i64 = 50_000;

/// A lead whose stored score or band is not the one it has now.
struct Change {
    id: Id,
    score: Option<i32>,
    band: Option<ScoreBand>,
    /// Set when the lead crosses into hot: who gets the follow-up.
    alert: Option<(String, Option<String>)>,
}

fn band_str(b: ScoreBand) -> &'static str {
    match b {
        ScoreBand::Hot => "hot",
        ScoreBand::Warm => "warm",
        ScoreBand::Cold => "cold",
    }
}

fn change(scorer: &Scorer, lead: &Lead) -> Option<Change> {
    let s = scorer.score(lead);
    if lead.score == s.score && lead.band.as_deref() == s.band.map(band_str) {
        return None;
    }
    // A crossing needs a band to cross from: a lead's first score is not one.
    let crossed = s.band == Some(ScoreBand::Hot) && matches!(lead.band.as_deref(), Some("warm" | "cold"));
    let alert = (crossed && lead.status == "open").then(|| (lead.name.clone(), lead.owner.clone()));
    Some(Change { id: lead.id, score: s.score, band: s.band, alert })
}

/// People who stopped being leads keep no score.
fn clear_non_leads(tx: &Connection, (lo, hi): (Id, Id)) -> AppResult<()> {
    tx.prepare_cached(
        "UPDATE people SET score = NULL, score_band = NULL
         WHERE id BETWEEN ?1 AND ?2 AND lead_status IS NULL AND score IS NOT NULL",
    )?
    .execute([lo, hi])?;
    Ok(())
}

fn apply(tx: &Connection, changes: &[Change], now: i64) -> AppResult<()> {
    let mut update = tx.prepare_cached("UPDATE people SET score = ?1, score_band = ?2 WHERE id = ?3")?;
    for c in changes {
        update.execute(rusqlite::params![c.score, c.band.map(band_str), c.id])?;
    }
    drop(update);
    for c in changes {
        if let Some((name, owner)) = &c.alert {
            alert(tx, c.id, name, owner, c.score.unwrap_or_default(), now)?;
        }
    }
    Ok(())
}

/// Rescores every live lead with ids in `range` using `scorer`, inside `tx`; returns how many were looked at.
pub fn rescore_range(tx: &Connection, scorer: &Scorer, range: (Id, Id), now: i64) -> AppResult<usize> {
    clear_non_leads(tx, range)?;
    let leads = features::load_range(tx, &scorer.schema, range, now, false)?;
    let changes: Vec<Change> = leads.iter().filter_map(|l| change(scorer, l)).collect();
    apply(tx, &changes, now)?;
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

/// One range read and scored by the reader thread.
struct Scored {
    range: (Id, Id),
    leads: usize,
    changes: Vec<Change>,
}

/// What a full rescore did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rescored {
    /// Leads scored.
    pub leads: usize,
    /// Of those, the ones whose score or band changed (and were written).
    pub changed: usize,
}

/// Rescores every live lead in one write transaction, reporting `(done, total)` leads after each range.
/// Setting `cancel` stops it and writes nothing.
pub fn rescore_all(store: &Store, progress: &dyn Fn(usize, usize), cancel: &AtomicBool) -> AppResult<Rescored> {
    let now = store.clock().now_ms();
    let cancelled = || AppError::new(ErrorCode::Conflict, "rescore cancelled");
    store.write(|tx| {
        let scorer = Scorer::load(tx)?;
        let Some((lo, hi)) = features::id_bounds(tx)? else { return Ok(Rescored::default()) };
        let total: i64 = tx
            .prepare_cached("SELECT COUNT(*) FROM people WHERE deleted_at IS NULL AND lead_status IS NOT NULL")?
            .query_row([], |r| r.get(0))?;
        // A store that does not use scoring has nothing to read: no lead can get a score.
        let any_scored: bool = tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM people WHERE COALESCE(score, -1) >= 0 AND deleted_at IS NULL)",
            )?
            .query_row([], |r| r.get(0))?;
        if scorer.is_empty() && !any_scored {
            progress(total as usize, total as usize);
            return Ok(Rescored { leads: total as usize, changed: 0 });
        }
        let scorer = &scorer;
        std::thread::scope(|s| {
            // Two ranges in flight at most: the reader stays one range ahead of the writer.
            let (send, receive) = mpsc::sync_channel::<AppResult<Scored>>(1);
            s.spawn(move || {
                let read = store.read(|conn| {
                    for range in ranges(lo, hi) {
                        if cancel.load(Ordering::Relaxed) {
                            break;
                        }
                        let leads = features::load_range(conn, &scorer.schema, range, now, false)?;
                        let changes = leads.iter().filter_map(|l| change(scorer, l)).collect();
                        // The writer stopped (error or cancel): nothing more to read.
                        if send.send(Ok(Scored { range, leads: leads.len(), changes })).is_err() {
                            break;
                        }
                    }
                    Ok(())
                });
                if let Err(e) = read {
                    let _ = send.send(Err(e));
                }
            });
            let mut done = Rescored::default();
            for scored in receive {
                let scored = scored?;
                clear_non_leads(tx, scored.range)?;
                apply(tx, &scored.changes, now)?;
                done.leads += scored.leads;
                done.changed += scored.changes.len();
                progress(done.leads, (total as usize).max(done.leads));
                if cancel.load(Ordering::Relaxed) {
                    return Err(cancelled());
                }
            }
            // The reader also stops at a cancel; what it skipped must not be committed as done.
            if cancel.load(Ordering::Relaxed) {
                return Err(cancelled());
            }
            Ok(done)
        })
    })
}

pub fn ranges(lo: Id, hi: Id) -> impl Iterator<Item = (Id, Id)> {
    (0..).map(move |i| lo.saturating_add(i * BATCH_IDS)).take_while(move |&s| s <= hi).map(move |s| {
        let end = s.saturating_add(BATCH_IDS - 1).min(hi);
        (s, end)
    })
}

/// The task and the note are stored in English like other generated records (cadence steps); the UI shows
/// them as the user's own text.
fn alert(tx: &Connection, id: Id, name: &str, owner: &Option<String>, score: i32, now: i64) -> AppResult<()> {
    let task = TaskInput {
        title: format!("Follow up with {name}: lead score {score} (hot)"),
        due_at: now,
        person_id: Some(id),
        owner: owner.clone(),
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
        person_id: Some(id),
        company_id: None,
        deal_id: None,
    };
    activities::save(tx, None, &note, now)?;
    Ok(())
}

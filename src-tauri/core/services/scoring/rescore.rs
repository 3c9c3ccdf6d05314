//! Writing scores back to `people`: one lead inside the caller's transaction, or every lead.
//!
//! A full rescore reads and scores the leads on two pooled readers (each taking every other range of ids,
//! so both cores work) while the writer, in one transaction, writes only the leads whose score or band
//! changed: reading the next ranges overlaps writing the last one. The write transaction is begun before
//! either reader takes its snapshot and holds the only write lock until it commits, so no commit can come
//! between them: both readers see the same state, the one the writer started from (its own uncommitted
//! updates are invisible to them, and they never read a score it wrote).
//! A lead that crosses from warm or cold into hot gets a follow-up task for its owner and a timeline note.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use rusqlite::Connection;

use super::features::{self, Lead};
use super::pass::Pass;
use super::score::Scorer;
use super::score_index;
use crate::domain::{ActivityInput, ActivityKind, Entity, Id, LeadStatus, RunLine, ScoreBand, SystemEvent, TaskInput};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::automation::builtin::{self, Decision};
use crate::services::{activities, records, tasks};
use crate::store::Store;

/// Ids per range: one read of each table per range.
pub const BATCH_IDS: i64 = 50_000;
/// Reader threads of a full rescore: the app's machines have at least two cores, and the writer mostly
/// waits for them.
const READERS: usize = 2;

/// A lead whose stored score or band is not the one it has now.
struct Change {
    id: Id,
    score: Option<i32>,
    band: Option<ScoreBand>,
    /// The lead crosses into hot: its owner gets a follow-up.
    alert: bool,
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
    if lead.score == s.score && lead.band == s.band {
        return None;
    }
    // A crossing needs a band to cross from: a lead's first score is not one.
    let crossed = s.band == Some(ScoreBand::Hot) && matches!(lead.band, Some(ScoreBand::Warm | ScoreBand::Cold));
    let alert = crossed && lead.status == LeadStatus::Open;
    Some(Change { id: lead.id, score: s.score, band: s.band, alert })
}

/// Writes the changed scores, clears those of people who stopped being leads (`stale`), and raises the alerts.
fn apply(tx: &Connection, changes: &[Change], stale: &[Id], now: i64) -> AppResult<()> {
    let mut update = tx.prepare_cached("UPDATE people SET score = ?1, score_band = ?2 WHERE id = ?3")?;
    for c in changes {
        update.execute(rusqlite::params![c.score, c.band.map(band_str), c.id])?;
    }
    for &id in stale {
        update.execute(rusqlite::params![None::<i32>, None::<&str>, id])?;
    }
    drop(update);
    // The alert is the built-in rule `hot_lead`: off, as shipped, or its edited actions.
    for c in changes.iter().filter(|c| c.alert) {
        match builtin::decide(tx, builtin::HOT_LEAD, c.id, now)? {
            Decision::Off => {}
            Decision::Shipped => {
                let lines = alert(tx, c.id, c.score.unwrap_or_default(), now)?;
                builtin::record(tx, builtin::HOT_LEAD, c.id, &lines, now)?;
            }
            Decision::Actions(acts) => builtin::perform(tx, builtin::HOT_LEAD, c.id, &acts, now, now)?,
        }
    }
    Ok(())
}

/// Rescores every live lead with ids in `range` using `scorer`, inside `tx`; returns how many were looked at.
fn rescore_range(tx: &Connection, scorer: &Scorer, pass: &mut Pass, range: (Id, Id), now: i64) -> AppResult<usize> {
    let leads = features::load_range(tx, &scorer.schema, pass, range, now, false)?;
    let changes: Vec<Change> = leads.iter().filter_map(|l| change(scorer, l)).collect();
    apply(tx, &changes, &std::mem::take(&mut pass.stale), now)?;
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
    rescore_range(tx, &scorer, &mut Pass::few(), (id, id), now)?;
    Ok(())
}

/// Rescores exactly the people `ids` (ascending, distinct) inside the caller's write, with the same result
/// as [`rescore_person`] on each in turn (a person's score depends only on their own records): leads get
/// their score, non-leads lose a stale one, hot crossings raise their alerts. The ids are read in runs of
/// near ids (`runs`), one `load_range` each, so a scattered selection does not read everyone between; a
/// lead inside a run but not among `ids` is left as it is, even when its score has decayed.
pub(crate) fn rescore_ids(tx: &Connection, ids: &[Id], now: i64) -> AppResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let scorer = Scorer::load(tx)?;
    let mut pass = Pass::few();
    for run in runs(ids) {
        let wanted = |id: &Id| run.binary_search(id).is_ok();
        let leads = features::load_range(tx, &scorer.schema, &mut pass, (run[0], run[run.len() - 1]), now, false)?;
        let changes: Vec<Change> = leads.iter().filter(|l| wanted(&l.id)).filter_map(|l| change(&scorer, l)).collect();
        let stale: Vec<Id> = std::mem::take(&mut pass.stale).into_iter().filter(|id| wanted(id)).collect();
        apply(tx, &changes, &stale, now)?;
    }
    Ok(())
}

/// Widest gap between two ids of one run of [`rescore_ids`]: a run reads at most this many ids per id asked.
const RUN_GAP: Id = 64;

/// `ids` split where two neighbours are more than `RUN_GAP` apart.
fn runs(ids: &[Id]) -> impl Iterator<Item = &[Id]> {
    ids.chunk_by(|a, b| b.saturating_sub(*a) <= RUN_GAP)
}

/// Rescores every lead in the caller's transaction (after a rule change, so rules and scores agree).
pub(crate) fn rescore_all_in(tx: &Connection, now: i64) -> AppResult<usize> {
    let scorer = Scorer::load(tx)?;
    let Some((lo, hi)) = features::id_bounds(tx)? else { return Ok(0) };
    let mut pass = Pass::all(tx)?;
    let mut done = 0;
    for range in ranges(lo, hi) {
        done += rescore_range(tx, &scorer, &mut pass, range, now)?;
    }
    Ok(done)
}

/// One range read and scored by the reader thread.
struct Scored {
    leads: usize,
    changes: Vec<Change>,
    stale: Vec<Id>,
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
    // A bulk write: the writer's page cache holds the pages of 1M score updates (see `Store::bulk_write`).
    store.bulk_write(|tx| {
        let scorer = Scorer::load(tx)?;
        let Some((lo, hi)) = features::id_bounds(tx)? else { return Ok(Rescored::default()) };
        // A store that does not use scoring has nothing to read: no lead can get a score.
        let any_scored: bool = tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM people WHERE COALESCE(score, -1) >= 0 AND deleted_at IS NULL)",
            )?
            .query_row([], |r| r.get(0))?;
        if scorer.is_empty() && !any_scored {
            let total = count_leads(tx)?;
            progress(total, total);
            return Ok(Rescored { leads: total as usize, changed: 0 });
        }
        let scorer = &scorer;
        // Read in the writer's snapshot, which is also the readers' (see the module comment).
        let pass = Pass::all(tx)?;
        let all: Vec<(Id, Id)> = ranges(lo, hi).collect();
        {
            std::thread::scope(|s| {
                // A range in flight per reader at most: the readers stay a range ahead of the writer.
                let (send, receive) = mpsc::sync_channel::<AppResult<Scored>>(READERS);
                for first in 0..READERS {
                    let (send, mut pass, mine) = (send.clone(), pass.fork(), all.iter().skip(first).step_by(READERS));
                    s.spawn(move || {
                        let read = store.read(|conn| {
                            for &range in mine {
                                if cancel.load(Ordering::Relaxed) {
                                    break;
                                }
                                let leads = features::load_range(conn, &scorer.schema, &mut pass, range, now, false)?;
                                let changes = leads.iter().filter_map(|l| change(scorer, l)).collect();
                                let stale = std::mem::take(&mut pass.stale);
                                // The writer stopped (error or cancel): nothing more to read.
                                if send.send(Ok(Scored { leads: leads.len(), changes, stale })).is_err() {
                                    break;
                                }
                            }
                            Ok(())
                        });
                        if let Err(e) = read {
                            let _ = send.send(Err(e));
                        }
                    });
                }
                // The channel ends when every reader is done.
                drop(send);
                // Counted while the readers read their first ranges (the same snapshot, see the module comment).
                let total = count_leads(tx)?;
                let mut done = Rescored::default();
                // Decided on the first range read (see `score_index`); restored before the commit.
                let mut dropped = None;
                for scored in receive {
                    let scored = scored?;
                    if done.leads == 0
                        && score_index::worth_rebuilding(scored.changes.len(), scored.leads, total, hi - lo + 1)
                    {
                        dropped = Some(score_index::drop(tx)?);
                    }
                    apply(tx, &scored.changes, &scored.stale, now)?;
                    done.leads += scored.leads;
                    done.changed += scored.changes.len();
                    progress(done.leads, total.max(done.leads));
                    if cancel.load(Ordering::Relaxed) {
                        return Err(cancelled());
                    }
                }
                // The readers also stop at a cancel; what they skipped must not be committed as done.
                if cancel.load(Ordering::Relaxed) {
                    return Err(cancelled());
                }
                if let Some(dropped) = dropped {
                    dropped.rebuild(tx)?;
                }
                Ok(done)
            })
        }
    })
}

/// Live leads. The table is read in order: the planner's choice, the `people_score` index, costs a random
/// row lookup per lead (1.4 s instead of 0.3 s on 1M people).
fn count_leads(tx: &Connection) -> AppResult<usize> {
    let n: i64 = tx
        .prepare_cached("SELECT COUNT(*) FROM people NOT INDEXED WHERE deleted_at IS NULL AND lead_status IS NOT NULL")?
        .query_row([], |r| r.get(0))?;
    Ok(n as usize)
}

pub fn ranges(lo: Id, hi: Id) -> impl Iterator<Item = (Id, Id)> {
    (0..).map(move |i| lo.saturating_add(i * BATCH_IDS)).take_while(move |&s| s <= hi).map(move |s| {
        let end = s.saturating_add(BATCH_IDS - 1).min(hi);
        (s, end)
    })
}

/// The task and the note carry a typed event (who, score, band), each reader sees it in their own language;
/// their text is just the lead's name, for places that show stored text as is (search, exports).
fn alert(tx: &Connection, id: Id, score: i32, now: i64) -> AppResult<Vec<RunLine>> {
    let (name, owner): (String, Option<String>) = tx
        .prepare_cached(concat!(
            "SELECT ",
            crate::person_display_name!("p"),
            ", p.owner FROM people p WHERE p.id = ?1"
        ))?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    // A title is required: a lead without a name is shown by its number.
    let name = if name.is_empty() { format!("#{id}") } else { name };
    let event = SystemEvent::LeadHot { person: name.clone(), score, band: ScoreBand::Hot };
    let task = TaskInput { title: name.clone(), due_at: now, person_id: Some(id), owner, ..Default::default() };
    let task = tasks::save(tx, None, &task, now)?;
    records::set_system_event(tx, Entity::Task, task, &event)?;
    let note = ActivityInput {
        kind: ActivityKind::Note,
        direction: None,
        subject: name,
        body: None,
        occurred_at: Some(now),
        duration_secs: None,
        person_id: Some(id),
        company_id: None,
        deal_id: None,
    };
    let note = activities::save(tx, None, &note, now)?;
    records::set_system_event(tx, Entity::Activity, note, &event)?;
    Ok(vec![RunLine::TaskCreated { task }, RunLine::NoteAdded { note }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_ids_are_read_in_one_run_and_far_ones_apart() {
        let ids = [1, 2, 66, 131, 132, 1_000_000, i64::MAX - 1];
        let runs: Vec<&[Id]> = runs(&ids).collect();
        assert_eq!(runs, [&[1, 2, 66][..], &[131, 132], &[1_000_000], &[i64::MAX - 1]]);
        assert_eq!(super::runs(&[]).count(), 0);
    }
}

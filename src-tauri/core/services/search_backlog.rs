//! Search entries written after the records, for bulk loads. FTS5 costs far more per person than the
//! record's own rows (tokenising, the 1-4 character prefix terms, segment merges), so a large import writes
//! the entries of its first `INLINE` new people at once (a small import is searchable the moment it
//! commits) and queues the rest as id ranges in `people_search_backlog`, in the import's own transaction.
//! The indexer (`catch_up`, run in the background by the app and right after an import by the CLI) then
//! writes them in short transactions, so the user's own edits never wait long for the writer, and a quit
//! or a crash halfway loses nothing: what is not indexed yet stays queued.

use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension};
use tokio::runtime::Handle;
use tokio::sync::Notify;

use crate::clock::Millis;
use crate::domain::{Id, PersonInput};
use crate::error::AppResult;
use crate::services::jobs::{self, Backoff, JobHandle, Spec, Timer};
use crate::services::people;
use crate::store::Store;

/// New people of one import whose entries are written in its transaction; the rest are queued.
pub const INLINE: u32 = 5_000;
/// People indexed per transaction: about a tenth of a second of writer time.
const CHUNK: Id = 5_000;
/// After a failed pass (say, the disk full), the indexer tries again a minute later, then less often.
const BACKOFF: Backoff = Backoff { first_ms: 60 * 1000, max_ms: 30 * 60 * 1000 };
/// With nothing queued the indexer sleeps until an import pokes it; this is only its idle re-check.
const IDLE_MS: Millis = 24 * 60 * 60 * 1000;

/// The search entries of the people one import creates: written at once for the first `INLINE`, queued
/// after that (as ranges: an import's new ids run on without gaps).
pub struct NewPeople {
    inline_left: u32,
    queued: Vec<(Id, Id)>,
}

impl NewPeople {
    pub fn new(inline: u32) -> NewPeople {
        NewPeople { inline_left: inline, queued: Vec::new() }
    }

    /// The entry of a person just inserted, from what was written; `company` is the company's name.
    pub fn add(&mut self, tx: &Connection, id: Id, input: &PersonInput, company: Option<&str>) -> AppResult<()> {
        if self.inline_left > 0 {
            self.inline_left -= 1;
            people::index_new(tx, id, input, company)?;
            return Ok(());
        }
        match self.queued.last_mut() {
            Some((_, last)) if id == *last + 1 => *last = id,
            _ => self.queued.push((id, id)),
        }
        Ok(())
    }

    /// How many people wait for their entry.
    pub fn queued(&self) -> u32 {
        // A progress total: saturating, like the sum.
        self.queued.iter().map(|(a, b)| crate::count::saturating_u32(b - a + 1)).fold(0, u32::saturating_add)
    }

    /// Queues the ranges; called once, in the import's transaction, when its rows are done.
    pub fn save(&self, tx: &Connection) -> AppResult<()> {
        let mut insert = tx.prepare_cached("INSERT INTO people_search_backlog (first_id, last_id) VALUES (?1, ?2)")?;
        for (first, last) in &self.queued {
            insert.execute([first, last])?;
        }
        Ok(())
    }
}

/// How many people wait for their search entry.
pub fn pending(conn: &Connection) -> AppResult<u64> {
    let n: i64 =
        conn.query_row("SELECT COALESCE(SUM(last_id - first_id + 1), 0) FROM people_search_backlog", [], |r| r.get(0))?;
    Ok(n.max(0) as u64)
}

/// Writes every queued entry, `CHUNK` people per transaction, until the queue is empty or `stop` says so
/// (checked between chunks). `progress(done, total)` hears of each chunk. Returns how many were done.
/// People erased or purged since they were queued are simply not found; one edited since already has an
/// entry, which is replaced.
pub fn catch_up(store: &Store, stop: &dyn Fn() -> bool, progress: &mut dyn FnMut(u64, u64)) -> AppResult<u64> {
    let total = store.read(pending)?;
    if total == 0 {
        return Ok(0);
    }
    let mut done = 0;
    while !stop() {
        let step = store.write(|tx| {
            let Some((first, last)) = tx
                .prepare_cached("SELECT first_id, last_id FROM people_search_backlog ORDER BY first_id LIMIT 1")?
                .query_row([], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, Id>(1)?)))
                .optional()?
            else {
                return Ok(None);
            };
            let end = last.min(first.saturating_add(CHUNK - 1));
            people::index_range(tx, first, end, true)?;
            match end == last {
                true => tx.prepare_cached("DELETE FROM people_search_backlog WHERE first_id = ?1")?.execute([first])?,
                false => tx
                    .prepare_cached("UPDATE people_search_backlog SET first_id = ?2 WHERE first_id = ?1")?
                    .execute([first, end + 1])?,
            };
            Ok(Some((end - first + 1) as u64))
        })?;
        let Some(n) = step else { break };
        done += n;
        // An import that queued more while this ran makes the total grow.
        progress(done, total.max(done));
    }
    Ok(done)
}

/// The app's indexer: catches up at start and whenever `wake` is poked (after an import), until cancelled;
/// a cancel also stops a pass between chunks. `on_progress(done, total)` hears of each chunk.
pub fn spawn(
    runtime: &Handle,
    timer: Timer,
    wake: Arc<Notify>,
    store: Arc<Store>,
    on_progress: impl Fn(u64, u64) + Send + Sync + 'static,
) -> JobHandle {
    let spec = Spec { name: "search indexer", timer, wake, backoff: BACKOFF };
    jobs::spawn_blocking(runtime, spec, store, move |store, run| {
        let done = catch_up(store, &|| run.cancel.is_cancelled(), &mut |done, total| on_progress(done, total))?;
        if done > 0 {
            tracing::info!(indexed = done, "search backlog caught up");
        }
        Ok(run.now + IDLE_MS)
    })
}

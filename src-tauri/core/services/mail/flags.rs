//! Keeping stored messages in step with their folder after they were fetched: the `\Seen`, `\Answered` and
//! `\Flagged` flags (with CONDSTORE only what changed since the folder's stored HIGHESTMODSEQ, without it
//! the recent window of UIDs) and expunges (the folder's UID list is read only when it holds fewer old
//! messages than after the last sync). An expunged message keeps its activity, marked deleted on the server.

use std::collections::HashSet;

use futures_util::TryStreamExt;
use rusqlite::Connection;

use super::folders::FolderState;
use super::imap::{self, ImapSession};
use crate::domain::{Id, MailFlags};
use crate::error::AppResult;
use crate::store::Store;

/// Without CONDSTORE, the flags of the newest this-many stored UIDs are read on every sync.
pub const RECENT_WINDOW: u32 = 200;

/// Sets a stored message's flags inside the caller's transaction; true when they changed.
pub fn apply(tx: &Connection, folder_id: Id, uid: u32, f: MailFlags) -> AppResult<bool> {
    let changed = tx
        .prepare_cached(
            "UPDATE mail_messages SET seen = ?3, answered = ?4, flagged = ?5
             WHERE folder_id = ?1 AND uid = ?2 AND (seen, answered, flagged) IS NOT (?3, ?4, ?5)",
        )?
        .execute(rusqlite::params![folder_id, uid, f.seen, f.answered, f.flagged])?;
    Ok(changed > 0)
}

/// Reads the flags of the messages up to `upto` that changed (CONDSTORE with a known modseq: since it;
/// CONDSTORE without one: all of them; no CONDSTORE: the recent window) and stores them. Returns how many
/// stored messages changed.
pub async fn resync(
    store: &Store,
    session: &mut ImapSession,
    folder_id: Id,
    upto: u32,
    condstore: bool,
    since: Option<u64>,
) -> AppResult<u32> {
    if upto == 0 {
        return Ok(0);
    }
    let query = match (condstore, since) {
        (true, Some(modseq)) => format!("(UID FLAGS) (CHANGEDSINCE {modseq})"),
        _ => "(UID FLAGS)".to_string(),
    };
    let from = if condstore { 1 } else { upto.saturating_sub(RECENT_WINDOW - 1).max(1) };
    let fetched: Vec<_> = imap::timed(async {
        let stream = session.uid_fetch(format!("{from}:{upto}"), query).await?;
        stream.try_collect().await
    })
    .await?;
    // `n:m` can name a message above `upto` when none is in the range: only stored UIDs matter anyway.
    let flags: Vec<(u32, MailFlags)> =
        fetched.iter().filter_map(|f| Some((f.uid?, imap::flags_of(f)))).filter(|(uid, _)| *uid <= upto).collect();
    if flags.is_empty() {
        return Ok(0);
    }
    store.write(|tx| {
        let mut changed = 0;
        for (uid, f) in &flags {
            changed += u32::from(apply(tx, folder_id, *uid, *f)?);
        }
        Ok(changed)
    })
}

/// Notices messages expunged from the folder among the UIDs up to `state.last_uid`, given how many messages
/// the folder holds now (`exists`) and how many of them are new (`new`). Sets `state.known_count` to the
/// old messages' count and returns how many stored messages were marked deleted on the server.
pub async fn expunges(
    store: &Store,
    session: &mut ImapSession,
    state: &mut FolderState,
    exists: u32,
    new: u32,
) -> AppResult<u32> {
    let old_now = exists.saturating_sub(new);
    if state.last_uid == 0 || state.known_count.is_some_and(|known| old_now >= known) {
        state.known_count = Some(state.known_count.unwrap_or(0).min(old_now));
        return Ok(0);
    }
    let present: HashSet<u32> = imap::timed(session.uid_search(format!("UID 1:{}", state.last_uid)))
        .await?
        .into_iter()
        .filter(|u| *u <= state.last_uid)
        .collect();
    state.known_count = Some(u32::try_from(present.len()).unwrap_or(u32::MAX));
    let now = store.clock().now_ms();
    let (folder_id, last_uid) = (state.id, state.last_uid);
    store.write(|tx| {
        let gone: Vec<Id> = {
            let mut stmt = tx.prepare_cached(
                "SELECT id, uid FROM mail_messages
                 WHERE folder_id = ?1 AND uid <= ?2 AND server_deleted_at IS NULL",
            )?;
            let rows = stmt
                .query_map(rusqlite::params![folder_id, last_uid], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, i64>(1)?)))?;
            let mut gone = Vec::new();
            for row in rows {
                let (id, uid) = row?;
                if !u32::try_from(uid).is_ok_and(|u| present.contains(&u)) {
                    gone.push(id);
                }
            }
            gone
        };
        let mut mark = tx.prepare_cached("UPDATE mail_messages SET server_deleted_at = ?2 WHERE id = ?1")?;
        for id in &gone {
            mark.execute(rusqlite::params![id, now])?;
        }
        Ok(u32::try_from(gone.len()).unwrap_or(u32::MAX))
    })
}

//! Sent outbox messages are appended to the account's Sent folder exactly once. Before each APPEND the
//! folder is searched for the message's Message-ID, so a crash between the APPEND and the commit of
//! `appended_at` does not append it a second time on the next run.

use rusqlite::Connection;

use super::imap::{self, ImapSession};
use crate::domain::Id;
use crate::error::AppResult;
use crate::store::Store;

/// Appends what the outbox sent from this account and has not appended yet; returns how many it appended.
pub async fn append_sent(store: &Store, session: &mut ImapSession, account_id: Id, sent: &str) -> AppResult<u32> {
    let pending = store.read(|conn| pending(conn, account_id))?;
    if pending.is_empty() {
        return Ok(0);
    }
    imap::select(session, sent, false).await?;
    let mut appended = 0;
    for (id, message_id) in pending {
        if !imap::holds_message_id(session, &message_id).await? {
            let raw: Vec<u8> =
                store.read(|conn| Ok(conn.query_row("SELECT raw FROM outbox WHERE id = ?1", [id], |r| r.get(0))?))?;
            imap::append(session, sent, &raw).await?;
            appended += 1;
        }
        let now = store.clock().now_ms();
        store.write(|tx| {
            tx.prepare_cached("UPDATE outbox SET appended_at = ?2 WHERE id = ?1 AND appended_at IS NULL")?
                .execute(rusqlite::params![id, now])?;
            Ok(())
        })?;
    }
    Ok(appended)
}

fn pending(conn: &Connection, account_id: Id) -> AppResult<Vec<(Id, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, message_id FROM outbox WHERE account_id = ?1 AND status = 'sent' AND appended_at IS NULL ORDER BY id",
    )?;
    let rows = stmt.query_map([account_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

//! A campaign send's progress on this desktop, and pausing and resuming it (docs/campaigns.md, "Progress,
//! pause and resume"). The counts are read from the outbox rows the campaign's send records link to; a pause
//! is one row in `campaign_pauses`, which the outbox sender's claim reads (`mail::outbox`), so a pause takes
//! effect at the sender's next claim and survives a crash: nothing is copied or moved, so nothing can be lost
//! or sent twice beyond the outbox's own once-only guarantee.

use rusqlite::Connection;

use super::load;
use crate::domain::{CampaignChannel, Id, SendProgress};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::Store;

const COUNTS: &str = "SELECT c.id, c.name,
        count(o.id),
        count(CASE WHEN o.status IN ('queued', 'sending') THEN 1 END),
        count(CASE WHEN o.status = 'sent' THEN 1 END),
        count(CASE WHEN o.status = 'failed' THEN 1 END),
        (SELECT count(*) FROM campaign_members m JOIN people p ON p.id = m.person_id
            WHERE m.campaign_id = c.id AND p.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM campaign_sends x
                WHERE x.campaign_id = c.id AND x.person_id = m.person_id)),
        EXISTS (SELECT 1 FROM campaign_pauses cp WHERE cp.campaign_id = c.id)
    FROM campaigns c
    LEFT JOIN campaign_sends s ON s.campaign_id = c.id
    LEFT JOIN outbox o ON o.id = s.outbox_id";

fn progress_of(r: &rusqlite::Row) -> rusqlite::Result<SendProgress> {
    let queued: u32 = r.get(3)?;
    Ok(SendProgress {
        campaign_id: r.get(0)?,
        name: r.get(1)?,
        total: r.get(2)?,
        queued,
        sent: r.get(4)?,
        failed: r.get(5)?,
        skipped: r.get(6)?,
        paused: r.get(7)?,
        running: queued > 0,
    })
}

fn read(conn: &Connection, campaign_id: Id) -> AppResult<SendProgress> {
    load(conn, campaign_id)?;
    let sql = format!("{COUNTS} WHERE c.id = ?1 GROUP BY c.id");
    Ok(conn.prepare_cached(&sql)?.query_row([campaign_id], progress_of)?)
}

/// The campaign's send on this desktop: queued, sent, failed, skipped, paused.
pub fn progress(store: &Store, campaign_id: Id) -> AppResult<SendProgress> {
    store.read(|conn| read(conn, campaign_id))
}

/// The campaign sends that still have messages waiting in this desktop's outbox (paused ones too), oldest
/// campaign first: what the tray shows.
pub fn running(store: &Store) -> AppResult<Vec<SendProgress>> {
    store.read(|conn| {
        let sql = format!(
            "{COUNTS} WHERE c.id IN (SELECT s.campaign_id FROM outbox w JOIN campaign_sends s ON s.outbox_id = w.id
                WHERE w.status IN ('queued', 'sending'))
             GROUP BY c.id ORDER BY c.id"
        );
        let rows = conn.prepare_cached(&sql)?.query_map([], progress_of)?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    })
}

/// Pauses the campaign's send: the outbox takes none of its waiting messages (one already in flight
/// finishes). Pausing a paused campaign changes nothing.
pub fn pause(store: &Store, campaign_id: Id) -> AppResult<SendProgress> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        if load(tx, campaign_id)?.channel != CampaignChannel::Email {
            return Err(AppError::field(ErrorCode::Conflict, "channel", "only an email campaign sends messages"));
        }
        tx.prepare_cached("INSERT OR IGNORE INTO campaign_pauses (campaign_id, paused_at) VALUES (?1, ?2)")?
            .execute([campaign_id, now])?;
        tracing::info!(campaign_id, "campaign send paused");
        read(tx, campaign_id)
    })
}

/// Resumes a paused send: its waiting messages go out again, within the account's rate limits.
pub fn resume(store: &Store, campaign_id: Id) -> AppResult<SendProgress> {
    store.write(|tx| {
        load(tx, campaign_id)?;
        tx.prepare_cached("DELETE FROM campaign_pauses WHERE campaign_id = ?1")?.execute([campaign_id])?;
        tracing::info!(campaign_id, "campaign send resumed");
        read(tx, campaign_id)
    })
}

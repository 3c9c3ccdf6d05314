//! Small reads for the screens: the mail facts behind timeline activities, a person's bouncing addresses,
//! and when each account last synced.

use rusqlite::params_from_iter;

use crate::domain::{Id, MailActivityInfo, MailBounce, MailFlags, MailStep, MailSyncError, MailSyncStatus};
use crate::error::AppResult;
use crate::error::ErrorCode;
use crate::services::records::parse_enum;
use crate::store::Store;

use super::threads::attachments;

/// At most this many activities are looked up at once (a timeline page is far smaller).
const MAX_IDS: usize = 500;

/// The thread, attachments and malformed flag of those of `activity_ids` that are synced emails.
pub fn for_activities(store: &Store, activity_ids: &[Id]) -> AppResult<Vec<MailActivityInfo>> {
    let ids = &activity_ids[..activity_ids.len().min(MAX_IDS)];
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks = vec!["?"; ids.len()].join(",");
    store.read(|conn| {
        let sql = format!(
            "SELECT ma.activity_id, m.id, m.thread_key, m.malformed, m.message_id,
                    (SELECT COUNT(*) FROM mail_messages t WHERE t.thread_key = m.thread_key) AS thread_size,
                    m.seen, m.answered, m.flagged, m.server_deleted_at, m.reply_address
             FROM mail_message_activities ma JOIN mail_messages m ON m.id = ma.message_id
             WHERE ma.activity_id IN ({marks}) ORDER BY ma.activity_id"
        );
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(ids.iter()), |r| {
            Ok((
                r.get::<_, Id>(0)?,
                r.get::<_, Id>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, bool>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, u32>(5)?,
                MailFlags { seen: r.get(6)?, answered: r.get(7)?, flagged: r.get(8)? },
                r.get::<_, Option<i64>>(9)?,
                r.get::<_, Option<String>>(10)?,
            ))
        })?;
        let mut out: Vec<MailActivityInfo> = Vec::new();
        for row in rows {
            let (activity_id, message, thread_key, malformed, message_id, thread_size, flags, deleted, reply_address) =
                row?;
            if out.last().is_some_and(|i| i.activity_id == activity_id) {
                continue;
            }
            let attachments = attachments(conn, message)?;
            out.push(MailActivityInfo {
                activity_id,
                message_id,
                thread_key,
                thread_size,
                attachments,
                malformed,
                flags,
                reply_address,
                deleted_on_server_at: deleted,
            });
        }
        Ok(out)
    })
}

/// The person's addresses that bounced, newest first.
pub fn bounces(store: &Store, person_id: Id) -> AppResult<Vec<MailBounce>> {
    store.read(|conn| {
        let mut stmt = conn.prepare_cached(
            "SELECT address, status, bounced_at FROM mail_bounces WHERE person_id = ?1 ORDER BY bounced_at DESC, address",
        )?;
        let rows = stmt.query_map([person_id], |r| Ok(MailBounce { address: r.get(0)?, status: r.get(1)?, bounced_at: r.get(2)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

/// Per account: the latest folder sync and how many folders it keeps in step.
pub fn sync_status(store: &Store) -> AppResult<Vec<MailSyncStatus>> {
    store.read(|conn| {
        let mut stmt = conn.prepare_cached(
            "SELECT a.id, MAX(f.synced_at), COUNT(f.id), a.sync_ok_at, a.sync_error_code, a.sync_error_message,
                    a.sync_error_at
             FROM mail_accounts a LEFT JOIN mail_folders f ON f.account_id = a.id GROUP BY a.id ORDER BY a.id",
        )?;
        let rows = stmt.query_map([], |r| {
            let error = match (r.get::<_, Option<String>>(4)?, r.get::<_, Option<i64>>(6)?) {
                (Some(code), Some(at)) => {
                    let code = parse_enum(&code).unwrap_or(ErrorCode::Internal);
                    let message = r.get::<_, Option<String>>(5)?.unwrap_or_default();
                    Some(MailSyncError { code, step: MailStep::of(code), message, at })
                }
                _ => None,
            };
            Ok(MailSyncStatus {
                account_id: r.get(0)?,
                synced_at: r.get(1)?,
                folders: r.get(2)?,
                ok_at: r.get(3)?,
                error,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

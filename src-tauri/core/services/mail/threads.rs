//! A person's synced email grouped by thread (the thread key sync stored), newest thread first, each
//! thread oldest message first, with attachment names and sizes.

use rusqlite::Connection;

use crate::domain::{Id, MailAttachment, MailThread, MailThreadMessage};
use crate::error::AppResult;
use crate::store::Store;

pub fn for_person(store: &Store, person_id: Id) -> AppResult<Vec<MailThread>> {
    store.read(|conn| {
        let mut stmt = conn.prepare_cached(
            "SELECT m.id, m.thread_key, a.id, m.message_id, m.direction, m.subject, m.sent_at, m.malformed
             FROM mail_message_activities ma JOIN mail_messages m ON m.id = ma.message_id
             JOIN activities a ON a.id = ma.activity_id AND a.deleted_at IS NULL
             WHERE ma.person_id = ?1
             ORDER BY (SELECT MAX(m2.sent_at) FROM mail_messages m2 WHERE m2.thread_key = m.thread_key) DESC,
                      m.thread_key, m.sent_at, m.id",
        )?;
        let rows = stmt.query_map([person_id], |r| {
            Ok((
                r.get::<_, Id>(0)?,
                r.get::<_, String>(1)?,
                MailThreadMessage {
                    activity_id: r.get(2)?,
                    message_id: r.get(3)?,
                    direction: r.get(4)?,
                    subject: r.get(5)?,
                    occurred_at: r.get(6)?,
                    attachments: Vec::new(),
                    malformed: r.get(7)?,
                },
            ))
        })?;
        let mut threads: Vec<MailThread> = Vec::new();
        for row in rows {
            let (id, key, mut msg) = row?;
            msg.attachments = attachments(conn, id)?;
            match threads.last_mut() {
                Some(t) if t.thread_key == key => t.messages.push(msg),
                _ => threads.push(MailThread { thread_key: key, messages: vec![msg] }),
            }
        }
        Ok(threads)
    })
}

pub fn attachments(conn: &Connection, message: Id) -> AppResult<Vec<MailAttachment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, content_type, size FROM mail_attachments WHERE message_id = ?1 ORDER BY position",
    )?;
    let rows = stmt
        .query_map([message], |r| Ok(MailAttachment { name: r.get(0)?, content_type: r.get(1)?, size: r.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

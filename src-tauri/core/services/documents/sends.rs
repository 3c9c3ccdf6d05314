//! Sending library documents: every queued message that carries one writes, in the queueing transaction,
//! one `document_sends` row per document and a note "Sent <title>" on the person's timeline (the row links
//! the note to the document). `UNIQUE (outbox_id, document_id)` keeps it once per message: the outbox
//! retries the queued bytes and never queues again. A campaign's message is tagged with its campaign, whose
//! report counts documents sent per document.

use rusqlite::{params, Connection, OptionalExtension};

use crate::domain::{ActivityInput, ActivityKind, AttachmentData, DocumentSendCount, Id};
use crate::error::AppResult;
use crate::services::activities;

/// Logs the library documents among `attachments` as sent to `person_id` with outbox message `outbox_id`.
/// A message to no known person logs nothing (there is no timeline to put it on).
pub fn log(
    tx: &Connection,
    outbox_id: Id,
    person_id: Option<Id>,
    deal_id: Option<Id>,
    attachments: &[AttachmentData],
    now: i64,
) -> AppResult<()> {
    let Some(person_id) = person_id else { return Ok(()) };
    for a in attachments {
        let Some(document_id) = a.document_id else { continue };
        let title: String =
            tx.prepare_cached("SELECT title FROM documents WHERE id = ?1")?.query_row([document_id], |r| r.get(0))?;
        let row: Option<Id> = tx
            .prepare_cached(
                "INSERT OR IGNORE INTO document_sends (document_id, title, person_id, outbox_id, sent_at)
                 VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
            )?
            .query_row(params![document_id, title, person_id, outbox_id, now], |r| r.get(0))
            .optional()?;
        let Some(send_id) = row else { continue };
        let note = ActivityInput {
            kind: ActivityKind::Note,
            direction: None,
            subject: format!("Sent {title}"),
            body: Some(a.name.clone()),
            occurred_at: Some(now),
            duration_secs: None,
            person_id: Some(person_id),
            company_id: None,
            deal_id,
        };
        let activity_id = activities::save(tx, None, &note, now)?;
        tx.prepare_cached("UPDATE document_sends SET activity_id = ?1 WHERE id = ?2")?
            .execute(params![activity_id, send_id])?;
    }
    Ok(())
}

/// Marks the documents a campaign's outbox message carried as that campaign's.
pub fn for_campaign(tx: &Connection, outbox_id: Id, campaign_id: Id) -> AppResult<()> {
    tx.prepare_cached("UPDATE document_sends SET campaign_id = ?1 WHERE outbox_id = ?2 AND campaign_id IS NOT ?1")?
        .execute(params![campaign_id, outbox_id])?;
    Ok(())
}

/// Documents a campaign's messages carried, per document (most sent first).
pub fn campaign_counts(conn: &Connection, campaign_id: Id) -> AppResult<Vec<DocumentSendCount>> {
    let rows = conn
        .prepare_cached(
            "SELECT s.document_id, COALESCE(d.title, min(s.title)), count(*) FROM document_sends s
             LEFT JOIN documents d ON d.id = s.document_id
             WHERE s.campaign_id = ?1
             GROUP BY s.document_id, CASE WHEN s.document_id IS NULL THEN s.title END ORDER BY count(*) DESC, 2",
        )?
        .query_map([campaign_id], |r| {
            Ok(DocumentSendCount { document_id: r.get(0)?, title: r.get(1)?, count: r.get(2)? })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

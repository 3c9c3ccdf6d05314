//! Tickets by email: an agent's public reply queued through the outbox in the same transaction as the reply
//! event (subject `[T-000123] ...`, threaded on the customer's last message; the sent Message-ID is kept on
//! the event), and an incoming email recorded as a customer reply once per Message-ID.

use rusqlite::{Connection, OptionalExtension};

use super::{read, record_message, validate_message};
use crate::clock::Millis;
use crate::domain::{Id, OutgoingMail, TicketChannel, TicketDetail, TicketEventKind, TicketInput, TicketMessage};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::mail::outbox;
use crate::store::Store;

/// A public reply sent by email from `account_id` to the requester (or the address the customer last wrote
/// from), all in one transaction: the event, its timeline activity and the outbox entry.
pub fn reply_by_email(store: &Store, id: Id, m: TicketMessage, account_id: Id) -> AppResult<TicketDetail> {
    if m.internal {
        return Err(AppError::field(ErrorCode::InvalidValue, "internal", "an internal note is never emailed"));
    }
    let now = store.clock().now_ms();
    let (body, author) = validate_message(&m)?;
    store.write(|tx| {
        let at = super::check_time(tx, id, m.at, now)?;
        let eid = record_message(tx, id, TicketEventKind::Reply, &body, author.as_deref(), at, now)?;
        let (n, subject, person_id, deal_id): (i64, String, Id, Option<Id>) = tx
            .prepare_cached("SELECT number, subject, person_id, deal_id FROM tickets WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        let mail = OutgoingMail {
            account_id,
            person_id: Some(person_id),
            deal_id,
            subject: subject_for(n, &subject),
            body: body.clone(),
            in_reply_to: last_customer_message(tx, id)?,
            ..Default::default()
        };
        let entry = outbox::queue(tx, mail, now)?;
        set_message_id(tx, eid, &entry.message_id)?;
        read::load(tx, id, now)
    })
}

/// `Re: [T-000123] subject` for a reply to a ticket (the tag once, whatever the subject already holds).
pub fn subject_for(n: i64, subject: &str) -> String {
    let tag = format!("[{}]", read::number(n));
    if subject.contains(&tag) {
        format!("Re: {subject}")
    } else {
        format!("Re: {tag} {subject}")
    }
}

/// The ticket with an event carrying `message_id` (bare), among all tickets or only `on` one.
fn ticket_with_message(conn: &Connection, message_id: &str, on: Option<Id>) -> AppResult<Option<Id>> {
    Ok(conn
        .prepare_cached(
            "SELECT ticket_id FROM ticket_events WHERE message_id = ?1 AND (?2 IS NULL OR ticket_id = ?2) LIMIT 1",
        )?
        .query_row(rusqlite::params![message_id, on], |r| r.get(0))
        .optional()?)
}

/// The ticket an email answers: one of its In-Reply-To/References ids on a ticket event, else a
/// `[T-000123]` tag in its subject naming an existing ticket.
pub fn ticket_for_mail(conn: &Connection, references: &[&str], subject: &str) -> AppResult<Option<Id>> {
    for r in references {
        let r = bare(r);
        let found = ticket_with_message(conn, r, None)?;
        if found.is_some() {
            return Ok(found);
        }
    }
    let Some(n) = tag_number(subject) else { return Ok(None) };
    Ok(conn.prepare_cached("SELECT id FROM tickets WHERE number = ?1")?.query_row([n], |r| r.get(0)).optional()?)
}

/// Records an incoming email as the customer's reply on ticket `id` (reopening it when pending or solved);
/// a Message-ID already on the ticket is not recorded twice. Returns whether it was recorded.
pub fn record_customer_mail(
    tx: &Connection,
    id: Id,
    message_id: &str,
    body: &str,
    at: Millis,
    now: Millis,
) -> AppResult<bool> {
    let message_id = bare(message_id);
    if message_id.is_empty() || ticket_with_message(tx, message_id, Some(id))?.is_some() {
        return Ok(false);
    }
    // An answer never lies before the conversation it answers: a sender's clock that runs behind (its Date
    // header before the agent's last reply or status change) would otherwise leave a pending ticket pending.
    let latest: Millis = tx
        .prepare_cached("SELECT MAX(at) FROM (SELECT opened_at AS at FROM tickets WHERE id = ?1 UNION ALL SELECT at FROM ticket_events WHERE ticket_id = ?1)")?
        .query_row([id], |r| r.get(0))?;
    let at = at.max(latest).min(now);
    let body = if body.trim().is_empty() { "(no text)" } else { body };
    let body: String = body.chars().take(crate::services::validate::TEXT_MAX).collect();
    let eid = record_message(tx, id, TicketEventKind::CustomerReply, &body, None, at, now)?;
    set_message_id(tx, eid, message_id)?;
    Ok(true)
}

/// Opens a ticket (channel email) for `person_id` from a support mailbox message, once per Message-ID.
pub fn open_from_mail(
    tx: &Connection,
    person_id: Id,
    message_id: &str,
    subject: &str,
    body: &str,
    at: Millis,
    now: Millis,
) -> AppResult<bool> {
    let message_id = bare(message_id);
    if message_id.is_empty() || ticket_with_message(tx, message_id, None)?.is_some() {
        return Ok(false);
    }
    let subject: String = subject.trim().chars().take(crate::services::validate::SUBJECT_MAX).collect();
    let subject = if subject.is_empty() { "(no subject)".to_string() } else { subject };
    let body: String = body.chars().take(crate::services::validate::TEXT_MAX).collect();
    let input = TicketInput {
        subject: subject.clone(),
        description: None,
        person_id,
        priority: None,
        kind: None,
        channel: Some(TicketChannel::Email),
        assignee: None,
        tags: vec![],
        deal_id: None,
        at: Some(at.min(now)),
    };
    let id =
        super::insert(tx, &input, (&subject, Some(body.as_str()).filter(|b| !b.trim().is_empty()), None, &[]), now)?;
    tx.prepare_cached("UPDATE ticket_events SET message_id = ?2 WHERE ticket_id = ?1 AND kind = 'created'")?
        .execute(rusqlite::params![id, message_id])?;
    Ok(true)
}

/// The ticket number in a `[T-000123]` subject tag.
pub fn tag_number(subject: &str) -> Option<i64> {
    let start = subject.find("[T-")?;
    let rest = &subject[start + 3..];
    let end = rest.find(']')?;
    let digits = &rest[..end];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The customer's last email on the ticket: their latest answer, else the message that opened it (a support
/// mailbox keeps that Message-ID on the `created` event).
fn last_customer_message(conn: &Connection, id: Id) -> AppResult<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT message_id FROM ticket_events WHERE ticket_id = ?1 AND kind IN ('customer_reply', 'created')
             AND message_id IS NOT NULL ORDER BY at DESC, id DESC LIMIT 1",
        )?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

fn set_message_id(tx: &Connection, eid: Id, message_id: &str) -> AppResult<()> {
    tx.prepare_cached("UPDATE ticket_events SET message_id = ?2 WHERE id = ?1")?
        .execute(rusqlite::params![eid, bare(message_id)])?;
    Ok(())
}

fn bare(id: &str) -> &str {
    id.trim().trim_start_matches('<').trim_end_matches('>')
}

//! Storing one parsed message inside the sync's transaction: the message row (once per Message-ID), its
//! attachments, an email activity on each matched person's timeline (their company's timeline shows it
//! through the person), a lead for an unknown sender when the account asks for it, the bounce mark, the
//! reply signal and an unsubscribe.

use rusqlite::{Connection, OptionalExtension};

use super::matching::{self, Match};
use super::parse::{clip, MailAddr, ParsedMail};
use crate::domain::{
    ActivityInput, ActivityKind, ContactChannel, Direction, Id, LabeledValue, LeadStatus, Lifecycle, PersonInput,
};
use crate::error::AppResult;
use crate::services::records::enum_str;
use crate::services::validate::NAME_MAX;
use crate::services::{activities, gdpr, people, scoring, tickets};

/// The consent source of a withdrawal by an unsubscribe reply.
pub const UNSUBSCRIBE: &str = "unsubscribe reply";

/// Where the message was found and what the account allows.
#[derive(Debug, Clone)]
pub struct Target {
    pub account_id: Id,
    /// The account's own address: mail from it is outbound.
    pub own_address: String,
    pub folder_id: Id,
    pub in_sent_folder: bool,
    pub create_leads: bool,
    /// The account's inbox is a support mailbox: a message answering no ticket opens one.
    pub support_mailbox: bool,
}

/// What storing one message did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recorded {
    pub duplicate: bool,
    pub matched: bool,
    pub lead_created: bool,
    pub bounce: bool,
    pub malformed: bool,
    pub reply: bool,
    pub unsubscribe: bool,
    /// Added to a ticket as the customer's reply (services::tickets::email).
    pub ticket: bool,
}

pub fn record(tx: &Connection, t: &Target, uid: u32, m: &ParsedMail, now: i64) -> AppResult<Recorded> {
    let known: Option<Id> = tx
        .prepare_cached("SELECT id FROM mail_messages WHERE message_id = ?1")?
        .query_row([&m.message_id], |r| r.get(0))
        .optional()?;
    if let Some(known) = known {
        // Found again where it was stored from (a new UIDVALIDITY), or elsewhere after it left its folder
        // (moved, or deleted there): flags and expunges follow this copy from now on.
        tx.prepare_cached(
            "UPDATE mail_messages SET folder_id = ?2, uid = ?3, server_deleted_at = NULL
             WHERE id = ?1 AND (folder_id = ?2 OR folder_id IS NULL OR server_deleted_at IS NOT NULL)",
        )?
        .execute(rusqlite::params![known, t.folder_id, uid])?;
        return Ok(Recorded { duplicate: true, ..Recorded::default() });
    }
    let direction = m.direction(&t.own_address, t.in_sent_folder);
    let sent_at = m.date.unwrap_or(now);
    let id = insert_message(tx, t, uid, m, direction, sent_at, now)?;
    let mut out = Recorded { malformed: m.malformed, ..Recorded::default() };
    if let Some(bounce) = &m.bounce {
        out.bounce = mark_bounces(tx, id, &bounce.recipients, bounce.status.as_deref(), sent_at)? > 0;
        return Ok(out);
    }
    // An answer to a ticket goes on the ticket (which puts it on the requester's timeline once).
    if direction == Direction::Inbound {
        let refs: Vec<&str> = m.in_reply_to.iter().chain(&m.references).map(String::as_str).collect();
        if let Some(ticket) = tickets::email::ticket_for_mail(tx, &refs, &m.subject)? {
            out.ticket = tickets::email::record_customer_mail(tx, ticket, &m.message_id, &m.body, sent_at, now)?;
            out.matched = true;
            return Ok(out);
        }
    }
    let mut people = matching::people_for(tx, m.counterparts(direction).iter().map(|a| a.address.as_str()))?;
    if people.is_empty() && direction == Direction::Inbound && t.create_leads && !m.automated {
        if let Some(lead) = m.from.first().map(|s| create_lead(tx, s, now)).transpose()?.flatten() {
            people.push(lead);
            out.lead_created = true;
        }
    }
    out.matched = !people.is_empty();
    if direction == Direction::Inbound && t.support_mailbox && !m.automated {
        let requester = match people.first() {
            Some(p) => Some(p.person_id),
            None => m.from.first().map(|s| create_lead(tx, s, now)).transpose()?.flatten().map(|l| l.person_id),
        };
        if let Some(person) = requester {
            out.ticket = tickets::email::open_from_mail(tx, person, &m.message_id, &m.subject, &m.body, sent_at, now)?;
            out.matched = true;
            return Ok(out);
        }
    }
    // A message the app sent is on the timeline since the sender job logged it: link that activity.
    if let Some((activity, person)) = outbox_activity(tx, &m.message_id)? {
        tx.prepare_cached(
            "INSERT INTO mail_message_activities (message_id, activity_id, person_id) VALUES (?1, ?2, ?3)",
        )?
        .execute(rusqlite::params![id, activity, person])?;
        out.matched = true;
        return Ok(out);
    }
    for p in &people {
        let input = ActivityInput {
            kind: ActivityKind::Email,
            direction: Some(direction),
            subject: m.subject.clone(),
            body: Some(m.body.clone()).filter(|b| !b.trim().is_empty()),
            occurred_at: Some(sent_at),
            duration_secs: None,
            person_id: Some(p.person_id),
            company_id: p.company_id,
            deal_id: None,
        };
        // An inbound activity also stops the person's running cadences (activities::save does that).
        let activity = activities::save(tx, None, &input, now)?;
        tx.prepare_cached(
            "INSERT INTO mail_message_activities (message_id, activity_id, person_id) VALUES (?1, ?2, ?3)",
        )?
        .execute(rusqlite::params![id, activity, p.person_id])?;
        scoring::rescore_person(tx, p.person_id, now)?;
    }
    if direction == Direction::Inbound && !people.is_empty() {
        out.reply = record_reply(tx, id, m, &people, sent_at, now)?;
        if let Some(purpose) = unsubscribe_purpose(m, &t.own_address) {
            let purpose = match purpose {
                Some(p) => Some(p),
                None => answered_purpose(tx, m)?,
            };
            for p in &people {
                let n = gdpr::withdraw_in(
                    tx,
                    p.person_id,
                    ContactChannel::Email,
                    purpose.as_deref(),
                    UNSUBSCRIBE,
                    sent_at,
                    now,
                )?;
                out.unsubscribe |= n > 0;
            }
        }
    }
    Ok(out)
}

fn insert_message(
    tx: &Connection,
    t: &Target,
    uid: u32,
    m: &ParsedMail,
    direction: Direction,
    sent_at: i64,
    now: i64,
) -> AppResult<Id> {
    let id: Id = tx
        .prepare_cached(
            "INSERT INTO mail_messages (message_id, account_id, folder_id, uid, direction, from_address, subject,
             sent_at, thread_key, in_reply_to, size, malformed, bounce, created_at, reply_address)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) RETURNING id",
        )?
        .query_row(
            rusqlite::params![
                m.message_id,
                t.account_id,
                t.folder_id,
                uid,
                enum_str(&direction),
                m.from.first().map(|a| a.address.as_str()),
                m.subject,
                sent_at,
                m.thread_key,
                m.in_reply_to.first(),
                m.size as i64,
                m.malformed,
                m.bounce.is_some(),
                now,
                m.reply_address()
            ],
            |r| r.get(0),
        )?;
    let mut stmt = tx.prepare_cached(
        "INSERT INTO mail_attachments (message_id, position, name, content_type, size) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (i, a) in m.attachments.iter().enumerate() {
        stmt.execute(rusqlite::params![id, i as i64, a.name, a.content_type, a.size])?;
    }
    Ok(id)
}

/// Marks each failed recipient's address on every person who has it.
fn mark_bounces(
    tx: &Connection,
    message: Id,
    recipients: &[String],
    status: Option<&str>,
    at: i64,
) -> AppResult<usize> {
    let mut marked = 0;
    for address in recipients {
        for p in matching::people_with(tx, address)? {
            marked += tx
                .prepare_cached(
                    "INSERT INTO mail_bounces (person_id, address, status, message_id, bounced_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (person_id, address) DO UPDATE SET status = excluded.status,
                       message_id = excluded.message_id, bounced_at = excluded.bounced_at",
                )?
                .execute(rusqlite::params![p.person_id, address, status, message, at])?;
        }
    }
    Ok(marked)
}

/// A reply signal when the message answers one the user sent: through the outbox, or found as outbound
/// in a synced folder. A reply to a campaign's message names its send, which travels to the team with it.
fn record_reply(tx: &Connection, message: Id, m: &ParsedMail, people: &[Match], at: i64, now: i64) -> AppResult<bool> {
    for answered in m.answered_ids() {
        let Some(outbox_id) = own_message(tx, answered)? else { continue };
        for p in people {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO mail_replies
                   (person_id, message_id, replied_to, outbox_id, send_id, occurred_at, created_at)
                 VALUES (?1, ?2, ?3, ?4, (SELECT id FROM campaign_sends WHERE outbox_id = ?4 AND person_id = ?1), ?5, ?6)",
            )?
            .execute(rusqlite::params![p.person_id, message, answered, outbox_id, at, now])?;
        }
        return Ok(true);
    }
    Ok(false)
}

/// `Some(outbox id or None)` when the Message-ID is one of the user's own messages.
fn own_message(tx: &Connection, message_id: &str) -> AppResult<Option<Option<Id>>> {
    let outbox: Option<Id> = tx
        .prepare_cached("SELECT id FROM outbox WHERE message_id IN (?1, '<' || ?1 || '>')")?
        .query_row([message_id], |r| r.get(0))
        .optional()?;
    if outbox.is_some() {
        return Ok(Some(outbox));
    }
    let sent: Option<Id> = tx
        .prepare_cached("SELECT id FROM mail_messages WHERE message_id = ?1 AND direction = 'outbound'")?
        .query_row([message_id], |r| r.get(0))
        .optional()?;
    Ok(sent.map(|_| None))
}

/// A reply to the `List-Unsubscribe` mailto of a bulk message (`mailto:<account>?subject=unsubscribe%20
/// <purpose>`): the subject, after any reply prefixes, is "unsubscribe" or "unsubscribe <purpose>". Also an
/// unsubscribe sent to an `unsubscribe@` address of the account's domain. `Some(None)` names no purpose.
pub fn unsubscribe_purpose(m: &ParsedMail, own_address: &str) -> Option<Option<String>> {
    let mut subject = m.subject.trim().to_string();
    while let Some((prefix, rest)) = subject.split_once(':') {
        if !["re", "aw", "sv", "antw", "fw", "fwd"].contains(&prefix.trim().to_lowercase().as_str()) {
            break;
        }
        subject = rest.trim().to_string();
    }
    let (word, purpose) = match subject.split_once(char::is_whitespace) {
        Some((w, p)) => (w.to_lowercase(), Some(p.trim().to_string()).filter(|p| !p.is_empty())),
        None => (subject.to_lowercase(), None),
    };
    if word == "unsubscribe" {
        return Some(purpose);
    }
    let own_domain = own_address.trim().to_lowercase().rsplit_once('@').map(|(_, d)| d.to_string());
    let to_unsubscribe = m.recipients.iter().any(|r| {
        r.address.rsplit_once('@').is_some_and(|(local, domain)| {
            local.split(['+', '-']).next() == Some("unsubscribe") && Some(domain) == own_domain.as_deref()
        })
    });
    to_unsubscribe.then_some(None)
}

/// The purpose of the bulk message this one answers, from the outbox.
fn answered_purpose(tx: &Connection, m: &ParsedMail) -> AppResult<Option<String>> {
    for id in m.answered_ids() {
        let purpose: Option<Option<String>> = tx
            .prepare_cached("SELECT purpose FROM outbox WHERE message_id IN (?1, '<' || ?1 || '>')")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        if let Some(Some(p)) = purpose {
            return Ok(Some(p));
        }
    }
    Ok(None)
}

/// The timeline activity the sender job already wrote for a message of the outbox, and its person.
fn outbox_activity(tx: &Connection, message_id: &str) -> AppResult<Option<(Id, Option<Id>)>> {
    Ok(tx
        .prepare_cached(
            "SELECT activity_id, person_id FROM outbox WHERE message_id IN (?1, '<' || ?1 || '>')
             AND activity_id IS NOT NULL",
        )?
        .query_row([message_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// A lead for an unknown sender, named by the From display name (or the address's local part). A sender
/// whose address or name the people rules refuse gets no lead (the message is stored all the same).
fn create_lead(tx: &Connection, sender: &MailAddr, now: i64) -> AppResult<Option<Match>> {
    let name = sender.name.clone().unwrap_or_else(|| sender.address.split('@').next().unwrap_or("").to_string());
    let (first, last) = match name.trim().rsplit_once(' ') {
        Some((f, l)) => (f.trim().to_string(), l.trim().to_string()),
        None => (name.trim().to_string(), String::new()),
    };
    let input = match people::normalize(PersonInput {
        first_name: clip(&first, NAME_MAX),
        last_name: clip(&last, NAME_MAX),
        emails: vec![LabeledValue { label: "work".into(), value: sender.address.clone() }],
        source: Some("email".into()),
        lifecycle: Lifecycle::Lead,
        lead_status: Some(LeadStatus::Open),
        ..PersonInput::default()
    }) {
        Ok(input) => input,
        Err(e) => {
            tracing::info!(code = ?e.code, "no lead for a sender the people rules refuse");
            return Ok(None);
        }
    };
    let person_id = people::save(tx, None, &input, now)?;
    Ok(Some(Match { person_id, company_id: None }))
}

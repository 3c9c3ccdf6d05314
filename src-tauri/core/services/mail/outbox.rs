//! The outbox: every message the app sends, queued in the caller's transaction with its bytes and Message-ID
//! fixed, and the state changes the sender makes: claim ('sending', committed before the SMTP transaction),
//! sent (only after the server accepted it, with the timeline activity), retry later, or failed for good.

use rusqlite::{params, Connection, OptionalExtension, Row};

pub use super::limits::{next_due, rate_limited_until};
use super::{accounts, message, reply};
use crate::clock::Millis;
use crate::domain::{
    ActivityInput, ActivityKind, AttachmentData, Direction, Id, MailAccount, OutboxEntry, OutboxStatus, OutgoingMail,
};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::Lang;
use crate::services::records::{enum_str, parse_enum, parse_opt_enum};
use crate::services::validate::{self as v, SUBJECT_MAX, TEXT_MAX};
use crate::services::{activities, documents, scoring};
use crate::store::Store;

/// A queued message of a paused campaign send: the sender leaves it alone until the campaign is resumed
/// (docs/campaigns.md). A message already in flight ('sending') is not held: it finishes.
pub(super) const HELD: &str = "(status = 'queued' AND id IN (SELECT s.outbox_id FROM campaign_pauses cp
    JOIN campaign_sends s ON s.campaign_id = cp.campaign_id WHERE s.outbox_id IS NOT NULL))";

const COLUMNS: &str = "id, account_id, message_id, person_id, to_address, subject, bulk, status, attempts, \
    next_attempt_at, last_error_code, last_error, queued_at, sent_at, activity_id, appended_at";

/// Queues one message in the caller's transaction: the whole message is built now, so what is sent later
/// (however often it is retried) is exactly these bytes.
pub fn queue(tx: &Connection, mail: OutgoingMail, now: Millis) -> AppResult<OutboxEntry> {
    queue_with(tx, mail, &Extras::default(), now)
}

/// What a message may carry beyond `OutgoingMail`: documents, and whether the account's signature is left
/// off (a template that places `sender.signature` itself).
#[derive(Debug, Default)]
pub struct Extras {
    pub attachments: Vec<AttachmentData>,
    pub no_signature: bool,
}

/// `queue` with documents attached (built into the queued bytes) and the signature optionally left off.
pub fn queue_with(tx: &Connection, mail: OutgoingMail, extras: &Extras, now: Millis) -> AppResult<OutboxEntry> {
    let account = accounts::load(tx, mail.account_id)?;
    let person = match mail.person_id {
        Some(id) => Some(recipient(tx, id)?),
        None => None,
    };
    let answered = mail.in_reply_to.as_deref().map(|id| reply::answered(tx, id)).transpose()?.unwrap_or_default();
    // A reply goes where the answered message asked for (Reply-To, else From), not to the first address.
    let given = mail.to.as_deref().map(str::trim).filter(|t| !t.is_empty()).or(answered.address.as_deref());
    let to = match (given, &person) {
        (Some(to), _) => v::email("to", to)?,
        (None, Some(p)) => p
            .email
            .clone()
            .ok_or_else(|| AppError::field(ErrorCode::Required, "to", "this person has no email address"))?,
        (None, None) => return Err(AppError::field(ErrorCode::Required, "to", "to is required")),
    };
    let subject = v::required("subject", &mail.subject, SUBJECT_MAX)?;
    let body = v::text("body", &mail.body, TEXT_MAX)?;
    let lang = mail.lang.as_deref().or(person.as_ref().and_then(|p| p.language.as_deref()));
    let lang = lang_code(Lang::from_tag(lang));
    let to_name = mail.to_name.clone().or_else(|| person.as_ref().map(|p| p.name.clone()));
    let purpose = v::optional("purpose", mail.purpose.as_deref(), 200)?;
    let attachments = documents::links::with_documents(tx, &extras.attachments, &mail.documents)?;
    let built = message::build(&message::Parts {
        account: &account,
        to: &to,
        to_name: to_name.as_deref(),
        subject: &subject,
        text: &body,
        html: mail.html.as_deref(),
        signature: if extras.no_signature { None } else { account.signature_for(lang) },
        bulk: mail.bulk,
        purpose: purpose.as_deref(),
        in_reply_to: mail.in_reply_to.as_deref(),
        thread_root: answered.thread_root.as_deref(),
        attachments: &attachments,
        now,
    })?;
    tx.execute(
        "INSERT INTO outbox (account_id, message_id, person_id, deal_id, to_address, subject, body, raw, bulk,
            purpose, status, next_attempt_at, queued_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'queued', ?11, ?11)",
        params![
            account.id,
            built.message_id,
            mail.person_id,
            mail.deal_id,
            to,
            subject,
            body,
            built.raw,
            mail.bulk,
            purpose,
            now
        ],
    )?;
    let id = tx.last_insert_rowid();
    documents::sends::log(tx, id, mail.person_id, mail.deal_id, &attachments, now)?;
    load(tx, id)
}

fn lang_code(l: Lang) -> &'static str {
    match l {
        Lang::En => "en",
        Lang::Nl => "nl",
        Lang::De => "de",
        Lang::Da => "da",
    }
}

struct Recipient {
    name: String,
    email: Option<String>,
    language: Option<String>,
}

fn recipient(conn: &Connection, id: Id) -> AppResult<Recipient> {
    let found = conn
        .prepare_cached(
            "SELECT trim(first_name || ' ' || last_name), language,
                (SELECT value FROM person_emails e WHERE e.person_id = p.id ORDER BY position LIMIT 1)
             FROM people p WHERE id = ?1 AND deleted_at IS NULL",
        )?
        .query_row([id], |r| Ok(Recipient { name: r.get(0)?, language: r.get(1)?, email: r.get(2)? }))
        .optional()?;
    found.ok_or_else(|| AppError::field(ErrorCode::NotFound, "person_id", format!("person {id} does not exist")))
}

/// `Store::write` around `queue`, for callers with nothing else to write.
pub fn queue_one(store: &Store, mail: OutgoingMail) -> AppResult<OutboxEntry> {
    let now = store.clock().now_ms();
    store.write(|tx| queue(tx, mail, now))
}

pub fn get(store: &Store, id: Id) -> AppResult<OutboxEntry> {
    store.read(|conn| load(conn, id))
}

pub fn by_message_id(store: &Store, message_id: &str) -> AppResult<Option<OutboxEntry>> {
    store.read(|conn| {
        let sql = format!("SELECT {COLUMNS} FROM outbox WHERE message_id = ?1");
        Ok(conn.prepare_cached(&sql)?.query_row([message_id], row).optional()?)
    })
}

/// The outbox, oldest first; `status` filters.
pub fn list(store: &Store, status: Option<OutboxStatus>) -> AppResult<Vec<OutboxEntry>> {
    store.read(|conn| {
        let sql = format!("SELECT {COLUMNS} FROM outbox WHERE ?1 IS NULL OR status = ?1 ORDER BY id");
        let rows = conn.prepare(&sql)?.query_map([status.map(|s| s.as_str())], row)?.collect::<Result<_, _>>()?;
        Ok(rows)
    })
}

/// One person's messages in the outbox, newest first (at most `limit`): what their page shows as queued,
/// sent or failed.
pub fn for_person(store: &Store, person_id: Id, limit: u32) -> AppResult<Vec<OutboxEntry>> {
    store.read(|conn| {
        let sql = format!("SELECT {COLUMNS} FROM outbox WHERE person_id = ?1 ORDER BY id DESC LIMIT ?2");
        let rows = conn
            .prepare_cached(&sql)?
            .query_map(rusqlite::params![person_id, limit], row)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    })
}

/// The raw message as queued (what the sender sends, and what IMAP appends to Sent).
pub fn raw(store: &Store, id: Id) -> AppResult<Vec<u8>> {
    store.read(|conn| Ok(conn.query_row("SELECT raw FROM outbox WHERE id = ?1", [id], |r| r.get(0))?))
}

pub(crate) fn load(conn: &Connection, id: Id) -> AppResult<OutboxEntry> {
    let sql = format!("SELECT {COLUMNS} FROM outbox WHERE id = ?1");
    conn.prepare_cached(&sql)?.query_row([id], row).optional()?.ok_or_else(|| AppError::not_found("outbox message", id))
}

fn row(r: &Row) -> rusqlite::Result<OutboxEntry> {
    Ok(OutboxEntry {
        id: r.get(0)?,
        account_id: r.get(1)?,
        message_id: r.get(2)?,
        person_id: r.get(3)?,
        to_address: r.get(4)?,
        subject: r.get(5)?,
        bulk: r.get(6)?,
        status: parse_enum::<OutboxStatus>(&r.get::<_, String>(7)?)?,
        attempts: r.get(8)?,
        next_attempt_at: r.get(9)?,
        last_error_code: parse_opt_enum::<ErrorCode>(r.get(10)?)?,
        last_error: r.get(11)?,
        queued_at: r.get(12)?,
        sent_at: r.get(13)?,
        activity_id: r.get(14)?,
        appended_at: r.get(15)?,
    })
}

/// A message the sender holds, with what it needs to send it.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: Id,
    pub account: MailAccount,
    pub message_id: String,
    pub to_address: String,
    pub raw: Vec<u8>,
    pub attempts: u32,
}

/// What the sender may do next.
#[derive(Debug)]
pub enum Next {
    /// This message is now 'sending' (committed): send it.
    Send(Box<Claimed>),
    /// Nothing is due now; the earliest instant something may be (a retry, or a rate limit's end).
    Wait(Option<Millis>),
}

/// Claims the next due message of an account that is neither skipped nor over its rate limit. A row left
/// 'sending' by a crash comes first (it is the one that was in flight); no other row is ever 'sending' here
/// because one sender runs per store (`sender::SenderLock`). Rate-limited rows are marked `RateLimited`.
pub fn claim(tx: &Connection, now: Millis, skip: &[Id]) -> AppResult<Next> {
    let mut earliest: Option<Millis> = None;
    let mut limited: Vec<Id> = Vec::new();
    loop {
        let candidate: Option<(Id, Id, Millis)> = tx
            .prepare_cached(&format!(
                "SELECT id, account_id, next_attempt_at FROM outbox
                 WHERE status IN ('sending', 'queued') AND account_id NOT IN (SELECT value FROM json_each(?1))
                    AND NOT {HELD}
                 ORDER BY status = 'sending' DESC, next_attempt_at, id LIMIT 1"
            ))?
            .query_row([serde_json::to_string(&[skip, &limited].concat())?], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let Some((id, account_id, due)) = candidate else { return Ok(Next::Wait(earliest)) };
        let account = accounts::load(tx, account_id)?;
        if let Some(until) = rate_limited_until(tx, &account, now)? {
            tx.execute(
                &format!(
                    "UPDATE outbox SET status = 'queued', last_error_code = 'rate_limited', last_error = ?2
                     WHERE account_id = ?1 AND status IN ('queued', 'sending') AND id = (SELECT min(id) FROM outbox
                        WHERE account_id = ?1 AND status IN ('queued', 'sending') AND NOT {HELD})"
                ),
                params![account_id, "the account's sending limit is reached; waiting"],
            )?;
            earliest = Some(earliest.map_or(until, |e| e.min(until)));
            limited.push(account_id);
            continue;
        }
        if due > now {
            // The soonest due row of this order is not due: among the others (other accounts) none is either,
            // unless a 'sending' leftover sorted first, which is always due.
            earliest = Some(earliest.map_or(due, |e| e.min(due)));
            return Ok(Next::Wait(earliest));
        }
        tx.execute("UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ?1", [id])?;
        let (message_id, to_address, raw, attempts) =
            tx.query_row("SELECT message_id, to_address, raw, attempts FROM outbox WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
        return Ok(Next::Send(Box::new(Claimed { id, account, message_id, to_address, raw, attempts })));
    }
}

/// The server accepted the message: sent, and logged on the recipient's timeline.
pub fn mark_sent(tx: &Connection, id: Id, now: Millis) -> AppResult<OutboxEntry> {
    let (person_id, deal_id, subject, body): (Option<Id>, Option<Id>, String, String) =
        tx.query_row("SELECT o.person_id, o.deal_id, o.subject, o.body FROM outbox o WHERE o.id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
    let live_person = match person_id {
        Some(p) => tx
            .query_row("SELECT id FROM people WHERE id = ?1 AND deleted_at IS NULL", [p], |r| r.get::<_, Id>(0))
            .optional()?,
        None => None,
    };
    let activity_id = match live_person {
        Some(pid) => {
            let input = ActivityInput {
                kind: ActivityKind::Email,
                direction: Some(Direction::Outbound),
                subject,
                body: (!body.is_empty()).then_some(body),
                occurred_at: Some(now),
                duration_secs: None,
                person_id: Some(pid),
                company_id: None,
                deal_id,
            };
            let aid = activities::save(tx, None, &input, now)?;
            scoring::rescore_person(tx, pid, now)?;
            Some(aid)
        }
        None => None,
    };
    tx.execute(
        "UPDATE outbox SET status = 'sent', sent_at = ?2, activity_id = ?3, last_error_code = NULL, last_error = NULL
         WHERE id = ?1",
        params![id, now, activity_id],
    )?;
    load(tx, id)
}

/// A temporary failure: back to 'queued' for another try at `retry_at`.
pub fn mark_retry(tx: &Connection, id: Id, error: &AppError, retry_at: Millis) -> AppResult<OutboxEntry> {
    tx.execute(
        "UPDATE outbox SET status = 'queued', next_attempt_at = ?2, last_error_code = ?3, last_error = ?4 WHERE id = ?1",
        params![id, retry_at, enum_str(&error.code), error.message],
    )?;
    load(tx, id)
}

/// A permanent failure (an SMTP 5xx): never tried again; the server's text is kept on the message.
pub fn mark_failed(tx: &Connection, id: Id, error: &AppError) -> AppResult<OutboxEntry> {
    tx.execute(
        "UPDATE outbox SET status = 'failed', last_error_code = ?2, last_error = ?3 WHERE id = ?1",
        params![id, enum_str(&error.code), error.message],
    )?;
    load(tx, id)
}

/// Puts an account's waiting messages back to `until` at the earliest (its server is not reachable now),
/// without counting an attempt for them.
pub fn defer_account(tx: &Connection, account_id: Id, until: Millis) -> AppResult<()> {
    tx.execute(
        "UPDATE outbox SET next_attempt_at = ?2 WHERE account_id = ?1 AND status = 'queued' AND next_attempt_at < ?2",
        params![account_id, until],
    )?;
    Ok(())
}

/// How many messages are held back by paused campaign sends.
pub fn held(store: &Store) -> AppResult<i64> {
    store.read(|conn| Ok(conn.query_row(&format!("SELECT count(*) FROM outbox WHERE {HELD}"), [], |r| r.get(0))?))
}

/// How many messages wait (queued or sending), held ones included.
pub fn waiting(store: &Store) -> AppResult<i64> {
    store.read(|conn| {
        Ok(conn.query_row("SELECT count(*) FROM outbox WHERE status IN ('queued', 'sending')", [], |r| r.get(0))?)
    })
}

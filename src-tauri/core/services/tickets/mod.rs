//! Service desk tickets: opening, replies and internal notes (each also an activity on the requester's
//! timeline), customer messages, status changes, assignments and satisfaction ratings. Every change is an
//! event with its own time, which may lie in the past (an imported history); the ticket row keeps the
//! status and assignee as of its latest events, and the SLA state is computed from the events: on read for
//! one ticket, and kept per ticket for the list and the figures (`sla_cache`, written again with every event).

pub mod alerts;
pub mod email;
pub mod metrics;
mod metrics_sql;
mod read;
mod search;
pub mod sla_cache;

use rusqlite::Connection;

use super::records::{self, enum_str};
use super::validate::{self as v, NAME_MAX, SUBJECT_MAX, TEXT_MAX};
use super::{activities, scoring};
use crate::clock::Millis;
use crate::domain::{
    ActivityInput, ActivityKind, Direction, Entity, Id, Ticket, TicketChannel, TicketDetail, TicketEventKind,
    TicketInput, TicketMessage, TicketPriority, TicketStatus, TicketType, TicketsQuery,
};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::Store;

pub use read::{number, resolve};

/// The id of a ticket given by id or number (`T-000123`).
pub fn find(store: &Store, reference: &str) -> AppResult<Id> {
    store.read(|conn| resolve(conn, reference))
}

/// Opens a ticket for a person (and so their company) and returns it.
pub fn create(store: &Store, input: TicketInput) -> AppResult<TicketDetail> {
    let now = store.clock().now_ms();
    let subject = v::required("subject", &input.subject, SUBJECT_MAX)?;
    let description = v::optional("description", input.description.as_deref(), TEXT_MAX)?;
    let assignee = v::optional("assignee", input.assignee.as_deref(), NAME_MAX)?;
    let tags = v::tags("tags", &input.tags)?;
    let at = input.at.unwrap_or(now);
    if at > now {
        return Err(AppError::field(ErrorCode::OutOfRange, "at", "a ticket cannot be opened in the future"));
    }
    store.write(|tx| {
        let id = insert(tx, &input, (&subject, description.as_deref(), assignee.as_deref(), &tags), now)?;
        read::load(tx, id, now)
    })
}

/// Inserts a checked ticket with its created (and assign) event inside the caller's transaction.
pub(crate) fn insert(
    tx: &Connection,
    input: &TicketInput,
    (subject, description, assignee, tags): (&str, Option<&str>, Option<&str>, &[String]),
    now: Millis,
) -> AppResult<Id> {
    let at = input.at.unwrap_or(now);
    {
        records::require_live(tx, Entity::Person, input.person_id)?;
        records::check_link(tx, Entity::Deal, "deal_id", input.deal_id)?;
        let id: Id = tx
            .prepare_cached(
                "INSERT INTO tickets (number, subject, description, person_id, company_id, status, priority, type,
                 channel, assignee, tags, deal_id, opened_at, created_at, updated_at)
                 VALUES ((SELECT COALESCE(MAX(number), 0) + 1 FROM tickets), ?1, ?2, ?3,
                 (SELECT company_id FROM people WHERE id = ?3), 'new', ?4, ?5, ?6, NULL, ?7, ?8, ?9, ?10, ?10)
                 RETURNING id",
            )?
            .query_row(
                rusqlite::params![
                    subject,
                    description,
                    input.person_id,
                    enum_str(&input.priority.unwrap_or(TicketPriority::Normal)),
                    enum_str(&input.kind.unwrap_or(TicketType::Question)),
                    enum_str(&input.channel.unwrap_or(TicketChannel::Email)),
                    serde_json::to_string(tags)?,
                    input.deal_id,
                    at,
                    now,
                ],
                |r| r.get(0),
            )?;
        let created = Event { kind: TicketEventKind::Created, at, body: description, ..Event::default() };
        add_event(tx, id, &created, now)?;
        if assignee.is_some() {
            add_event(tx, id, &Event { kind: TicketEventKind::Assign, at, assignee, ..Event::default() }, now)?;
        }
        sla_cache::refresh(tx, &[id])?;
        Ok(id)
    }
}

pub fn get(store: &Store, id: Id) -> AppResult<TicketDetail> {
    let now = store.clock().now_ms();
    store.read(|conn| read::load(conn, id, now))
}

pub fn list(store: &Store, q: &TicketsQuery) -> AppResult<Vec<Ticket>> {
    sla_cache::ensure(store)?;
    let now = store.clock().now_ms();
    store.read(|conn| read::list(conn, q, now))
}

/// A public reply by an agent, or an internal note (`internal`). Both go on the requester's timeline.
pub fn reply(store: &Store, id: Id, m: TicketMessage) -> AppResult<TicketDetail> {
    let kind = if m.internal { TicketEventKind::Note } else { TicketEventKind::Reply };
    message(store, id, m, kind)
}

/// A message from the customer (an answer by email, a call); it reopens a pending or solved ticket.
pub fn customer_reply(store: &Store, id: Id, m: TicketMessage) -> AppResult<TicketDetail> {
    message(store, id, m, TicketEventKind::CustomerReply)
}

fn message(store: &Store, id: Id, m: TicketMessage, kind: TicketEventKind) -> AppResult<TicketDetail> {
    let now = store.clock().now_ms();
    let (body, author) = validate_message(&m)?;
    store.write(|tx| {
        let at = check_time(tx, id, m.at, now)?;
        record_message(tx, id, kind, &body, author.as_deref(), at, now)?;
        read::load(tx, id, now)
    })
}

/// The checked body and author of a message.
fn validate_message(m: &TicketMessage) -> AppResult<(String, Option<String>)> {
    let body = v::required("body", &m.body, TEXT_MAX)?;
    let author = v::optional("author", m.author.as_deref(), NAME_MAX)?;
    Ok((body, author))
}

/// Records a reply, note or customer message with its timeline activity, inside the caller's transaction.
/// A customer message reopens a ticket that is pending or solved at that time.
pub(crate) fn record_message(
    tx: &Connection,
    id: Id,
    kind: TicketEventKind,
    body: &str,
    author: Option<&str>,
    at: Millis,
    now: Millis,
) -> AppResult<Id> {
    let (n, subject, person_id, deal_id, channel): (i64, String, Id, Option<Id>, String) = tx
        .prepare_cached("SELECT number, subject, person_id, deal_id, channel FROM tickets WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
    let channel: TicketChannel = records::parse_enum(&channel)?;
    let (activity_kind, direction) = match kind {
        TicketEventKind::Note => (ActivityKind::Note, None),
        TicketEventKind::CustomerReply => (activity_kind(channel), Some(Direction::Inbound)),
        _ => (activity_kind(channel), Some(Direction::Outbound)),
    };
    let person_live = records::is_live(tx, Entity::Person, person_id)?;
    let activity_id = if person_live {
        let input = ActivityInput {
            kind: activity_kind,
            direction,
            subject: format!("[{}] {subject}", number(n)),
            body: Some(body.to_owned()),
            occurred_at: Some(at),
            duration_secs: None,
            person_id: Some(person_id),
            company_id: None,
            deal_id: deal_id.filter(|d| records::is_live(tx, Entity::Deal, *d).unwrap_or(false)),
        };
        let aid = activities::save(tx, None, &input, now)?;
        scoring::rescore_person(tx, person_id, now)?;
        Some(aid)
    } else {
        None
    };
    let event = Event { kind, at, author, body: Some(body), activity_id, ..Event::default() };
    let eid = add_event(tx, id, &event, now)?;
    if kind == TicketEventKind::CustomerReply
        && matches!(read::status_at(tx, id, at)?, TicketStatus::Pending | TicketStatus::Solved)
    {
        add_event(
            tx,
            id,
            &Event { kind: TicketEventKind::Status, at, status: Some(TicketStatus::Open), ..Event::default() },
            now,
        )?;
    }
    sla_cache::refresh(tx, &[id])?;
    Ok(eid)
}

/// The timeline kind of a public message on a channel.
fn activity_kind(channel: TicketChannel) -> ActivityKind {
    match channel {
        TicketChannel::Email => ActivityKind::Email,
        TicketChannel::Phone => ActivityKind::Call,
        TicketChannel::Chat | TicketChannel::Social => ActivityKind::Chat,
        TicketChannel::Visit => ActivityKind::Visit,
        TicketChannel::Web => ActivityKind::Note,
    }
}

pub fn set_status(store: &Store, id: Id, status: TicketStatus, at: Option<Millis>) -> AppResult<TicketDetail> {
    if status == TicketStatus::New {
        return Err(AppError::field(ErrorCode::InvalidValue, "status", "a ticket cannot become new again"));
    }
    let now = store.clock().now_ms();
    store.write(|tx| {
        let at = check_time(tx, id, at, now)?;
        add_event(tx, id, &Event { kind: TicketEventKind::Status, at, status: Some(status), ..Event::default() }, now)?;
        sla_cache::refresh(tx, &[id])?;
        read::load(tx, id, now)
    })
}

/// Assigns the ticket to an agent (None or blank: unassigned).
pub fn assign(store: &Store, id: Id, assignee: Option<&str>, at: Option<Millis>) -> AppResult<TicketDetail> {
    let assignee = v::optional("assignee", assignee, NAME_MAX)?;
    let now = store.clock().now_ms();
    store.write(|tx| {
        let at = check_time(tx, id, at, now)?;
        let e = Event { kind: TicketEventKind::Assign, at, assignee: assignee.as_deref(), ..Event::default() };
        add_event(tx, id, &e, now)?;
        sla_cache::refresh(tx, &[id])?;
        read::load(tx, id, now)
    })
}

/// `assign` inside the caller's transaction, at `now` (an automation rule's `set_owner`).
pub(crate) fn assign_in(tx: &Connection, id: Id, assignee: Option<&str>, now: Millis) -> AppResult<()> {
    let assignee = v::optional("assignee", assignee, NAME_MAX)?;
    let e = Event { kind: TicketEventKind::Assign, at: now, assignee: assignee.as_deref(), ..Event::default() };
    add_event(tx, id, &e, now)?;
    sla_cache::refresh(tx, &[id])
}

/// Changes the priority. The SLA targets follow at once: the state is computed from the current priority.
pub fn set_priority(store: &Store, id: Id, priority: TicketPriority) -> AppResult<TicketDetail> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        let n = tx
            .prepare_cached("UPDATE tickets SET priority = ?2, updated_at = ?3 WHERE id = ?1")?
            .execute(rusqlite::params![id, enum_str(&priority), now])?;
        if n == 0 {
            return Err(AppError::new(ErrorCode::NotFound, format!("no ticket {id}")));
        }
        sla_cache::refresh(tx, &[id])?;
        read::load(tx, id, now)
    })
}

/// Records the customer's satisfaction (1-5, with an optional comment) on a solved or closed ticket.
pub fn rate(store: &Store, id: Id, rating: i32, comment: Option<&str>) -> AppResult<TicketDetail> {
    v::range("rating", rating.into(), 1, 5)?;
    let comment = v::optional("comment", comment, TEXT_MAX)?;
    let now = store.clock().now_ms();
    store.write(|tx| {
        check_time(tx, id, None, now)?;
        if !matches!(read::status_at(tx, id, now)?, TicketStatus::Solved | TicketStatus::Closed) {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                "rating",
                "only a solved or closed ticket can be rated",
            ));
        }
        let e = Event {
            kind: TicketEventKind::Rating,
            at: now,
            rating: Some(rating),
            body: comment.as_deref(),
            ..Event::default()
        };
        add_event(tx, id, &e, now)?;
        sla_cache::refresh(tx, &[id])?;
        read::load(tx, id, now)
    })
}

/// The time of a new event: now by default; never in the future, nor before the ticket was opened.
fn check_time(tx: &Connection, id: Id, at: Option<Millis>, now: Millis) -> AppResult<Millis> {
    let opened: Option<Millis> = rusqlite::OptionalExtension::optional(
        tx.prepare_cached("SELECT opened_at FROM tickets WHERE id = ?1")?.query_row([id], |r| r.get(0)),
    )?;
    let opened = opened.ok_or_else(|| AppError::new(ErrorCode::NotFound, format!("no ticket {id}")))?;
    let at = at.unwrap_or(now);
    if at > now || at < opened {
        return Err(AppError::field(
            ErrorCode::OutOfRange,
            "at",
            "an event's time must lie between the ticket's opening and now",
        ));
    }
    Ok(at)
}

#[derive(Default)]
struct Event<'a> {
    kind: TicketEventKind,
    at: Millis,
    author: Option<&'a str>,
    status: Option<TicketStatus>,
    body: Option<&'a str>,
    assignee: Option<&'a str>,
    rating: Option<i32>,
    activity_id: Option<Id>,
}

/// Appends an event and brings the ticket's status and assignee up to date with its latest events by time.
fn add_event(tx: &Connection, id: Id, e: &Event, now: Millis) -> AppResult<Id> {
    let eid = tx
        .prepare_cached(
            "INSERT INTO ticket_events (ticket_id, kind, at, author, status, body, assignee, rating, activity_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
        )?
        .query_row(
            rusqlite::params![
                id,
                enum_str(&e.kind),
                e.at,
                e.author,
                e.status.map(|s| enum_str(&s)),
                e.body,
                e.assignee,
                e.rating,
                e.activity_id,
                now
            ],
            |r| r.get(0),
        )?;
    tx.prepare_cached(
        "UPDATE tickets SET updated_at = ?2,
         status = COALESCE((SELECT status FROM ticket_events WHERE ticket_id = ?1 AND kind = 'status'
                            ORDER BY at DESC, id DESC LIMIT 1), 'new'),
         assignee = (SELECT assignee FROM ticket_events WHERE ticket_id = ?1 AND kind = 'assign'
                     ORDER BY at DESC, id DESC LIMIT 1)
         WHERE id = ?1",
    )?
    .execute(rusqlite::params![id, now])?;
    Ok(eid)
}

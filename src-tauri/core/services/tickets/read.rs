//! Loading tickets with their events and their SLA state: computed from the events for one ticket, and
//! derived from each ticket's kept snapshot of its clocks (`sla_cache`) for the list and the figures.

use std::collections::HashMap;

use rusqlite::{Connection, Row};

use super::super::records::{self, parse_enum, parse_opt_enum};
use super::super::sla::{calendar::BusinessCalendar, clock, Rules, TicketFacts};
use super::super::tags;
use super::sla_cache;
use crate::clock::Millis;
use crate::domain::{
    Entity, Id, PolicyDef, Ticket, TicketDetail, TicketEvent, TicketEventKind, TicketStatus, TicketsQuery,
};
use crate::error::{AppError, AppResult, ErrorCode};

macro_rules! columns {
    ($description:literal, $company:literal, $($person:tt)+) => {
        concat!(
            "t.id, t.number, t.subject, ",
            $description,
            ", t.person_id, ",
            $($person)+,
            ", ",
            $company,
            ", t.status, t.priority, t.type, t.channel, t.assignee, t.tags, t.deal_id, t.opened_at, ",
            "t.created_at, t.updated_at"
        )
    };
}
const COLUMNS: &str = columns!("t.description", "c.id, c.name", crate::person_display_name!("p"));
const FROM: &str = "tickets t LEFT JOIN people p ON p.id = t.person_id AND p.deleted_at IS NULL
    LEFT JOIN companies c ON c.id = t.company_id AND c.deleted_at IS NULL";
/// For the scans over many tickets, which need no description and no names: reading the requester's row
/// of each of tens of thousands of tickets is most of such a scan's time otherwise. The company is read
/// only when a policy looks at its tags (`LEAN_WITH_COMPANY`).
pub(super) const LEAN: (&str, &str) = (columns!("NULL", "NULL, NULL", "NULL"), "tickets t");
pub(super) const LEAN_WITH_COMPANY: (&str, &str) = (
    columns!("NULL", "c.id, NULL", "NULL"),
    "tickets t LEFT JOIN companies c ON c.id = t.company_id AND c.deleted_at IS NULL",
);
/// The tickets a scan reads: open now, or opened, answered or resolved in `[?1, ?2)`. Three index searches
/// rather than one OR over every ticket.
pub(super) const SCAN_IDS: &str = "SELECT id FROM tickets WHERE status IN ('new', 'open', 'pending', 'on_hold')
    UNION SELECT id FROM tickets WHERE opened_at >= ?1 AND opened_at < ?2
    UNION SELECT ticket_id FROM ticket_events WHERE at >= ?1 AND at < ?2 AND kind IN ('reply', 'status')";
const EVENT_COLUMNS: &str = "id, kind, at, author, status, body, assignee, rating, activity_id";
/// What the SLA clocks and the figures read of an event: all in the `ticket_events_ticket` index.
const LEAN_EVENT_COLUMNS: &str = "id, kind, at, NULL, status, NULL, assignee, rating, NULL";
/// What a ticket's SLA snapshot is made of: the lean columns and a rating's comment.
pub(super) const SNAPSHOT_EVENT_COLUMNS: &str =
    "id, kind, at, NULL, status, CASE WHEN kind = 'rating' THEN body END, assignee, rating, NULL";

/// The readable number of a ticket.
pub fn number(n: i64) -> String {
    format!("T-{n:06}")
}

/// A ticket's id from its id (`123`) or its number (`T-000123`, case-insensitive).
pub fn resolve(conn: &Connection, reference: &str) -> AppResult<Id> {
    let r = reference.trim();
    let not_found = || AppError::new(ErrorCode::NotFound, format!("no ticket {r}"));
    let (sql, n) = match r.get(..2).filter(|p| p.eq_ignore_ascii_case("T-")) {
        Some(_) => ("SELECT id FROM tickets WHERE number = ?1", &r[2..]),
        None => ("SELECT id FROM tickets WHERE id = ?1", r),
    };
    let n: i64 = n.parse().map_err(|_| not_found())?;
    let id = conn.prepare_cached(sql)?.query_row([n], |r| r.get(0));
    rusqlite::OptionalExtension::optional(id)?.ok_or_else(not_found)
}

pub(super) fn from_row(r: &Row) -> rusqlite::Result<Ticket> {
    Ok(Ticket {
        id: r.get(0)?,
        number: number(r.get(1)?),
        subject: r.get(2)?,
        description: r.get(3)?,
        person_id: r.get(4)?,
        person_name: r.get(5)?,
        company_id: r.get(6)?,
        company_name: r.get(7)?,
        status: parse_enum(&r.get::<_, String>(8)?)?,
        priority: parse_enum(&r.get::<_, String>(9)?)?,
        kind: parse_enum(&r.get::<_, String>(10)?)?,
        channel: parse_enum(&r.get::<_, String>(11)?)?,
        assignee: r.get(12)?,
        tags: records::json_col(&r.get::<_, String>(13)?)?,
        deal_id: r.get(14)?,
        opened_at: r.get(15)?,
        satisfaction: None,
        satisfaction_comment: None,
        created_at: r.get(16)?,
        updated_at: r.get(17)?,
        sla: Default::default(),
    })
}

fn event_row(r: &Row) -> rusqlite::Result<TicketEvent> {
    event_at(r, 0)
}

/// An event whose columns start at `o`.
fn event_at(r: &Row, o: usize) -> rusqlite::Result<TicketEvent> {
    Ok(TicketEvent {
        id: r.get(o)?,
        kind: parse_enum(&r.get::<_, String>(o + 1)?)?,
        at: r.get(o + 2)?,
        author: r.get(o + 3)?,
        status: parse_opt_enum(r.get(o + 4)?)?,
        body: r.get(o + 5)?,
        assignee: r.get(o + 6)?,
        rating: r.get(o + 7)?,
        activity_id: r.get(o + 8)?,
    })
}

/// A ticket's events, oldest first (ties in the order they were recorded).
pub fn events(conn: &Connection, id: Id) -> AppResult<Vec<TicketEvent>> {
    let sql = format!("SELECT {EVENT_COLUMNS} FROM ticket_events WHERE ticket_id = ?1 ORDER BY at, id");
    let rows = conn.prepare_cached(&sql)?.query_map([id], event_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The policy (with its calendar) that applies to a ticket.
pub(super) fn policy_of<'r>(conn: &Connection, rules: &'r Rules, t: &Ticket) -> AppResult<Option<Applied<'r>>> {
    // One query per ticket otherwise: a list page of 500 would read 500 companies' tags for nothing.
    let company_tags: Vec<String> = match t.company_id.filter(|_| rules.reads_company_tags()) {
        Some(cid) => tags::load(conn, Entity::Company, cid)?.iter().map(|s| s.to_lowercase()).collect(),
        None => Vec::new(),
    };
    let facts = TicketFacts { priority: t.priority, kind: t.kind, channel: t.channel, company_tags: &company_tags };
    Ok(rules.pick(&facts))
}

pub(super) type Applied<'r> = (&'r PolicyDef, &'r BusinessCalendar);

/// Fills in what is computed from the events: the SLA state and the satisfaction rating.
fn complete(conn: &Connection, rules: &Rules, t: &mut Ticket, events: &[TicketEvent], now: Millis) -> AppResult<()> {
    let policy = policy_of(conn, rules, t)?;
    complete_with(policy, t, events, now);
    Ok(())
}

pub(super) fn complete_with(policy: Option<Applied>, t: &mut Ticket, events: &[TicketEvent], now: Millis) {
    t.sla = clock::compute(policy, t.priority, t.opened_at, events, now, clock::WARNING_MINUTES);
    (t.satisfaction, t.satisfaction_comment) = rating(events);
}

/// The latest satisfaction rating and its comment.
pub(super) fn rating(events: &[TicketEvent]) -> (Option<i32>, Option<String>) {
    events.iter().rev().find(|e| e.kind == TicketEventKind::Rating).map_or((None, None), |r| (r.rating, r.body.clone()))
}

/// Every ticket open now and, with a `period` `[from, end)`, every ticket opened, answered or resolved in it
/// (of one assignee, if given), complete with its SLA state, passed to `f` with its events and the policy that
/// applies. A ticket closed before the period with no reply or status change in it is not read.
pub(super) fn scan(
    conn: &Connection,
    period: Option<(Millis, Millis)>,
    assignee: Option<&str>,
    now: Millis,
    mut f: impl FnMut(&Ticket, &[TicketEvent], Option<Applied>),
) -> AppResult<()> {
    let rules = Rules::load(conn)?;
    let (columns, from_clause) = if rules.reads_company_tags() { LEAN_WITH_COMPANY } else { LEAN };
    let sql =
        format!("SELECT {columns} FROM {from_clause} WHERE t.id IN ({SCAN_IDS}) AND (?3 IS NULL OR t.assignee = ?3)");
    let (from, end) = period.unwrap_or((0, 0));
    let tickets: Vec<Ticket> = conn
        .prepare(&sql)?
        .query_map(rusqlite::params![from, end, assignee], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let mut events = events_of(conn, &tickets, LEAN_EVENT_COLUMNS)?;
    for mut t in tickets {
        let evs = events.remove(&t.id).unwrap_or_default();
        let policy = policy_of(conn, &rules, &t)?;
        complete_with(policy, &mut t, &evs, now);
        f(&t, &evs, policy);
    }
    Ok(())
}

pub fn load(conn: &Connection, id: Id, now: Millis) -> AppResult<TicketDetail> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE t.id = ?1");
    let row = conn.prepare_cached(&sql)?.query_row([id], from_row);
    let mut ticket = rusqlite::OptionalExtension::optional(row)?
        .ok_or_else(|| AppError::new(ErrorCode::NotFound, format!("no ticket {id}")))?;
    let events = events(conn, id)?;
    complete(conn, &Rules::load(conn)?, &mut ticket, &events, now)?;
    Ok(TicketDetail { ticket, events })
}

/// How many open tickets the breaching filter reads at a time.
const BREACHING_CHUNK: usize = 1000;

/// Newest first, after the ticket `q.after` (keyset paging: the id of the previous page's last ticket).
/// With `breaching`, only open tickets whose SLA is breached or breaching soon: the kept snapshots find the
/// candidates by index (`attention_at`), read a chunk at a time, newest first, until the page is full.
pub fn list(conn: &Connection, q: &TicketsQuery, now: Millis) -> AppResult<Vec<Ticket>> {
    let rules = Rules::load(conn)?;
    let cached = sla_cache::current(conn, &rules)?;
    let mut sql = format!("SELECT {COLUMNS}, {} FROM {FROM} {} WHERE 1 = 1", sla_cache::COLUMNS, sla_cache::JOIN);
    let mut params: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(s) = q.status {
        sql.push_str(" AND t.status = ?");
        params.push(records::enum_str(&s).into());
    }
    if q.breaching {
        sql.push_str(" AND t.status NOT IN ('solved', 'closed')");
        if cached {
            sql.push_str(" AND (s.ticket_id IS NULL OR s.attention_at <= ?)");
            params.push(now.into());
        }
    }
    if let Some(p) = q.person_id {
        sql.push_str(" AND t.person_id = ?");
        params.push(p.into());
    }
    if let Some(a) = &q.assignee {
        sql.push_str(" AND t.assignee = ?");
        params.push(a.clone().into());
    }
    if let Some(after) = q.after {
        let exists = conn.prepare_cached("SELECT 1 FROM tickets WHERE id = ?1")?.exists([after])?;
        if !exists {
            return Err(AppError::field(ErrorCode::NotFound, "after", format!("no ticket {after}")));
        }
        sql.push_str(" AND (t.opened_at, t.id) < (SELECT opened_at, id FROM tickets WHERE id = ?)");
        params.push(after.into());
    }
    if let Some(text) = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        super::search::condition(conn, text, &mut sql, &mut params)?;
    }
    sql.push_str(" ORDER BY t.opened_at DESC, t.id DESC");
    let page = |sql: &str| -> AppResult<Vec<Ticket>> {
        let rows = conn
            .prepare(sql)?
            .query_map(rusqlite::params_from_iter(params.iter()), |r| Ok((from_row(r)?, sla_cache::cached_at(r, 18)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(sla_cache::complete_rows(conn, &rules, cached, rows, now)?.into_iter().map(|(t, _)| t).collect())
    };
    if !q.breaching {
        return page(&match q.limit {
            Some(l) => format!("{sql} LIMIT {l}"),
            None => sql,
        });
    }
    let limit = q.limit.map_or(usize::MAX, |l| l as usize);
    let mut out = Vec::new();
    for offset in (0..).step_by(BREACHING_CHUNK) {
        let chunk = page(&format!("{sql} LIMIT {BREACHING_CHUNK} OFFSET {offset}"))?;
        let last = chunk.len() < BREACHING_CHUNK;
        out.extend(chunk.into_iter().filter(|t| t.sla.breaching_soon || t.sla.breached));
        if last || out.len() >= limit {
            break;
        }
    }
    out.truncate(limit);
    Ok(out)
}

/// The events of `tickets`, by ticket, oldest first; `columns` is `EVENT_COLUMNS` or `LEAN_EVENT_COLUMNS`.
pub(super) fn events_of(
    conn: &Connection,
    tickets: &[Ticket],
    columns: &str,
) -> AppResult<HashMap<Id, Vec<TicketEvent>>> {
    let ids = serde_json::to_string(&tickets.iter().map(|t| t.id).collect::<Vec<_>>())?;
    let sql = format!(
        "SELECT ticket_id, {columns} FROM ticket_events WHERE ticket_id IN (SELECT value FROM json_each(?1))
         ORDER BY ticket_id, at, id"
    );
    let mut out: HashMap<Id, Vec<TicketEvent>> = HashMap::new();
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([ids])?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().push(event_at(r, 1)?);
    }
    Ok(out)
}

/// The status as of `at` (the latest status event not after it; `new` without one).
pub fn status_at(conn: &Connection, id: Id, at: Millis) -> AppResult<TicketStatus> {
    let s: Option<String> = rusqlite::OptionalExtension::optional(
        conn.prepare_cached(
            "SELECT status FROM ticket_events WHERE ticket_id = ?1 AND kind = 'status' AND at <= ?2
             ORDER BY at DESC, id DESC LIMIT 1",
        )?
        .query_row(rusqlite::params![id, at], |r| r.get(0)),
    )?;
    Ok(s.map(|s| parse_enum(&s)).transpose()?.unwrap_or(TicketStatus::New))
}

//! Business-hours calendars and SLA policies (their JSON definitions, validated and stored), and the rules
//! that pick a ticket's policy. The clocks themselves are in `clock`, the calendar arithmetic in `calendar`.

pub mod calendar;
pub mod clock;
pub mod holidays;
pub mod ics;
mod index;
pub mod manage;
mod recurrence;
pub mod snapshot;

use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension};

use super::records;
use super::validate::{self as v, NAME_MAX};
use crate::domain::{Calendar, CalendarDef, Policy, PolicyDef, TicketChannel, TicketPriority, TicketType};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::Store;
use calendar::BusinessCalendar;

fn key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Adds a calendar, or replaces the definition of the one with the same name (case-insensitive).
pub fn add_calendar(store: &Store, mut def: CalendarDef) -> AppResult<Calendar> {
    def.name = v::required("name", &def.name, NAME_MAX)?;
    BusinessCalendar::compile(&def)?;
    let now = store.clock().now_ms();
    let json = serde_json::to_string(&def)?;
    store.write(|tx| {
        let id: i64 = tx
            .prepare_cached(
                "INSERT INTO sla_calendars (name, name_key, definition, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)
                 ON CONFLICT (name_key) DO UPDATE SET name = ?1, definition = ?3, updated_at = ?4 RETURNING id",
            )?
            .query_row(rusqlite::params![def.name, key(&def.name), json, now], |r| r.get(0))?;
        Ok(Calendar { id, def: def.clone() })
    })
}

pub fn list_calendars(store: &Store) -> AppResult<Vec<Calendar>> {
    store.read(|conn| {
        let mut stmt = conn.prepare_cached("SELECT id, definition FROM sla_calendars ORDER BY name_key")?;
        let rows =
            stmt.query_map([], |r| Ok(Calendar { id: r.get(0)?, def: records::json_col(&r.get::<_, String>(1)?)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

fn no_calendar(name: &str) -> AppError {
    AppError::field(ErrorCode::NotFound, "calendar", format!("no calendar named {name:?}"))
}

fn calendar_named(conn: &Connection, name: &str) -> AppResult<Option<CalendarDef>> {
    let json: Option<String> = conn
        .prepare_cached("SELECT definition FROM sla_calendars WHERE name_key = ?1")?
        .query_row([key(name)], |r| r.get(0))
        .optional()?;
    Ok(json.map(|j| records::json_col(&j)).transpose()?)
}

/// Adds a policy at the end of the order, or replaces the definition of the one with the same name (which
/// keeps its place). Its calendar must exist.
pub fn add_policy(store: &Store, mut def: PolicyDef) -> AppResult<Policy> {
    def.name = v::required("name", &def.name, NAME_MAX)?;
    let now = store.clock().now_ms();
    let json = serde_json::to_string(&def)?;
    store.write(|tx| {
        if calendar_named(tx, &def.calendar)?.is_none() {
            return Err(no_calendar(&def.calendar));
        }
        let (id, position) = tx
            .prepare_cached(
                "INSERT INTO sla_policies (name, name_key, position, definition, created_at, updated_at)
                 VALUES (?1, ?2, (SELECT COALESCE(MAX(position), 0) + 1 FROM sla_policies), ?3, ?4, ?4)
                 ON CONFLICT (name_key) DO UPDATE SET name = ?1, definition = ?3, updated_at = ?4
                 RETURNING id, position",
            )?
            .query_row(rusqlite::params![def.name, key(&def.name), json, now], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(Policy { id, position, def: def.clone() })
    })
}

/// In the order they are tried.
pub fn list_policies(store: &Store) -> AppResult<Vec<Policy>> {
    store.read(load_policies)
}

fn load_policies(conn: &Connection) -> AppResult<Vec<Policy>> {
    let mut stmt = conn.prepare_cached("SELECT id, position, definition FROM sla_policies ORDER BY position, id")?;
    let rows = stmt.query_map([], |r| {
        Ok(Policy { id: r.get(0)?, position: r.get(1)?, def: records::json_col(&r.get::<_, String>(2)?)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What a policy's condition looks at.
pub struct TicketFacts<'a> {
    pub priority: TicketPriority,
    pub kind: TicketType,
    pub channel: TicketChannel,
    /// The requester's company's tags, lowercased.
    pub company_tags: &'a [String],
}

/// The policies in order, each with its compiled calendar (a policy whose calendar is gone is skipped), and
/// a fingerprint of every definition they were made from (`generation`).
pub struct Rules(Vec<(PolicyDef, Arc<BusinessCalendar>)>, i64);

impl Rules {
    pub fn load(conn: &Connection) -> AppResult<Rules> {
        use std::hash::{Hash, Hasher};
        let mut out = Vec::new();
        let mut hash = super::scoring::pass::Fnv::default();
        for p in load_policies(conn)? {
            let cal = calendar_named(conn, &p.def.calendar)?;
            (p.id, p.position, serde_json::to_string(&p.def)?, serde_json::to_string(&cal)?).hash(&mut hash);
            match cal.map(|c| BusinessCalendar::compiled(&c)) {
                Some(Ok(cal)) => out.push((p.def, cal)),
                _ => tracing::warn!(policy = p.id, "SLA policy skipped: its calendar is missing or invalid"),
            }
        }
        Ok(Rules(out, hash.finish() as i64))
    }

    /// Changes whenever a policy or a calendar it uses changes (or is added, removed or moved): what was
    /// derived under other rules is stale.
    pub fn generation(&self) -> i64 {
        self.1
    }

    /// The policy named `name`, with its calendar.
    pub fn named(&self, name: &str) -> Option<(&PolicyDef, &BusinessCalendar)> {
        self.0.iter().find(|(p, _)| p.name == name).map(|(p, c)| (p, &**c))
    }

    /// The first policy whose condition holds.
    pub fn pick(&self, t: &TicketFacts) -> Option<(&PolicyDef, &BusinessCalendar)> {
        let holds = |p: &PolicyDef| match &p.when {
            None => true,
            Some(w) => {
                (w.priority.is_empty() || w.priority.contains(&t.priority))
                    && (w.kind.is_empty() || w.kind.contains(&t.kind))
                    && (w.channel.is_empty() || w.channel.contains(&t.channel))
                    && (w.company_tag.is_empty() || w.company_tag.iter().any(|g| t.company_tags.contains(&key(g))))
            }
        };
        self.0.iter().find(|(p, _)| holds(p)).map(|(p, c)| (p, &**c))
    }

    /// Whether any policy looks at the requester's company's tags (if none does, they need not be read).
    pub fn reads_company_tags(&self) -> bool {
        self.0.iter().any(|(p, _)| p.when.as_ref().is_some_and(|w| !w.company_tag.is_empty()))
    }
}

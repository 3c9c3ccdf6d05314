//! Editing calendars and policies by id (a rename carries the policies that use the calendar along), removing
//! them, and changing the order in which policies are tried. A calendar that a policy uses cannot be removed
//! (the policy would silently stop applying); positions stay 1..n without gaps.

use rusqlite::{Connection, OptionalExtension};

use super::calendar::BusinessCalendar;
use super::{calendar_named, key, load_policies};
use crate::domain::{Calendar, CalendarDef, Id, Policy, PolicyDef};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::validate::{self as v, NAME_MAX};
use crate::store::Store;

fn name_taken(name: &str) -> AppError {
    AppError::field(ErrorCode::Conflict, "name", format!("the name {name:?} is already taken"))
}

/// Replaces calendar `id`'s definition. When its name changes, the policies that name it follow.
pub fn update_calendar(store: &Store, id: Id, mut def: CalendarDef) -> AppResult<Calendar> {
    def.name = v::required("name", &def.name, NAME_MAX)?;
    BusinessCalendar::compile(&def)?;
    let now = store.clock().now_ms();
    let json = serde_json::to_string(&def)?;
    store.write(|tx| {
        let old: String = tx
            .prepare_cached("SELECT name FROM sla_calendars WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| AppError::not_found("calendar", id))?;
        let taken: Option<Id> = tx
            .prepare_cached("SELECT id FROM sla_calendars WHERE name_key = ?1 AND id <> ?2")?
            .query_row(rusqlite::params![key(&def.name), id], |r| r.get(0))
            .optional()?;
        if taken.is_some() {
            return Err(name_taken(&def.name));
        }
        tx.execute(
            "UPDATE sla_calendars SET name = ?2, name_key = ?3, definition = ?4, updated_at = ?5 WHERE id = ?1",
            rusqlite::params![id, def.name, key(&def.name), json, now],
        )?;
        if old != def.name {
            for mut p in load_policies(tx)?.into_iter().filter(|p| key(&p.def.calendar) == key(&old)) {
                p.def.calendar = def.name.clone();
                tx.execute(
                    "UPDATE sla_policies SET definition = ?2, updated_at = ?3 WHERE id = ?1",
                    rusqlite::params![p.id, serde_json::to_string(&p.def)?, now],
                )?;
            }
        }
        Ok(Calendar { id, def: def.clone() })
    })
}

/// Replaces policy `id`'s definition; it keeps its place in the order.
pub fn update_policy(store: &Store, id: Id, mut def: PolicyDef) -> AppResult<Policy> {
    def.name = v::required("name", &def.name, NAME_MAX)?;
    let now = store.clock().now_ms();
    let json = serde_json::to_string(&def)?;
    store.write(|tx| {
        if calendar_named(tx, &def.calendar)?.is_none() {
            return Err(super::no_calendar(&def.calendar));
        }
        let taken: Option<Id> = tx
            .prepare_cached("SELECT id FROM sla_policies WHERE name_key = ?1 AND id <> ?2")?
            .query_row(rusqlite::params![key(&def.name), id], |r| r.get(0))
            .optional()?;
        if taken.is_some() {
            return Err(name_taken(&def.name));
        }
        let position: i32 = tx
            .prepare_cached(
                "UPDATE sla_policies SET name = ?2, name_key = ?3, definition = ?4, updated_at = ?5 WHERE id = ?1
                 RETURNING position",
            )?
            .query_row(rusqlite::params![id, def.name, key(&def.name), json, now], |r| r.get(0))
            .optional()?
            .ok_or_else(|| AppError::not_found("policy", id))?;
        Ok(Policy { id, position, def: def.clone() })
    })
}

/// Removes a calendar that no policy uses.
pub fn remove_calendar(store: &Store, id: Id) -> AppResult<()> {
    store.write(|tx| {
        let name: String = tx
            .prepare_cached("SELECT name FROM sla_calendars WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| AppError::not_found("calendar", id))?;
        let users: Vec<String> =
            load_policies(tx)?.into_iter().filter(|p| key(&p.def.calendar) == key(&name)).map(|p| p.def.name).collect();
        if !users.is_empty() {
            return Err(AppError::field(
                ErrorCode::Conflict,
                "calendar",
                format!("calendar {name:?} is used by the policy {}; change or remove it first", users.join(", ")),
            ));
        }
        tx.execute("DELETE FROM sla_calendars WHERE id = ?1", [id])?;
        Ok(())
    })
}

/// Removes a policy; the ones after it move up.
pub fn remove_policy(store: &Store, id: Id) -> AppResult<()> {
    store.write(|tx| {
        let mut order = ids_in_order(tx)?;
        let at = order.iter().position(|&p| p == id).ok_or_else(|| AppError::not_found("policy", id))?;
        order.remove(at);
        tx.execute("DELETE FROM sla_policies WHERE id = ?1", [id])?;
        renumber(tx, &order, store.clock().now_ms())
    })
}

/// Moves a policy to `position` (1 is tried first; past the end means last) and returns the new order.
pub fn move_policy(store: &Store, id: Id, position: u32) -> AppResult<Vec<Policy>> {
    store.write(|tx| {
        let mut order = ids_in_order(tx)?;
        let at = order.iter().position(|&p| p == id).ok_or_else(|| AppError::not_found("policy", id))?;
        order.remove(at);
        let to = (position.max(1) as usize - 1).min(order.len());
        order.insert(to, id);
        renumber(tx, &order, store.clock().now_ms())?;
        load_policies(tx)
    })
}

fn ids_in_order(conn: &Connection) -> AppResult<Vec<Id>> {
    Ok(load_policies(conn)?.into_iter().map(|p| p.id).collect())
}

/// Gives the policies positions 1..n in `order`, touching only the rows whose position changes (so team
/// sync records only real moves).
fn renumber(conn: &Connection, order: &[Id], now: i64) -> AppResult<()> {
    let mut stmt = conn.prepare_cached(
        "UPDATE sla_policies SET position = ?2, updated_at = ?3 WHERE id = ?1 AND position IS NOT ?2",
    )?;
    for (i, id) in order.iter().enumerate() {
        stmt.execute(rusqlite::params![id, i as i64 + 1, now])?;
    }
    Ok(())
}

//! Segments: saved filters over people (docs/segments.md). A dynamic segment is evaluated when used; a
//! static one keeps the people who matched when it was saved. The filter tree is the core's one typed
//! filter (`domain::Filter`), compiled to SQL by `compile`.

pub mod catalogue;
pub mod compile;
mod likely;
mod sources;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};

use super::people;
use super::records::json_col;
use super::validate::{self as v, NAME_MAX};
use crate::clock::Millis;
use crate::domain::{Filter, FilterField, Id, Page, PeopleQuery, PersonRow, Segment, SegmentCount, SegmentInput};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::Store;

pub use compile::{Compiled, Use};

const COLUMNS: &str = "id, name, filter, is_static, pinned, created_at, updated_at";

/// The fields a condition can name, for the editor.
pub fn fields(store: &Store) -> AppResult<Vec<FilterField>> {
    store.read(catalogue::fields)
}

/// Checks a filter and counts the live people it matches (the editor's live count, `segments check`).
pub fn check(store: &Store, filter: &Filter) -> AppResult<SegmentCount> {
    let now = store.clock().now_ms();
    store.read(|conn| count_filter(conn, filter, now))
}

/// The condition of a filter over `people p`, trashed people excluded.
pub fn live_where(conn: &Connection, filter: &Filter, now: Millis, usage: Use) -> AppResult<Compiled> {
    let c = compile::compile(conn, filter, now, usage)?;
    Ok(Compiled { sql: format!("p.deleted_at IS NULL AND {}", c.sql), params: c.params })
}

fn count_filter(conn: &Connection, filter: &Filter, now: Millis) -> AppResult<SegmentCount> {
    let w = live_where(conn, filter, now, Use::Count)?;
    let sql = format!("SELECT COUNT(*) FROM people p WHERE {}", w.sql);
    let count = conn.prepare(&sql)?.query_row(rusqlite::params_from_iter(&w.params), |r| r.get(0))?;
    Ok(SegmentCount { count })
}

pub fn add(store: &Store, input: SegmentInput) -> AppResult<Segment> {
    let name = v::required("name", &input.name, NAME_MAX)?;
    let filter = serde_json::to_string(&input.filter)?;
    let now = store.clock().now_ms();
    store.write(|tx| {
        // Refuses a bad filter before anything is written.
        let w = live_where(tx, &input.filter, now, Use::Count)?;
        unique_name(tx, &name, None)?;
        tx.prepare_cached(
            "INSERT INTO segments (name, name_key, filter, is_static, pinned, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        )?
        .execute(rusqlite::params![name, name.to_lowercase(), filter, input.is_static, input.pinned, now])?;
        let id = tx.last_insert_rowid();
        if input.is_static {
            snapshot(tx, id, w)?;
        }
        load(tx, id)
    })
}

/// Saves a segment's new name, filter, kind and pin. A static segment takes a new snapshot when its filter
/// changes or it becomes static; a rename alone keeps its people.
pub fn update(store: &Store, id: Id, input: SegmentInput) -> AppResult<Segment> {
    let name = v::required("name", &input.name, NAME_MAX)?;
    let filter = serde_json::to_string(&input.filter)?;
    let now = store.clock().now_ms();
    store.write(|tx| {
        let old = load(tx, id)?;
        let w = live_where(tx, &input.filter, now, Use::Count)?;
        unique_name(tx, &name, Some(id))?;
        tx.prepare_cached(
            "UPDATE segments SET name = ?2, name_key = ?3, filter = ?4, is_static = ?5, pinned = ?6, updated_at = ?7
             WHERE id = ?1",
        )?
        .execute(rusqlite::params![
            id,
            name,
            name.to_lowercase(),
            filter,
            input.is_static,
            input.pinned,
            now
        ])?;
        let resnap = input.is_static && (!old.is_static || old.filter != input.filter);
        if !input.is_static {
            tx.prepare_cached("DELETE FROM segment_members WHERE segment_id = ?1")?.execute([id])?;
        }
        if resnap {
            snapshot(tx, id, w)?;
        }
        load(tx, id)
    })
}

fn unique_name(conn: &Connection, name: &str, except: Option<Id>) -> AppResult<()> {
    let taken = conn
        .prepare_cached("SELECT 1 FROM segments WHERE name_key = ?1 AND id IS NOT ?2")?
        .query_row(rusqlite::params![name.to_lowercase(), except], |_| Ok(()))
        .optional()?
        .is_some();
    if taken {
        return Err(AppError::field(ErrorCode::Duplicate, "name", format!("a segment named {name:?} already exists")));
    }
    Ok(())
}

/// Keeps the people `w` matches now as the static segment's members: the others go, the new ones join, and
/// members who stay are not rewritten (each member is a record of its own in a team).
fn snapshot(conn: &Connection, id: Id, w: Compiled) -> AppResult<()> {
    let params = || std::iter::once(Value::Integer(id)).chain(w.params.iter().cloned());
    let gone = format!(
        "DELETE FROM segment_members WHERE segment_id = ? AND person_id NOT IN (SELECT p.id FROM people p WHERE {})",
        w.sql
    );
    conn.prepare(&gone)?.execute(rusqlite::params_from_iter(params()))?;
    let sql = format!(
        "INSERT OR IGNORE INTO segment_members (segment_id, person_id) SELECT ?, p.id FROM people p WHERE {}",
        w.sql
    );
    conn.prepare(&sql)?.execute(rusqlite::params_from_iter(params()))?;
    Ok(())
}

pub fn list(store: &Store) -> AppResult<Vec<Segment>> {
    store.read(|conn| {
        let mut stmt =
            conn.prepare_cached(&format!("SELECT {COLUMNS} FROM segments ORDER BY pinned DESC, name_key, id"))?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

pub fn get(store: &Store, id: Id) -> AppResult<Segment> {
    store.read(|conn| load(conn, id))
}

pub fn set_pinned(store: &Store, id: Id, pinned: bool) -> AppResult<Segment> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        load(tx, id)?;
        tx.prepare_cached("UPDATE segments SET pinned = ?2, updated_at = ?3 WHERE id = ?1")?
            .execute(rusqlite::params![id, pinned, now])?;
        load(tx, id)
    })
}

pub fn delete(store: &Store, id: Id) -> AppResult<()> {
    store.write(|tx| {
        load(tx, id)?;
        tx.prepare_cached("DELETE FROM segments WHERE id = ?1")?.execute([id])?;
        Ok(())
    })
}

/// The live people in a segment now (a dynamic segment is evaluated, a static one read).
pub fn count(store: &Store, id: Id) -> AppResult<SegmentCount> {
    let now = store.clock().now_ms();
    store.read(|conn| {
        let w = members_where(conn, &load(conn, id)?, now, Use::Count)?;
        let sql = format!("SELECT COUNT(*) FROM people p WHERE p.deleted_at IS NULL AND {}", w.sql);
        let count = conn.prepare(&sql)?.query_row(rusqlite::params_from_iter(&w.params), |r| r.get(0))?;
        Ok(SegmentCount { count })
    })
}

/// A page of the segment's people, with the people list's filters, sort orders and cursors. The page's
/// total is a lower bound (exact when one page holds everyone): `count` gives the number, which costs more
/// than a page.
pub fn members(store: &Store, id: Id, q: &PeopleQuery) -> AppResult<Page<PersonRow>> {
    let now = store.clock().now_ms();
    let restrict = |conn: &Connection| {
        let w = members_where(conn, &load(conn, id)?, now, Use::Page)?;
        Ok((w.sql, w.params))
    };
    people::list_restricted(store, q, &restrict)
}

/// A page of the people a filter matches (the editor's preview), like `members` (the total is `check`'s).
pub fn preview(store: &Store, filter: &Filter, q: &PeopleQuery) -> AppResult<Page<PersonRow>> {
    let now = store.clock().now_ms();
    let restrict = |conn: &Connection| {
        let c = compile::compile(conn, filter, now, Use::Page)?;
        Ok((c.sql, c.params))
    };
    people::list_restricted(store, q, &restrict)
}

/// Segment `id`'s people now, as a condition over `people p` (without the trash test): a campaign's snapshot.
pub fn members_condition(conn: &Connection, id: Id, now: Millis) -> AppResult<Compiled> {
    members_where(conn, &load(conn, id)?, now, Use::Count)
}

/// Which people belong to the segment, as a condition over `people p` (without the trash test).
fn members_where(conn: &Connection, s: &Segment, now: Millis, usage: Use) -> AppResult<Compiled> {
    if s.is_static {
        return Ok(Compiled {
            sql: "p.id IN (SELECT person_id FROM segment_members WHERE segment_id = ?)".into(),
            params: vec![Value::Integer(s.id)],
        });
    }
    compile::compile(conn, &s.filter, now, usage)
}

fn load(conn: &Connection, id: Id) -> AppResult<Segment> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM segments WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| AppError::not_found("segment", id))
}

fn from_row(r: &Row) -> rusqlite::Result<Segment> {
    Ok(Segment {
        id: r.get(0)?,
        name: r.get(1)?,
        filter: json_col(&r.get::<_, String>(2)?)?,
        is_static: r.get(3)?,
        pinned: r.get(4)?,
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
    })
}

/// A static segment by name (a live segment's members follow its filter; adding to one means nothing).
pub fn static_by_name(conn: &Connection, name: &str) -> AppResult<Id> {
    let found: Option<(Id, bool)> = conn
        .prepare_cached("SELECT id, is_static FROM segments WHERE name_key = ?1")?
        .query_row([name.trim().to_lowercase()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    static_or_refused(found, name)
}

/// A static segment by id, or else by name (`relata import --segment ID|NAME`).
pub fn static_by_id_or_name(conn: &Connection, text: &str) -> AppResult<Id> {
    let by_id: Option<(Id, bool)> = match text.trim().parse::<Id>() {
        Ok(id) => conn
            .prepare_cached("SELECT id, is_static FROM segments WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?,
        Err(_) => None,
    };
    match by_id {
        Some(found) => static_or_refused(Some(found), text),
        None => static_by_name(conn, text),
    }
}

fn static_or_refused(found: Option<(Id, bool)>, name: &str) -> AppResult<Id> {
    match found {
        Some((id, true)) => Ok(id),
        Some(_) => Err(AppError::field(
            ErrorCode::InvalidValue,
            "segment",
            format!("{name:?} is a live segment; only a static one can be added to"),
        )),
        None => Err(AppError::field(ErrorCode::NotFound, "segment", format!("no segment is named {name:?}"))),
    }
}

//! Tasks (follow-ups): due dates, reminders, done, and the Today view.

use rusqlite::types::Value;
use rusqlite::{Connection, Row};

use super::validate::{self as v, NAME_MAX, SHORT_MAX, TEXT_MAX};
use super::{records, recurrence, reminders};
use crate::domain::{Entity, Id, Page, Task, TaskInput, TaskState, TasksQuery, TodayView};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::keyset::ListQuery;
use crate::store::Store;

const DAY_MS: i64 = 86_400_000;
/// The most tasks each list of the Today view holds (the totals count the rest).
pub const TODAY_LIST_MAX: u32 = 100;
/// Real UTC offsets run from -12:00 to +14:00.
const MAX_OFFSET_MINUTES: i64 = 14 * 60;

pub(crate) const COLUMNS: &str = concat!(
    "t.id, t.title, t.notes, t.due_at, t.remind_at, t.done_at, p.id, ",
    crate::person_display_name!("p"),
    ", c.id, c.name, d.id, d.title, t.owner, t.created_at, t.updated_at, t.repeat, t.time_zone, t.notified_at, ",
    "t.system_event"
);
pub(crate) const FROM: &str = "tasks t LEFT JOIN people p ON p.id = t.person_id AND p.deleted_at IS NULL
    LEFT JOIN companies c ON c.id = t.company_id AND c.deleted_at IS NULL
    LEFT JOIN deals d ON d.id = t.deal_id AND d.deleted_at IS NULL";

pub fn create(store: &Store, input: TaskInput) -> AppResult<Task> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        let id = save(tx, None, &input, now)?;
        load(tx, id)
    })
}

pub fn get(store: &Store, id: Id) -> AppResult<Task> {
    store.read(|conn| load(conn, id))
}

pub fn update(store: &Store, id: Id, input: TaskInput) -> AppResult<Task> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        records::require_live(tx, Entity::Task, id)?;
        save(tx, Some(id), &input, now)?;
        load(tx, id)
    })
}

pub fn delete(store: &Store, id: Id) -> AppResult<()> {
    let now = store.clock().now_ms();
    store.write(|tx| records::trash(tx, Entity::Task, id, now))
}

/// Marks a task done (now) or open again. Marking a done task done keeps its first done time. Completing an
/// open occurrence of a repeating task creates the next occurrence in the same transaction.
pub fn set_done(store: &Store, id: Id, done: bool) -> AppResult<Task> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        records::require_live(tx, Entity::Task, id)?;
        let sql = if done {
            "UPDATE tasks SET done_at = ?1, updated_at = ?1 WHERE id = ?2 AND done_at IS NULL"
        } else {
            "UPDATE tasks SET done_at = NULL, updated_at = ?1 WHERE id = ?2"
        };
        let completed = tx.prepare_cached(sql)?.execute([now, id])? == 1 && done;
        if completed {
            reminders::spawn_next(tx, id, now)?;
        }
        load(tx, id)
    })
}

/// Tasks by due time (earliest first), open ones unless asked otherwise.
pub fn list(store: &Store, q: &TasksQuery) -> AppResult<Page<Task>> {
    let mut lq = ListQuery::new(COLUMNS, FROM, "t.id").sort("due_at", "t.due_at", false);
    lq.filter("t.deleted_at IS NULL", []);
    match q.state {
        TaskState::Open => lq.filter("t.done_at IS NULL", []),
        TaskState::Done => lq.filter("t.done_at IS NOT NULL", []),
        TaskState::All => {}
    }
    let links = [("t.person_id = ?", q.person_id), ("t.company_id = ?", q.company_id), ("t.deal_id = ?", q.deal_id)];
    for (sql, id) in links {
        if let Some(id) = id {
            lq.filter(sql, [Value::Integer(id)]);
        }
    }
    if let Some(after) = q.due_after {
        lq.filter("t.due_at >= ?", [Value::Integer(after)]);
    }
    if let Some(before) = q.due_before {
        lq.filter("t.due_at < ?", [Value::Integer(before)]);
    }
    if let Some(s) = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        lq.filter("t.title LIKE ? ESCAPE '\\'", [Value::Text(format!("%{}%", escape_like(s)))]);
    }
    store.read(|conn| lq.fetch(conn, q.limit, q.cursor.as_deref(), from_row))
}

/// Open tasks overdue (due before local midnight) and due today (until the next local midnight,
/// exclusive), for a user whose local time is UTC plus `utc_offset_minutes`.
pub fn today(store: &Store, utc_offset_minutes: i32) -> AppResult<TodayView> {
    let offset = i64::from(utc_offset_minutes);
    v::range("utc_offset_minutes", offset, -MAX_OFFSET_MINUTES, MAX_OFFSET_MINUTES)?;
    let offset_ms = offset * 60_000;
    let local_now = store.clock().now_ms() + offset_ms;
    let day_start = local_now.div_euclid(DAY_MS) * DAY_MS - offset_ms;
    let day_end = day_start + DAY_MS;
    store.read(|conn| {
        // `newest`: the latest tasks matching, still shown in due order (the most recently overdue are the ones
        // a user can still act on; thousands of stale ones would only bury them).
        let query = |cond: &str, params: &[i64], newest: bool| -> AppResult<(Vec<Task>, u32)> {
            let open = format!("t.deleted_at IS NULL AND t.done_at IS NULL AND {cond}");
            let order = if newest { "DESC" } else { "ASC" };
            let sql = format!(
                "SELECT {COLUMNS} FROM {FROM} WHERE {open} ORDER BY t.due_at {order}, t.id {order} LIMIT {TODAY_LIST_MAX}"
            );
            let mut stmt = conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(rusqlite::params_from_iter(params), from_row)?;
            let mut tasks = rows.collect::<rusqlite::Result<Vec<Task>>>()?;
            if newest {
                tasks.reverse();
            }
            let total = conn
                .prepare_cached(&format!("SELECT COUNT(*) FROM tasks t WHERE {open}"))?
                .query_row(rusqlite::params_from_iter(params), |r| r.get::<_, i64>(0))?;
            Ok((tasks, crate::count::saturating_u32(total)))
        };
        let (overdue, overdue_total) = query("t.due_at < ?1", &[day_start], true)?;
        let (today, today_total) = query("t.due_at >= ?1 AND t.due_at < ?2", &[day_start, day_end], false)?;
        Ok(TodayView { overdue, today, overdue_total, today_total, day_start, day_end })
    })
}

/// `s` as the text of a `LIKE` pattern with a backslash as its escape: its `%`, `_` and backslashes match themselves.
pub(crate) fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// Validates and writes one task inside the caller's transaction (cadences create their series with it).
pub(crate) fn save(tx: &Connection, id: Option<Id>, t: &TaskInput, now: i64) -> AppResult<Id> {
    let title = v::required("title", &t.title, NAME_MAX)?;
    let notes = v::optional("notes", t.notes.as_deref(), TEXT_MAX)?;
    let owner = v::optional("owner", t.owner.as_deref(), SHORT_MAX)?;
    // A snooze may move a reminder past the due time; saving the task unchanged must not then fail.
    let stored_remind: Option<i64> = match id {
        Some(id) => tx.prepare_cached("SELECT remind_at FROM tasks WHERE id = ?1")?.query_row([id], |r| r.get(0))?,
        None => None,
    };
    if t.remind_at.is_some_and(|r| r > t.due_at && Some(r) != stored_remind) {
        return Err(AppError::field(ErrorCode::OutOfRange, "remind_at", "the reminder must not be after the due time"));
    }
    records::check_link(tx, Entity::Person, "person_id", t.person_id)?;
    records::check_link(tx, Entity::Company, "company_id", t.company_id)?;
    records::check_link(tx, Entity::Deal, "deal_id", t.deal_id)?;
    let r = reminders::repeat_fields(t)?;
    let params = rusqlite::params![
        title,
        notes,
        t.due_at,
        t.remind_at,
        t.person_id,
        t.company_id,
        t.deal_id,
        owner,
        now,
        id,
        r.rule,
        r.time_zone,
        r.local
    ];
    match id {
        // A moved reminder is pending again. An unmoved series keeps its intended local time (it may differ
        // from due_at's when that fell in a DST gap).
        Some(id) => {
            tx.prepare_cached(
                "UPDATE tasks SET title = ?1, notes = ?2, due_at = ?3, remind_at = ?4, person_id = ?5,
                 company_id = ?6, deal_id = ?7, owner = ?8, updated_at = ?9, repeat = ?11, time_zone = ?12,
                 repeat_local = CASE WHEN ?13 IS NOT NULL AND due_at = ?3 AND time_zone IS ?12
                     AND repeat_local IS NOT NULL THEN repeat_local ELSE ?13 END,
                 notified_at = CASE WHEN COALESCE(?4, ?3) = COALESCE(remind_at, due_at) THEN notified_at END,
                 system_event = NULL
                 WHERE id = ?10",
            )?
            .execute(params)?;
            Ok(id)
        }
        // ?10 (the id) is NULL here; naming it keeps one parameter list for both statements.
        None => Ok(tx
            .prepare_cached(
                "INSERT INTO tasks (id, title, notes, due_at, remind_at, person_id, company_id, deal_id, owner,
                 created_at, updated_at, repeat, time_zone, repeat_local)
                 VALUES (?10, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?11, ?12, ?13) RETURNING id",
            )?
            .query_row(params, |r| r.get(0))?),
    }
}

pub(crate) fn load(conn: &Connection, id: Id) -> AppResult<Task> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE t.id = ?1 AND t.deleted_at IS NULL");
    records::not_found_as(conn.prepare_cached(&sql)?.query_row([id], from_row), Entity::Task, id)
}

pub(crate) fn from_row(r: &Row) -> rusqlite::Result<Task> {
    let repeat: Option<String> = r.get(15)?;
    Ok(Task {
        id: r.get(0)?,
        title: r.get(1)?,
        notes: r.get(2)?,
        due_at: r.get(3)?,
        remind_at: r.get(4)?,
        done_at: r.get(5)?,
        person_id: r.get(6)?,
        person_name: r.get(7)?,
        company_id: r.get(8)?,
        company_name: r.get(9)?,
        deal_id: r.get(10)?,
        deal_title: r.get(11)?,
        owner: r.get(12)?,
        created_at: r.get(13)?,
        updated_at: r.get(14)?,
        repeat_rule: recurrence::read(repeat.as_deref()),
        repeat,
        time_zone: r.get(16)?,
        notified_at: r.get(17)?,
        system_event: records::system_event(r, 18)?,
    })
}

//! Activities: the timeline of calls, emails, meetings, notes, chats and visits.

use rusqlite::types::Value;
use rusqlite::{Connection, Row};

use super::records::{self, enum_str, enum_value, parse_enum, parse_opt_enum};
use super::validate::{self as v, SUBJECT_MAX, TEXT_MAX};
use super::{cadences, scoring};
use crate::domain::{Activity, ActivityInput, ActivityKind, Direction, Entity, Id, Page, TimelineQuery};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::keyset::ListQuery;
use crate::store::Store;

/// Links are joined to live records only, so a trashed person's or deal's name is not shown. The last five
/// columns are an order's facts on a timeline (`orders::timeline`); plain activities have none.
macro_rules! columns {
    ($order:literal) => {
        concat!(
            "a.id, a.kind, a.direction, a.subject, a.body, a.occurred_at, a.duration_secs, p.id, ",
            crate::person_display_name!("p"),
            ", c.id, c.name, d.id, d.title, a.created_at, a.updated_at, a.system_event, ",
            "a.call_outcome, a.call_wait_secs, a.call_agent, a.call_number, a.call_number_e164, ",
            $order
        )
    };
}
const COLUMNS: &str = columns!("NULL, NULL, NULL, NULL, NULL");
const JOINS: &str = "LEFT JOIN people p ON p.id = a.person_id AND p.deleted_at IS NULL
    LEFT JOIN companies c ON c.id = a.company_id AND c.deleted_at IS NULL
    LEFT JOIN deals d ON d.id = a.deal_id AND d.deleted_at IS NULL";

pub fn create(store: &Store, input: ActivityInput) -> AppResult<Activity> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        let id = create_in(tx, &input, now)?;
        load(tx, id)
    })
}

/// Creates an activity and rescores its lead inside the caller's transaction.
pub(crate) fn create_in(tx: &Connection, input: &ActivityInput, now: i64) -> AppResult<Id> {
    let id = save(tx, None, input, now)?;
    rescore_people(tx, [input.person_id], now)?;
    Ok(id)
}

pub fn update(store: &Store, id: Id, input: ActivityInput) -> AppResult<Activity> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        records::require_live(tx, Entity::Activity, id)?;
        let before = person_of(tx, id)?;
        save(tx, Some(id), &input, now)?;
        rescore_people(tx, [before, input.person_id], now)?;
        load(tx, id)
    })
}

pub fn delete(store: &Store, id: Id) -> AppResult<()> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        let before = person_of(tx, id)?;
        records::trash(tx, Entity::Activity, id, now)?;
        rescore_people(tx, [before], now)
    })
}

fn person_of(tx: &Connection, id: Id) -> AppResult<Option<Id>> {
    let row = tx.prepare_cached("SELECT person_id FROM activities WHERE id = ?1")?.query_row([id], |r| r.get(0));
    Ok(rusqlite::OptionalExtension::optional(row)?.flatten())
}

/// A lead's activity counts and last touch feed its score.
fn rescore_people<const N: usize>(tx: &Connection, ids: [Option<Id>; N], now: i64) -> AppResult<()> {
    let mut done: Vec<Id> = Vec::new();
    for id in ids.into_iter().flatten() {
        if !done.contains(&id) {
            scoring::rescore_person(tx, id, now)?;
            done.push(id);
        }
    }
    Ok(())
}

/// Newest first. A company's timeline also holds the activities of its (live) people. The timeline of a
/// person, company or deal also holds their orders and returns (kind `order`, see `orders::timeline`).
pub fn timeline(store: &Store, q: &TimelineQuery) -> AppResult<Page<Activity>> {
    let with_orders = q.person_id.is_some() || q.company_id.is_some() || q.deal_id.is_some();
    let mut lq = match with_orders {
        false => ListQuery::new(COLUMNS, &format!("activities a {JOINS}"), "a.id"),
        true => ListQuery::new(
            columns!("a.order_kind, a.order_status, a.currency, a.net_minor, a.gross_minor"),
            &super::orders::timeline::from(JOINS),
            "a.tl_key",
        ),
    }
    .sort("occurred_at", "a.occurred_at", true);
    lq.filter("a.deleted_at IS NULL", []);
    if let Some(pid) = q.person_id {
        lq.filter("a.person_id = ?", [Value::Integer(pid)]);
    }
    if let Some(cid) = q.company_id {
        lq.filter(
            "(a.company_id = ? OR a.person_id IN (SELECT id FROM people WHERE company_id = ? AND deleted_at IS NULL))",
            [Value::Integer(cid), Value::Integer(cid)],
        );
    }
    if let Some(did) = q.deal_id {
        lq.filter("a.deal_id = ?", [Value::Integer(did)]);
    }
    if !q.kinds.is_empty() {
        let marks = vec!["?"; q.kinds.len()].join(", ");
        lq.filter(&format!("a.kind IN ({marks})"), q.kinds.iter().map(|k| Value::Text(enum_str(k))));
    }
    if let Some(s) = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let pattern = Value::Text(format!("%{}%", super::tasks::escape_like(s)));
        lq.filter("(a.subject LIKE ? ESCAPE '\\' OR a.body LIKE ? ESCAPE '\\')", [pattern.clone(), pattern]);
    }
    store.read(|conn| lq.fetch(conn, q.limit, q.cursor.as_deref(), from_row))
}

/// Validates and writes one activity inside the caller's transaction (without rescoring its lead).
pub(crate) fn save(tx: &Connection, id: Option<Id>, a: &ActivityInput, now: i64) -> AppResult<Id> {
    if a.kind == ActivityKind::Order {
        return Err(AppError::field(ErrorCode::InvalidValue, "kind", "orders are written as orders, not activities"));
    }
    let subject = v::text("subject", &a.subject, SUBJECT_MAX)?;
    let body = v::optional("body", a.body.as_deref(), TEXT_MAX)?;
    // A note is its text; other kinds may be logged bare ("called, no answer").
    if a.kind == ActivityKind::Note && subject.is_empty() && body.is_none() {
        return Err(AppError::field(ErrorCode::Required, "body", "a note needs some text"));
    }
    if let Some(d) = a.duration_secs {
        v::range("duration_secs", d.into(), 0, i64::from(i32::MAX))?;
    }
    if a.person_id.is_none() && a.company_id.is_none() && a.deal_id.is_none() {
        return Err(AppError::field(
            ErrorCode::Required,
            "person_id",
            "an activity must belong to a person, a company or a deal",
        ));
    }
    records::check_link(tx, Entity::Person, "person_id", a.person_id)?;
    records::check_link(tx, Entity::Company, "company_id", a.company_id)?;
    records::check_link(tx, Entity::Deal, "deal_id", a.deal_id)?;
    let occurred_at = a.occurred_at.unwrap_or(now);
    // A reply from the person (inbound, any channel) stops the follow-up cadences running for them: the
    // built-in rule `cadence_stop_on_reply`, unless it is off or edited (then its actions run instead).
    if let (Some(Direction::Inbound), Some(person_id)) = (a.direction, a.person_id) {
        use super::automation::builtin::{self, Decision, CADENCE_STOP_ON_REPLY as KEY};
        match builtin::decide(tx, KEY, person_id, now)? {
            Decision::Off => {}
            Decision::Shipped => {
                let n = cadences::stop_on_reply(tx, person_id, occurred_at, now)?;
                if n > 0 {
                    let line = crate::domain::RunLine::CadenceStopped { tasks: n as u32 };
                    builtin::record(tx, KEY, person_id, &[line], now)?;
                }
            }
            Decision::Actions(acts) => builtin::perform(tx, KEY, person_id, &acts, occurred_at, now)?,
        }
    }
    let params = rusqlite::params![
        enum_str(&a.kind),
        enum_value(a.direction.as_ref()),
        subject,
        body,
        occurred_at,
        a.duration_secs,
        a.person_id,
        a.company_id,
        a.deal_id,
        now,
        id,
    ];
    match id {
        Some(id) => {
            tx.prepare_cached(
                "UPDATE activities SET kind = ?1, direction = ?2, subject = ?3, body = ?4, occurred_at = ?5,
                 duration_secs = ?6, person_id = ?7, company_id = ?8, deal_id = ?9, updated_at = ?10,
                 system_event = NULL, call_outcome = CASE WHEN ?1 = 'call' THEN call_outcome END,
                 call_wait_secs = CASE WHEN ?1 = 'call' AND ?2 = 'inbound' THEN call_wait_secs END,
                 call_agent = CASE WHEN ?1 = 'call' THEN call_agent END,
                 call_number = CASE WHEN ?1 = 'call' THEN call_number END,
                 call_number_e164 = CASE WHEN ?1 = 'call' THEN call_number_e164 END WHERE id = ?11",
            )?
            .execute(params)?;
            Ok(id)
        }
        // ?11 (the id) is NULL here, so SQLite assigns one; one parameter list serves both statements.
        None => Ok(tx
            .prepare_cached(
                "INSERT INTO activities (id, kind, direction, subject, body, occurred_at, duration_secs, person_id,
                 company_id, deal_id, created_at, updated_at)
                 VALUES (?11, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10) RETURNING id",
            )?
            .query_row(params, |r| r.get(0))?),
    }
}

pub(crate) fn load(conn: &Connection, id: Id) -> AppResult<Activity> {
    let sql = format!("SELECT {COLUMNS} FROM activities a {JOINS} WHERE a.id = ?1 AND a.deleted_at IS NULL");
    records::not_found_as(conn.prepare_cached(&sql)?.query_row([id], from_row), Entity::Activity, id)
}

fn from_row(r: &Row) -> rusqlite::Result<Activity> {
    Ok(Activity {
        id: r.get(0)?,
        kind: parse_enum(&r.get::<_, String>(1)?)?,
        direction: parse_opt_enum(r.get(2)?)?,
        subject: r.get(3)?,
        body: r.get(4)?,
        occurred_at: r.get(5)?,
        duration_secs: r.get(6)?,
        person_id: r.get(7)?,
        person_name: r.get(8)?,
        company_id: r.get(9)?,
        company_name: r.get(10)?,
        deal_id: r.get(11)?,
        deal_title: r.get(12)?,
        created_at: r.get(13)?,
        updated_at: r.get(14)?,
        system_event: records::system_event(r, 15)?,
        call: super::calls::facts_from_row(r, 16)?,
        order: super::orders::timeline::facts_from_row(r, 21)?,
    })
}

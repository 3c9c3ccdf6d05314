//! The automation event log's triggers: every create, update and delete of a record a rule can watch
//! (people, companies, deals, tasks, tickets, orders) writes one `rule_events` row in the SAME transaction
//! as the change, whichever service (or import) made it, so no write path can forget it and a crash can
//! never keep a change but lose its event. The triggers only write while some rule is enabled, so a store
//! without rules pays one indexed lookup per write. A migration that changes these tables' columns must run
//! `install` again (the changed-field list is generated from the columns).

use rusqlite::Connection;

use super::set_aside::InsertGuard;
use crate::error::AppResult;

/// Bookkeeping columns whose change alone is no event (the score itself is computed; its band is watched).
const IGNORED: &[&str] = &[
    "id",
    "gid",
    "created_at",
    "updated_at",
    "deleted_at",
    "sort_name",
    "name_key",
    "position",
    "notified_at",
    "score",
];

/// (table, entity name as rules spell it, the expression of the record's person, soft-deleted?)
pub const WATCHED: &[(&str, &str, &str, bool)] = &[
    ("people", "person", "id", true),
    ("companies", "company", "NULL", true),
    ("deals", "deal", "person_id", true),
    ("tasks", "task", "person_id", true),
    ("tickets", "ticket", "person_id", false),
    ("orders", "order", "person_id", true),
];

/// Built-in rules run on their own hard-wired paths (services::automation::builtin), so only a user's rule
/// turns the log on. (Before migration 29 there is no `builtin` column; see `install`.)
const ACTIVE: &str = "EXISTS (SELECT 1 FROM rules WHERE enabled = 1 AND builtin IS NULL)";
/// The create triggers write while a user's rule is enabled.
pub const CREATE_GUARD: InsertGuard = InsertGuard { prefix: "rule_event_", suffix: "_create", guard: ACTIVE };
const ACTIVE_BEFORE_BUILTINS: &str = "EXISTS (SELECT 1 FROM rules WHERE enabled = 1)";

pub fn install(conn: &Connection) -> AppResult<()> {
    let has_builtin: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM pragma_table_info('rules') WHERE name = 'builtin')", [], |r| {
            r.get(0)
        })?;
    let active = if has_builtin { ACTIVE } else { ACTIVE_BEFORE_BUILTINS };
    for &(table, entity, person, soft) in WATCHED {
        conn.execute_batch(&triggers_for(conn, table, entity, person, soft)?.replace(ACTIVE_MARK, active))?;
    }
    if has_builtin {
        conn.execute_batch(&SIGNALS.replace(ACTIVE_MARK, active))?;
    }
    Ok(())
}

const ACTIVE_MARK: &str = "{active}";

/// Events that are no record change, each written in the transaction that records what happened: a ticket
/// alert row (one per ticket, clock and kind: services/tickets/alerts.rs), an inbound email on a person's
/// timeline, a reply to the user's own message (mail_replies; a reply pulled from the team has no local message
/// and signals on the desktop that received it only).
const SIGNALS: &str = "
DROP TRIGGER IF EXISTS rule_signal_ticket_alert;
CREATE TRIGGER rule_signal_ticket_alert AFTER INSERT ON ticket_alerts WHEN {active} BEGIN
  INSERT INTO rule_events (at, entity, record_id, person_id, kind, changes)
  VALUES (NEW.marked_at, 'ticket', NEW.ticket_id, (SELECT person_id FROM tickets WHERE id = NEW.ticket_id),
    'signal', json_object('signal', 'sla_' || NEW.kind, 'target', NEW.target));
END;
DROP TRIGGER IF EXISTS rule_signal_email_received;
CREATE TRIGGER rule_signal_email_received AFTER INSERT ON mail_message_activities
WHEN NEW.person_id IS NOT NULL AND {active}
  AND (SELECT direction FROM mail_messages WHERE id = NEW.message_id) = 'inbound' BEGIN
  INSERT INTO rule_events (at, entity, record_id, person_id, kind, changes)
  VALUES ((SELECT sent_at FROM mail_messages WHERE id = NEW.message_id), 'person', NEW.person_id, NEW.person_id,
    'signal', json_object('signal', 'email_received', 'message', NEW.message_id));
END;
DROP TRIGGER IF EXISTS rule_signal_email_replied;
CREATE TRIGGER rule_signal_email_replied AFTER INSERT ON mail_replies WHEN NEW.message_id IS NOT NULL AND {active}
BEGIN
  INSERT INTO rule_events (at, entity, record_id, person_id, kind, changes)
  VALUES (NEW.occurred_at, 'person', NEW.person_id, NEW.person_id,
    'signal', json_object('signal', 'email_replied', 'message', NEW.message_id));
END;
";

/// Logs a `signup_imported` signal for each person in `ranges` (inclusive id ranges a signup import
/// created), in the import's transaction: one set-based INSERT per range, and nothing at all unless an
/// enabled rule has that trigger. Returns how many were logged.
pub fn log_signups(tx: &Connection, batch: i64, ranges: &[(i64, i64)], at: crate::clock::Millis) -> AppResult<usize> {
    let wanted: bool = tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM rules WHERE enabled = 1 AND builtin IS NULL
               AND json_extract(definition, '$.trigger.type') = 'signup_imported')",
        )?
        .query_row([], |r| r.get(0))?;
    if !wanted {
        return Ok(0);
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO rule_events (at, entity, record_id, person_id, kind, changes)
         SELECT ?1, 'person', p.id, p.id, 'signal', json_object('signal', 'signup_imported', 'batch', ?2)
         FROM people p WHERE p.id BETWEEN ?3 AND ?4 AND p.deleted_at IS NULL",
    )?;
    let mut n = 0;
    for (first, last) in ranges {
        n += insert.execute(rusqlite::params![at, batch, first, last])?;
    }
    Ok(n)
}

/// Installs the triggers again from the columns as they are now (a `Then::Seed` step of the migration).
pub fn install_seed(tx: &rusqlite::Transaction, _now: crate::clock::Millis) -> AppResult<()> {
    install(tx)
}

fn person_of(row: &str, person: &str) -> String {
    if person == "NULL" {
        "NULL".into()
    } else {
        format!("{row}.{person}")
    }
}

/// The columns of `table` whose change is an event (what `record_updated` and `field_changed` can name).
pub fn tracked_columns(conn: &Connection, table: &str) -> AppResult<Vec<String>> {
    let columns: Vec<String> = conn
        .prepare(&format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(columns.into_iter().filter(|c| !IGNORED.contains(&c.as_str())).collect())
}

fn triggers_for(conn: &Connection, table: &str, entity: &str, person: &str, soft: bool) -> AppResult<String> {
    let tracked = tracked_columns(conn, table)?;
    let any = tracked.iter().map(|c| format!("OLD.\"{c}\" IS NOT NEW.\"{c}\"")).collect::<Vec<_>>().join(" OR ");
    let changed = tracked
        .iter()
        .map(|c| format!("SELECT '{c}' AS f, OLD.\"{c}\" AS o, NEW.\"{c}\" AS n WHERE OLD.\"{c}\" IS NOT NEW.\"{c}\""))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let of = tracked.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
    let insert = "INSERT INTO rule_events (at, entity, record_id, person_id, kind, changes, chain, depth)";
    let chain = "COALESCE((SELECT chain FROM rule_context), '[]'), COALESCE((SELECT depth FROM rule_context), 0)";
    let (new_person, old_person) = (person_of("NEW", person), person_of("OLD", person));
    let live = if soft { "AND NEW.deleted_at IS NULL" } else { "" };
    let delete = if soft {
        format!(
            "CREATE TRIGGER rule_event_{table}_delete AFTER UPDATE OF deleted_at ON {table}
             WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL AND {ACTIVE_MARK} BEGIN
               {insert} VALUES (NEW.deleted_at, '{entity}', NEW.id, {new_person}, 'deleted', '{{}}', {chain});
             END;"
        )
    } else {
        format!(
            "CREATE TRIGGER rule_event_{table}_delete AFTER DELETE ON {table} WHEN {ACTIVE_MARK} BEGIN
               {insert} VALUES (OLD.updated_at, '{entity}', OLD.id, {old_person}, 'deleted', '{{}}', {chain});
             END;"
        )
    };
    Ok(format!(
        "DROP TRIGGER IF EXISTS rule_event_{table}_create;
         CREATE TRIGGER rule_event_{table}_create AFTER INSERT ON {table} WHEN {ACTIVE_MARK} {live} BEGIN
           {insert} VALUES (NEW.created_at, '{entity}', NEW.id, {new_person}, 'created', '{{}}', {chain});
         END;
         DROP TRIGGER IF EXISTS rule_event_{table}_delete;
         {delete}
         DROP TRIGGER IF EXISTS rule_event_{table}_update;
         CREATE TRIGGER rule_event_{table}_update AFTER UPDATE OF {of} ON {table}
         WHEN ({any}) {live} {old_live} AND {ACTIVE_MARK} BEGIN
           {insert} SELECT NEW.updated_at, '{entity}', NEW.id, {new_person}, 'updated',
             (SELECT json_group_object(f, json_array(o, n)) FROM ({changed})), {chain};
         END;",
        old_live = if soft { "AND OLD.deleted_at IS NULL" } else { "" },
    ))
}

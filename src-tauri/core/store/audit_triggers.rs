//! Audit triggers generated from each record table's columns, reinstalled by a migration step of their own
//! whenever a migration changes a record table's columns, so creates, updates and
//! soft deletes are recorded whichever service (or a later import) writes them. Times come from the rows'
//! own created_at / updated_at / deleted_at, which the services set from the injected clock.

use rusqlite::Transaction;

use super::set_aside::InsertGuard;
use super::tables::table;
use crate::domain::Entity;
use crate::error::AppResult;

/// Bookkeeping columns whose change alone is not a user's edit. A lead's score is computed, and a full
/// rescore must not write a million audit entries. A system event is tagged onto a record the app has just
/// created (its create is recorded), and cleared by an edit that is recorded for its text.
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
    "score_band",
    "system_event",
];

/// The create triggers write while no import lists its own creations (`services::audit::without_create_entries`).
pub const CREATE_GUARD: InsertGuard =
    InsertGuard { prefix: "audit_", suffix: "_create", guard: "NOT EXISTS (SELECT 1 FROM audit_bulk_create)" };

pub const PROFILE_SQL: &str = "(SELECT json_extract(value, '$') FROM settings WHERE key = 'user_name')";

pub fn install(tx: &Transaction) -> AppResult<()> {
    // The table the create triggers' condition reads (see `without_create_entries`), made here so every
    // version of the triggers finds it.
    tx.execute_batch("CREATE TABLE IF NOT EXISTS audit_bulk_create (batch_id INTEGER PRIMARY KEY)")?;
    for entity in Entity::ALL {
        tx.execute_batch(&triggers_for(tx, entity)?)?;
    }
    Ok(())
}

fn triggers_for(tx: &Transaction, entity: Entity) -> AppResult<String> {
    let table = table(entity);
    let name = entity.as_str();
    let columns: Vec<String> = tx
        .prepare(&format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // A table an earlier migration has not made yet (orders, before 24) gets its triggers from a later one.
    if columns.is_empty() {
        return Ok(String::new());
    }
    let tracked: Vec<&String> = columns.iter().filter(|c| !IGNORED.contains(&c.as_str())).collect();
    let changed_any = tracked.iter().map(|c| format!("OLD.\"{c}\" IS NOT NEW.\"{c}\"")).collect::<Vec<_>>();
    let changed_list = tracked
        .iter()
        .map(|c| format!("SELECT '{c}' AS f WHERE OLD.\"{c}\" IS NOT NEW.\"{c}\""))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let insert = "INSERT INTO audit_log (at, action, entity, record_id, fields, profile)";
    Ok(format!(
        "DROP TRIGGER IF EXISTS audit_{table}_create;
         CREATE TRIGGER audit_{table}_create AFTER INSERT ON {table}
         WHEN {create_guard} BEGIN
           {insert} VALUES (NEW.created_at, 'create', '{name}', NEW.id, '[]', {PROFILE_SQL});
         END;
         DROP TRIGGER IF EXISTS audit_{table}_delete;
         CREATE TRIGGER audit_{table}_delete AFTER UPDATE OF deleted_at ON {table}
         WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL BEGIN
           {insert} VALUES (NEW.deleted_at, 'delete', '{name}', NEW.id, '[]', {PROFILE_SQL});
         END;
         DROP TRIGGER IF EXISTS audit_{table}_update;
         CREATE TRIGGER audit_{table}_update AFTER UPDATE OF {of} ON {table}
         WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NULL AND ({any}) BEGIN
           {insert} SELECT NEW.updated_at, 'update', '{name}', NEW.id,
             (SELECT json_group_array(f) FROM ({changed_list})), {PROFILE_SQL};
         END;",
        create_guard = CREATE_GUARD.guard,
        any = changed_any.join(" OR "),
        // Only statements that set a tracked column fire it: a rescore's UPDATE never runs the trigger.
        of = tracked.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", "),
    ))
}

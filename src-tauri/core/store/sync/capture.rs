//! Change capture generated from the registry: SQLite triggers that, in the writing transaction itself and
//! only while this desktop is in a team, give every new synced row its global id and record each changed
//! field with a hybrid logical clock stamp in `sync_changes`. Outside a team every trigger is skipped by its
//! `WHEN` (one read of the one-row `sync_state`), so inserts cost no extra `UPDATE`; joining gives the rows
//! written meanwhile their ids (`outbox::start_capture`). A pull sets `sync_state.applying` for its own
//! transaction (its rows carry their ids), so what it writes is not recorded again.
//!
//! The triggers are regenerated whenever the registry changes (`ensure`, run after every migration pass):
//! registering a table adds its `gid` column, backfills ids and installs its triggers with no migration.

use rusqlite::Transaction;

use super::hlc::{HLC_BUMP_SQL, LOGGING_SQL};
use super::registry::{columns, times, ListField, SyncTable, REMOVED, SYNCED};
use super::{ids, keys, outbox};
use crate::error::AppResult;
use crate::store::set_aside::InsertGuard;

/// The insert triggers write while this desktop is in a team and not applying a pull.
pub const INSERT_GUARD: InsertGuard = InsertGuard { prefix: "sync_", suffix: "_insert", guard: LOGGING_SQL };

/// Brings the schema in line with the registry: `gid` columns, ids for rows without one, and the triggers.
/// Cheap when nothing changed (the generated SQL is compared with the installed one).
pub fn ensure(tx: &Transaction) -> AppResult<()> {
    let sql = all_triggers(tx)?;
    let installed: Option<String> = tx.query_row("SELECT triggers FROM sync_state WHERE id = 1", [], |r| r.get(0))?;
    if installed.as_deref() == Some(sql.as_str()) {
        return Ok(());
    }
    for t in SYNCED {
        let has_gid: bool = tx.query_row(
            &format!("SELECT EXISTS (SELECT 1 FROM pragma_table_info('{}') WHERE name = 'gid')", t.name),
            [],
            |r| r.get(0),
        )?;
        if !has_gid {
            tx.execute_batch(&format!(
                "ALTER TABLE {0} ADD COLUMN gid TEXT; CREATE UNIQUE INDEX {0}_gid ON {0} (gid);",
                t.name
            ))?;
        }
        ids::backfill(tx, t)?;
        // A table registered by an upgrade on a desktop already in a team: its rows go up once, as on joining.
        let capturing: bool = tx.query_row("SELECT capture = 1 FROM sync_state WHERE id = 1", [], |r| r.get(0))?;
        if !has_gid && capturing {
            outbox::queue_all(tx, t)?;
        }
    }
    tx.execute_batch(&sql)?;
    tx.execute("UPDATE sync_state SET triggers = ?1 WHERE id = 1", [&sql])?;
    Ok(())
}

fn all_triggers(tx: &Transaction) -> AppResult<String> {
    // Outside a team the triggers never run (their WHEN), but SQLite compiles them into every insert: the
    // keyed-id function is named only while in a team, so any connection (a test fixture, the sqlite3 shell)
    // can write the keyed tables (orders, products, tags...) of a desktop that is not in one.
    let in_team: bool = tx.query_row("SELECT capture = 1 FROM sync_state WHERE id = 1", [], |r| r.get(0))?;
    let mut sql = Vec::new();
    for t in SYNCED {
        sql.push(table_triggers(t, &columns(tx, t.name)?, in_team));
    }
    Ok(sql.join("\n"))
}

/// The JSON value of a wire column of `row` (NEW / OLD / a table alias): references as the target's gid,
/// polymorphic ones as `[table, gid]`; a byte field as NULL (read when pushed, `outbox::pending`).
pub(crate) fn value_sql(t: &SyncTable, column: &str, row: &str) -> String {
    if t.is_blob(column) {
        return "NULL".into();
    }
    match (t.reference(column), t.poly_ref(column)) {
        (Some(target), _) => format!("json_quote((SELECT gid FROM {target} WHERE id = {row}.\"{column}\"))"),
        (None, Some(p)) => keys::poly_value_sql(p, row),
        (None, None) => format!("json_quote({row}.\"{column}\")"),
    }
}

fn log_sql(table: &str, gid: &str, fields: &str) -> String {
    format!(
        "INSERT INTO sync_changes (tbl, gid, field, value, hlc)
           SELECT '{table}', g, f, v, (SELECT hlc FROM sync_state WHERE id = 1)
           FROM (SELECT {gid} AS g), ({fields}) WHERE g IS NOT NULL AND {LOGGING_SQL};"
    )
}

fn table_triggers(t: &SyncTable, cols: &[String], keyed_ids: bool) -> String {
    let (created, updated) = times(cols, "NEW");
    let (_, updated_old) = times(cols, "OLD");
    let name = t.name;
    let plain = t.value_columns();
    let mut all_new: Vec<String> = plain
        .iter()
        .map(|c| format!("SELECT '{c}' AS f, {} AS v WHERE NEW.\"{c}\" IS NOT NULL", value_sql(t, c, "NEW")))
        .collect();
    // A keyed row (re)created: it may come back after a delete under the same id.
    if t.is_keyed() {
        all_new.push(format!("SELECT '{REMOVED}' AS f, 'false' AS v"));
    }
    let all_new = all_new.join(" UNION ALL ");
    // A keyed row's id comes from its natural key (a fresh UUIDv7 while a part of it has no id).
    let uuid = match keys::gid_sql(t, "NEW").filter(|_| keyed_ids) {
        Some(key) => format!("COALESCE({key}, {})", ids::uuid7_sql(&created)),
        None => ids::uuid7_sql(&created),
    };
    let purge = if t.is_keyed() { REMOVED } else { "_purged" };
    let changed = plain
        .iter()
        .map(|c| format!("SELECT '{c}' AS f, {} AS v WHERE OLD.\"{c}\" IS NOT NEW.\"{c}\"", value_sql(t, c, "NEW")))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let of = plain.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
    let new_gid = format!("(SELECT gid FROM {name} WHERE rowid = NEW.rowid)");
    let mut sql = format!(
        "DROP TRIGGER IF EXISTS sync_{name}_insert;
         CREATE TRIGGER sync_{name}_insert AFTER INSERT ON {name} WHEN {LOGGING_SQL} BEGIN
           UPDATE {name} SET gid = {uuid} WHERE rowid = NEW.rowid AND gid IS NULL;
           {bump_new}
           {log_insert}
         END;
         DROP TRIGGER IF EXISTS sync_{name}_update;
         CREATE TRIGGER sync_{name}_update AFTER UPDATE OF {of} ON {name} WHEN {LOGGING_SQL} BEGIN
           {bump_new}
           {log_update}
         END;
         DROP TRIGGER IF EXISTS sync_{name}_purge;
         CREATE TRIGGER sync_{name}_purge AFTER DELETE ON {name} WHEN {LOGGING_SQL} BEGIN
           {bump_old}
           {log_purge}
         END;",
        uuid = uuid,
        bump_new = HLC_BUMP_SQL.replace("{ms}", &updated),
        bump_old = HLC_BUMP_SQL.replace("{ms}", &updated_old),
        log_insert = log_sql(name, &new_gid, &all_new),
        log_update = log_sql(name, "NEW.gid", &changed),
        log_purge = log_sql(name, "OLD.gid", &format!("SELECT '{purge}' AS f, 'true' AS v")),
    );
    let (_, parent_updated) = times(cols, "p");
    for l in t.lists {
        sql.push_str(&list_triggers(t, l, &parent_updated));
    }
    sql
}

fn list_triggers(t: &SyncTable, l: &ListField, parent_updated: &str) -> String {
    let (child, pc) = (l.table, l.parent_col);
    let one = |event: &str, row: &str| {
        let parent = format!("{row}.\"{pc}\"");
        format!(
            "DROP TRIGGER IF EXISTS sync_{child}_{event};
             CREATE TRIGGER sync_{child}_{event} AFTER {upper} ON {child} WHEN {LOGGING_SQL} BEGIN
               {bump}
               {log}
             END;",
            upper = event.to_uppercase(),
            bump = HLC_BUMP_SQL
                .replace("{ms}", &format!("(SELECT {parent_updated} FROM {} p WHERE p.id = {parent})", t.name)),
            log = log_sql(
                t.name,
                &format!("(SELECT gid FROM {} WHERE id = {parent})", t.name),
                // The list's value is read when it is pushed (`outbox::pending`): a statement that writes n
                // child rows fires this n times, and building the whole list each time would cost n² rows.
                &format!("SELECT '{}' AS f, NULL AS v", l.field),
            ),
        )
    };
    [one("insert", "NEW"), one("delete", "OLD"), one("update", "NEW")].concat()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::sync::registry::synced;

    /// A table the merger registers later may lack the time columns: its triggers still work, stamped with
    /// the current time.
    #[test]
    fn a_table_without_time_columns_gets_ids_and_recorded_changes() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        let tx = conn.transaction().unwrap();
        tx.execute_batch(include_str!("../migrations/0018_team_sync.sql")).unwrap();
        tx.execute_batch(
            "CREATE TABLE people (id INTEGER PRIMARY KEY, gid TEXT);
             INSERT INTO people (id, gid) VALUES (7, 'p-gid');
             CREATE TABLE notes_x (id INTEGER PRIMARY KEY, gid TEXT, body TEXT, person_id INTEGER);
             UPDATE sync_state SET capture = 1;",
        )
        .unwrap();
        let t = synced("notes_x", &["body"], &[("person_id", "people")], None);
        tx.execute_batch(&table_triggers(&t, &columns(&tx, "notes_x").unwrap(), true)).unwrap();
        tx.execute("INSERT INTO notes_x (body, person_id) VALUES ('hello', 7)", []).unwrap();
        let gid: String = tx.query_row("SELECT gid FROM notes_x", [], |r| r.get(0)).unwrap();
        assert_eq!(uuid::Uuid::parse_str(&gid).unwrap().get_version_num(), 7);
        let rows: Vec<(String, String, i64)> = tx
            .prepare("SELECT field, value, hlc FROM sync_changes ORDER BY field")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!((rows[0].0.as_str(), rows[0].1.as_str()), ("body", "\"hello\""));
        assert_eq!((rows[1].0.as_str(), rows[1].1.as_str()), ("person_id", "\"p-gid\""));
        assert!(rows[0].2 > crate::store::sync::hlc::from_millis(1_700_000_000_000), "stamped with the time now");
    }
}

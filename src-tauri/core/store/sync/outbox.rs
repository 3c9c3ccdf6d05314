//! The recorded changes waiting for a push, and this desktop's sync state row.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use super::capture::value_sql;
use super::hlc;
use super::lists::list_sql;
use super::registry::{SyncTable, REMOVED, SYNCED};
use crate::clock::Millis;
use crate::error::{AppError, AppResult, ErrorCode};

/// One field change as it travels: value is JSON text (None for a JSON null).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub seq: i64,
    #[serde(rename = "t")]
    pub tbl: String,
    #[serde(rename = "g")]
    pub gid: String,
    #[serde(rename = "f")]
    pub field: String,
    #[serde(rename = "v")]
    pub value: serde_json::Value,
    #[serde(rename = "h")]
    pub hlc: i64,
}

/// A push batch stops growing once its values pass this many bytes (an attachment's document can be 10 MB;
/// one larger than this travels alone).
pub const BATCH_BYTES: usize = 8 << 20;

/// The oldest pending fields (at most `limit`, and about `BATCH_BYTES` of values), each at its latest value
/// (a field edited five times travels once). A list field's value is its child rows as they are now, a byte
/// field's the row's bytes (the change log holds no value for either).
pub fn pending(conn: &Connection, limit: i64) -> AppResult<Vec<Change>> {
    let mut changes = recorded(conn, limit)?;
    let mut bytes = 0;
    for i in 0..changes.len() {
        let c = &mut changes[i];
        let Some(t) = super::registry::table(&c.tbl) else { continue };
        if let Some(l) = t.list(&c.field) {
            let parent = format!("(SELECT id FROM {} WHERE gid = ?1)", c.tbl);
            let value: Option<String> =
                conn.prepare_cached(&format!("SELECT {}", list_sql(l, &parent)))?.query_row([&c.gid], |r| r.get(0))?;
            c.value = value.and_then(|v| serde_json::from_str(&v).ok()).unwrap_or(serde_json::Value::Null);
        } else if t.is_blob(&c.field) {
            c.value = super::blobs::read(conn, t, &c.gid, &c.field)?;
        }
        bytes += c.value.as_str().map_or(0, str::len) + 64;
        if bytes > BATCH_BYTES && i > 0 {
            changes.truncate(i);
            break;
        }
    }
    Ok(changes)
}

fn recorded(conn: &Connection, limit: i64) -> AppResult<Vec<Change>> {
    // SQLite gives the bare columns of the row that holds max(seq).
    let mut stmt = conn.prepare_cached(
        "SELECT max(seq), tbl, gid, field, value, hlc FROM sync_changes GROUP BY tbl, gid, field
         ORDER BY max(seq) LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        let value: Option<String> = r.get(4)?;
        Ok(Change {
            seq: r.get(0)?,
            tbl: r.get(1)?,
            gid: r.get(2)?,
            field: r.get(3)?,
            value: value.and_then(|v| serde_json::from_str(&v).ok()).unwrap_or(serde_json::Value::Null),
            hlc: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Forgets pushed changes: each field's entries up to the pushed one (a later edit stays pending).
pub fn acknowledge(tx: &Transaction, pushed: &[Change]) -> AppResult<()> {
    let mut del =
        tx.prepare_cached("DELETE FROM sync_changes WHERE tbl = ?1 AND gid = ?2 AND field = ?3 AND seq <= ?4")?;
    for c in pushed {
        del.execute(params![c.tbl, c.gid, c.field, c.seq])?;
    }
    Ok(())
}

pub fn pending_count(conn: &Connection) -> AppResult<i64> {
    Ok(conn.query_row("SELECT count(*) FROM (SELECT 1 FROM sync_changes GROUP BY tbl, gid, field)", [], |r| r.get(0))?)
}

/// The latest pending local stamp of one field, if any (a pull keeps a newer local edit).
pub fn pending_hlc(conn: &Connection, tbl: &str, gid: &str, field: &str) -> AppResult<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT max(hlc) FROM sync_changes WHERE tbl = ?1 AND gid = ?2 AND field = ?3")?
        .query_row(params![tbl, gid, field], |r| r.get(0))
        .optional()?
        .flatten())
}

/// Starts recording, gives rows written outside a team their global ids, and queues every synced row's
/// fields once (joining or creating a workspace: what this desktop already has goes up with its first push).
pub fn start_capture(tx: &Transaction, now: Millis) -> AppResult<()> {
    tx.execute(
        "UPDATE sync_state SET capture = 1, applying = 0, hlc = max(hlc + 1, ?1),
         node = COALESCE(node, ?2) WHERE id = 1",
        params![hlc::from_millis(now), uuid::Uuid::now_v7().to_string()],
    )?;
    // The insert triggers of keyed tables derive ids from now on (`capture::all_triggers`).
    super::capture::ensure(tx)?;
    for t in SYNCED {
        // Rows written outside a team have no global id yet (the insert trigger only runs in a team).
        super::ids::backfill(tx, t)?;
        queue_all(tx, t)?;
    }
    Ok(())
}

/// Queues every row of `t` with all its fields: on joining, and when an upgrade registers a table on a
/// desktop that is already in a team (`capture::ensure`), so what it already has goes up with the next push.
pub(crate) fn queue_all(tx: &Transaction, t: &SyncTable) -> AppResult<()> {
    // (field, its JSON value for row x, when x has one)
    let mut fields: Vec<(String, String, String)> = Vec::new();
    for c in t.value_columns() {
        fields.push((c.to_string(), value_sql(t, c, "x"), format!("x.\"{c}\" IS NOT NULL")));
    }
    if t.is_keyed() {
        fields.push((REMOVED.to_string(), "'false'".into(), "1".into()));
    }
    for l in t.lists {
        let has = format!("EXISTS (SELECT 1 FROM {} WHERE {} = x.id)", l.table, l.parent_col);
        fields.push((l.field.to_string(), list_sql(l, "x.id"), has));
    }
    // Seeded rows (a system_key) exist with the same ids on every desktop: only their later edits travel.
    let seeded: bool = tx.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM pragma_table_info('{}') WHERE name = 'system_key')", t.name),
        [],
        |r| r.get(0),
    )?;
    let not_seeded = if seeded { " AND x.system_key IS NULL" } else { "" };
    for (field, value, cond) in fields {
        let cond = format!("{cond}{not_seeded}");
        tx.execute_batch(&format!(
            "INSERT INTO sync_changes (tbl, gid, field, value, hlc)
             SELECT '{tbl}', x.gid, '{field}', {value}, (SELECT hlc FROM sync_state WHERE id = 1)
             FROM {tbl} x WHERE {cond}",
            tbl = t.name,
        ))?;
    }
    Ok(())
}

/// This desktop's part in a workspace.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SyncState {
    pub capture: bool,
    pub node: Option<String>,
    pub url: Option<String>,
    pub user: Option<String>,
    pub role: Option<String>,
    pub hlc: i64,
    pub last_pull_seq: i64,
    pub last_push_at: Option<Millis>,
    pub last_pull_at: Option<Millis>,
    /// The last failed pass's error (its English message for the CLI and log, its code for the UI).
    pub last_error: Option<AppError>,
    /// Conflicts in the workspace's log that this user can see, as of the last sync.
    pub conflicts: i64,
}

pub fn state(conn: &Connection) -> AppResult<SyncState> {
    Ok(conn.query_row(
        "SELECT capture, node, url, username, role, hlc, last_pull_seq, last_push_at, last_pull_at, last_error,
         conflicts FROM sync_state WHERE id = 1",
        [],
        |r| {
            Ok(SyncState {
                capture: r.get(0)?,
                node: r.get(1)?,
                url: r.get(2)?,
                user: r.get(3)?,
                role: r.get(4)?,
                hlc: r.get(5)?,
                last_pull_seq: r.get(6)?,
                last_push_at: r.get(7)?,
                last_pull_at: r.get(8)?,
                last_error: r.get::<_, Option<String>>(9)?.map(|e| stored_error(&e)),
                conflicts: r.get(10)?,
            })
        },
    )?)
}

/// Records the workspace this desktop joined.
pub fn set_workspace(tx: &Transaction, url: &str, user: &str, role: &str) -> AppResult<()> {
    tx.execute(
        "UPDATE sync_state SET url = ?1, username = ?2, role = ?3, last_pull_seq = 0, last_error = NULL WHERE id = 1",
        params![url, user, role],
    )?;
    Ok(())
}

/// Leaves the workspace: recording stops, pending changes are dropped, the local copy stays.
pub fn leave(tx: &Transaction) -> AppResult<()> {
    tx.execute_batch(
        "UPDATE sync_state SET capture = 0, url = NULL, username = NULL, role = NULL, last_pull_seq = 0,
         last_push_at = NULL, last_pull_at = NULL, last_error = NULL WHERE id = 1;
         DELETE FROM sync_changes; DELETE FROM sync_unresolved;",
    )?;
    super::capture::ensure(tx)
}

pub fn note_push(tx: &Transaction, now: Millis) -> AppResult<()> {
    tx.execute("UPDATE sync_state SET last_push_at = ?1, last_error = NULL WHERE id = 1", [now])?;
    Ok(())
}

pub fn note_pull(tx: &Transaction, now: Millis, seq: i64) -> AppResult<()> {
    tx.execute(
        "UPDATE sync_state SET last_pull_at = ?1, last_pull_seq = max(last_pull_seq, ?2), last_error = NULL WHERE id = 1",
        params![now, seq],
    )?;
    Ok(())
}

/// Keeps a failed pass's error: `last_error` holds the error as JSON (code, message, field), so the UI can
/// say it in the user's language.
pub fn note_error(tx: &Transaction, error: &AppError) -> AppResult<()> {
    tx.execute("UPDATE sync_state SET last_error = ?1 WHERE id = 1", [serde_json::to_string(error)?])?;
    Ok(())
}

/// A stored error; plain text (written before errors were kept as JSON) becomes an internal error.
fn stored_error(text: &str) -> AppError {
    serde_json::from_str(text).unwrap_or_else(|_| AppError::new(ErrorCode::Internal, text))
}

pub fn note_conflicts(tx: &Transaction, count: i64) -> AppResult<()> {
    tx.execute("UPDATE sync_state SET conflicts = ?1 WHERE id = 1", [count])?;
    Ok(())
}

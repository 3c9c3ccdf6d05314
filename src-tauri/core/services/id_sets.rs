//! Sets of people (or other ids) worked out once per read, kept in a temp table of the connection that
//! later SQL on the same connection joins (`p.id IN (SELECT id FROM temp.<table>)`): the dashboard's
//! scope, and segment conditions that SQL cannot express (the upsell model's "likely to buy"). A pooled
//! reader keeps the table between reads, so every use empties it first.

use rusqlite::Connection;

use crate::domain::Id;
use crate::error::AppResult;

/// Creates the temp table `table` (one column `id`) on this connection if it is not there, and empties it.
/// `table` is a fixed name from the code (letters, digits, underscores), never input.
pub(crate) fn reset(conn: &Connection, table: &str) -> AppResult<()> {
    debug_assert!(table.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    conn.execute_batch(&format!(
        "CREATE TEMP TABLE IF NOT EXISTS {table} (id INTEGER PRIMARY KEY); DELETE FROM temp.{table};"
    ))?;
    Ok(())
}

/// Empties `table` and fills it with `ids` (duplicates are kept once).
pub(crate) fn replace(conn: &Connection, table: &str, ids: &[Id]) -> AppResult<()> {
    reset(conn, table)?;
    let mut stmt = conn.prepare(&format!("INSERT OR IGNORE INTO temp.{table} (id) VALUES (?1)"))?;
    for id in ids {
        stmt.execute([id])?;
    }
    Ok(())
}

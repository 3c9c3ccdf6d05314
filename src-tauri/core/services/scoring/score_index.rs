//! The `people_score` index during a full rescore. When most leads get a new score, updating the index
//! entry of each (a delete and an insert at a random place in the B-tree) costs more than dropping the index
//! before the writes and building it again afterwards in one sorted pass. Both happen inside the rescore's
//! write transaction, so a failure or a cancel rolls the drop back with the scores: the store never
//! commits without the index.

use rusqlite::{Connection, OptionalExtension};

use crate::error::AppResult;

const INDEX: &str = "people_score";

/// Whether the writes are worth a rebuild: the share of leads that changed in the first range read, applied
/// to every lead, is at least a quarter of the people rows the rebuild has to scan.
pub fn worth_rebuilding(first_changed: usize, first_leads: usize, total_leads: usize, people_rows: i64) -> bool {
    if first_leads == 0 || first_changed * 2 < first_leads {
        return false;
    }
    let expected = (first_changed as f64 / first_leads as f64) * total_leads as f64;
    expected * 4.0 >= people_rows as f64
}

/// The index, dropped until `restore`. None if the store has no such index (nothing to rebuild).
pub struct Dropped(String);

/// Drops the index, keeping its definition (read from the schema, so it follows the migrations).
pub fn drop(tx: &Connection) -> AppResult<Option<Dropped>> {
    let sql: Option<String> = tx
        .prepare_cached("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?1")?
        .query_row([INDEX], |r| r.get(0))
        .optional()?;
    let Some(sql) = sql else { return Ok(None) };
    tx.execute_batch(&format!("DROP INDEX {INDEX}"))?;
    Ok(Some(Dropped(sql)))
}

/// Builds the index again, in the same transaction as the drop.
pub fn restore(tx: &Connection, dropped: Dropped) -> AppResult<()> {
    tx.execute_batch(&dropped.0)?;
    Ok(())
}

//! Migration 31's step: every campaign's name key (its lower-cased name), unique. Campaign names were not
//! unique before; a later campaign whose name another one already has gets its id appended to its key
//! (` ~12`), so both stay, under one display name, until a user renames one.

use rusqlite::Transaction;

use crate::clock::Millis;
use crate::error::AppResult;

pub(super) fn fill(tx: &Transaction, _now: Millis) -> AppResult<()> {
    let rows: Vec<(i64, String)> = tx
        .prepare("SELECT id, name FROM campaigns ORDER BY created_at, id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut seen = std::collections::HashSet::new();
    for (id, name) in rows {
        let mut key = name.to_lowercase();
        if !seen.insert(key.clone()) {
            key = format!("{key} ~{id}");
        }
        tx.execute("UPDATE campaigns SET name_key = ?1 WHERE id = ?2", rusqlite::params![key, id])?;
    }
    tx.execute_batch("CREATE UNIQUE INDEX campaigns_name_key ON campaigns (name_key)")?;
    Ok(())
}

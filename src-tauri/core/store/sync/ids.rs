//! Global record ids: UUIDv7 (a millisecond timestamp, then randomness), beside each synced row's local
//! integer id. Rows written by this build get theirs from the insert trigger (`uuid7_sql`); rows that
//! predate sync get theirs here, from their `created_at`. Seeded rows with a `system_key` (the default
//! pipelines and stages) get a name-based id, the same on every desktop, so workspaces do not duplicate them.

use rusqlite::Transaction;
use uuid::Uuid;

use super::registry::{columns, times, SyncTable};
use crate::error::AppResult;

/// SQL for a fresh UUIDv7 whose timestamp is the expression `ms` (version nibble 7, RFC 9562 variant).
pub fn uuid7_sql(ms: &str) -> String {
    format!(
        "(SELECT lower(substr(ts, 1, 8) || '-' || substr(ts, 9, 4) || '-7' || substr(r, 1, 3) || '-' ||
                 substr('89ab', 1 + (abs(random()) % 4), 1) || substr(r, 4, 3) || '-' || substr(r, 7, 12))
          FROM (SELECT printf('%012x', max(0, min(COALESCE({ms}, 0), 281474976710655))) AS ts,
                       hex(randomblob(10)) AS r))"
    )
}

const NAMESPACE: Uuid = Uuid::from_u128(0x6f1d_52a8_0c8e_4d5b_9f57_1c1b_2e1f_8a01);

/// The id every desktop gives a seeded row: derived from its table and system keys (its parent's too).
pub fn system_id(key: &str) -> String {
    Uuid::new_v5(&NAMESPACE, key.as_bytes()).to_string()
}

/// Gives every row of `t` without a gid one: a keyed table's from its natural key (`keys::key_sql`).
pub fn backfill(tx: &Transaction, t: &SyncTable) -> AppResult<()> {
    let natural = super::keys::key_sql(t, "x");
    let system = match t.name {
        "pipelines" => Some("SELECT 'pipeline:' || system_key FROM pipelines p WHERE p.id = x.id AND system_key IS NOT NULL"),
        "stages" => Some(
            "SELECT 'stage:' || p.system_key || ':' || s.system_key FROM stages s JOIN pipelines p ON p.id = s.pipeline_id
             WHERE s.id = x.id AND s.system_key IS NOT NULL AND p.system_key IS NOT NULL",
        ),
        _ => None,
    };
    let key_sql = natural.or_else(|| system.map(|s| format!("({s})"))).unwrap_or_else(|| "NULL".into());
    let (created, _) = times(&columns(tx, t.name)?, "x");
    let rows: Vec<(i64, i64, Option<String>)> = tx
        .prepare(&format!("SELECT x.rowid, {created}, {key_sql} FROM {} x WHERE x.gid IS NULL", t.name))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = tx.prepare(&format!("UPDATE {} SET gid = ?1 WHERE rowid = ?2", t.name))?;
    for (id, created_at, key) in rows {
        let gid = match key {
            Some(k) => system_id(&k),
            None => v7_at(created_at),
        };
        update.execute(rusqlite::params![gid, id])?;
    }
    Ok(())
}

/// A UUIDv7 for a record created at `ms` (unix milliseconds).
pub fn v7_at(ms: i64) -> String {
    let ms = u64::try_from(ms).unwrap_or(0);
    let ts = uuid::Timestamp::from_unix(uuid::NoContext, ms / 1000, ((ms % 1000) * 1_000_000) as u32);
    Uuid::new_v7(ts).to_string()
}

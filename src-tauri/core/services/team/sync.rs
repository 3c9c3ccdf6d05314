//! One sync pass: push the recorded changes in batches (the server merges them field by field and says what
//! it refused), then pull what changed on the server since the last pulled sequence number, through the
//! user's row-level security, and apply it locally without recording it again. Each batch is its own local
//! transaction, acknowledged only after the server committed it: a pass cut off anywhere (a lost network, a
//! SIGKILL) repeats at most one batch, and the merge makes a repeated batch a no-op.

use serde::{Deserialize, Serialize};
use tokio_postgres::Client;

use super::conn::map_err;
use super::derived::{after_apply, after_batch};
use super::server::SCHEMA;
use crate::error::AppResult;
use crate::store::sync::apply::{apply, resolve_later, set_applying, Pulled};
use crate::store::sync::outbox::{self, acknowledge, note_pull, note_push, pending};
use crate::store::sync::registry::SYNCED;
use crate::store::Store;

const PUSH_BATCH: i64 = 500;
const PULL_BATCH: i64 = 1000;
const PULL_BYTES: i64 = 8 << 20;

/// A change the server did not take, and why (permission_denied, purged, unknown_table, invalid).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Refusal {
    #[serde(rename = "t")]
    pub table: String,
    #[serde(rename = "g")]
    pub gid: String,
    #[serde(rename = "f")]
    pub field: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SyncReport {
    pub pushed: usize,
    pub refused: Vec<Refusal>,
    pub conflicts: i64,
    pub pulled: usize,
}

#[derive(Deserialize)]
struct PushResult {
    refused: Vec<Refusal>,
    conflicts: i64,
}

pub async fn push(store: &Store, client: &Client, report: &mut SyncReport) -> AppResult<()> {
    loop {
        let state = store.read(outbox::state)?;
        let batch = store.read(|c| pending(c, PUSH_BATCH))?;
        if batch.is_empty() {
            return Ok(());
        }
        let node = state.node.unwrap_or_default();
        let changes = serde_json::to_value(&batch)?;
        let row = client
            .query_one("SELECT relata_push($1, $2, $3, $4)", &[&SCHEMA, &node, &state.last_pull_seq, &changes])
            .await
            .map_err(map_err)?;
        let result: PushResult = serde_json::from_value(row.get(0))?;
        let now = store.clock().now_ms();
        store.write(|tx| {
            acknowledge(tx, &batch)?;
            note_push(tx, now)
        })?;
        report.pushed += batch.len();
        report.conflicts += result.conflicts;
        refetch(store, client, &result.refused).await?;
        report.refused.extend(result.refused);
    }
}

/// Puts refused records back to the server's version (as far as this user may see it), so a refused edit
/// does not linger on this desktop as if it had been taken.
async fn refetch(store: &Store, client: &Client, refused: &[Refusal]) -> AppResult<()> {
    if refused.is_empty() {
        return Ok(());
    }
    let keys: Vec<String> = refused.iter().map(|r| format!("{}/{}", r.table, r.gid)).collect();
    let rows = client
        .query(
            "SELECT tbl, gid::text, fields, stamps, purged, seq FROM relata_records
             WHERE tbl || '/' || gid::text = ANY($1)",
            &[&keys],
        )
        .await
        .map_err(map_err)?;
    let records: Vec<Pulled> = rows.iter().map(pulled).collect();
    apply_batch(store, &records, None)
}

/// Applies pulled records in one local transaction, optionally moving the pull cursor to `cursor`.
fn apply_batch(store: &Store, records: &[Pulled], cursor: Option<i64>) -> AppResult<()> {
    let node = store.read(outbox::state)?.node.unwrap_or_default();
    let now = store.clock().now_ms();
    // Parents before children (the registry's order), so a reference finds its target in the same batch
    // even when the target changed later on the server (a higher seq); within a table, seq order stays.
    let mut ordered: Vec<&Pulled> = records.iter().collect();
    ordered.sort_by_key(|r| SYNCED.iter().position(|t| t.name == r.tbl).unwrap_or(usize::MAX));
    store.write(|tx| {
        set_applying(tx, true)?;
        for rec in ordered.iter().copied() {
            if let Some(id) = apply(tx, rec, &node, now)? {
                after_apply(tx, &rec.tbl, id)?;
            }
        }
        resolve_later(tx)?;
        after_batch(tx, records.iter().map(|r| r.tbl.as_str()), now)?;
        set_applying(tx, false)?;
        match cursor {
            Some(seq) => note_pull(tx, now, seq),
            None => Ok(()),
        }
    })
}

pub async fn pull(store: &Store, client: &Client, report: &mut SyncReport) -> AppResult<()> {
    loop {
        let since = store.read(outbox::state)?.last_pull_seq;
        // At most PULL_BATCH records, cut after about PULL_BYTES of fields (attachments' documents); the
        // first record always comes.
        let rows = client
            .query(
                "SELECT tbl, gid, fields, stamps, purged, seq FROM (
                   SELECT tbl, gid::text AS gid, fields, stamps, purged, seq,
                     sum(pg_column_size(fields)) OVER (ORDER BY seq) - pg_column_size(fields) AS before
                   FROM (SELECT * FROM relata_records WHERE seq > $1 ORDER BY seq LIMIT $2) r
                 ) x WHERE before < $3 ORDER BY seq",
                &[&since, &PULL_BATCH, &PULL_BYTES],
            )
            .await
            .map_err(map_err)?;
        if rows.is_empty() {
            return Ok(());
        }
        let records: Vec<Pulled> = rows.iter().map(pulled).collect();
        let last = records.last().map(|r| r.seq).unwrap_or(since);
        apply_batch(store, &records, Some(last))?;
        report.pulled += records.len();
    }
}

fn pulled(row: &tokio_postgres::Row) -> Pulled {
    let fields: serde_json::Value = row.get(2);
    let stamps: serde_json::Value = row.get(3);
    let fields = match fields {
        serde_json::Value::Object(m) => m.into_iter().collect(),
        _ => Default::default(),
    };
    let stamps = match stamps {
        serde_json::Value::Object(m) => m
            .into_iter()
            .map(|(k, v)| {
                let hlc = v.get(0).and_then(|h| h.as_i64()).unwrap_or(0);
                let node = v.get(1).and_then(|n| n.as_str()).unwrap_or_default().to_string();
                (k, (hlc, node))
            })
            .collect(),
        _ => Default::default(),
    };
    Pulled { tbl: row.get(0), gid: row.get(1), fields, stamps, purged: row.get(4), seq: row.get(5) }
}

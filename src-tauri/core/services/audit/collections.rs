//! Changes the column triggers cannot see: emails, phones, tags and custom values live in their own tables
//! and are rewritten on every save. Services compare before and after and add the names here.

use rusqlite::{params, Connection, OptionalExtension};

use crate::clock::Millis;
use crate::domain::{CustomValues, Entity, Id};
use crate::error::AppResult;

/// The audit log's position before a write, so `add_fields` finds only that write's entry.
pub fn mark(tx: &Connection) -> AppResult<Id> {
    Ok(tx.prepare_cached("SELECT COALESCE(max(id), 0) FROM audit_log")?.query_row([], |r| r.get(0))?)
}

/// The custom fields whose value differs, as `custom.<key>`.
pub fn custom_changes(before: &CustomValues, after: &CustomValues) -> Vec<String> {
    let keys: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    keys.into_iter().filter(|k| before.get(*k) != after.get(*k)).map(|k| format!("custom.{k}")).collect()
}

/// Adds `fields` to the update entry this write made after `mark`, or records an update with just them.
pub fn add_fields(tx: &Connection, mark: Id, now: Millis, entity: Entity, id: Id, fields: &[String]) -> AppResult<()> {
    if fields.is_empty() {
        return Ok(());
    }
    let entry: Option<(Id, String)> = tx
        .prepare_cached(
            "SELECT id, fields FROM audit_log WHERE id > ?1 AND entity = ?2 AND record_id = ?3 AND action = 'update'
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row(params![mark, entity.as_str(), id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match entry {
        Some((entry_id, json)) => {
            let mut all: Vec<String> = serde_json::from_str(&json)?;
            all.extend(fields.iter().filter(|f| !all.contains(f)).cloned().collect::<Vec<_>>());
            tx.prepare_cached("UPDATE audit_log SET fields = ?1 WHERE id = ?2")?
                .execute(params![serde_json::to_string(&all)?, entry_id])?;
            Ok(())
        }
        None => {
            let names: Vec<&str> = fields.iter().map(String::as_str).collect();
            super::record(tx, now, crate::domain::AuditAction::Update, Some(entity), Some(id), &names)
        }
    }
}

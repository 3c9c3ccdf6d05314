//! The audit trail: reading it, exporting it as CSV, and `record` for the actions no trigger sees
//! (restore, purge, import, export, erase). Entries hold field names, never values.

mod collections;

use rusqlite::{params, Connection};

use crate::domain::{AuditAction, AuditEntry, AuditQuery, Entity, Id, Page};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::records::{enum_str, json_col, parse_enum};
use crate::store::Store;

pub use crate::store::audit_triggers::install as install_triggers;
pub use collections::{add_fields, custom_changes, mark};

const MAX_LIMIT: u32 = 500;

/// Records one action inside the caller's transaction, with the clock's time and the current profile.
/// `fields` are column or field names only: never put a value here.
pub fn record(
    tx: &Connection,
    now: crate::clock::Millis,
    action: AuditAction,
    entity: Option<Entity>,
    id: Option<Id>,
    fields: &[&str],
) -> AppResult<()> {
    tx.prepare_cached(&format!(
        "INSERT INTO audit_log (at, action, entity, record_id, fields, profile) VALUES (?1, ?2, ?3, ?4, ?5, {})",
        crate::store::audit_triggers::PROFILE_SQL
    ))?
    .execute(params![now, enum_str(&action), entity.map(Entity::as_str), id, serde_json::to_string(fields)?])?;
    Ok(())
}

/// [`record`] for each record whose id is in the one-column temp table `ids` (a bulk edit's changed people),
/// in id order, in one statement.
pub fn record_each(
    tx: &Connection,
    now: crate::clock::Millis,
    action: AuditAction,
    entity: Entity,
    ids: &str,
    fields: &[&str],
) -> AppResult<usize> {
    let n = tx
        .prepare_cached(&format!(
            "INSERT INTO audit_log (at, action, entity, record_id, fields, profile)
             SELECT ?1, ?2, ?3, id, ?4, {} FROM temp.{ids} ORDER BY id",
            crate::store::audit_triggers::PROFILE_SQL
        ))?
        .execute(params![now, enum_str(&action), entity.as_str(), serde_json::to_string(fields)?])?;
    Ok(n)
}

/// Runs `f` (a bulk import, batch `batch`) without one 'create' entry per new record: the import records
/// itself as one entry naming its batch, and the batch lists every record it created, so the trail still
/// answers where each record came from. Updates and deletes stay audited. Only this transaction is
/// affected: the marker row is gone again before it commits, and a failed or killed import rolls it back.
pub fn without_create_entries<T>(tx: &Connection, batch: Id, f: impl FnOnce() -> AppResult<T>) -> AppResult<T> {
    tx.prepare_cached("INSERT INTO audit_bulk_create (batch_id) VALUES (?1)")?.execute([batch])?;
    let out = f()?;
    tx.prepare_cached("DELETE FROM audit_bulk_create WHERE batch_id = ?1")?.execute([batch])?;
    Ok(out)
}

/// Newest first, keyset-paged by id; optionally one entity type or one record.
pub fn list(store: &Store, query: &AuditQuery) -> AppResult<Page<AuditEntry>> {
    if query.record_id.is_some() && query.entity.is_none() {
        return Err(AppError::field(ErrorCode::Required, "entity", "a record id needs its entity"));
    }
    let limit = query.limit.clamp(1, MAX_LIMIT);
    let before: Option<Id> = match query.cursor.as_deref() {
        None | Some("") => None,
        Some(c) => Some(c.parse().map_err(|_| AppError::field(ErrorCode::InvalidValue, "cursor", "bad cursor"))?),
    };
    let entity = query.entity.map(Entity::as_str);
    store.read(|conn| {
        let filter = "(?1 IS NULL OR entity = ?1) AND (?2 IS NULL OR record_id = ?2)";
        let total: i64 = conn
            .prepare_cached(&format!("SELECT count(*) FROM audit_log WHERE {filter}"))?
            .query_row(params![entity, query.record_id], |r| r.get(0))?;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT id, at, action, entity, record_id, fields, profile FROM audit_log
             WHERE {filter} AND (?3 IS NULL OR id < ?3) ORDER BY id DESC LIMIT ?4"
        ))?;
        let items: Vec<AuditEntry> = stmt
            .query_map(params![entity, query.record_id, before, i64::from(limit) + 1], row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(page(items, limit, total))
    })
}

fn page(mut items: Vec<AuditEntry>, limit: u32, total: i64) -> Page<AuditEntry> {
    let next_cursor = if items.len() > limit as usize {
        items.truncate(limit as usize);
        items.last().map(|e| e.id.to_string())
    } else {
        None
    };
    Page { items, next_cursor, total, total_exact: true }
}

fn row(r: &rusqlite::Row) -> rusqlite::Result<AuditEntry> {
    let entity: Option<String> = r.get(3)?;
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        action: parse_enum(&r.get::<_, String>(2)?)?,
        entity: entity.as_deref().and_then(Entity::parse),
        record_id: r.get(4)?,
        fields: json_col(&r.get::<_, String>(5)?)?,
        profile: r.get(6)?,
    })
}

/// The whole filtered trail as CSV (RFC 4180 quoting), oldest last like the list.
pub fn export_csv(store: &Store, query: &AuditQuery) -> AppResult<String> {
    let mut out = String::from("id,at_utc,action,entity,record_id,fields,profile\r\n");
    let mut q = AuditQuery { limit: MAX_LIMIT, cursor: None, ..query.clone() };
    loop {
        let page = list(store, &q)?;
        for e in &page.items {
            let at = chrono::DateTime::from_timestamp_millis(e.at).map(|t| t.to_rfc3339()).unwrap_or_default();
            let cells = [
                e.id.to_string(),
                at,
                enum_str(&e.action),
                e.entity.map(|x| x.as_str().to_string()).unwrap_or_default(),
                e.record_id.map(|x| x.to_string()).unwrap_or_default(),
                e.fields.join(";"),
                e.profile.clone().unwrap_or_default(),
            ];
            out.push_str(&cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(","));
            out.push_str("\r\n");
        }
        match page.next_cursor {
            Some(c) => q.cursor = Some(c),
            None => return Ok(out),
        }
    }
}

/// Quotes a cell, and defuses spreadsheet formulas (a profile name starting with '=' stays text).
fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn csv_cells_are_quoted_and_formulas_defused() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=1+1"), "'=1+1");
    }
}

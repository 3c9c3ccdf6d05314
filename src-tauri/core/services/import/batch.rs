//! Import batches: what each import created and what it replaced, so it can be undone as a whole.

use rusqlite::{Connection, OptionalExtension};

use super::types::{ImportBatch, ImportReport, UndoReport};
use super::{created, signup, snapshot};
use crate::domain::{Company, Entity, Id};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::records::table;
use crate::services::{companies, people, trash};
use crate::store::Store;

/// The pseudo-entity under which created custom field definitions are recorded.
pub const CUSTOM_FIELD: &str = "custom_field";
/// The record type under which an order import's new products are recorded (its orders carry the batch
/// in `orders.import_id`).
pub const PRODUCT: &str = "product";

pub fn create(tx: &Connection, format: &str, entity: &str, file_name: &str, now: i64) -> AppResult<Id> {
    Ok(tx
        .prepare_cached(
            "INSERT INTO import_batches (format, entity, file_name, created, updated, skipped, errors, created_at)
             VALUES (?1, ?2, ?3, 0, 0, 0, 0, ?4) RETURNING id",
        )?
        .query_row(rusqlite::params![format, entity, file_name, now], |r| r.get(0))?)
}

/// Notes a record the batch updated (with its values from before) or a custom field it created
/// (`previous` None). Created records are noted as id ranges (`created`). The first note wins: a record
/// updated twice by the same file keeps the values from before the batch.
pub fn record(tx: &Connection, batch: Id, entity: &str, id: Id, previous: Option<&str>) -> AppResult<()> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO import_records (batch_id, entity, record_id, previous) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(rusqlite::params![batch, entity, id, previous])?;
    Ok(())
}

pub fn finish(tx: &Connection, batch: Id, report: &ImportReport) -> AppResult<()> {
    tx.prepare_cached("UPDATE import_batches SET created = ?1, updated = ?2, skipped = ?3, errors = ?4 WHERE id = ?5")?
        .execute(rusqlite::params![
            report.created,
            report.updated,
            report.skipped,
            report.errors.len() as i64,
            batch
        ])?;
    Ok(())
}

pub fn list(store: &Store) -> AppResult<Vec<ImportBatch>> {
    store.read(|conn| {
        let mut stmt = conn.prepare_cached(
            "SELECT id, format, entity, file_name, created, updated, skipped, errors, created_at, undone_at
             FROM import_batches ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ImportBatch {
                id: r.get(0)?,
                format: r.get(1)?,
                entity: r.get(2)?,
                file_name: r.get(3)?,
                created: r.get(4)?,
                updated: r.get(5)?,
                skipped: r.get(6)?,
                errors: r.get(7)?,
                created_at: r.get(8)?,
                undone_at: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

/// Deletes what the batch created and writes back what it updated, in one transaction. Records deleted
/// since are left alone; an updated record gets the values it had before the import.
pub fn undo(store: &Store, batch: Id) -> AppResult<UndoReport> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        let undone: Option<Option<i64>> = tx
            .prepare_cached("SELECT undone_at FROM import_batches WHERE id = ?1")?
            .query_row([batch], |r| r.get(0))
            .optional()?;
        match undone {
            None => return Err(AppError::not_found("import batch", batch)),
            Some(Some(_)) => {
                return Err(AppError::new(ErrorCode::Conflict, format!("import batch {batch} was already undone")))
            }
            Some(None) => {}
        }
        let mut report = UndoReport::default();
        let records: Vec<(String, Id, Option<String>)> = tx
            .prepare_cached("SELECT entity, record_id, previous FROM import_records WHERE batch_id = ?1")?
            .query_map([batch], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (entity, id, previous) in records.iter().filter(|r| r.2.is_some()) {
            if restore(tx, entity, *id, previous.as_deref().unwrap_or_default(), now)? {
                report.restored += 1;
            }
        }
        // What the batch created: its id ranges, plus single records noted before there were ranges.
        let ranges = created::load(tx, batch)?;
        let singles = records.iter().filter(|r| r.2.is_none()).map(|(e, id, _)| (e.clone(), *id, *id));
        let created: Vec<(String, Id, Id)> = ranges.into_iter().chain(singles).collect();
        // A signups import's consents, memberships and cadence series, while their people are still there.
        report.deleted += signup::undo(tx, &records, now)?;
        // Dependants first, so nothing they point at is gone while they are deleted: orders (their lines
        // go with them), the products they created, then the records.
        let orders = tx.prepare_cached("DELETE FROM orders WHERE import_id = ?1")?.execute([batch])?;
        report.deleted += crate::count::saturating_u32(orders as u128);
        for (_, first, last) in created.iter().filter(|r| r.0 == PRODUCT) {
            let n = tx.prepare_cached("DELETE FROM products WHERE id BETWEEN ?1 AND ?2")?.execute([first, last])?;
            report.deleted += crate::count::saturating_u32(n as u128);
        }
        for entity in [Entity::Activity, Entity::Deal, Entity::Person, Entity::Company] {
            for (_, first, last) in created.iter().filter(|r| r.0 == entity.as_str()) {
                for id in *first..=*last {
                    if exists(tx, table(entity), id)? {
                        trash::purge_one(tx, entity, id, now)?;
                        report.deleted += 1;
                    }
                }
            }
        }
        for (_, id, _) in records.iter().filter(|r| r.0 == CUSTOM_FIELD) {
            tx.prepare_cached("DELETE FROM custom_field_defs WHERE id = ?1")?.execute([id])?;
        }
        trash::drop_unlinked_activities(tx)?;
        tx.prepare_cached("UPDATE import_batches SET undone_at = ?1 WHERE id = ?2")?.execute([now, batch])?;
        Ok(report)
    })
}

fn exists(tx: &Connection, table: &str, id: Id) -> AppResult<bool> {
    let sql = format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)");
    Ok(tx.prepare_cached(&sql)?.query_row([id], |r| r.get(0))?)
}

fn restore(tx: &Connection, entity: &str, id: Id, previous: &str, now: i64) -> AppResult<bool> {
    match Entity::parse(entity) {
        Some(Entity::Person) if exists(tx, "people", id)? => {
            let before = snapshot::person_from_json(previous)?;
            let mut input = snapshot::person_input(&before);
            // A company the import created is about to go; the one from before may have gone meanwhile.
            if let Some(cid) = input.company_id {
                input.company_id = exists(tx, "companies", cid)?.then_some(cid);
            }
            people::save(tx, Some(id), &input, now)?;
            Ok(true)
        }
        Some(Entity::Company) if exists(tx, "companies", id)? => {
            let before: Company = serde_json::from_str(previous)?;
            companies::save(tx, Some(id), &snapshot::company_input(&before), now)?;
            people::reindex_company(tx, id)?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

//! "Erase this person": a hard delete of the person and everything that is only about them, from every
//! table, the search index and the trash, then a VACUUM so no copy is left in free pages or the WAL.
//! Records they share with a company or a deal stay, without the link. The `erasures` log keeps the id,
//! the time and the counts, nothing else.

use rusqlite::Connection;

use crate::domain::{AuditAction, Entity, ErasureReport, Id};
use crate::error::{AppError, AppResult};
use crate::services::audit;
use crate::store::fts::Index;
use crate::store::Store;

/// (label in the report, statement). Order matters: tasks and activities are chosen by their links before
/// the person row goes and the foreign keys clear those links.
const STEPS: &[(&str, &str)] = &[
    ("activities", "DELETE FROM activities WHERE person_id = ?1 AND company_id IS NULL AND deal_id IS NULL"),
    // A call kept for its company or deal forgets the person's number too.
    (
        "activities_unlinked",
        "UPDATE activities SET person_id = NULL, call_number = NULL, call_number_e164 = NULL WHERE person_id = ?1",
    ),
    // Cadence steps are written about the person (their name is in the titles), whatever else they link.
    (
        "cadence_tasks",
        "DELETE FROM tasks WHERE id IN (SELECT t.task_id FROM cadence_tasks t JOIN cadence_runs r ON r.id = t.run_id
                                        WHERE r.person_id = ?1)",
    ),
    ("tasks", "DELETE FROM tasks WHERE person_id = ?1 AND company_id IS NULL AND deal_id IS NULL"),
    ("tasks_unlinked", "UPDATE tasks SET person_id = NULL WHERE person_id = ?1"),
    ("deals_unlinked", "UPDATE deals SET person_id = NULL WHERE person_id = ?1"),
    ("cadence_runs", "DELETE FROM cadence_runs WHERE person_id = ?1"),
    ("consents", "DELETE FROM consents WHERE person_id = ?1"),
    // Queued and sent mail to them: the raw message holds their address and name.
    ("outbox", "DELETE FROM outbox WHERE person_id = ?1"),
    ("emails", "DELETE FROM person_emails WHERE person_id = ?1"),
    ("phones", "DELETE FROM person_phones WHERE person_id = ?1"),
    ("tags", "DELETE FROM taggings WHERE entity = 'person' AND record_id = ?1"),
    ("custom_values", "DELETE FROM custom_values WHERE entity = 'person' AND record_id = ?1"),
    ("search_index", "DELETE FROM people_fts WHERE rowid = ?1"),
    ("people", "DELETE FROM people WHERE id = ?1"),
];

/// Erases the person (live or in the trash) and returns what was removed.
pub fn erase(store: &Store, person_id: Id) -> AppResult<ErasureReport> {
    let now = store.clock().now_ms();
    let report = store.write(|tx| {
        let exists: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM people WHERE id = ?1)", [person_id], |r| r.get(0))?;
        if !exists {
            return Err(AppError::not_found("person", person_id));
        }
        let mut counts = Vec::with_capacity(STEPS.len());
        for (label, sql) in STEPS {
            let n = tx.prepare_cached(sql)?.execute([person_id])?;
            // Saturating: the erasure must go through whatever the count; the log then says "at least".
            counts.push((label.to_string(), crate::count::saturating_i32(n)));
        }
        // A deleted FTS row lives on in the index segments until they are merged: merge them now.
        optimize(tx, Index::People)?;
        tx.prepare_cached("INSERT INTO erasures (person_id, erased_at, counts) VALUES (?1, ?2, ?3)")?
            .execute(rusqlite::params![person_id, now, serde_json::to_string(&counts)?])?;
        let id = tx.last_insert_rowid();
        // The trail keeps that an erasure happened and to which id, never what was erased.
        audit::record(tx, now, AuditAction::Erase, Some(Entity::Person), Some(person_id), &[])?;
        Ok(ErasureReport { id, person_id, erased_at: now, counts })
    })?;
    store.vacuum()?;
    Ok(report)
}

/// The erasure log, newest first.
pub fn erasures(store: &Store) -> AppResult<Vec<ErasureReport>> {
    store.read(|conn| {
        let mut stmt = conn.prepare_cached("SELECT id, person_id, erased_at, counts FROM erasures ORDER BY id DESC")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, Id>(0)?, r.get::<_, Id>(1)?, r.get::<_, i64>(2)?, r.get::<_, String>(3)?))
        })?;
        rows.map(|row| {
            let (id, person_id, erased_at, counts) = row?;
            Ok(ErasureReport { id, person_id, erased_at, counts: serde_json::from_str(&counts)? })
        })
        .collect()
    })
}

fn optimize(conn: &Connection, index: Index) -> AppResult<()> {
    let t = index.table();
    conn.execute(&format!("INSERT INTO {t} ({t}) VALUES ('optimize')"), [])?;
    Ok(())
}

//! The trash: deleting a record sets `deleted_at`; it can be restored, or purged for good.

use rusqlite::Connection;

use super::records::table;
use super::{audit, custom, deals, people, tags};
use crate::domain::{AuditAction, Entity, Id, TrashItem};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::fts::{self, Index};
use crate::store::Store;

/// Newest first, each with the title the user knew it by.
pub fn list(store: &Store) -> AppResult<Vec<TrashItem>> {
    store.read(|conn| {
        let mut stmt = conn.prepare_cached(concat!(
            "SELECT 'person', p.id, ",
            crate::person_display_name!("p"),
            ", p.deleted_at FROM people p WHERE p.deleted_at IS NOT NULL
             UNION ALL SELECT 'company', id, name, deleted_at FROM companies WHERE deleted_at IS NOT NULL
             UNION ALL SELECT 'deal', id, title, deleted_at FROM deals WHERE deleted_at IS NOT NULL
             UNION ALL SELECT 'activity', id, COALESCE(NULLIF(subject, ''),
                    NULLIF(trim(substr(body, 1, CASE WHEN instr(body, char(10)) > 0 THEN instr(body, char(10)) - 1
                                                ELSE 100 END)), ''),
                    upper(substr(kind, 1, 1)) || substr(kind, 2)), deleted_at
                FROM activities WHERE deleted_at IS NOT NULL
             UNION ALL SELECT 'task', id, title, deleted_at FROM tasks WHERE deleted_at IS NOT NULL
             UNION ALL SELECT 'order', id, number, deleted_at FROM orders WHERE deleted_at IS NOT NULL
             ORDER BY 4 DESC, 1, 2 DESC"
        ))?;
        let rows = stmt.query_map([], |r| {
            let entity: String = r.get(0)?;
            Ok(TrashItem {
                entity: Entity::parse(&entity).unwrap_or(Entity::Person),
                id: r.get(1)?,
                title: r.get(2)?,
                deleted_at: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

pub fn restore(store: &Store, entity: Entity, id: Id) -> AppResult<()> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        require_trashed(tx, entity, id)?;
        if entity == Entity::Deal {
            // Its old place in the column may be taken by now: it comes back at the end.
            let stage: Id = tx.query_row("SELECT stage_id FROM deals WHERE id = ?1", [id], |r| r.get(0))?;
            let position = deals::next_position(tx, stage)?;
            tx.execute("UPDATE deals SET position = ?1 WHERE id = ?2", [i64::from(position), id])?;
        }
        let sql = format!("UPDATE {} SET deleted_at = NULL WHERE id = ?1", table(entity));
        tx.prepare_cached(&sql)?.execute([id])?;
        if entity == Entity::Company {
            people::reindex_company(tx, id)?;
        }
        audit::record(tx, now, AuditAction::Restore, Some(entity), Some(id), &[])
    })
}

/// Deletes a trashed record for good, with its child rows. Records that only pointed at it lose the link;
/// activities left with no link at all go too.
pub fn purge(store: &Store, entity: Entity, id: Id) -> AppResult<()> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        require_trashed(tx, entity, id)?;
        purge_one(tx, entity, id, now)?;
        drop_unlinked_activities(tx)
    })
}

/// Purges everything in the trash; returns how many records that were.
pub fn empty(store: &Store) -> AppResult<i64> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        let mut count = 0;
        for entity in Entity::ALL {
            let sql = format!("SELECT id FROM {} WHERE deleted_at IS NOT NULL", table(entity));
            let ids: Vec<Id> =
                tx.prepare_cached(&sql)?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            for id in ids {
                purge_one(tx, entity, id, now)?;
                count += 1;
            }
        }
        drop_unlinked_activities(tx)?;
        Ok(count)
    })
}

fn require_trashed(conn: &Connection, entity: Entity, id: Id) -> AppResult<()> {
    let sql = format!("SELECT deleted_at IS NOT NULL FROM {} WHERE id = ?1", table(entity));
    match conn.prepare_cached(&sql)?.query_row([id], |r| r.get::<_, bool>(0)) {
        Ok(true) => Ok(()),
        Ok(false) => Err(AppError::new(ErrorCode::Conflict, format!("{} {id} is not in the trash", entity.as_str()))),
        Err(rusqlite::Error::QueryReturnedNoRows) => Err(AppError::not_found(entity.as_str(), id)),
        Err(e) => Err(e.into()),
    }
}

pub(crate) fn purge_one(tx: &Connection, entity: Entity, id: Id, now: crate::clock::Millis) -> AppResult<()> {
    let index = match entity {
        Entity::Person => Some(Index::People),
        Entity::Company => Some(Index::Companies),
        Entity::Deal => Some(Index::Deals),
        Entity::Activity | Entity::Task | Entity::Order => None,
    };
    if let Some(index) = index {
        fts::remove(tx, index, id)?;
        tags::remove_all(tx, entity, id)?;
        custom::remove_all(tx, entity, id)?;
    }
    // Emails and phones cascade; links from other records are set to NULL by their foreign keys.
    let sql = format!("DELETE FROM {} WHERE id = ?1", table(entity));
    tx.prepare_cached(&sql)?.execute([id])?;
    audit::record(tx, now, AuditAction::Purge, Some(entity), Some(id), &[])
}

pub(crate) fn drop_unlinked_activities(tx: &Connection) -> AppResult<()> {
    tx.prepare_cached("DELETE FROM activities WHERE person_id IS NULL AND company_id IS NULL AND deal_id IS NULL")?
        .execute([])?;
    Ok(())
}

//! Set-based bulk edits: tagging, untagging and setting the owner of many people with a few statements over
//! a temp table of their ids, in the caller's transaction. The effects are those of `people::update_in` on
//! each person it changes (docs/segments.md, "Speed"): the taggings and their positions, `updated_at`, one
//! audit entry per changed person (`["tags"]` recorded here, `["owner"]` by the audit trigger), the team
//! sync capture and automation events from the tables' own triggers, and a rescore of exactly the changed
//! people (`scoring::rescore_ids`). The search entry is not rewritten: names, emails, phones and company,
//! all it holds, do not change.

use rusqlite::Connection;

use crate::clock::Millis;
use crate::domain::{AuditAction, Entity, Id};
use crate::error::AppResult;
use crate::services::{audit, scoring, tags};

/// One edit of many people; the tag or owner is already validated.
pub enum Edit<'a> {
    AddTag(&'a str),
    RemoveTag(&'a str),
    SetOwner(Option<&'a str>),
}

/// Applies `edit` to the live people `ids`; returns how many it changed (the others already had the tag or
/// the owner, or lacked the tag to remove).
pub fn apply(tx: &Connection, ids: &[Id], edit: Edit, now: Millis) -> AppResult<u32> {
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS bulk_ids (id INTEGER PRIMARY KEY);
         CREATE TEMP TABLE IF NOT EXISTS bulk_changed (id INTEGER PRIMARY KEY);
         DELETE FROM temp.bulk_ids; DELETE FROM temp.bulk_changed;",
    )?;
    tx.prepare_cached("INSERT INTO temp.bulk_ids (id) SELECT value FROM json_each(?1)")?
        .execute([serde_json::to_string(ids)?])?;
    let changed = match edit {
        Edit::AddTag(tag) => add_tag(tx, tag)?,
        Edit::RemoveTag(tag) => remove_tag(tx, &tag.to_lowercase())?,
        Edit::SetOwner(owner) => set_owner(tx, owner, now)?,
    };
    if changed > 0 {
        if !matches!(edit, Edit::SetOwner(_)) {
            tx.prepare_cached("UPDATE people SET updated_at = ?1 WHERE id IN (SELECT id FROM temp.bulk_changed)")?
                .execute([now])?;
            audit::record_each(tx, now, AuditAction::Update, Entity::Person, "bulk_changed", &["tags"])?;
        }
        let ids: Vec<Id> = tx
            .prepare_cached("SELECT id FROM temp.bulk_changed ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        scoring::rescore_ids(tx, &ids, now)?;
    }
    tx.execute_batch("DELETE FROM temp.bulk_ids; DELETE FROM temp.bulk_changed;")?;
    Ok(changed as u32)
}

/// The tag goes last on each person who lacks it (the existing spelling of the tag wins).
fn add_tag(tx: &Connection, tag: &str) -> AppResult<usize> {
    let key = tag.to_lowercase();
    let n = tx
        .prepare_cached(
            "INSERT INTO temp.bulk_changed (id) SELECT b.id FROM temp.bulk_ids b WHERE NOT EXISTS (
               SELECT 1 FROM taggings g JOIN tags t ON t.id = g.tag_id
               WHERE g.entity = 'person' AND g.record_id = b.id AND t.key = ?1)",
        )?
        .execute([&key])?;
    if n == 0 {
        return Ok(0);
    }
    tags::ensure(tx, tag, &key)?;
    renumber(tx)?;
    tx.prepare_cached(
        "INSERT INTO taggings (entity, record_id, tag_id, position)
         SELECT 'person', c.id, t.id, (SELECT COUNT(*) FROM taggings g WHERE g.entity = 'person' AND g.record_id = c.id)
         FROM temp.bulk_changed c JOIN tags t ON t.key = ?1 ORDER BY c.id",
    )?
    .execute([&key])?;
    Ok(n)
}

fn remove_tag(tx: &Connection, key: &str) -> AppResult<usize> {
    let n = tx
        .prepare_cached(
            "INSERT INTO temp.bulk_changed (id) SELECT g.record_id FROM taggings g JOIN tags t ON t.id = g.tag_id
             WHERE t.key = ?1 AND g.entity = 'person' AND g.record_id IN (SELECT id FROM temp.bulk_ids)",
        )?
        .execute([key])?;
    if n == 0 {
        return Ok(0);
    }
    tx.prepare_cached(
        "DELETE FROM taggings WHERE entity = 'person' AND tag_id = (SELECT id FROM tags WHERE key = ?1)
         AND record_id IN (SELECT id FROM temp.bulk_changed)",
    )?
    .execute([key])?;
    renumber(tx)?;
    Ok(n)
}

/// The changed people's taggings numbered 0, 1, ... in their order, as `tags::save` leaves them; only the
/// positions that differ are written (and so recorded for team sync).
fn renumber(tx: &Connection) -> AppResult<()> {
    tx.prepare_cached(
        "UPDATE taggings SET position = r.pos FROM (
           SELECT g.id AS tid, ROW_NUMBER() OVER (PARTITION BY g.record_id ORDER BY g.position) - 1 AS pos
           FROM taggings g WHERE g.entity = 'person' AND g.record_id IN (SELECT id FROM temp.bulk_changed)) AS r
         WHERE taggings.id = r.tid AND taggings.position IS NOT r.pos",
    )?
    .execute([])?;
    Ok(())
}

fn set_owner(tx: &Connection, owner: Option<&str>, now: Millis) -> AppResult<usize> {
    let n = tx
        .prepare_cached(
            "INSERT INTO temp.bulk_changed (id) SELECT p.id FROM people p JOIN temp.bulk_ids b ON b.id = p.id
             WHERE p.owner IS NOT ?1",
        )?
        .execute([owner])?;
    tx.prepare_cached("UPDATE people SET owner = ?1, updated_at = ?2 WHERE id IN (SELECT id FROM temp.bulk_changed)")?
        .execute(rusqlite::params![owner, now])?;
    Ok(n)
}

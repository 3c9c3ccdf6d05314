//! Tags of people and companies: one shared vocabulary, unique case-insensitively.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::Connection;

use crate::domain::{Entity, Id};
use crate::error::AppResult;

/// Replaces a record's tags (already validated), keeping their order. Only what differs is written, so team
/// sync sends the taggings that changed (a tag kept is not removed and added again).
pub fn save(conn: &Connection, entity: Entity, id: Id, tags: &[String]) -> AppResult<()> {
    let keys: Vec<String> = tags.iter().map(|t| t.to_lowercase()).collect();
    conn.prepare_cached(
        "DELETE FROM taggings WHERE entity = ?1 AND record_id = ?2
         AND tag_id NOT IN (SELECT t.id FROM tags t WHERE t.key IN (SELECT value FROM json_each(?3)))",
    )?
    .execute(rusqlite::params![entity.as_str(), id, serde_json::to_string(&keys)?])?;
    for (position, (name, key)) in tags.iter().zip(&keys).enumerate() {
        ensure(conn, name, key)?;
        conn.prepare_cached(
            "INSERT INTO taggings (entity, record_id, tag_id, position)
             SELECT ?1, ?2, id, ?3 FROM tags WHERE key = ?4
             ON CONFLICT (entity, record_id, tag_id) DO UPDATE SET position = excluded.position
             WHERE position IS NOT excluded.position",
        )?
        .execute(rusqlite::params![entity.as_str(), id, position as i64, key])?;
    }
    Ok(())
}

/// Adds tag `name` (its `key` the lowercase name) to the vocabulary unless a spelling of it is there.
pub(crate) fn ensure(conn: &Connection, name: &str, key: &str) -> AppResult<()> {
    conn.prepare_cached("INSERT INTO tags (name, key) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING")?
        .execute([name, key])?;
    Ok(())
}

pub fn remove_all(conn: &Connection, entity: Entity, id: Id) -> AppResult<()> {
    conn.prepare_cached("DELETE FROM taggings WHERE entity = ?1 AND record_id = ?2")?
        .execute(rusqlite::params![entity.as_str(), id])?;
    Ok(())
}

/// A SQL expression giving the JSON array of the tags of the record whose id is `id_col`.
pub fn json_expr(entity: Entity, id_col: &str) -> String {
    format!(
        "(SELECT json_group_array(name) FROM (SELECT t.name FROM taggings g JOIN tags t ON t.id = g.tag_id \
         WHERE g.entity = '{}' AND g.record_id = {id_col} ORDER BY g.position))",
        entity.as_str()
    )
}

/// A filter on one tag (case-insensitive), with its parameter.
pub fn filter(entity: Entity, id_col: &str, tag: &str) -> (String, Value) {
    let sql = format!(
        "EXISTS (SELECT 1 FROM taggings g JOIN tags t ON t.id = g.tag_id \
         WHERE g.entity = '{}' AND g.record_id = {id_col} AND t.key = ?)",
        entity.as_str()
    );
    (sql, Value::Text(tag.trim().to_lowercase()))
}

/// A `SELECT` giving the number of live records of `table` with the tag, with its parameter: the tag's
/// taggings counted from their index, minus those of records in the trash (few), instead of probing every
/// record (see `keyset::live_total`).
pub fn live_total(entity: Entity, table: &str, tag: &str) -> (String, Value) {
    let e = entity.as_str();
    let sql = format!(
        "SELECT (SELECT COUNT(*) FROM taggings g JOIN tags t ON t.id = g.tag_id WHERE t.key = ?1 AND g.entity = '{e}') \
         - (SELECT COUNT(*) FROM {table} r JOIN taggings g ON g.entity = '{e}' AND g.record_id = r.id \
            JOIN tags t ON t.id = g.tag_id AND t.key = ?1 WHERE r.deleted_at IS NOT NULL)"
    );
    (sql, Value::Text(tag.trim().to_lowercase()))
}

/// The tags of many records at once (`ids` as a JSON array), in order, by record id.
pub fn load_many(conn: &Connection, entity: Entity, ids: &str) -> AppResult<HashMap<Id, Vec<String>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT g.record_id, t.name FROM taggings g JOIN tags t ON t.id = g.tag_id
         WHERE g.entity = ?1 AND g.record_id IN (SELECT value FROM json_each(?2)) ORDER BY g.record_id, g.position",
    )?;
    let mut out: HashMap<Id, Vec<String>> = HashMap::new();
    let mut rows = stmt.query(rusqlite::params![entity.as_str(), ids])?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().push(r.get(1)?);
    }
    Ok(out)
}

pub fn load(conn: &Connection, entity: Entity, id: Id) -> AppResult<Vec<String>> {
    let json: String =
        conn.prepare_cached(&format!("SELECT {}", json_expr(entity, "?1")))?.query_row([id], |r| r.get(0))?;
    Ok(super::records::json_col(&json)?)
}

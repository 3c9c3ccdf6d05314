//! Keyed tables and polymorphic references in SQL, generated from the registry. A keyed row's global id is a
//! name-based UUID (v5) of its table and natural key, where a referenced row counts by its global id: two
//! desktops that create the tag "vip", or tag the same person with it, offline give the row the same id, and
//! the server merges them into one record. A polymorphic reference (a tagging's record) travels as
//! `[table, global id]`.

use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;

use super::ids::system_id;
use super::registry::SyncTable;
use crate::error::AppResult;

/// A reference to one of several synced tables: `column` holds the local id, `kind_col` which table (one of
/// `targets`, as (kind, table)). It travels as `[table, global id]` and only `column` is a wire field.
#[derive(Debug, Clone, Copy)]
pub struct PolyRef {
    pub column: &'static str,
    pub kind_col: &'static str,
    pub targets: &'static [(&'static str, &'static str)],
}

impl PolyRef {
    pub fn table_of(&self, kind: &str) -> Option<&'static str> {
        self.targets.iter().find(|(k, _)| *k == kind).map(|(_, t)| *t)
    }

    pub fn kind_of(&self, table: &str) -> Option<&'static str> {
        self.targets.iter().find(|(_, t)| *t == table).map(|(k, _)| *k)
    }
}

/// The SQL function the triggers derive a keyed row's id with: `relata_uuid5(key)`, NULL for a NULL key.
pub const UUID5_FN: &str = "relata_uuid5";

/// Makes `relata_uuid5(text)` callable on `conn` (every store connection; the capture triggers use it).
pub fn register(conn: &Connection) -> AppResult<()> {
    conn.create_scalar_function(
        UUID5_FN,
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| Ok(ctx.get::<Option<String>>(0)?.map(|k| system_id(&k))),
    )?;
    Ok(())
}

/// SQL for the global id of the target of polymorphic reference `p` of `row`, prefixed by its table
/// (`people/<gid>`): NULL when the target has no global id.
fn poly_key_sql(p: &PolyRef, row: &str) -> String {
    let arms: String = p
        .targets
        .iter()
        .map(|(kind, table)| {
            format!(" WHEN '{kind}' THEN '{table}/' || (SELECT gid FROM {table} WHERE id = {row}.\"{}\")", p.column)
        })
        .collect();
    format!("(CASE {row}.\"{}\"{arms} END)", p.kind_col)
}

/// The JSON wire value of polymorphic reference `p` of `row`: `[table, gid]` (null without a target).
pub fn poly_value_sql(p: &PolyRef, row: &str) -> String {
    let arms: String = p
        .targets
        .iter()
        .map(|(kind, table)| {
            format!(
                " WHEN '{kind}' THEN json_array('{table}', (SELECT gid FROM {table} WHERE id = {row}.\"{}\"))",
                p.column
            )
        })
        .collect();
    format!("(CASE {row}.\"{}\"{arms} ELSE 'null' END)", p.kind_col)
}

/// SQL for the natural key text of a keyed table's `row` (`tags:vip`), NULL when a part is missing; None
/// for a table without a key.
pub fn key_sql(t: &SyncTable, row: &str) -> Option<String> {
    if !t.is_keyed() {
        return None;
    }
    let parts: Vec<String> = t
        .key
        .iter()
        .map(|c| match (t.reference(c), t.poly_ref(c)) {
            (Some(target), _) => format!("(SELECT gid FROM {target} WHERE id = {row}.\"{c}\")"),
            (None, Some(p)) => poly_key_sql(p, row),
            (None, None) => format!("{row}.\"{c}\""),
        })
        .collect();
    Some(format!("('{}' || ':' || {})", t.name, parts.join(" || ':' || ")))
}

/// The key SQL wrapped into the id it gives (`relata_uuid5(...)`).
pub fn gid_sql(t: &SyncTable, row: &str) -> Option<String> {
    key_sql(t, row).map(|k| format!("{UUID5_FN}({k})"))
}

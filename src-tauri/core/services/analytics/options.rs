//! What the Dashboard's filter pickers offer: the owners and the sources in use (pipelines and segments come
//! from their own services).

use rusqlite::Connection;
use serde::Serialize;
use specta::Type;

use crate::error::AppResult;
use crate::store::Store;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Type)]
pub struct FilterOptions {
    /// Every owner of a live person, company or deal, sorted.
    pub owners: Vec<String>,
    /// Every `source` of a live person, sorted.
    pub sources: Vec<String>,
}

pub fn filter_options(store: &Store) -> AppResult<FilterOptions> {
    store.read(|conn| {
        let owners = texts(
            conn,
            "SELECT owner FROM people WHERE deleted_at IS NULL
             UNION SELECT owner FROM companies WHERE deleted_at IS NULL
             UNION SELECT owner FROM deals WHERE deleted_at IS NULL",
        )?;
        // trim(source) is what the index `people_source` holds, so the picker scans it, not the table.
        let sources = texts(conn, "SELECT DISTINCT trim(source) FROM people WHERE deleted_at IS NULL")?;
        Ok(FilterOptions { owners, sources })
    })
}

/// The query's one text column: trimmed, without blanks and NULLs, each once, sorted.
fn texts(conn: &Connection, sql: &str) -> AppResult<Vec<String>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, Option<String>>(0))?;
    let mut out = std::collections::BTreeSet::new();
    for value in rows {
        if let Some(v) = value?.map(|v| v.trim().to_string()).filter(|v| !v.is_empty()) {
            out.insert(v);
        }
    }
    Ok(out.into_iter().collect())
}

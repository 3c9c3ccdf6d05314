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
            &[
                distinct("people INDEXED BY people_owner", "owner"),
                distinct("companies INDEXED BY companies_owner", "owner"),
                distinct("deals INDEXED BY deals_owner", "owner"),
            ],
        )?;
        // trim(source) is what the index `people_source` holds.
        let sources = texts(conn, &[distinct("people INDEXED BY people_source", "trim(source)")])?;
        Ok(FilterOptions { owners, sources })
    })
}

/// The distinct non-empty values of `expr` over the live rows of `table`, read with one seek per value in
/// the index on `expr` (a loose index scan): each step asks for the smallest value above the last one, so
/// 1M people with a dozen owners cost a dozen seeks, not a scan. The last row is NULL.
pub(super) fn distinct(table: &str, expr: &str) -> String {
    let next = |above: &str| {
        format!("SELECT {expr} FROM {table} WHERE deleted_at IS NULL AND {expr} > {above} ORDER BY {expr} LIMIT 1")
    };
    format!(
        "WITH RECURSIVE v(x) AS (SELECT ({}) UNION ALL SELECT ({}) FROM v WHERE v.x IS NOT NULL) SELECT x FROM v",
        next("''"),
        next("v.x")
    )
}

/// The queries' one text column: trimmed, without blanks and NULLs, each once, sorted.
fn texts(conn: &Connection, queries: &[String]) -> AppResult<Vec<String>> {
    let mut out = std::collections::BTreeSet::new();
    for sql in queries {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map([], |r| r.get::<_, Option<String>>(0))?;
        for value in rows {
            if let Some(v) = value?.map(|v| v.trim().to_string()).filter(|v| !v.is_empty()) {
                out.insert(v);
            }
        }
    }
    Ok(out.into_iter().collect())
}

//! The won deals' value per month of closing (UTC, `YYYY-MM`) and currency, for the revenue figure.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike};
use rusqlite::Connection;

use super::orders::text;
use crate::domain::Id;
use crate::error::AppResult;

/// With an owner, pipeline or source/segment filter (`?3..?5`): grouped in SQL over the deals that pass.
pub(super) const FILTERED: &str = "SELECT strftime('%Y-%m', closed_at / 1000, 'unixepoch'), currency, SUM(value_minor)
    FROM deals
    WHERE status = 'won' AND deleted_at IS NULL AND closed_at >= ?1 AND closed_at < ?2
      AND (?3 IS NULL OR owner = ?3) AND (?4 IS NULL OR pipeline_id = ?4)
      AND (?5 = 0 OR person_id IN (SELECT id FROM temp.analytics_scope))
    GROUP BY 1, 2";

/// Without one: the won deals of the period from the covering index `deals_won`, in closing order, summed in
/// Rust (no table row per deal and no sort).
pub(super) const ALL: &str = "SELECT closed_at, currency, value_minor FROM deals INDEXED BY deals_won
    WHERE status = 'won' AND deleted_at IS NULL AND closed_at >= ?1 AND closed_at < ?2";

/// `(month, currency, value)` for the won deals closed in `[start, end)` (milliseconds) that the filters
/// keep, in no particular order. A deal closed at a moment no calendar holds is left out.
pub(super) fn by_month(
    conn: &Connection,
    (start, end): (i64, i64),
    owner: Option<&str>,
    pipeline: Option<Id>,
    scoped: bool,
) -> AppResult<Vec<(String, String, i64)>> {
    if owner.is_some() || pipeline.is_some() || scoped {
        let mut stmt = conn.prepare_cached(FILTERED)?;
        let rows = stmt.query_map((start, end, owner, pipeline, scoped), |r| {
            Ok((r.get::<_, Option<String>>(0)?, r.get(1)?, r.get(2)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            if let (Some(month), currency, value) = row? {
                out.push((month, currency, value));
            }
        }
        return Ok(out);
    }
    let mut stmt = conn.prepare_cached(ALL)?;
    let mut rows = stmt.query((start, end))?;
    let mut sums: BTreeMap<(i32, u32), Vec<(String, i64)>> = BTreeMap::new();
    while let Some(r) = rows.next()? {
        // As SQLite's `closed_at / 1000` (toward zero) and `strftime(..., 'unixepoch')`: seconds, UTC.
        let Some(at) = DateTime::from_timestamp(r.get::<_, i64>(0)? / 1000, 0) else { continue };
        let currency = text(r.get_ref(1)?);
        let value: i64 = r.get(2)?;
        let month = sums.entry((at.year(), at.month())).or_default();
        match month.iter_mut().find(|(c, _)| c == currency) {
            Some((_, sum)) => *sum = sum.saturating_add(value),
            None => month.push((currency.to_owned(), value)),
        }
    }
    Ok(sums
        .into_iter()
        .flat_map(|((year, month), currencies)| {
            let key = format!("{year:04}-{month:02}");
            currencies.into_iter().map(move |(currency, value)| (key.clone(), currency, value))
        })
        .collect())
}

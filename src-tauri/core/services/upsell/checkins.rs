//! Suggested check-ins: customers who have not ordered for longer than their usual interval, the median
//! gap between the days of their orders (at least two). Returns do not count as orders.

use chrono::NaiveDate;
use serde::Serialize;
use specta::Type;

use rusqlite::Connection;

use crate::clock::{system_zone, Millis};
use crate::domain::Id;
use crate::error::AppResult;
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct CheckIn {
    pub person_id: Id,
    pub name: String,
    pub orders: u32,
    pub last_ordered_on: String,
    pub median_gap_days: u32,
    pub days_since: u32,
    /// Days past the usual interval.
    pub overdue_days: u32,
}

const DAYS: &str = "SELECT o.person_id, o.ordered_on, p.first_name || ' ' || p.last_name
    FROM orders o JOIN people p ON p.id = o.person_id AND p.deleted_at IS NULL
    WHERE o.deleted_at IS NULL AND o.status IN ('confirmed', 'paid') AND o.kind <> 'credit_note'
    GROUP BY o.person_id, o.ordered_on ORDER BY o.person_id, o.ordered_on";

/// The median of sorted gaps (the mean of the middle two, rounded down, for an even count).
fn median(sorted: &[i64]) -> i64 {
    let m = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[m]
    } else {
        (sorted[m - 1] + sorted[m]) / 2
    }
}

/// The customers due for a check-in today (the clock's date in the system time zone), most overdue
/// (relative to their interval) first, at most `limit`.
pub fn checkins(store: &Store, limit: usize) -> AppResult<Vec<CheckIn>> {
    let now = store.clock().now_ms();
    store.read(|conn| checkins_in(conn, now, limit))
}

/// `checkins` on a connection the caller holds (creating their tasks reads them in its transaction).
pub(super) fn checkins_in(conn: &Connection, now: Millis, limit: usize) -> AppResult<Vec<CheckIn>> {
    let today =
        chrono::DateTime::from_timestamp_millis(now).unwrap_or_default().with_timezone(&system_zone()).date_naive();
    let rows: Vec<(Id, String, String)> = {
        let mut stmt = conn.prepare_cached(DAYS)?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut due: Vec<(f64, CheckIn)> = Vec::new();
    for group in rows.chunk_by(|a, b| a.0 == b.0) {
        let days: Vec<NaiveDate> =
            group.iter().filter_map(|(_, d, _)| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).collect();
        if days.len() < 2 {
            continue;
        }
        let mut gaps: Vec<i64> = days.windows(2).map(|w| (w[1] - w[0]).num_days()).collect();
        gaps.sort_unstable();
        let usual = median(&gaps).max(1);
        let last = days[days.len() - 1];
        let since = (today - last).num_days();
        if since <= usual {
            continue;
        }
        let (person_id, _, name) = &group[0];
        due.push((
            since as f64 / usual as f64,
            CheckIn {
                person_id: *person_id,
                name: name.trim().to_string(),
                orders: days.len() as u32,
                last_ordered_on: last.format("%Y-%m-%d").to_string(),
                median_gap_days: usual as u32,
                days_since: since as u32,
                overdue_days: (since - usual) as u32,
            },
        ));
    }
    due.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.person_id.cmp(&b.1.person_id)));
    Ok(due.into_iter().take(limit).map(|(_, c)| c).collect())
}

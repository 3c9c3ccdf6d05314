//! Cohort retention: customers grouped by the month (or quarter) of their first order; cell N is the share
//! of the cohort that ordered in the N-th period after it. Returns do not count as orders.

use std::collections::BTreeMap;

use serde::Serialize;
use specta::Type;

use super::filter::{resolve, AnalyticsFilter, Period};
use super::orders::COUNTED;
use super::scope;
use crate::error::AppResult;
use crate::store::Store;

/// One cohort: `retention[0]` is 1.0, `retention[n]` the share of `size` that ordered n periods later.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Cohort {
    /// `YYYY-MM`, or `YYYY-Qn` by quarter.
    pub cohort: String,
    pub size: i64,
    pub retention: Vec<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Type)]
pub struct RetentionReport {
    pub cohorts: Vec<Cohort>,
}

/// A month or quarter as a running number (months or quarters since year 0), so that offsets subtract.
fn index(month: &str, period: Period) -> Option<i64> {
    let year: i64 = month.get(0..4)?.parse().ok()?;
    let m: i64 = month.get(5..7)?.parse().ok()?;
    Some(match period {
        Period::Month => year * 12 + m - 1,
        Period::Quarter => year * 4 + (m - 1) / 3,
    })
}

fn label(index: i64, period: Period) -> String {
    match period {
        Period::Month => format!("{:04}-{:02}", index.div_euclid(12), index.rem_euclid(12) + 1),
        Period::Quarter => format!("{:04}-Q{}", index.div_euclid(4), index.rem_euclid(4) + 1),
    }
}

/// The cohorts of customers whose first order falls in the filter's period; each row runs to the last
/// period with an order in it (the filter's end bounds the orders read).
pub fn retention(store: &Store, filter: &AnalyticsFilter, period: Period) -> AppResult<RetentionReport> {
    let f = resolve(filter)?;
    let (cohort_from, _) = f.day_bounds();
    // A customer's first order may lie before the period, so orders are read from the start of time.
    let (to, owner) = (f.day_bounds().1, f.owner.clone());
    let sql = format!(
        "{COUNTED} SELECT cust, substr(day, 1, 7) FROM f WHERE cust IS NOT NULL AND NOT ret GROUP BY 1, 2 ORDER BY 1, 2"
    );
    // Per customer: first period, and every period they ordered in.
    let mut first_and_active: Vec<(i64, Vec<i64>)> = Vec::new();
    let mut last_period = i64::MIN;
    let now = store.clock().now_ms();
    store.read(|conn| {
        let scoped = scope::prepare(conn, &f, now)?;
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(("0000-01-01", &to, &owner, scoped))?;
        let mut current: Option<i64> = None;
        while let Some(r) = rows.next()? {
            let cust: i64 = r.get(0)?;
            let month: String = r.get(1)?;
            let Some(i) = index(&month, period) else { continue };
            last_period = last_period.max(i);
            if current != Some(cust) {
                current = Some(cust);
                first_and_active.push((i, Vec::new()));
            }
            if let Some((_, active)) = first_and_active.last_mut() {
                if active.last() != Some(&i) {
                    active.push(i);
                }
            }
        }
        Ok(())
    })?;
    let first_allowed = index(&cohort_from[0..7], period).unwrap_or(i64::MIN);
    let mut cohorts: BTreeMap<i64, (i64, Vec<i64>)> = BTreeMap::new();
    for (first, active) in first_and_active.iter().filter(|(first, _)| *first >= first_allowed) {
        let len = usize::try_from(last_period - first + 1).unwrap_or(0);
        let (size, counts) = cohorts.entry(*first).or_insert_with(|| (0, vec![0; len]));
        *size += 1;
        // `active` is sorted and holds each period once.
        for i in active {
            if let Some(cell) = usize::try_from(i - first).ok().and_then(|n| counts.get_mut(n)) {
                *cell += 1;
            }
        }
    }
    let cohorts = cohorts
        .into_iter()
        .map(|(i, (size, counts))| Cohort {
            cohort: label(i, period),
            size,
            retention: counts.iter().map(|&n| n as f64 / size as f64).collect(),
        })
        .collect();
    Ok(RetentionReport { cohorts })
}

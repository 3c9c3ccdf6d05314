//! Cohort retention: customers grouped by the month (or quarter) of their first order; cell N is the share
//! of the cohort that ordered in the N-th period after it. Returns do not count as orders.

use std::collections::BTreeMap;

use serde::Serialize;
use specta::Type;

use super::facts;
use super::filter::{resolve, AnalyticsFilter, Period};
use super::orders::{scan, Bounds};
use super::scope;
use super::slots::PerCustomer;
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

/// A customer not met yet.
const ABSENT: (i32, i32) = (i32::MIN, i32::MIN);

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
    // Per customer: first period, and the last period they ordered in so far. The orders come by day, so
    // a customer's periods come in order: each new one is counted once in the cohort's row, at its offset.
    let mut counts: BTreeMap<i64, (i64, Vec<i64>)> = BTreeMap::new();
    let mut last_period = i64::MIN;
    let now = store.clock().now_ms();
    facts::refresh(store);
    store.read(|conn| {
        let scoped = scope::prepare(conn, &f, now)?;
        // Periods are small numbers (year × 12 + month at most 119,999): two i32 per customer.
        let mut seen = PerCustomer::sized(conn, ABSENT)?;
        let bounds = Bounds { from: "0000-01-01", to: &to, owner: owner.as_deref(), scoped };
        let mut month = (String::new(), None);
        scan(conn, &bounds, |o| {
            let Some(cust) = o.cust.filter(|_| !o.ret) else { return };
            let key = o.day.get(0..7).unwrap_or(o.day);
            if month.0 != key {
                month = (key.to_owned(), index(key, period));
            }
            let Some(i) = month.1 else { return };
            last_period = last_period.max(i);
            let at = seen.get(cust);
            if *at == ABSENT {
                *at = (i as i32, i as i32 - 1);
            }
            let (first, last) = at;
            if i64::from(*last) == i {
                return;
            }
            *last = i as i32;
            let first = i64::from(*first);
            let (size, row) = counts.entry(first).or_default();
            let n = usize::try_from(i - first).unwrap_or(0);
            if n == 0 {
                *size += 1;
            }
            if row.len() <= n {
                row.resize(n + 1, 0);
            }
            row[n] += 1;
        })?;
        Ok(())
    })?;
    let first_allowed = index(&cohort_from[0..7], period).unwrap_or(i64::MIN);
    let cohorts: BTreeMap<i64, (i64, Vec<i64>)> = counts
        .into_iter()
        .filter(|(first, _)| *first >= first_allowed)
        .map(|(first, (size, mut row))| {
            row.resize(usize::try_from(last_period - first + 1).unwrap_or(0), 0);
            (first, (size, row))
        })
        .collect();
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

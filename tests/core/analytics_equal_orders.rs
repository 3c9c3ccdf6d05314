//! Churn and cohort retention, summed in Rust per customer, count exactly as SQL written from their
//! definitions in docs/analytics.md, on random stores where customers buy in several currencies, return,
//! and are people or companies; under every filter, two inactivity windows and both periods.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use relata_core::services::analytics::*;
use rusqlite::types::Value;
use rusqlite::Connection;

use super::analytics_data::{filters, ms_bounds, scope, store};

/// The counted orders `f(cust, day, ret, currency, net)` dated `?1..=?2`, with the owner `?3` and the scope
/// flag `?4`, as docs/analytics.md defines them.
const COUNTED: &str = "WITH f AS (
    SELECT CASE WHEN o.person_id IS NOT NULL THEN o.person_id
                WHEN o.company_id IS NOT NULL THEN -o.company_id END AS cust,
           o.ordered_on AS day, o.kind = 'credit_note' AS ret, o.currency AS currency, o.net_minor AS net
    FROM orders o
    WHERE o.deleted_at IS NULL AND o.status IN ('confirmed', 'paid') AND o.ordered_on BETWEEN ?1 AND ?2
      AND (?3 IS NULL OR o.person_id IN (SELECT id FROM people WHERE owner = ?3)
                      OR o.company_id IN (SELECT id FROM companies WHERE owner = ?3))
      AND (?4 = 0 OR o.person_id IN (SELECT id FROM temp.analytics_scope)))";

/// Customers at the start (an order that is not a return in the window up to the eve `?5`), whether they
/// are active at the end (one since `?6`) and marked churned (a live person whose lifecycle says so).
fn customers() -> String {
    format!(
        "{COUNTED}, c AS (SELECT cust, MAX(NOT ret AND day <= ?5) AS s, MAX(NOT ret AND day >= ?6) AS e
                         FROM f WHERE cust IS NOT NULL GROUP BY cust),
         k AS (SELECT cust, e, (e AND cust > 0 AND EXISTS (SELECT 1 FROM people p WHERE p.id = cust
                                 AND p.lifecycle = 'churned' AND p.deleted_at IS NULL)) AS m
               FROM c WHERE s)"
    )
}

fn params(conn: &Connection, f: &AnalyticsFilter, days: [&str; 4]) -> Vec<Value> {
    let owner = f.owner.as_deref().map(str::trim).filter(|o| !o.is_empty()).map(String::from);
    let mut values: Vec<Value> = vec![days[0].to_owned().into(), days[1].to_owned().into()];
    values.push(owner.into());
    values.push(i64::from(scope(conn, f)).into());
    values.extend(days[2..].iter().map(|d| Value::from(d.to_string())));
    values
}

fn before(day: &str, n: u64) -> String {
    let d = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
    d.checked_sub_days(Days::new(n)).unwrap().to_string()
}

/// Every row of `sql` as `row` reads it.
fn rows<T>(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    row: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>,
) -> Vec<T> {
    let mut stmt = conn.prepare(sql).unwrap();
    let out = stmt.query_map(params, row).unwrap().collect::<Result<_, _>>().unwrap();
    out
}

#[test]
fn churn_counts_as_sql_from_its_definition() {
    let mut lost_some = 0;
    for seed in [3, 29, 777] {
        let e = store(seed);
        let conn = e.raw();
        let mut cases = filters(&conn);
        // A period inside the orders' two years, so that customers are both kept and lost.
        cases.push(AnalyticsFilter {
            from: Some("2025-01-01".into()),
            to: Some("2025-09-30".into()),
            ..Default::default()
        });
        for f in cases {
            for window in [365u32, 90] {
                let r = churn(&e.store, &f, window).unwrap();
                let eve = before(&r.from, 1);
                let lo = before(&eve, u64::from(window) - 1);
                let end_lo = before(&r.to, u64::from(window) - 1);
                let p = params(&conn, &f, [&lo, &r.to, &eve, &end_lo]);
                let (at_start, lost, marked): (i64, Option<i64>, Option<i64>) = conn
                    .query_row(
                        &format!("{} SELECT COUNT(*), SUM(NOT e OR m), SUM(m) FROM k", customers()),
                        rusqlite::params_from_iter(p.clone()),
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                    )
                    .unwrap();
                let case = format!("seed {seed} window {window} {f:?}");
                assert_eq!(r.customers_at_start, at_start, "{case}");
                assert_eq!(r.customers_lost, lost.unwrap_or(0), "{case}");
                assert_eq!(r.marked_churned, marked.unwrap_or(0), "{case}");
                lost_some += i64::from(r.customers_lost > 0 && r.customers_lost < r.customers_at_start);
                // Revenue up to the eve of the customers at the start, per currency they bought in.
                let sql = format!(
                    "{} SELECT f.currency, SUM(CASE WHEN f.day <= ?5 THEN f.net ELSE 0 END),
                            SUM(CASE WHEN f.day <= ?5 AND (NOT k.e OR k.m) THEN f.net ELSE 0 END)
                     FROM f JOIN k ON k.cust = f.cust GROUP BY f.currency ORDER BY f.currency",
                    customers()
                );
                let want: Vec<(String, i64, i64)> =
                    rows(&conn, &sql, rusqlite::params_from_iter(p), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)));
                let got: Vec<(String, i64, i64)> = r
                    .currencies
                    .iter()
                    .map(|c| (c.currency.clone(), c.start_revenue_minor, c.lost_revenue_minor))
                    .collect();
                assert_eq!(got, want, "{case}");
            }
        }
    }
    assert!(lost_some > 10, "the stores keep some customers and lose others: {lost_some}");
}

/// A month's or quarter's running number in SQL, as docs/analytics.md counts periods.
fn period_sql(period: Period) -> &'static str {
    match period {
        Period::Month => "CAST(substr(day, 1, 4) AS INTEGER) * 12 + CAST(substr(day, 6, 2) AS INTEGER) - 1",
        Period::Quarter => "CAST(substr(day, 1, 4) AS INTEGER) * 4 + (CAST(substr(day, 6, 2) AS INTEGER) - 1) / 3",
    }
}

#[test]
fn retention_counts_as_sql_from_its_definition() {
    for seed in [3, 29] {
        let e = store(seed);
        let conn = e.raw();
        for f in filters(&conn) {
            for period in [Period::Month, Period::Quarter] {
                let r = retention(&e.store, &f, period).unwrap();
                let to = f.to.clone().unwrap_or_else(|| "9999-12-31".into());
                let sql = format!(
                    "{COUNTED}, p AS (SELECT DISTINCT cust, {} AS i FROM f WHERE cust IS NOT NULL AND NOT ret),
                     c AS (SELECT cust, MIN(i) AS i FROM p GROUP BY cust)
                     SELECT c.i, p.i - c.i, COUNT(*), (SELECT MAX(i) FROM p)
                     FROM p JOIN c USING (cust) GROUP BY 1, 2 ORDER BY 1, 2",
                    period_sql(period)
                );
                // Fills the scope table the SQL reads.
                let p = params(&conn, &f, ["0000-01-01", &to, "", ""]);
                let cells: Vec<(i64, usize, i64, i64)> = rows(&conn, &sql, rusqlite::params_from_iter(&p[..4]), |r| {
                    Ok((r.get(0)?, r.get::<_, i64>(1)? as usize, r.get(2)?, r.get(3)?))
                });
                let first_allowed = f.from.as_deref().map_or(i64::MIN, |d| {
                    let (y, m): (i64, i64) = (d[0..4].parse().unwrap(), d[5..7].parse().unwrap());
                    match period {
                        Period::Month => y * 12 + m - 1,
                        Period::Quarter => y * 4 + (m - 1) / 3,
                    }
                });
                let mut want: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
                for (first, offset, n, last) in cells.into_iter().filter(|r| r.0 >= first_allowed) {
                    let row = want.entry(first).or_insert_with(|| vec![0; (last - first + 1) as usize]);
                    row[offset] = n;
                }
                let case = format!("seed {seed} {period:?} {f:?}");
                assert_eq!(r.cohorts.len(), want.len(), "{case}");
                for (cohort, (first, counts)) in r.cohorts.iter().zip(&want) {
                    let label = match period {
                        Period::Month => format!("{:04}-{:02}", first / 12, first % 12 + 1),
                        Period::Quarter => format!("{:04}-Q{}", first / 4, first % 4 + 1),
                    };
                    assert_eq!(cohort.cohort, label, "{case}");
                    assert_eq!(cohort.size, counts[0], "{case}");
                    let shares: Vec<f64> = counts.iter().map(|n| *n as f64 / counts[0] as f64).collect();
                    assert_eq!(cohort.retention, shares, "{case} {}", cohort.cohort);
                }
            }
        }
    }
}

/// The won deals per month as the revenue figure grouped them in SQL before (kept here as the oracle).
const WON_BEFORE: &str =
    "SELECT strftime('%Y-%m', closed_at / 1000, 'unixepoch'), currency, SUM(value_minor) FROM deals
    WHERE status = 'won' AND deleted_at IS NULL AND closed_at >= ?1 AND closed_at < ?2
      AND (?3 IS NULL OR owner = ?3) AND (?4 IS NULL OR pipeline_id = ?4)
      AND (?5 = 0 OR person_id IN (SELECT id FROM temp.analytics_scope))
    GROUP BY 1, 2 ORDER BY 1, 2";

#[test]
fn revenue_counts_won_deals_per_month_as_the_sql_before() {
    let mut months = 0;
    for seed in [3, 29, 777] {
        let e = store(seed);
        let conn = e.raw();
        for f in filters(&conn) {
            let r = revenue(&e.store, &f).unwrap();
            let mut got: Vec<(String, String, i64)> = r
                .months
                .iter()
                .flat_map(|m| m.won_deals.iter().map(|a| (m.month.clone(), a.currency.clone(), a.minor)))
                .collect();
            got.sort();
            let (start, end) = ms_bounds(&f);
            let owner = f.owner.as_deref().map(str::trim).filter(|o| !o.is_empty()).map(String::from);
            let scoped = scope(&conn, &f);
            let want: Vec<(String, String, i64)> =
                rows(&conn, WON_BEFORE, rusqlite::params![start, end, owner, f.pipeline_id, scoped], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                });
            assert_eq!(got, want, "seed {seed} {f:?}");
            let totals: BTreeMap<&str, i64> =
                r.currencies.iter().map(|c| (c.currency.as_str(), c.won_deals_minor)).collect();
            for (currency, total) in totals {
                let sum: i64 = want.iter().filter(|w| w.1 == currency).map(|w| w.2).sum();
                assert_eq!(total, sum, "seed {seed} {f:?} {currency}");
            }
            months += want.len();
        }
    }
    assert!(months > 100, "the stores close deals in many months: {months}");
}

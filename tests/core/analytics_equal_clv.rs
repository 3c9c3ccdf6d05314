//! CLV from the order scan ranks exactly as the SQL before it (commit f262000, kept here as the oracle) on
//! random stores full of ties: equal profits, equal names, a person and a company of the same name, names
//! that only differ by trimming. And the bottom list never repeats a customer of the top list.

use std::collections::BTreeMap;

use relata_core::services::analytics::*;
use rusqlite::types::Value;

use super::analytics_data::{filters, scope, store};

/// The counted orders and the old ranking: per currency every customer, by profit (highest first), then
/// name (NULL first), then the customer key (a person's id, minus a company's).
const BEFORE: &str = "WITH f AS (
    SELECT CASE WHEN o.person_id IS NOT NULL THEN o.person_id
                WHEN o.company_id IS NOT NULL THEN -o.company_id END AS cust,
           o.ordered_on AS day, o.kind = 'credit_note' AS ret, o.currency AS currency,
           o.net_minor AS net, o.cost_minor AS cost
    FROM orders o
    WHERE o.deleted_at IS NULL AND o.status IN ('confirmed', 'paid') AND o.ordered_on BETWEEN ?1 AND ?2
      AND (?3 IS NULL OR o.person_id IN (SELECT id FROM people WHERE owner = ?3)
                      OR o.company_id IN (SELECT id FROM companies WHERE owner = ?3))
      AND (?4 = 0 OR o.person_id IN (SELECT id FROM temp.analytics_scope))),
    c AS (SELECT cust, currency, SUM(NOT ret) AS n, SUM(net) AS net, SUM(cost) AS cost
          FROM f WHERE cust IS NOT NULL GROUP BY cust, currency)
    SELECT c.currency, c.cust, c.n, c.net, c.cost,
           CASE WHEN c.cust > 0 THEN (SELECT trim(p.first_name || ' ' || p.last_name) FROM people p WHERE p.id = c.cust)
                ELSE (SELECT co.name FROM companies co WHERE co.id = -c.cust) END
    FROM c ORDER BY c.currency, c.net - c.cost DESC, 6, c.cust";

/// Every customer per currency in the old order.
fn before(conn: &rusqlite::Connection, f: &AnalyticsFilter) -> BTreeMap<String, Vec<CustomerValue>> {
    let day = |d: &Option<String>, open: &str| d.clone().unwrap_or_else(|| open.to_string());
    let owner = f.owner.as_deref().map(str::trim).filter(|o| !o.is_empty()).map(String::from);
    let params: Vec<Value> = vec![
        day(&f.from, "0000-01-01").into(),
        day(&f.to, "9999-12-31").into(),
        owner.into(),
        i64::from(scope(conn, f)).into(),
    ];
    let mut stmt = conn.prepare(BEFORE).unwrap();
    let mut rows = stmt.query(rusqlite::params_from_iter(params)).unwrap();
    let mut out: BTreeMap<String, Vec<CustomerValue>> = BTreeMap::new();
    while let Some(r) = rows.next().unwrap() {
        let cust: i64 = r.get(1).unwrap();
        let (revenue, cost): (i64, i64) = (r.get(3).unwrap(), r.get(4).unwrap());
        out.entry(r.get(0).unwrap()).or_default().push(CustomerValue {
            person_id: (cust > 0).then_some(cust),
            company_id: (cust < 0).then_some(-cust),
            name: r.get::<_, Option<String>>(5).unwrap().unwrap_or_default(),
            orders: r.get(2).unwrap(),
            revenue_minor: revenue,
            cost_minor: cost,
            profit_minor: revenue - cost,
        });
    }
    out
}

#[test]
fn clv_ranks_ties_and_companies_as_the_sql_before() {
    let (mut tied, mut mixed) = (0, 0);
    for seed in [1, 17, 4242] {
        let e = store(seed);
        let conn = e.raw();
        for f in filters(&conn) {
            let old = before(&conn, &f);
            for limit in [0u32, 1, 3, 10, 40, 500] {
                let report = clv(&e.store, &f, limit).unwrap();
                let currencies: Vec<&str> = report.currencies.iter().map(|c| c.currency.as_str()).collect();
                assert_eq!(currencies, old.keys().map(String::as_str).collect::<Vec<_>>(), "seed {seed} {f:?}");
                for c in &report.currencies {
                    let all = &old[&c.currency];
                    let n = all.len();
                    let profit: i64 = all.iter().map(|v| v.profit_minor).sum();
                    assert_eq!((c.customers, c.profit_minor), (n as i64, profit));
                    assert_eq!(c.revenue_minor, all.iter().map(|v| v.revenue_minor).sum::<i64>());
                    let l = (limit as usize).min(n);
                    // The old order's first rows, and of the rest its last rows, lowest first.
                    assert_eq!(c.top, all[..l], "seed {seed} {f:?} {} limit {limit}", c.currency);
                    let bottom: Vec<_> = all[l..].iter().rev().take(limit as usize).cloned().collect();
                    assert_eq!(c.bottom, bottom, "seed {seed} {f:?} {} limit {limit}", c.currency);
                    assert!(c.bottom.iter().all(|b| !c.top.contains(b)));
                }
            }
            // The data has what the order must settle: equal profits with equal names, person and company alike.
            for rows in old.values() {
                for w in rows.windows(2).filter(|w| (w[0].profit_minor, &w[0].name) == (w[1].profit_minor, &w[1].name))
                {
                    tied += 1;
                    mixed += usize::from(w[0].company_id.is_some() != w[1].company_id.is_some());
                }
            }
        }
    }
    assert!(tied > 0 && mixed > 0, "ties {tied}, of a person and a company {mixed}");
}

#[test]
fn the_bottom_list_holds_only_customers_not_in_the_top_list() {
    let e = store(5);
    let all = AnalyticsFilter::default();
    let eur = |limit| clv(&e.store, &all, limit).unwrap().currencies.into_iter().find(|c| c.currency == "EUR").unwrap();
    let n = eur(0).customers as usize;
    assert!(n > 12, "{n} EUR customers");
    let wide = eur(500);
    // With as many top rows as customers, nobody is left for the bottom list.
    assert_eq!((wide.top.len(), wide.bottom.len()), (n, 0));
    // Fewer than 2 × limit: the top takes `limit`, the bottom the rest, lowest first.
    let limit = n / 2 + 3;
    let c = eur(limit as u32);
    assert_eq!((c.top.len(), c.bottom.len()), (limit, n - limit));
    let joined: Vec<_> = c.top.iter().chain(c.bottom.iter().rev()).cloned().collect();
    assert_eq!(joined, wide.top);
    // With 2 × limit or more, both lists are full and apart.
    let narrow = eur(3);
    assert_eq!((narrow.top.len(), narrow.bottom.len()), (3, 3));
    assert_eq!(narrow.bottom[0], *wide.top.last().unwrap());
}

//! Profit per customer (customer lifetime value so far): net revenue − cost of goods, per currency, with the
//! top and bottom customers.

use std::collections::BTreeMap;

use serde::Serialize;
use specta::Type;

use super::filter::{resolve, AnalyticsFilter};
use super::orders::{params, COUNTED};
use super::revenue::div_round;
use super::scope;
use crate::domain::Id;
use crate::error::AppResult;
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CustomerValue {
    /// The customer: a person, or a company for orders without a person.
    pub person_id: Option<Id>,
    pub company_id: Option<Id>,
    pub name: String,
    /// Orders, returns excluded.
    pub orders: i64,
    pub revenue_minor: i64,
    pub cost_minor: i64,
    pub profit_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ClvCurrency {
    pub currency: String,
    pub customers: i64,
    pub revenue_minor: i64,
    pub profit_minor: i64,
    /// Profit ÷ customers, rounded half away from zero.
    pub average_profit_minor: i64,
    /// Highest profit first.
    pub top: Vec<CustomerValue>,
    /// Lowest profit first.
    pub bottom: Vec<CustomerValue>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Type)]
pub struct ClvReport {
    pub currencies: Vec<ClvCurrency>,
}

/// Every customer's profit over the period in each currency they bought in; `limit` top and bottom rows.
/// Anonymous sales have no customer and are left out. Ties rank by customer name.
pub fn clv(store: &Store, filter: &AnalyticsFilter, limit: u32) -> AppResult<ClvReport> {
    let f = resolve(filter)?;
    let (from, to, owner) = params(&f);
    let sql = format!(
        "{COUNTED}, c AS (SELECT cust, currency, SUM(NOT ret) AS n, SUM(net) AS net, SUM(cost) AS cost
                          FROM f WHERE cust IS NOT NULL GROUP BY cust, currency)
         SELECT c.currency, c.cust, c.n, c.net, c.cost,
                CASE WHEN c.cust > 0 THEN (SELECT trim(p.first_name || ' ' || p.last_name) FROM people p WHERE p.id = c.cust)
                     ELSE (SELECT co.name FROM companies co WHERE co.id = -c.cust) END
         FROM c ORDER BY c.currency, c.net - c.cost DESC, 6, c.cust"
    );
    let mut by_currency: BTreeMap<String, Vec<CustomerValue>> = BTreeMap::new();
    let now = store.clock().now_ms();
    store.read(|conn| {
        let scoped = scope::prepare(conn, &f, now)?;
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query((&from, &to, &owner, scoped))?;
        while let Some(r) = rows.next()? {
            let cust: i64 = r.get(1)?;
            let (revenue, cost): (i64, i64) = (r.get(3)?, r.get(4)?);
            by_currency.entry(r.get(0)?).or_default().push(CustomerValue {
                person_id: (cust > 0).then_some(cust),
                company_id: (cust < 0).then_some(-cust),
                name: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                orders: r.get(2)?,
                revenue_minor: revenue,
                cost_minor: cost,
                profit_minor: revenue - cost,
            });
        }
        Ok(())
    })?;
    let limit = limit as usize;
    let currencies = by_currency
        .into_iter()
        .map(|(currency, rows)| {
            let customers = rows.len() as i64;
            let revenue: i64 = rows.iter().map(|c| c.revenue_minor).sum();
            let profit: i64 = rows.iter().map(|c| c.profit_minor).sum();
            ClvCurrency {
                currency,
                customers,
                revenue_minor: revenue,
                profit_minor: profit,
                average_profit_minor: div_round(profit, customers.max(1)),
                top: rows.iter().take(limit).cloned().collect(),
                bottom: rows.iter().rev().take(limit).cloned().collect(),
            }
        })
        .collect();
    Ok(ClvReport { currencies })
}

//! Profit per customer (customer lifetime value so far): net revenue − cost of goods, per currency, with the
//! top and bottom customers.

use std::collections::BTreeMap;

use serde::Serialize;
use specta::Type;

use super::filter::{resolve, AnalyticsFilter};
use super::orders::{params, scan, Bounds};
use super::revenue::div_round;
use super::scope;
use super::slots::CurrencySums;
use crate::domain::Id;
use crate::error::AppResult;
use crate::store::Store;
use rusqlite::{Connection, OptionalExtension};

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

/// Every customer's profit over the period in each currency they bought in; `limit` top and bottom rows
/// (the bottom rows never repeat a top one). Anonymous sales have no customer and are left out. Ties rank by
/// customer name (none first), then by the customer key: a person's id, minus a company's id (so a company
/// comes before a person of the same name).
///
/// The counted orders come from the one covering-index [`scan`] and are summed per customer in Rust; names
/// are read only for the customers who can rank among the top or bottom rows (those at or beyond the
/// `limit`-th profit from either end, ties included), so the order is the same as sorting every customer.
pub fn clv(store: &Store, filter: &AnalyticsFilter, limit: u32) -> AppResult<ClvReport> {
    let f = resolve(filter)?;
    let (from, to, owner) = params(&f);
    let now = store.clock().now_ms();
    let limit = limit as usize;
    store.read(|conn| {
        let scoped = scope::prepare(conn, &f, now)?;
        let bounds = Bounds { from: &from, to: &to, owner: owner.as_deref(), scoped };
        // Per customer and currency index: orders (returns excluded), net, cost.
        let mut customers = CurrencySums::<(), [i64; 3]>::sized(conn)?;
        let codes = scan(conn, &bounds, |o| {
            let Some(cust) = o.cust else { return };
            let (_, s) = customers.get(cust, o.currency);
            s[0] += i64::from(!o.ret);
            s[1] += o.net;
            s[2] += o.cost;
        })?;
        let mut per_currency: Vec<Vec<Sum>> = vec![Vec::new(); codes.len()];
        for (cust, _, sums) in customers.iter() {
            for (currency, &[n, net, cost]) in sums {
                per_currency[currency].push(Sum { cust, n, net, cost });
            }
        }
        // A currency with anonymous sales only has no customer and no row.
        let by_code: BTreeMap<&str, Vec<Sum>> =
            codes.iter().map(String::as_str).zip(per_currency).filter(|(_, rows)| !rows.is_empty()).collect();
        let mut names = Names::new(conn)?;
        let mut currencies = Vec::with_capacity(by_code.len());
        for (code, rows) in by_code {
            let customers = rows.len() as i64;
            let revenue: i64 = rows.iter().map(|c| c.net).sum();
            let profit: i64 = rows.iter().map(|c| c.net - c.cost).sum();
            let (top, bottom) = top_bottom(&mut names, rows, limit)?;
            currencies.push(ClvCurrency {
                currency: code.to_owned(),
                customers,
                revenue_minor: revenue,
                profit_minor: profit,
                average_profit_minor: div_round(profit, customers.max(1)),
                top,
                bottom,
            });
        }
        Ok(ClvReport { currencies })
    })
}

/// One customer's sums in one currency: orders (returns excluded), net revenue, cost of goods.
#[derive(Clone, Copy)]
struct Sum {
    cust: i64,
    n: i64,
    net: i64,
    cost: i64,
}

/// Of the rows (in any order), those that can be among the first and the last `limit` once sorted by profit
/// and ties are broken: every row with a profit at least the `limit`-th highest, and every row with a profit
/// at most the `limit`-th lowest. The two edges are selected, not sorted for (a million customers).
fn ends(rows: &mut [Sum], limit: usize) -> (Vec<Sum>, Vec<Sum>) {
    if limit == 0 || rows.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let profit = |c: &Sum| c.net - c.cost;
    let k = limit.min(rows.len());
    let top_edge = profit(rows.select_nth_unstable_by_key(k - 1, |c| std::cmp::Reverse(profit(c))).1);
    let bottom_edge = profit(rows.select_nth_unstable_by_key(k - 1, profit).1);
    let head = rows.iter().filter(|c| profit(c) >= top_edge).copied().collect();
    let tail = rows.iter().filter(|c| profit(c) <= bottom_edge).copied().collect();
    (head, tail)
}

/// The first `limit` customers in the final order, and the last `limit` (lowest first) of those after them:
/// no customer is in both lists, so with fewer than 2 × `limit` customers the bottom list is shorter (empty
/// with `limit` or fewer). `rows` come in any order.
fn top_bottom(
    names: &mut Names,
    mut rows: Vec<Sum>,
    limit: usize,
) -> AppResult<(Vec<CustomerValue>, Vec<CustomerValue>)> {
    let (head, tail) = ends(&mut rows, limit);
    if head.len() + tail.len() > rows.len() {
        // The two ends overlap: every row can rank in one list or the other.
        let mut top = ranked(names, &rows)?;
        let rest = top.split_off(limit.min(top.len()));
        return Ok((top, rest.into_iter().rev().take(limit).collect()));
    }
    let top = ranked(names, &head)?.into_iter().take(limit).collect();
    let bottom = ranked(names, &tail)?.into_iter().rev().take(limit).collect();
    Ok((top, bottom))
}

/// The rows named and in their final order: profit highest first, then name (none first), then id.
fn ranked(names: &mut Names, rows: &[Sum]) -> AppResult<Vec<CustomerValue>> {
    let mut named = Vec::with_capacity(rows.len());
    for c in rows {
        named.push((names.get(c.cust)?, c));
    }
    named.sort_by(|(an, a), (bn, b)| {
        (b.net - b.cost).cmp(&(a.net - a.cost)).then_with(|| an.cmp(bn)).then(a.cust.cmp(&b.cust))
    });
    Ok(named
        .into_iter()
        .map(|(name, c)| CustomerValue {
            person_id: (c.cust > 0).then_some(c.cust),
            company_id: (c.cust < 0).then_some(-c.cust),
            name: name.unwrap_or_default(),
            orders: c.n,
            revenue_minor: c.net,
            cost_minor: c.cost,
            profit_minor: c.net - c.cost,
        })
        .collect())
}

/// A customer's display name: a person's trimmed full name, a company's name (NULL when missing).
struct Names<'c> {
    person: rusqlite::CachedStatement<'c>,
    company: rusqlite::CachedStatement<'c>,
}

impl<'c> Names<'c> {
    fn new(conn: &'c Connection) -> AppResult<Self> {
        Ok(Names {
            person: conn.prepare_cached("SELECT trim(first_name || ' ' || last_name) FROM people WHERE id = ?1")?,
            company: conn.prepare_cached("SELECT name FROM companies WHERE id = ?1")?,
        })
    }

    fn get(&mut self, cust: i64) -> AppResult<Option<String>> {
        let (stmt, id) = if cust > 0 { (&mut self.person, cust) } else { (&mut self.company, -cust) };
        Ok(stmt.query_row([id], |r| r.get(0)).optional()?.flatten())
    }
}

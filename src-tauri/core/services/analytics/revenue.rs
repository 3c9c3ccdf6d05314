//! Revenue per month and currency (orders net of returns, and won deals), average revenue per customer and
//! gross margin over the period.

use std::collections::BTreeMap;

use serde::Serialize;
use specta::Type;

use super::board::Amount;
use super::facts;
use super::filter::{resolve, AnalyticsFilter};
use super::orders::{amounts, params, ratio, scan, Bounds};
use super::scope;
use super::slots::IdSet;
use super::won;
use crate::error::AppResult;
use crate::store::Store;

/// One calendar month (`YYYY-MM`, local dates for orders, UTC for won deals).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Type)]
pub struct RevenueMonth {
    pub month: String,
    /// Net order revenue (orders minus returns, VAT excluded), per currency.
    pub orders: Vec<Amount>,
    /// The returns and credit notes within `orders` (negative), per currency.
    pub returns: Vec<Amount>,
    /// The value of deals won this month, per currency.
    pub won_deals: Vec<Amount>,
}

/// The period's totals in one currency.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct CurrencyRevenue {
    pub currency: String,
    /// Net order revenue, anonymous sales included.
    pub net_minor: i64,
    /// Of which anonymous sales (no customer).
    pub anonymous_minor: i64,
    pub cost_minor: i64,
    /// (net − cost) ÷ net; None when there is no net revenue.
    pub gross_margin: Option<f64>,
    /// Customers with at least one order (not a return) in this currency in the period.
    pub customers: i64,
    /// Net revenue of those customers ÷ their number, rounded half away from zero.
    pub average_per_customer_minor: Option<i64>,
    pub won_deals_minor: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Type)]
pub struct RevenueReport {
    pub months: Vec<RevenueMonth>,
    pub currencies: Vec<CurrencyRevenue>,
}

/// Sums per currency code.
type PerCurrency = BTreeMap<String, i64>;

#[derive(Default)]
struct Sums {
    net: i64,
    anonymous: i64,
    cost: i64,
    customers: IdSet,
    won: i64,
}

/// A month's order sums per currency index: net, and the returns' net when it had any.
type MonthSums = Vec<Option<(i64, Option<i64>)>>;

fn add(month: &mut MonthSums, currency: usize, net: i64, ret: bool) {
    if month.len() <= currency {
        month.resize(currency + 1, None);
    }
    let (sum, returns) = month[currency].get_or_insert((0, None));
    *sum += net;
    if ret {
        *returns.get_or_insert(0) += net;
    }
}

/// Moves one month's sums into `months` under the currency codes.
fn put(months: &mut BTreeMap<String, [PerCurrency; 3]>, key: String, sums: MonthSums, codes: &[String]) {
    let m = months.entry(key).or_default();
    for (code, sum) in codes.iter().zip(sums) {
        let Some((net, returns)) = sum else { continue };
        *m[0].entry(code.clone()).or_default() += net;
        if let Some(r) = returns {
            *m[1].entry(code.clone()).or_default() += r;
        }
    }
}

pub fn revenue(store: &Store, filter: &AnalyticsFilter) -> AppResult<RevenueReport> {
    let filter = resolve(filter)?;
    let (from, to, owner) = params(&filter);
    let (start_ms, end_ms) = filter.ms_bounds();
    let now = store.clock().now_ms();
    facts::refresh(store);
    store.read(|conn| {
        let scoped = scope::prepare(conn, &filter, now)?;
        let mut months: BTreeMap<String, [PerCurrency; 3]> = BTreeMap::new();
        let mut sums: BTreeMap<String, Sums> = BTreeMap::new();
        let bounds = Bounds { from: &from, to: &to, owner: owner.as_deref(), scoped };
        // The orders come by day, so each month's come together: summed per currency index while the
        // month lasts, named by currency code once the scan has seen every code.
        let mut read: Vec<(String, MonthSums)> = Vec::new();
        let mut per_currency: Vec<Sums> = Vec::new();
        let currencies = scan(conn, &bounds, |o| {
            let key = o.day.get(0..7).unwrap_or(o.day);
            if read.last().is_none_or(|(k, _)| k != key) {
                read.push((key.to_owned(), Vec::new()));
            }
            if let Some((_, month)) = read.last_mut() {
                add(month, o.currency, o.net, o.ret);
            }
            if per_currency.len() <= o.currency {
                per_currency.resize_with(o.currency + 1, Sums::default);
            }
            let s = &mut per_currency[o.currency];
            s.net += o.net;
            s.cost += o.cost;
            match o.cust {
                None => s.anonymous += o.net,
                Some(c) if !o.ret => s.customers.insert(c),
                Some(_) => {}
            }
        })?;
        for (key, sums) in read {
            put(&mut months, key, sums, &currencies);
        }
        for (code, s) in currencies.iter().zip(per_currency) {
            sums.insert(code.clone(), s);
        }
        let won = won::by_month(conn, (start_ms, end_ms), owner.as_deref(), filter.pipeline_id, scoped)?;
        for (month, currency, value) in won {
            *months.entry(month).or_default()[2].entry(currency.clone()).or_default() += value;
            sums.entry(currency).or_default().won += value;
        }
        let months = months
            .into_iter()
            .map(|(month, [orders, returns, won])| RevenueMonth {
                month,
                orders: amounts(&orders),
                returns: amounts(&returns),
                won_deals: amounts(&won),
            })
            .collect();
        let currencies = sums.into_iter().map(|(currency, s)| totals(currency, s)).collect();
        Ok(RevenueReport { months, currencies })
    })
}

fn totals(currency: String, s: Sums) -> CurrencyRevenue {
    let customers = s.customers.len();
    let customer_net = s.net - s.anonymous;
    CurrencyRevenue {
        currency,
        net_minor: s.net,
        anonymous_minor: s.anonymous,
        cost_minor: s.cost,
        gross_margin: ratio(s.net - s.cost, s.net),
        customers,
        average_per_customer_minor: (customers > 0).then(|| div_round(customer_net, customers)),
        won_deals_minor: s.won,
    }
}

/// `a ÷ b` rounded half away from zero (b > 0).
pub(super) fn div_round(a: i64, b: i64) -> i64 {
    let q = a / b;
    let r = a % b;
    if 2 * r.abs() >= b {
        q + a.signum()
    } else {
        q
    }
}

//! Churn over a period: the customers lost in it ÷ the customers at its start, with revenue churn beside it.

use std::collections::{BTreeMap, HashSet};

use chrono::{Days, Months, NaiveDate};
use serde::Serialize;
use specta::Type;

use super::facts;
use super::filter::{resolve, today, AnalyticsFilter};
use super::orders::{ratio, scan, Bounds};
use super::scope;
use super::slots::CurrencySums;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::Store;

/// A customer who has not ordered for this many days is lost (unless another window is asked for).
pub const DEFAULT_INACTIVITY_DAYS: u32 = 365;

/// Revenue churn in one currency: the trailing-window revenue of the lost customers ÷ that of all customers
/// at the start.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ChurnCurrency {
    pub currency: String,
    pub start_revenue_minor: i64,
    pub lost_revenue_minor: i64,
    pub revenue_churn: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ChurnReport {
    /// The period, inclusive local dates.
    pub from: String,
    pub to: String,
    pub inactivity_days: u32,
    pub customers_at_start: i64,
    pub customers_lost: i64,
    /// Of the lost, those marked churned while they still ordered within the window.
    pub marked_churned: i64,
    /// customers_lost ÷ customers_at_start; None without customers at the start.
    pub churn_rate: Option<f64>,
    pub currencies: Vec<ChurnCurrency>,
}

/// A customer's own state: ordered (not a return) by the eve, and since the end's window began.
#[derive(Clone, Copy, Default, PartialEq)]
struct Active {
    at_start: bool,
    at_end: bool,
}

/// A customer is active on day D when they ordered (a return does not count) in the `window` days up to
/// and including D. Customers at the start: active on the eve of `from`. Lost: of those, the ones not
/// active on `to`, or marked churned. Without a period: the twelve months up to today.
pub fn churn(store: &Store, filter: &AnalyticsFilter, window: u32) -> AppResult<ChurnReport> {
    if window == 0 {
        return Err(AppError::field(ErrorCode::OutOfRange, "inactivity_days", "the window must be at least one day"));
    }
    let f = resolve(filter)?;
    let to = f.to.unwrap_or_else(|| today(store.clock().now_ms()));
    let from = f.from.unwrap_or_else(|| year_before(to));
    let eve = from.pred_opt().unwrap_or(from);
    // Active on the eve: an order in [eve − window + 1, eve]; active on `to`: one in [to − window + 1, to].
    let start_lo = days_before(eve, window - 1);
    let end_lo = days_before(to, window - 1);
    let (lo, hi, eve_day, end_day) = (start_lo.to_string(), to.to_string(), eve.to_string(), end_lo.to_string());
    let now = store.clock().now_ms();
    facts::refresh(store);
    let (customers, churned, currencies) = store.read(|conn| {
        let scoped = scope::prepare(conn, &f, now)?;
        // Per customer: whether active at the start and at the end, and per currency index the net revenue
        // up to the eve.
        let mut customers = CurrencySums::<Active, i64>::sized(conn)?;
        let bounds = Bounds { from: &lo, to: &hi, owner: f.owner.as_deref(), scoped };
        // Days compare as `YYYY-MM-DD` text, as in SQL.
        let currencies = scan(conn, &bounds, |o| {
            let Some(cust) = o.cust else { return };
            let by_eve = o.day <= eve_day.as_str();
            let (active, net) = customers.get(cust, o.currency);
            active.at_start |= !o.ret && by_eve;
            active.at_end |= !o.ret && o.day >= end_day.as_str();
            if by_eve {
                *net += o.net;
            }
        })?;
        let mut stmt =
            conn.prepare_cached("SELECT id FROM people WHERE lifecycle = 'churned' AND deleted_at IS NULL")?;
        let churned = stmt.query_map([], |r| r.get::<_, i64>(0))?.collect::<Result<HashSet<i64>, _>>()?;
        Ok((customers, churned, currencies))
    })?;
    let (mut at_start, mut lost, mut marked) = (0, 0, 0);
    let mut money: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for (id, active, sums) in customers.iter().filter(|(_, a, _)| a.at_start) {
        at_start += 1;
        let is_marked = active.at_end && churned.contains(&id);
        let is_lost = !active.at_end || is_marked;
        lost += i64::from(is_lost);
        marked += i64::from(is_marked);
        for (currency, net) in sums {
            let m = money.entry(currencies[currency].clone()).or_default();
            m.0 += net;
            if is_lost {
                m.1 += net;
            }
        }
    }
    Ok(ChurnReport {
        from: from.to_string(),
        to: to.to_string(),
        inactivity_days: window,
        customers_at_start: at_start,
        customers_lost: lost,
        marked_churned: marked,
        churn_rate: ratio(lost, at_start),
        currencies: money
            .into_iter()
            .map(|(currency, (start, lost))| ChurnCurrency {
                currency,
                start_revenue_minor: start,
                lost_revenue_minor: lost,
                revenue_churn: ratio(lost, start),
            })
            .collect(),
    })
}

fn days_before(day: NaiveDate, n: u32) -> NaiveDate {
    day.checked_sub_days(Days::new(u64::from(n))).unwrap_or(NaiveDate::MIN)
}

/// The first day of the twelve months that end on `to`.
fn year_before(to: NaiveDate) -> NaiveDate {
    to.checked_sub_months(Months::new(12)).and_then(|d| d.succ_opt()).unwrap_or(to)
}

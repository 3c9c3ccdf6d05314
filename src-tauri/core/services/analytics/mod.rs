//! The analytical CRM: funnel, revenue, churn, cohort retention and profit per customer, over the deals and
//! the order history. Every figure is defined in `docs/analytics.md`; amounts stay per currency (integer
//! minor units), converting between currencies is not this module's business.

mod board;
mod churn;
mod clv;
mod conversion;
mod facts;
mod filter;
mod funnel;
mod options;
mod orders;
mod packed;
mod retention;
mod revenue;
mod scope;
mod slots;
mod won;

pub use board::{funnel, won_by_month, Amount, FunnelStage, MonthRevenue};
pub use churn::{churn, ChurnCurrency, ChurnReport, DEFAULT_INACTIVITY_DAYS};
pub use clv::{clv, ClvCurrency, ClvReport, CustomerValue};
pub use conversion::{conversion, ConversionReport, ConversionRow, MAX_SEGMENTS};
pub use facts::force_plain_scan;
pub use filter::{AnalyticsFilter, Period};
pub use funnel::{funnel_report, FunnelReport, LifecycleShare, PipelineFunnel, StageFunnel};
pub use options::{filter_options, FilterOptions};
pub use retention::{retention, Cohort, RetentionReport};
pub use revenue::{revenue, CurrencyRevenue, RevenueMonth, RevenueReport};

use std::thread::{Scope, ScopedJoinHandle};

use serde::Serialize;
use specta::Type;

use crate::error::{AppError, AppResult};
use crate::store::Store;

/// Everything the Dashboard page shows for one set of filters.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Dashboard {
    pub funnel: FunnelReport,
    pub revenue: RevenueReport,
    pub churn: ChurnReport,
    pub retention: RetentionReport,
    pub clv: ClvReport,
    pub conversion: ConversionReport,
}

/// All six figures for the same filters (churn over the filter's period, or the last twelve months).
///
/// The figures run side by side, each on its own reader (the store keeps a pool; each reads its own
/// snapshot, as six calls one after the other would). The dirty order months are packed once first, so the
/// three order figures do not race for the writer to pack them.
pub fn dashboard(store: &Store, filter: &AnalyticsFilter, period: Period) -> AppResult<Dashboard> {
    facts::refresh(store);
    let plain = facts::plain_forced();
    std::thread::scope(|s| {
        let deals = beside(s, plain, || funnel::deal_funnels(store, filter));
        let revenue = beside(s, plain, || revenue(store, filter));
        let churn = beside(s, plain, || churn(store, filter, DEFAULT_INACTIVITY_DAYS));
        let retention = beside(s, plain, || retention(store, filter, period));
        let clv = beside(s, plain, || clv(store, filter, 10));
        // Conversion's pass over the people counts them per lifecycle for the funnel as well.
        let (conversion, lifecycles) = conversion::with_lifecycles(store, filter)?;
        let funnel = FunnelReport { lifecycle: funnel::shares(&lifecycles), pipelines: joined(deals)? };
        Ok(Dashboard {
            funnel,
            revenue: joined(revenue)?,
            churn: joined(churn)?,
            retention: joined(retention)?,
            clv: joined(clv)?,
            conversion,
        })
    })
}

/// Runs one figure on a thread of the scope, with the caller's choice of reading the orders' index.
fn beside<'s, T: Send + 's>(
    s: &'s Scope<'s, '_>,
    plain: bool,
    figure: impl FnOnce() -> AppResult<T> + Send + 's,
) -> ScopedJoinHandle<'s, AppResult<T>> {
    s.spawn(move || {
        facts::force_plain_scan(plain);
        figure()
    })
}

/// A figure's result; a figure that panicked is an internal error, not a panic across the caller.
fn joined<T>(handle: ScopedJoinHandle<'_, AppResult<T>>) -> AppResult<T> {
    handle.join().unwrap_or_else(|_| {
        tracing::error!("a dashboard figure panicked");
        Err(AppError::internal("a dashboard figure failed unexpectedly"))
    })
}

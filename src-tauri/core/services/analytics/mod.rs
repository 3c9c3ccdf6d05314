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
pub use facts::{force_plain_scan, NewOrders};
pub use filter::{AnalyticsFilter, Period};
pub use funnel::{funnel_report, FunnelReport, LifecycleShare, PipelineFunnel, StageFunnel};
pub use options::{filter_options, FilterOptions};
pub use retention::{retention, Cohort, RetentionReport};
pub use revenue::{revenue, CurrencyRevenue, RevenueMonth, RevenueReport};

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

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
/// three order figures do not race for the writer to pack them. As many threads as the machine has cores
/// (at most one per figure) take the figures in turn, largest first: more threads than cores only make
/// the figures, which are bound by memory accesses, evict each other's data from the caches.
pub fn dashboard(store: &Store, filter: &AnalyticsFilter, period: Period) -> AppResult<Dashboard> {
    facts::refresh(store);
    let plain = facts::plain_forced();
    let conversion = OnceLock::new();
    let clv_report = OnceLock::new();
    let churn_report = OnceLock::new();
    let retention_report = OnceLock::new();
    let revenue_report = OnceLock::new();
    let deals = OnceLock::new();
    let figures: [&(dyn Fn() + Sync); 6] = [
        // Conversion's pass over the people also counts them per lifecycle for the funnel.
        &|| drop(conversion.set(conversion::with_lifecycles(store, filter))),
        &|| drop(clv_report.set(clv(store, filter, 10))),
        &|| drop(churn_report.set(churn(store, filter, DEFAULT_INACTIVITY_DAYS))),
        &|| drop(retention_report.set(retention(store, filter, period))),
        &|| drop(revenue_report.set(revenue(store, filter))),
        &|| drop(deals.set(funnel::deal_funnels(store, filter))),
    ];
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, figures.len());
    std::thread::scope(|s| {
        let work = || {
            facts::force_plain_scan(plain);
            while let Some(figure) = figures.get(next.fetch_add(1, Ordering::Relaxed)) {
                figure();
            }
        };
        for handle in (0..threads).map(|_| s.spawn(work)).collect::<Vec<_>>() {
            if handle.join().is_err() {
                tracing::error!("a dashboard figure panicked");
            }
        }
    });
    let (conversion, lifecycles) = done(conversion)?;
    let funnel = FunnelReport { lifecycle: funnel::shares(&lifecycles), pipelines: done(deals)? };
    Ok(Dashboard {
        funnel,
        revenue: done(revenue_report)?,
        churn: done(churn_report)?,
        retention: done(retention_report)?,
        clv: done(clv_report)?,
        conversion,
    })
}

/// A figure's result; a figure that panicked left none, and is an internal error, not a panic across the
/// caller.
fn done<T>(result: OnceLock<AppResult<T>>) -> AppResult<T> {
    result.into_inner().unwrap_or_else(|| Err(AppError::internal("a dashboard figure failed unexpectedly")))
}

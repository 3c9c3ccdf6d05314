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

use serde::Serialize;
use specta::Type;

use crate::error::AppResult;
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
pub fn dashboard(store: &Store, filter: &AnalyticsFilter, period: Period) -> AppResult<Dashboard> {
    Ok(Dashboard {
        funnel: funnel_report(store, filter)?,
        revenue: revenue(store, filter)?,
        churn: churn(store, filter, DEFAULT_INACTIVITY_DAYS)?,
        retention: retention(store, filter, period)?,
        clv: clv(store, filter, 10)?,
        conversion: conversion(store, filter)?,
    })
}

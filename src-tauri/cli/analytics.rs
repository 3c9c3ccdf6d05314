//! `relata analytics funnel|revenue|churn|clv|retention|conversion`: the dashboard's figures as JSON (definitions in
//! docs/analytics.md).

use clap::{Args, Subcommand, ValueEnum};

use super::output;
use relata_core::domain::Id;
use relata_core::error::AppResult;
use relata_core::services::analytics::{self, AnalyticsFilter, Period};
use relata_core::store::Store;

#[derive(Debug, Subcommand)]
pub enum AnalyticsCmd {
    /// People per lifecycle stage, deals per pipeline stage with conversion, weighted forecast.
    Funnel(FilterArgs),
    /// Revenue per month and currency (orders and won deals), average per customer, gross margin.
    Revenue(FilterArgs),
    /// Customers lost in the period ÷ customers at its start, and revenue churn.
    Churn {
        #[command(flatten)]
        filter: FilterArgs,
        /// Days without an order after which a customer counts as lost.
        #[arg(long, default_value_t = analytics::DEFAULT_INACTIVITY_DAYS)]
        window: u32,
    },
    /// Profit per customer (revenue − cost of goods) with the top and bottom customers.
    Clv {
        #[command(flatten)]
        filter: FilterArgs,
        /// How many top and bottom customers to list per currency.
        #[arg(long, default_value_t = 10)]
        limit: u32,
    },
    /// Cohort retention by the month or quarter of the first order.
    Retention {
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long, value_enum, default_value_t = PeriodArg::Month)]
        period: PeriodArg,
    },
    /// Leads who became customers or won a deal, by source, segment and campaign.
    Conversion {
        #[command(flatten)]
        filter: FilterArgs,
        /// Only this grouping, printed as a list of rows (default: all three).
        #[arg(long, value_enum)]
        by: Option<ByArg>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ByArg {
    Source,
    Segment,
    Campaign,
}

#[derive(Debug, Args)]
pub struct FilterArgs {
    /// First day of the period (YYYY-MM-DD, inclusive).
    #[arg(long)]
    from: Option<String>,
    /// Last day of the period (YYYY-MM-DD, inclusive).
    #[arg(long)]
    to: Option<String>,
    /// Only customers, people and deals with this owner.
    #[arg(long)]
    owner: Option<String>,
    /// Only deals in this pipeline.
    #[arg(long)]
    pipeline: Option<Id>,
    /// Only people with this source (and their orders and deals).
    #[arg(long)]
    source: Option<String>,
    /// Only the people of this segment (and their orders and deals).
    #[arg(long)]
    segment: Option<Id>,
    /// Accepted for symmetry with the other commands: the output is always JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PeriodArg {
    Month,
    Quarter,
}

impl FilterArgs {
    fn filter(self) -> AnalyticsFilter {
        AnalyticsFilter {
            from: self.from,
            to: self.to,
            owner: self.owner,
            pipeline_id: self.pipeline,
            source: self.source,
            segment_id: self.segment,
        }
    }
}

pub fn run(store: &Store, cmd: AnalyticsCmd) -> AppResult<()> {
    match cmd {
        AnalyticsCmd::Funnel(f) => output::json(&analytics::funnel_report(store, &f.filter())?),
        AnalyticsCmd::Revenue(f) => output::json(&analytics::revenue(store, &f.filter())?),
        AnalyticsCmd::Churn { filter, window } => output::json(&analytics::churn(store, &filter.filter(), window)?),
        AnalyticsCmd::Clv { filter, limit } => output::json(&analytics::clv(store, &filter.filter(), limit)?),
        AnalyticsCmd::Retention { filter, period } => {
            let period = match period {
                PeriodArg::Month => Period::Month,
                PeriodArg::Quarter => Period::Quarter,
            };
            output::json(&analytics::retention(store, &filter.filter(), period)?)
        }
        AnalyticsCmd::Conversion { filter, by } => {
            let report = analytics::conversion(store, &filter.filter())?;
            match by {
                None => output::json(&report),
                Some(ByArg::Source) => output::json(&report.by_source),
                Some(ByArg::Segment) => output::json(&report.by_segment),
                Some(ByArg::Campaign) => output::json(&report.by_campaign),
            }
        }
    }
}

//! `relata support metrics`: the service desk's figures over a period (definitions in
//! docs/support-metrics.md), as JSON, as a summary table, or one figure as CSV.

use clap::Subcommand;

use super::output::{self, enum_arg};
use relata_core::domain::{MetricsFigure, MetricsQuery};
use relata_core::error::AppResult;
use relata_core::services::tickets::metrics;
use relata_core::store::Store;

const FIGURES: &[&str] = &["summary", "backlog", "channels", "types", "agents", "calls"];

#[derive(Debug, Subcommand)]
pub enum SupportCmd {
    /// First response and resolution times, SLA share, backlog, channels, types, satisfaction, per agent.
    Metrics {
        /// The first day of the period, YYYY-MM-DD (UTC).
        #[arg(long, value_name = "DATE")]
        from: String,
        /// The last day of the period (inclusive), YYYY-MM-DD (UTC).
        #[arg(long, value_name = "DATE")]
        to: String,
        /// Only the tickets assigned to this agent.
        #[arg(long)]
        agent: Option<String>,
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// Print one figure as CSV.
        #[arg(long, value_name = "FIGURE", value_parser = enum_arg::<MetricsFigure>(FIGURES))]
        csv: Option<MetricsFigure>,
    },
}

pub fn run(store: &Store, cmd: SupportCmd) -> AppResult<()> {
    let SupportCmd::Metrics { from, to, agent, json, csv } = cmd;
    let m = metrics::metrics(store, &MetricsQuery { from, to, agent })?;
    if json {
        return output::json(&m);
    }
    let text = metrics::csv(&m, csv.unwrap_or(MetricsFigure::Summary))?;
    if csv.is_some() {
        output::out(text.trim_end());
        return Ok(());
    }
    let rows: Vec<Vec<String>> = text.lines().skip(1).map(|l| l.split(',').map(str::to_owned).collect()).collect();
    let n = i64::try_from(rows.len()).unwrap_or_default();
    output::table(&["figure", "value"], rows, n);
    Ok(())
}

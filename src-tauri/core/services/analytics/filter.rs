//! The filters every figure takes: a period of local calendar dates, an owner, (for deals) a pipeline, and
//! the people counted: a source and a segment.

use chrono::{DateTime, NaiveDate};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::clock::{system_zone, Millis};
use crate::domain::Id;
use crate::error::{AppError, AppResult, ErrorCode};

/// What the figures are computed over. `from` and `to` are inclusive local dates (`YYYY-MM-DD`); without
/// them a figure covers all history (churn: the twelve months up to today).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AnalyticsFilter {
    pub from: Option<String>,
    pub to: Option<String>,
    /// Only customers, people and deals with this owner.
    pub owner: Option<String>,
    /// Only deals in this pipeline (the funnel and won deals).
    pub pipeline_id: Option<Id>,
    /// Only people with this source: their orders, deals and lifecycle counts (company-only and anonymous
    /// orders drop out).
    #[serde(default)]
    pub source: Option<String>,
    /// Only the people of this segment (dynamic or static), like `source`.
    #[serde(default)]
    pub segment_id: Option<Id>,
}

/// How cohorts are grouped: by the month or the quarter of the first order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    #[default]
    Month,
    Quarter,
}

/// A filter checked and resolved: dates parsed, the owner and source trimmed (empty means none).
#[derive(Debug, Clone)]
pub(super) struct Resolved {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub owner: Option<String>,
    pub pipeline_id: Option<Id>,
    pub source: Option<String>,
    pub segment_id: Option<Id>,
}

impl Resolved {
    /// The inclusive date bounds as SQL text, open ends widened to cover every stored date.
    pub fn day_bounds(&self) -> (String, String) {
        (
            self.from.map_or_else(|| "0000-01-01".into(), |d| d.to_string()),
            self.to.map_or_else(|| "9999-12-31".into(), |d| d.to_string()),
        )
    }

    /// The period as `[start, end)` milliseconds, local midnights in the system zone (for `created_at` and
    /// `closed_at`, which are instants).
    pub fn ms_bounds(&self) -> (Millis, Millis) {
        let start = self.from.map_or(i64::MIN, local_midnight_ms);
        let end = self.to.and_then(|d| d.succ_opt()).map_or(i64::MAX, local_midnight_ms);
        (start, end)
    }
}

pub(super) fn resolve(filter: &AnalyticsFilter) -> AppResult<Resolved> {
    let from = parse_day(filter.from.as_deref(), "from")?;
    let to = parse_day(filter.to.as_deref(), "to")?;
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(AppError::field(ErrorCode::OutOfRange, "to", "the end of the period is before its start"));
        }
    }
    let owner = trimmed(filter.owner.as_deref());
    let source = trimmed(filter.source.as_deref());
    Ok(Resolved { from, to, owner, pipeline_id: filter.pipeline_id, source, segment_id: filter.segment_id })
}

fn trimmed(value: Option<&str>) -> Option<String> {
    value.map(str::trim).filter(|o| !o.is_empty()).map(String::from)
}

fn parse_day(value: Option<&str>, field: &str) -> AppResult<Option<NaiveDate>> {
    let Some(text) = value.map(str::trim).filter(|t| !t.is_empty()) else { return Ok(None) };
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| AppError::field(ErrorCode::InvalidDate, field, format!("'{text}' is not a date (YYYY-MM-DD)")))
}

fn local_midnight_ms(day: NaiveDate) -> Millis {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    midnight
        .and_local_timezone(system_zone())
        .earliest()
        .map_or_else(|| midnight.and_utc().timestamp_millis(), |t| t.timestamp_millis())
}

/// Today's local date by the store's clock.
pub(super) fn today(now: Millis) -> NaiveDate {
    DateTime::from_timestamp_millis(now).unwrap_or_default().with_timezone(&system_zone()).date_naive()
}

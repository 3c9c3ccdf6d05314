//! Support figures over a period (see docs/support-metrics.md for the exact definitions).

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{TicketChannel, TicketStatus, TicketType};

/// The period is `from` to `to` inclusive, as dates (`YYYY-MM-DD`, UTC days).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct MetricsQuery {
    pub from: String,
    pub to: String,
    /// Only the tickets assigned to this agent now.
    pub agent: Option<String>,
}

/// The median and 90th percentile (nearest rank) of a set of durations, in business minutes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct DurationStats {
    pub count: i32,
    pub median_minutes: Option<i32>,
    pub p90_minutes: Option<i32>,
}

/// How many of the measured tickets kept every SLA target.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct SlaShare {
    pub measured: i32,
    pub within: i32,
    /// `within / measured`, null when nothing was measured.
    pub share: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct Satisfaction {
    pub count: i32,
    pub average: Option<f64>,
    /// The share of ratings that are 4 or 5.
    pub share_good: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct StatusCount {
    pub status: TicketStatus,
    pub count: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AgeBucket {
    /// Under one day.
    #[serde(rename = "under_1_day")]
    UnderDay,
    /// One to three days.
    #[serde(rename = "days_1_to_3")]
    Days1To3,
    /// Three to seven days.
    #[serde(rename = "days_3_to_7")]
    Days3To7,
    /// Seven to thirty days.
    #[serde(rename = "days_7_to_30")]
    Days7To30,
    /// Thirty days or more.
    #[serde(rename = "over_30_days")]
    Over30Days,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct AgeCount {
    pub age: AgeBucket,
    pub count: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ChannelCount {
    pub channel: TicketChannel,
    pub count: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct TypeCount {
    #[serde(rename = "type")]
    pub kind: TicketType,
    pub count: i32,
}

/// The figures of one agent (null: the unassigned tickets).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct AgentFigures {
    pub agent: Option<String>,
    pub opened: i32,
    pub resolved: i32,
    pub first_response: DurationStats,
    pub resolution: DurationStats,
    pub sla: SlaShare,
    pub satisfaction: Satisfaction,
    pub backlog: i32,
}

/// The open tickets now.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct Backlog {
    pub total: i32,
    pub by_status: Vec<StatusCount>,
    pub by_age: Vec<AgeCount>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct SupportMetrics {
    pub from: String,
    pub to: String,
    pub agent: Option<String>,
    /// Tickets opened in the period.
    pub opened: i32,
    /// Tickets resolved (solved or closed, and still so) in the period.
    pub resolved: i32,
    pub first_response: DurationStats,
    pub resolution: DurationStats,
    pub sla: SlaShare,
    /// Open tickets whose SLA breaches within the warning window, now.
    pub breaching_soon: i32,
    /// Open tickets past an SLA target, now.
    pub breached_open: i32,
    /// Tickets opened in the period that breached some SLA target.
    pub breached: i32,
    pub backlog: Backlog,
    pub by_channel: Vec<ChannelCount>,
    pub by_type: Vec<TypeCount>,
    pub satisfaction: Satisfaction,
    pub agents: Vec<AgentFigures>,
    /// Calls in the period (their own agent filter: the agent who took or made the call).
    pub calls: super::CallMetrics,
}

/// The figures `relata support metrics --csv` and the UI export as CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum MetricsFigure {
    Summary,
    Backlog,
    Channels,
    Types,
    Agents,
    Calls,
}

/// One of a ticket's SLA clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SlaTarget {
    FirstResponse,
    NextReply,
    Resolution,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// The clock falls due within the warning window.
    Warning,
    /// The clock ran past its target.
    Breach,
}

/// A breach warning (or a breach) to show the ticket's assignee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct BreachAlert {
    pub ticket_id: super::Id,
    pub number: String,
    pub subject: String,
    pub assignee: Option<String>,
    pub target: SlaTarget,
    pub kind: AlertKind,
    /// When the clock is (or was) due.
    pub due_at: super::Millis,
    /// Business minutes left until `due_at` (0 once breached).
    pub minutes_left: i32,
}

//! Business-hours calendars and SLA policies, in the JSON formats of docs/support-metrics.md, and the SLA
//! state of a ticket as computed from its events.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Id, TicketChannel, TicketPriority, TicketType};

/// Opening hours as `[["09:00", "12:00"], ["13:00", "17:00"]]` per weekday key (`mon` ... `sun`); a day
/// without hours is closed. `24:00` ends a day.
pub type WeekHours = BTreeMap<String, Vec<[String; 2]>>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct CalendarDef {
    pub name: String,
    /// An IANA time zone such as `Europe/Amsterdam`.
    pub timezone: String,
    pub hours: WeekHours,
    /// Closed dates, `YYYY-MM-DD`.
    #[serde(default)]
    pub holidays: Vec<String>,
    /// A built-in public holiday set: `NL`, `DE`, `DE-BY` (and the other states), `DK` or `BE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_holidays: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Calendar {
    pub id: Id,
    #[serde(flatten)]
    pub def: CalendarDef,
}

/// When a policy applies: every listed condition must hold (an empty or missing list holds for all).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(default, deny_unknown_fields)]
pub struct PolicyWhen {
    pub priority: Vec<TicketPriority>,
    pub channel: Vec<TicketChannel>,
    #[serde(rename = "type")]
    pub kind: Vec<TicketType>,
    /// The requester's company carries one of these tags (case-insensitive).
    pub company_tag: Vec<String>,
}

/// Targets in business minutes; a missing one has no SLA.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default, deny_unknown_fields)]
pub struct SlaTargets {
    pub first_response: Option<u32>,
    pub next_reply: Option<u32>,
    pub resolution: Option<u32>,
}

fn default_pause() -> Vec<super::TicketStatus> {
    vec![super::TicketStatus::Pending, super::TicketStatus::OnHold]
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct PolicyDef {
    pub name: String,
    /// The calendar's name.
    pub calendar: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<PolicyWhen>,
    /// Per priority (`low`, `normal`, `high`, `urgent`).
    pub targets: BTreeMap<TicketPriority, SlaTargets>,
    #[serde(default = "default_pause")]
    pub pause_statuses: Vec<super::TicketStatus>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Policy {
    pub id: Id,
    /// 1 is tried first.
    pub position: i32,
    #[serde(flatten)]
    pub def: PolicyDef,
}

/// A ticket's SLA clocks. Times are RFC 3339 (UTC). A `*_met` is true when the clock stopped within its
/// target, false when it stopped late or is running past its due time, and null while it runs in time or has
/// no target. Due times are null while the clock is paused (or stopped without a target).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct SlaState {
    /// The policy that applies (null: none matches, no SLA).
    pub policy: Option<String>,
    pub calendar: Option<String>,
    pub first_response_due: Option<String>,
    pub first_response_at: Option<String>,
    pub first_response_met: Option<bool>,
    /// The latest customer message waiting for (or answered by) an agent's reply after the first response.
    pub next_reply_due: Option<String>,
    pub next_reply_at: Option<String>,
    pub next_reply_met: Option<bool>,
    pub resolution_due: Option<String>,
    pub resolved_at: Option<String>,
    pub resolution_met: Option<bool>,
    /// The clocks are stopped by a pause status now.
    pub paused: bool,
    /// Business minutes spent in pause statuses.
    pub paused_minutes: i32,
    /// A running clock is due within the warning window (default 30 business minutes).
    pub breaching_soon: bool,
    /// A clock stopped late or runs past its due time.
    pub breached: bool,
}

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Id, Millis};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    Call,
    Email,
    Meeting,
    Note,
    Chat,
    Visit,
    /// An order, invoice or return on a person's, company's or deal's timeline: read from the orders
    /// table (the entry's `id` is the order's), never written as an activity.
    Order,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Inbound,
    Outbound,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Activity {
    pub id: Id,
    pub kind: ActivityKind,
    pub direction: Option<Direction>,
    pub subject: String,
    pub body: Option<String>,
    pub occurred_at: Millis,
    pub duration_secs: Option<i32>,
    pub person_id: Option<Id>,
    pub person_name: Option<String>,
    pub company_id: Option<Id>,
    pub company_name: Option<String>,
    pub deal_id: Option<Id>,
    pub deal_title: Option<String>,
    pub created_at: Millis,
    pub updated_at: Millis,
    /// Set on a note the app wrote (a lead turning hot); shown instead of `subject` and `body`.
    pub system_event: Option<super::SystemEvent>,
    /// A logged call's facts (outcome, waiting time, agent, number); null on other activities.
    pub call: Option<super::CallFacts>,
    /// An order's facts (number in `subject`, kind, status, totals); null on activities.
    pub order: Option<super::OrderFacts>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ActivityInput {
    pub kind: ActivityKind,
    #[serde(default)]
    pub direction: Option<Direction>,
    /// May be empty for notes; the UI then shows the body's first line.
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub body: Option<String>,
    /// `None` means now.
    #[serde(default)]
    pub occurred_at: Option<Millis>,
    #[serde(default)]
    pub duration_secs: Option<i32>,
    #[serde(default)]
    pub person_id: Option<Id>,
    #[serde(default)]
    pub company_id: Option<Id>,
    #[serde(default)]
    pub deal_id: Option<Id>,
}

/// A timeline, newest first. A company's timeline includes its people's activities.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct TimelineQuery {
    pub person_id: Option<Id>,
    pub company_id: Option<Id>,
    pub deal_id: Option<Id>,
    /// Empty means every kind.
    pub kinds: Vec<ActivityKind>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
    /// Text the subject or body contains (case-insensitive for ASCII letters); empty means no filter.
    pub search: Option<String>,
}

//! Service desk tickets and their events (see docs/support-metrics.md).

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Id, Millis, SlaState};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    New,
    Open,
    /// Waiting for the customer.
    Pending,
    OnHold,
    Solved,
    Closed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TicketPriority {
    Low,
    Normal,
    High,
    Urgent,
}

impl TicketPriority {
    pub const ALL: [TicketPriority; 4] = [Self::Low, Self::Normal, Self::High, Self::Urgent];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TicketType {
    Question,
    Incident,
    Problem,
    Request,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TicketChannel {
    Email,
    Phone,
    Chat,
    Visit,
    Web,
    Social,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TicketEventKind {
    /// The ticket was opened (its `at` is the ticket's opening time).
    #[default]
    Created,
    /// A status change; `status` is the new status.
    Status,
    /// A public reply by an agent.
    Reply,
    /// A message from the customer (an email answering the ticket, a call...).
    CustomerReply,
    /// An internal note, never shown to the customer.
    Note,
    /// `assignee` is the new assignee (null: unassigned).
    Assign,
    /// `rating` 1-5, `body` the comment.
    Rating,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct TicketEvent {
    pub id: Id,
    pub kind: TicketEventKind,
    pub at: Millis,
    pub author: Option<String>,
    pub status: Option<TicketStatus>,
    pub body: Option<String>,
    pub assignee: Option<String>,
    pub rating: Option<i32>,
    /// The activity on the requester's timeline (replies and notes).
    pub activity_id: Option<Id>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Ticket {
    pub id: Id,
    /// `T-000123`.
    pub number: String,
    pub subject: String,
    pub description: Option<String>,
    pub person_id: Id,
    pub person_name: Option<String>,
    pub company_id: Option<Id>,
    pub company_name: Option<String>,
    pub status: TicketStatus,
    pub priority: TicketPriority,
    #[serde(rename = "type")]
    pub kind: TicketType,
    pub channel: TicketChannel,
    pub assignee: Option<String>,
    pub tags: Vec<String>,
    pub deal_id: Option<Id>,
    /// When the ticket was opened (may be in the past for imported history).
    pub opened_at: Millis,
    pub satisfaction: Option<i32>,
    pub satisfaction_comment: Option<String>,
    pub created_at: Millis,
    pub updated_at: Millis,
    pub sla: SlaState,
}

/// A ticket with its conversation and history, oldest event first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct TicketDetail {
    #[serde(flatten)]
    pub ticket: Ticket,
    pub events: Vec<TicketEvent>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct TicketInput {
    pub subject: String,
    #[serde(default)]
    pub description: Option<String>,
    pub person_id: Id,
    #[serde(default)]
    pub priority: Option<TicketPriority>,
    #[serde(default, rename = "type")]
    pub kind: Option<TicketType>,
    #[serde(default)]
    pub channel: Option<TicketChannel>,
    #[serde(default)]
    pub assignee: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub deal_id: Option<Id>,
    /// `None` means now.
    #[serde(default)]
    pub at: Option<Millis>,
}

/// A reply, note or customer message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct TicketMessage {
    pub body: String,
    /// An internal note instead of a public reply.
    #[serde(default)]
    pub internal: bool,
    /// `None` means now.
    #[serde(default)]
    pub at: Option<Millis>,
    #[serde(default)]
    pub author: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct TicketsQuery {
    pub status: Option<TicketStatus>,
    /// Only tickets with a clock breaching soon or breached.
    pub breaching: bool,
    pub person_id: Option<Id>,
    pub assignee: Option<String>,
    pub limit: Option<u32>,
    /// Keyset paging: the page starts after this ticket (the previous page's last), newest first.
    pub after: Option<Id>,
    /// What the Tickets page's box holds: tickets whose number, subject or requester's name matches.
    pub search: Option<String>,
}

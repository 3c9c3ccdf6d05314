//! Automation rules (docs/automation.md): a trigger, optional conditions over the record's person (the
//! segment filter tree) and actions. The JSON form is the one `relata rules add --file` reads.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Filter, Id, RuleError, TicketPriority};
use crate::clock::Millis;

/// The records a rule can watch, spelled as in the event log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RuleEntity {
    Person,
    Company,
    Deal,
    Task,
    Ticket,
    Order,
}

impl RuleEntity {
    pub const ALL: [RuleEntity; 6] = [Self::Person, Self::Company, Self::Deal, Self::Task, Self::Ticket, Self::Order];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Company => "company",
            Self::Deal => "deal",
            Self::Task => "task",
            Self::Ticket => "ticket",
            Self::Order => "order",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == s)
    }
}

/// When a rule fires. Record triggers fire from the event log; `schedule` and `no_activity_days` are
/// time-based and catch up once after the app was closed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Trigger {
    RecordCreated {
        entity: RuleEntity,
    },
    /// Only when one of `fields` changed, when given.
    RecordUpdated {
        entity: RuleEntity,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        fields: Vec<String>,
    },
    RecordDeleted {
        entity: RuleEntity,
    },
    /// A field changed, optionally from and/or to a value (compared as text, case-insensitively): a
    /// person's `lifecycle` or `lead_status`, a ticket's `status`, any other column.
    FieldChanged {
        entity: RuleEntity,
        field: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<String>,
    },
    /// A deal moved between stages, named by stage name or system key ("proposal"), case-insensitively.
    DealStageChanged {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<String>,
    },
    /// A lead's score band became `band` ("hot", "warm", "cold").
    ScoreBandEntered {
        band: String,
    },
    /// Every day (or every weekday) at `at` ("08:00") in `time_zone` (IANA; UTC when absent).
    Schedule {
        at: String,
        #[serde(default)]
        weekdays_only: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        time_zone: Option<String>,
    },
    /// Checked daily: a live person or open deal without an activity for `days` days (once per quiet spell).
    NoActivityDays {
        entity: RuleEntity,
        days: u32,
    },
    /// A ticket's SLA clock entered its warning window or was breached (once per ticket and clock); either
    /// when `level` is absent.
    SlaWarning {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        level: Option<SlaLevel>,
    },
    /// Checked daily: a date of a live person or open deal (`field`: a date column such as the deal's
    /// `expected_close`, or a custom date field's key) is `days_before` days away (0: the day itself; a
    /// negative number: that many days passed). Once per record and date value; catches up once.
    DateReached {
        entity: RuleEntity,
        field: String,
        #[serde(default)]
        days_before: i32,
    },
    /// An email from a person arrived (matched by address), or with `replied`, only a reply to a message
    /// the user sent.
    EmailReceived {
        #[serde(default)]
        replied: bool,
    },
    /// A person was created by a signup import (an import of leads): once per person, logged in the
    /// import's transaction.
    SignupImported,
}

impl Trigger {
    /// Every trigger's `type`, in the order the rule form offers them (`kind` matches every variant, so a
    /// new one cannot be forgotten here without the test that compares them failing).
    pub const KINDS: [&'static str; 12] = [
        "record_created",
        "record_updated",
        "record_deleted",
        "field_changed",
        "deal_stage_changed",
        "score_band_entered",
        "schedule",
        "no_activity_days",
        "sla_warning",
        "date_reached",
        "email_received",
        "signup_imported",
    ];

    /// The trigger's `type` as its JSON spells it.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::RecordCreated { .. } => "record_created",
            Self::RecordUpdated { .. } => "record_updated",
            Self::RecordDeleted { .. } => "record_deleted",
            Self::FieldChanged { .. } => "field_changed",
            Self::DealStageChanged { .. } => "deal_stage_changed",
            Self::ScoreBandEntered { .. } => "score_band_entered",
            Self::Schedule { .. } => "schedule",
            Self::NoActivityDays { .. } => "no_activity_days",
            Self::SlaWarning { .. } => "sla_warning",
            Self::DateReached { .. } => "date_reached",
            Self::EmailReceived { .. } => "email_received",
            Self::SignupImported => "signup_imported",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SlaLevel {
    Warning,
    Breach,
}

impl SlaLevel {
    pub const ALL: [SlaLevel; 2] = [Self::Warning, Self::Breach];
}

/// What a rule does. Templates (`title`, `body`) are minijinja over `record`, `person` and `deal`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Action {
    CreateTask {
        title: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        notes: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        assignee: Option<String>,
        #[serde(default)]
        due_in_business_days: u32,
        /// Remind at the due time.
        #[serde(default)]
        remind: bool,
    },
    AddTag {
        tag: String,
    },
    /// Sets a field of the record (see `automation::actions::SETTABLE`).
    SetField {
        field: String,
        value: Option<String>,
    },
    AddNote {
        body: String,
    },
    /// Applies a cadence (by name) to the record's person.
    StartCadence {
        cadence: String,
    },
    /// A native notification through the reminder path: a task reminding now.
    Notify {
        message: String,
    },
    /// Queues the email template named `template` to the record's person through the outbox, from the
    /// account with address `account` (the first account when absent).
    SendEmail {
        template: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        account: Option<String>,
    },
    /// Opens a ticket for the record's person (and deal).
    CreateTicket {
        subject: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        priority: Option<TicketPriority>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        assignee: Option<String>,
    },
    /// Stops the person's running cadence named `cadence`, or all of them when absent.
    StopCadence {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cadence: Option<String>,
    },
    /// Sets (or clears) the record's owner (a ticket's assignee).
    SetOwner {
        owner: Option<String>,
    },
    /// Adds the record's person to the static segment named `segment`.
    AddToSegment {
        segment: String,
    },
    /// Adds the record's person to a campaign (by name or id) as a member, through the campaign service.
    AddToCampaign {
        campaign: CampaignRef,
    },
}

impl Action {
    /// Every action's `type`, in the order the rule form offers them (see `Trigger::KINDS`).
    pub const KINDS: [&'static str; 12] = [
        "create_task",
        "notify",
        "add_note",
        "add_tag",
        "set_field",
        "set_owner",
        "start_cadence",
        "stop_cadence",
        "send_email",
        "create_ticket",
        "add_to_segment",
        "add_to_campaign",
    ];

    /// The action's `type` as its JSON spells it.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::CreateTask { .. } => "create_task",
            Self::Notify { .. } => "notify",
            Self::AddNote { .. } => "add_note",
            Self::AddTag { .. } => "add_tag",
            Self::SetField { .. } => "set_field",
            Self::SetOwner { .. } => "set_owner",
            Self::StartCadence { .. } => "start_cadence",
            Self::StopCadence { .. } => "stop_cadence",
            Self::SendEmail { .. } => "send_email",
            Self::CreateTicket { .. } => "create_ticket",
            Self::AddToSegment { .. } => "add_to_segment",
            Self::AddToCampaign { .. } => "add_to_campaign",
        }
    }
}

/// A campaign as a rule names it: its id, or its name (case-insensitive; it must name one campaign).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(untagged)]
pub enum CampaignRef {
    Id(Id),
    Name(String),
}

impl std::fmt::Display for CampaignRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Id(id) => write!(f, "{id}"),
            Self::Name(name) => f.write_str(name),
        }
    }
}

/// A rule as written: `{"name", "trigger", "conditions", "actions"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RuleDef {
    pub name: String,
    pub trigger: Trigger,
    /// Over the record's person; a record without a person never matches a condition.
    #[serde(default)]
    pub conditions: Option<Filter>,
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Rule {
    pub id: Id,
    pub def: RuleDef,
    pub enabled: bool,
    /// A rule Relata ships (`hot_lead`, `cadence_stop_on_reply`): it can be edited and turned off, not removed.
    pub builtin: Option<String>,
    /// Why the engine paused the rule (it failed or looped); cleared when it is enabled again.
    pub paused_reason: Option<RuleError>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// "This rule would have matched N records in the last 30 days", with some of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RulePreview {
    pub matched: u32,
    pub days: u32,
    pub examples: Vec<RuleMatch>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RuleMatch {
    pub entity: String,
    pub record_id: Id,
    pub at: Millis,
}

/// What one `run_pending` pass did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct RulesPass {
    pub events: u32,
    pub runs: u32,
    pub failed: u32,
}

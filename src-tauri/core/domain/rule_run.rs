//! A rule's runs as its history shows them: what each action did (`RunLine`) and why a run failed or the
//! rule was paused (`RuleError`), both as data the UI words in the reader's language.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Id, SkipReason};
use crate::clock::Millis;
use crate::error::AppError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Done,
    NoMatch,
    LoopSkipped,
    Failed,
}

/// One firing of a rule on one event, from the history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RuleRun {
    pub id: Id,
    pub rule_id: Id,
    pub event_id: Id,
    pub entity: String,
    pub record_id: Id,
    pub status: RunStatus,
    /// What the actions did, one line each ("task 12 created"), for the CLI; `lines` is the same, typed.
    pub actions: Vec<String>,
    /// What the actions did, as data the UI renders in the reader's language.
    pub lines: Vec<RunLine>,
    /// Why the run failed or was skipped.
    pub error: Option<RuleError>,
    pub at: Millis,
}

/// Why a rule was paused (or a run failed or was skipped), as a code with its parameters: the UI words it in
/// the reader's language, `Display` in English for the CLI. Stored as this JSON; a reason stored as English
/// text before it was typed reads back as `text`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RuleError {
    /// Rules triggered each other more than `depth` levels deep (a loop?).
    TooDeep {
        depth: u32,
    },
    /// The action at `action` (0-based; none: before any action ran) failed with `error`. `name` is what
    /// the action names (a cadence, template, segment, campaign or account) when `error` says it is missing.
    ActionFailed {
        action: Option<u32>,
        error: AppError,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    /// This rule already acted on this record in this chain (a run skipped, not a pause).
    LoopSkipped,
    Text {
        text: String,
    },
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::TooDeep { depth } => {
                write!(f, "paused: rules triggered each other more than {depth} levels deep (a loop?)")
            }
            Self::ActionFailed { action: Some(i), error, .. } => {
                write!(f, "paused: actions[{i}] failed: {}", error.message)
            }
            Self::ActionFailed { action: None, error, .. } => write!(f, "paused: an action failed: {}", error.message),
            Self::LoopSkipped => f.write_str("this rule already acted on this record in this chain"),
            Self::Text { text } => f.write_str(text),
        }
    }
}

impl RuleError {
    /// The stored form (JSON).
    pub fn to_stored(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| self.to_string())
    }

    /// A stored reason: typed JSON, or English text written before reasons were typed.
    pub fn from_stored(stored: String) -> RuleError {
        serde_json::from_str(&stored).unwrap_or(RuleError::Text { text: stored })
    }
}

/// What one action did, stored with the run (`did` names it). `text` is a line stored before lines were
/// typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "did", rename_all = "snake_case")]
pub enum RunLine {
    TaskCreated {
        task: Id,
    },
    NotificationQueued {
        task: Id,
    },
    NoteAdded {
        note: Id,
    },
    Tagged {
        entity: String,
        id: Id,
        already: bool,
    },
    FieldSet {
        entity: String,
        id: Id,
        field: String,
    },
    CadenceStarted {
        cadence: Id,
        tasks: u32,
    },
    CadenceStopped {
        tasks: u32,
    },
    EmailQueued {
        outbox: Id,
    },
    TicketCreated {
        ticket: Id,
    },
    OwnerSet {
        entity: String,
        id: Id,
    },
    AddedToSegment {
        person: Id,
        segment: Id,
        already: bool,
    },
    /// `skipped`: why a send of this (email) campaign would not reach the person now (consent, address).
    AddedToCampaign {
        person: Id,
        campaign: Id,
        already: bool,
        skipped: Option<SkipReason>,
    },
    Text {
        text: String,
    },
}

impl std::fmt::Display for RunLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::TaskCreated { task } => write!(f, "task {task} created"),
            Self::NotificationQueued { task } => write!(f, "notification (task {task}) queued"),
            Self::NoteAdded { note } => write!(f, "note {note} added"),
            Self::Tagged { entity, id, already: true } => write!(f, "{entity} {id} already tagged"),
            Self::Tagged { entity, id, .. } => write!(f, "{entity} {id} tagged"),
            Self::FieldSet { entity, id, field } => write!(f, "{entity} {id} {field} set"),
            Self::CadenceStarted { cadence, tasks } => write!(f, "cadence {cadence} started ({tasks} tasks)"),
            Self::CadenceStopped { tasks } => write!(f, "cadence stopped ({tasks} tasks cancelled)"),
            Self::EmailQueued { outbox } => write!(f, "email {outbox} queued"),
            Self::TicketCreated { ticket } => write!(f, "ticket {ticket} created"),
            Self::OwnerSet { entity, id } => write!(f, "{entity} {id} owner set"),
            Self::AddedToSegment { person, segment, already: true } => {
                write!(f, "person {person} already in segment {segment}")
            }
            Self::AddedToSegment { person, segment, .. } => write!(f, "person {person} added to segment {segment}"),
            Self::AddedToCampaign { person, campaign, already, skipped } => {
                let verb = if *already { "already in" } else { "added to" };
                write!(f, "person {person} {verb} campaign {campaign}")?;
                match skipped {
                    Some(why) => write!(
                        f,
                        " (a send skips them: {})",
                        serde_json::to_value(why).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
                    ),
                    None => Ok(()),
                }
            }
            Self::Text { text } => f.write_str(text),
        }
    }
}

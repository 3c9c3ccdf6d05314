//! Phone calls: an activity of kind `call` with its call facts (see docs/support-metrics.md, "Calls").

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Direction, Id, Millis, Person};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CallOutcome {
    Answered,
    NoAnswer,
    Voicemail,
    Busy,
}

impl CallOutcome {
    pub const ALL: [CallOutcome; 4] =
        [CallOutcome::Answered, CallOutcome::NoAnswer, CallOutcome::Voicemail, CallOutcome::Busy];
}

/// What a logged call adds to its activity (whose `direction` and `duration_secs`, the talk time, it uses).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CallFacts {
    pub outcome: CallOutcome,
    /// Seconds the caller waited before the call was answered (or given up); inbound calls only.
    pub wait_secs: Option<i32>,
    /// The agent (team user name) who took or made the call.
    pub agent: Option<String>,
    /// The number dialled or calling, as typed.
    pub number: Option<String>,
    /// The same number in E.164 (`+31201234567`), when it is a valid number.
    pub number_e164: Option<String>,
}

/// A call to log on a person's (or a company's) timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CallInput {
    #[serde(default)]
    pub person_id: Option<Id>,
    #[serde(default)]
    pub company_id: Option<Id>,
    pub direction: Direction,
    pub outcome: CallOutcome,
    /// Talk time in seconds.
    #[serde(default)]
    pub talk_secs: Option<i32>,
    /// Waiting time in seconds (inbound calls only).
    #[serde(default)]
    pub wait_secs: Option<i32>,
    /// Default: the app's user name (settings), if set.
    #[serde(default)]
    pub agent: Option<String>,
    #[serde(default)]
    pub number: Option<String>,
    /// When the call started; `None` means now.
    #[serde(default)]
    pub at: Option<Millis>,
    #[serde(default)]
    pub note: Option<String>,
}

/// The people whose phone number matches a typed number in its E.164 form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CallerLookup {
    /// The typed number in E.164, read in the app's region; null when it is not a valid number.
    pub e164: Option<String>,
    /// Oldest first; empty when nobody has the number.
    pub people: Vec<Person>,
}

/// Call figures of one agent (or of everyone: `agent` null in `CallMetrics::total`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct CallFigures {
    pub agent: Option<String>,
    pub calls: i32,
    pub inbound: i32,
    pub outbound: i32,
    /// Calls with an outcome recorded (the base of `answered_share`).
    pub with_outcome: i32,
    pub answered: i32,
    /// `answered / with_outcome`, null when no call has an outcome.
    pub answered_share: Option<f64>,
    /// Mean talk time of the answered calls with a talk time, in whole seconds (rounded).
    pub avg_talk_secs: Option<i32>,
    /// Mean waiting time of the inbound calls with a waiting time, in whole seconds (rounded).
    pub avg_wait_secs: Option<i32>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct CallMetrics {
    pub total: CallFigures,
    /// One row per agent who has calls in the period, by name; the calls without an agent last (agent null).
    pub agents: Vec<CallFigures>,
}

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Id, Millis};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Task {
    pub id: Id,
    pub title: String,
    pub notes: Option<String>,
    pub due_at: Millis,
    pub remind_at: Option<Millis>,
    pub done_at: Option<Millis>,
    pub person_id: Option<Id>,
    pub person_name: Option<String>,
    pub company_id: Option<Id>,
    pub company_name: Option<String>,
    pub deal_id: Option<Id>,
    pub deal_title: Option<String>,
    pub owner: Option<String>,
    /// The recurrence (canonical RRULE subset text); completing an occurrence creates the next one.
    pub repeat: Option<String>,
    /// `repeat` as the core reads it, when the UI's picker can show it (an UNTIL with a time cannot).
    pub repeat_rule: Option<RepeatRule>,
    /// The IANA zone `repeat` is evaluated in; None means UTC.
    pub time_zone: Option<String>,
    /// When the reminder was delivered; None while it is pending.
    pub notified_at: Option<Millis>,
    pub created_at: Millis,
    pub updated_at: Millis,
    /// Set on a follow-up the app created (a lead turning hot); shown instead of `title`.
    pub system_event: Option<super::SystemEvent>,
}

/// How often a rule repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "UPPERCASE")]
pub enum RepeatFreq {
    Daily,
    Weekly,
    Monthly,
}

/// A weekday as RRULE writes it, Monday first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "UPPERCASE")]
pub enum RepeatDay {
    Mo,
    Tu,
    We,
    Th,
    Fr,
    Sa,
    Su,
}

impl RepeatDay {
    pub const ALL: [RepeatDay; 7] =
        [RepeatDay::Mo, RepeatDay::Tu, RepeatDay::We, RepeatDay::Th, RepeatDay::Fr, RepeatDay::Sa, RepeatDay::Su];
}

/// The parts of a repeat rule (see services::recurrence), for showing and editing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RepeatRule {
    pub freq: RepeatFreq,
    pub interval: u32,
    /// Weekly only, Monday first.
    pub by_day: Vec<RepeatDay>,
    /// Monthly only.
    pub by_month_day: Option<u32>,
    /// The last date (`YYYY-MM-DD`), inclusive.
    pub until: Option<String>,
    pub count: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct TaskInput {
    pub title: String,
    pub notes: Option<String>,
    pub due_at: Millis,
    /// Must not be after `due_at`.
    pub remind_at: Option<Millis>,
    pub person_id: Option<Id>,
    pub company_id: Option<Id>,
    pub deal_id: Option<Id>,
    pub owner: Option<String>,
    /// An RRULE subset such as `FREQ=WEEKLY;BYDAY=MO` (see services::recurrence), stored in canonical form.
    pub repeat: Option<String>,
    /// An IANA zone name such as `Europe/Amsterdam`. The shell fills in the system zone; None means UTC.
    pub time_zone: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TaskState {
    #[default]
    Open,
    Done,
    All,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct TasksQuery {
    pub state: TaskState,
    pub person_id: Option<Id>,
    pub company_id: Option<Id>,
    pub deal_id: Option<Id>,
    pub search: Option<String>,
    /// Only tasks due before this instant.
    pub due_before: Option<Millis>,
    /// Only tasks due at or after this instant.
    pub due_after: Option<Millis>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// The Today page: open tasks overdue (due before the local day started) and due today. Each list holds at
/// most `TODAY_LIST_MAX` tasks (the most recently overdue ones; the earliest of today's), in due order; the
/// totals count them all, for the badges and a "more in Tasks" link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct TodayView {
    pub overdue: Vec<Task>,
    pub today: Vec<Task>,
    pub overdue_total: u32,
    pub today_total: u32,
    pub day_start: Millis,
    pub day_end: Millis,
}

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{ActivityKind, Id};

/// A named template of follow-up steps. Applying it to a person creates one task per step; a reply from the
/// person (an inbound activity) or converting the lead cancels the steps still open.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Cadence {
    pub id: Id,
    pub name: String,
    pub steps: Vec<CadenceStep>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CadenceStep {
    /// Days after the start of the cadence (0..=365, never less than the previous step's).
    pub offset_days: i32,
    pub kind: ActivityKind,
    /// The task title; `{name}` becomes the person's name. The task is titled "Call: ..." after `kind`.
    pub title: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct CadenceInput {
    pub name: String,
    pub steps: Vec<CadenceStep>,
}

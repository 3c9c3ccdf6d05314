use serde::{Deserialize, Serialize};
use specta::Type;

use super::{ContactChannel, Id, Millis};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ConsentStatus {
    Given,
    Withdrawn,
}

/// One consent event. The newest event per (channel, purpose) is the person's current consent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Consent {
    pub id: Id,
    pub person_id: Id,
    pub channel: ContactChannel,
    /// What the consent is for, e.g. "newsletter" or "product updates".
    pub purpose: String,
    pub status: ConsentStatus,
    /// When it was given or withdrawn (may be earlier than when it was recorded).
    pub at: Millis,
    /// How it was obtained, e.g. "newsletter signup" or "double opt-in".
    pub source: Option<String>,
    pub note: Option<String>,
    pub created_at: Millis,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ConsentInput {
    pub person_id: Id,
    pub channel: ContactChannel,
    pub purpose: String,
    pub status: ConsentStatus,
    /// Defaults to now.
    #[serde(default)]
    pub at: Option<Millis>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A person's consents: the current state per channel and purpose, and the whole history (newest first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ConsentOverview {
    pub current: Vec<Consent>,
    pub history: Vec<Consent>,
}

/// What an erasure removed, by table, without anything about the person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ErasureReport {
    pub id: Id,
    pub person_id: Id,
    pub erased_at: Millis,
    /// (table, rows deleted), in the order they were removed.
    pub counts: Vec<(String, i32)>,
}

/// The files written by "export everything about this person".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct PersonExportFiles {
    pub json: String,
    pub html: String,
}

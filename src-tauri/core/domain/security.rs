use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Entity, Id, Millis};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Create,
    Update,
    Delete,
    Restore,
    Purge,
    Import,
    Export,
    Erase,
}

/// One audit-trail entry. It names fields, never their values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct AuditEntry {
    pub id: Id,
    pub at: Millis,
    pub action: AuditAction,
    /// `None` for actions on the whole store (an export).
    pub entity: Option<Entity>,
    pub record_id: Option<Id>,
    pub fields: Vec<String>,
    /// The user profile (settings' user name) at the time.
    pub profile: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct AuditQuery {
    pub entity: Option<Entity>,
    pub record_id: Option<Id>,
    pub cursor: Option<String>,
    pub limit: u32,
}

/// What the settings screen shows about encryption.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct SecurityStatus {
    pub encrypted: bool,
    pub recovery_passphrase_set: bool,
}

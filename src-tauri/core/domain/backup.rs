use serde::{Deserialize, Serialize};
use specta::Type;

use super::Millis;

/// Live (not trashed) records in a database file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RecordCounts {
    pub people: i32,
    pub companies: i32,
    pub deals: i32,
    pub activities: i32,
    pub tasks: i32,
}

/// A backup file with the preview shown before a restore.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct BackupInfo {
    /// The file name's timestamp part, e.g. "20250310T120000123Z"; what `restore` and `verify` take.
    pub id: String,
    pub path: String,
    pub created_at: Millis,
    pub size_bytes: u64,
    /// None when the file cannot be read (it then fails `verify`).
    pub counts: Option<RecordCounts>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BackupSettings {
    /// Back up automatically once a day.
    pub auto: bool,
    /// How many automatic and manual backups to keep (1..=365).
    pub keep: u32,
}

impl Default for BackupSettings {
    fn default() -> Self {
        Self { auto: true, keep: 7 }
    }
}

/// The outcome of `verify`: `ok` when the file opens and `PRAGMA integrity_check` says "ok".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct BackupCheck {
    pub id: String,
    pub ok: bool,
    /// The first problems integrity_check reported, or the reason the file did not open.
    pub problems: Vec<String>,
}

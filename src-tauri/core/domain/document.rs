//! The document library: case studies and white papers sent to leads, kept (encrypted) in the store.
//! `services::documents` describes the rules.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Id, Language, Millis};

/// A library document as listed: its bytes stay in the store until a message carries it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Document {
    pub id: Id,
    pub title: String,
    pub language: Option<Language>,
    pub tags: Vec<String>,
    /// The file's name as added (its last path part), also the attachment's name in a message.
    pub file_name: String,
    /// Sniffed from the bytes by the core, e.g. "application/pdf".
    pub mime: String,
    /// Size in bytes.
    pub size: i64,
    /// Lowercase hex SHA-256 of the bytes.
    pub sha256: String,
    /// How many templates send it (a document a template uses cannot be deleted).
    pub template_count: u32,
    /// How many messages carried it.
    pub sent_count: u32,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// A document's title, language and tags: what adding sets and an edit replaces.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct DocumentMeta {
    pub title: String,
    pub language: Option<Language>,
    pub tags: Vec<String>,
}

/// Filters of the library list; all optional, combined with AND.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct DocumentQuery {
    pub language: Option<Language>,
    /// Has this tag (without regard to case).
    pub tag: Option<String>,
    /// Part of the title, the file name or a tag (without regard to case).
    pub text: Option<String>,
}

/// How many messages carried one library document (a campaign report's "documents sent").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct DocumentSendCount {
    /// `None` when the document has since been deleted (its title is the one it was sent with).
    pub document_id: Option<Id>,
    pub title: String,
    pub count: u32,
}

/// The library's limits, from the core (the UI checks a file against them before reading it).
#[derive(Debug, Clone, Serialize)]
pub struct DocumentLimits {
    /// The largest document in bytes.
    pub max_bytes: usize,
    /// The largest title, in characters.
    pub max_title: usize,
    /// The file kinds the library accepts (the bytes must be of that kind too).
    pub types: &'static [DocumentType],
}

/// A file kind the library accepts.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentType {
    pub extension: &'static str,
    pub media_type: &'static str,
}

//! Message templates: a subject and a body per language with merge fields, plus attached documents.
//! Rendering and the merge fields themselves are described in `services::templates`.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Id, Language, Millis};

/// One language's subject and body. Both are minijinja templates; the body is plain text (the HTML part of
/// a message is made from it, with every merged value escaped).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct TemplateVariant {
    pub lang: Language,
    pub subject: String,
    pub body: String,
}

/// An attached document as listed: its bytes stay in the store until a message is sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct TemplateAttachment {
    pub id: Id,
    pub name: String,
    /// MIME type, e.g. "application/pdf".
    pub mime: String,
    /// Size in bytes.
    pub size: i64,
}

/// An attached document with its bytes, as the mail layer sends it.
#[derive(Debug, Clone, PartialEq)]
pub struct AttachmentData {
    pub name: String,
    pub mime: String,
    pub data: Vec<u8>,
    /// The library document it is (`None`: a template's own attachment); sending one is logged.
    pub document_id: Option<Id>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Template {
    pub id: Id,
    pub name: String,
    /// Free text such as "follow-up" or "check-in".
    pub purpose: Option<String>,
    /// In the order en, nl, de, da; at least one.
    pub variants: Vec<TemplateVariant>,
    pub attachments: Vec<TemplateAttachment>,
    /// Library documents every message from this template carries.
    pub documents: Vec<super::Document>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// A document to attach, as the user picked it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct NewAttachment {
    /// The file name shown to the recipient.
    pub name: String,
    /// `None` guesses it from the name's extension.
    pub mime: Option<String>,
    pub data: Vec<u8>,
}

/// What saving a template sends. On an update the variants replace all earlier ones; attachments are kept
/// unless listed in `remove_attachments`, and `add_attachments` replace a kept one of the same name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct TemplateInput {
    pub name: String,
    pub purpose: Option<String>,
    pub variants: Vec<TemplateVariant>,
    pub add_attachments: Vec<NewAttachment>,
    pub remove_attachments: Vec<Id>,
    /// Library documents to attach (ids of `Document`); attaching one already there is no change.
    pub add_documents: Vec<Id>,
    /// Library documents to take off this template (they stay in the library).
    pub remove_documents: Vec<Id>,
}

/// The `sender` merge fields. The caller passes them (the mail account sending the message), so templates
/// do not depend on how accounts are stored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct TemplateSender {
    pub name: Option<String>,
    pub address: Option<String>,
    /// Plain text, in the language of the message.
    pub signature: Option<String>,
}

/// The `ticket` merge fields, reserved for the service desk: nothing fills them yet, so a template that
/// uses one without a fallback cannot render until tickets exist.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct TemplateTicket {
    /// The number people quote, e.g. "T-1042".
    pub number: Option<String>,
    pub subject: Option<String>,
    pub status: Option<String>,
    pub url: Option<String>,
}

/// What to render a template for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct RenderFor {
    pub person_id: Id,
    pub deal_id: Option<Id>,
    pub ticket: Option<TemplateTicket>,
    pub sender: Option<TemplateSender>,
    /// Forces this variant instead of the recipient's language.
    pub lang: Option<Language>,
}

/// A rendered message, also the preview the user sees before anything is sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RenderedMessage {
    pub subject: String,
    pub text: String,
    /// The text as HTML: every merged value (and the template's own text) escaped, paragraphs and line
    /// breaks kept. Never show it as HTML in the webview.
    pub html: String,
    /// The variant used.
    pub lang: Language,
    pub attachments: Vec<TemplateAttachment>,
}

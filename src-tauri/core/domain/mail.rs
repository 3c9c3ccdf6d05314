//! Mail accounts (IMAP + SMTP settings) and the outbox's records. The password is never part of these types:
//! it lives in the OS keyring (`services::mail::accounts`).

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Id, Millis};
use crate::error::ErrorCode;

/// How both servers of an account are reached: implicit TLS, STARTTLS, or plain text (loopback hosts only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum MailSecurity {
    Tls,
    Starttls,
    None,
}

impl MailSecurity {
    pub const ALL: [MailSecurity; 3] = [MailSecurity::Tls, MailSecurity::Starttls, MailSecurity::None];

    pub fn as_str(self) -> &'static str {
        match self {
            MailSecurity::Tls => "tls",
            MailSecurity::Starttls => "starttls",
            MailSecurity::None => "none",
        }
    }

    pub fn parse(s: &str) -> Option<MailSecurity> {
        MailSecurity::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// An account's signature in one language (en, nl, de, da); the recipient's language picks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MailSignature {
    pub lang: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct MailAccount {
    pub id: Id,
    pub name: String,
    pub address: String,
    pub display_name: String,
    pub username: String,
    pub imap_host: String,
    pub imap_port: u16,
    pub smtp_host: String,
    pub smtp_port: u16,
    pub security: MailSecurity,
    /// SHA-256 of the pinned IMAP server certificate (DER), lowercase hex.
    pub imap_cert_pin: Option<String>,
    pub smtp_cert_pin: Option<String>,
    pub create_leads: bool,
    /// New messages in the inbox open tickets (answers to a ticket join it in any inbox).
    pub support_mailbox: bool,
    pub extra_folders: Vec<String>,
    pub per_minute: u32,
    pub per_day: u32,
    pub signatures: Vec<MailSignature>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

impl MailAccount {
    /// The signature for a recipient's language, falling back to English.
    pub fn signature_for(&self, lang: &str) -> Option<&str> {
        let pick = |l: &str| self.signatures.iter().find(|s| s.lang == l).map(|s| s.body.as_str());
        pick(lang).or_else(|| pick("en")).filter(|s| !s.trim().is_empty())
    }
}

/// What the user enters for an account. Ports are `i32` so an out-of-range number is a field error, not a
/// parse error; `services::mail::accounts` validates every field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct MailAccountInput {
    pub name: String,
    pub address: String,
    #[serde(default)]
    pub display_name: String,
    pub username: String,
    pub imap_host: String,
    pub imap_port: i32,
    pub smtp_host: String,
    pub smtp_port: i32,
    pub security: MailSecurity,
    #[serde(default)]
    pub imap_cert_pin: Option<String>,
    #[serde(default)]
    pub smtp_cert_pin: Option<String>,
    #[serde(default)]
    pub create_leads: bool,
    #[serde(default)]
    pub extra_folders: Vec<String>,
    #[serde(default = "default_per_minute")]
    pub per_minute: i32,
    #[serde(default = "default_per_day")]
    pub per_day: i32,
    #[serde(default)]
    pub signatures: Vec<MailSignature>,
}

/// Defaults that stay under common providers' sending limits (Gmail: 500 a day for a personal account).
pub const DEFAULT_PER_MINUTE: i32 = 20;
pub const DEFAULT_PER_DAY: i32 = 500;

fn default_per_minute() -> i32 {
    DEFAULT_PER_MINUTE
}

fn default_per_day() -> i32 {
    DEFAULT_PER_DAY
}

/// The steps of reaching a mail server, in order; a failed connection test names the step that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum MailStep {
    Dns,
    Tcp,
    Tls,
    Certificate,
    Login,
    Capability,
}

impl MailStep {
    /// The step an error code belongs to (`Network` is the TCP step).
    pub fn of(code: ErrorCode) -> Option<MailStep> {
        Some(match code {
            ErrorCode::Dns => MailStep::Dns,
            ErrorCode::Network => MailStep::Tcp,
            ErrorCode::Tls => MailStep::Tls,
            ErrorCode::Certificate => MailStep::Certificate,
            ErrorCode::Login => MailStep::Login,
            ErrorCode::Capability => MailStep::Capability,
            _ => return None,
        })
    }
}

/// The result of testing one server of an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ServerCheck {
    pub ok: bool,
    /// The step that failed; `None` when `ok`.
    pub failed_step: Option<MailStep>,
    pub error: Option<crate::error::AppError>,
    /// The server certificate's SHA-256 (lowercase hex) when it was refused, so the user can pin it.
    pub fingerprint: Option<String>,
}

/// "Test connection": both servers. `imap` is `None` until an IMAP check is plugged in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct MailTestReport {
    pub smtp: ServerCheck,
    pub imap: Option<ServerCheck>,
}

/// Where a message in the outbox is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum OutboxStatus {
    Queued,
    Sending,
    Sent,
    Failed,
}

impl OutboxStatus {
    pub const ALL: [OutboxStatus; 4] =
        [OutboxStatus::Queued, OutboxStatus::Sending, OutboxStatus::Sent, OutboxStatus::Failed];

    pub fn as_str(self) -> &'static str {
        match self {
            OutboxStatus::Queued => "queued",
            OutboxStatus::Sending => "sending",
            OutboxStatus::Sent => "sent",
            OutboxStatus::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<OutboxStatus> {
        OutboxStatus::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// A message to queue. `to` defaults to the person's first email address; `lang` (the signature's
/// language) to the person's language.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct OutgoingMail {
    pub account_id: Id,
    pub person_id: Option<Id>,
    pub deal_id: Option<Id>,
    pub to: Option<String>,
    pub to_name: Option<String>,
    pub subject: String,
    /// Plain text; the signature is appended.
    pub body: String,
    /// An HTML alternative (already escaped by whoever rendered it); the signature is appended as text.
    pub html: Option<String>,
    pub lang: Option<String>,
    /// Part of a mailing to more than one person: carries List-Unsubscribe and List-Unsubscribe-Post.
    pub bulk: bool,
    /// The consent purpose an unsubscribe reply withdraws (bulk messages).
    pub purpose: Option<String>,
    /// The Message-ID (angle brackets optional) of the message this one answers: sets In-Reply-To and
    /// References, so the recipient's mail program and Relata's sync thread them together.
    pub in_reply_to: Option<String>,
    /// Library documents to attach (`services::documents`): each is logged "Sent <title>" on the
    /// person's timeline when the message is queued.
    pub documents: Vec<Id>,
}

/// A message from a template, as the compose dialog sends it: rendered for the person in their language,
/// with the template's documents attached.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct TemplateMail {
    pub account_id: Id,
    pub person_id: Id,
    pub template_id: Id,
    pub deal_id: Option<Id>,
    /// One of the person's addresses (or a reply's address); `None`: a reply's address, else their first.
    pub to: Option<String>,
    /// The Message-ID this message answers (see `OutgoingMail::in_reply_to`).
    pub in_reply_to: Option<String>,
    /// Replaces the template's subject (a reply keeps its "Re: ..." so it stays in the thread).
    pub subject: Option<String>,
    /// Library documents attached on top of the template's own.
    pub documents: Vec<Id>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct OutboxEntry {
    pub id: Id,
    pub account_id: Id,
    pub message_id: String,
    pub person_id: Option<Id>,
    pub to_address: String,
    pub subject: String,
    pub bulk: bool,
    pub status: OutboxStatus,
    pub attempts: u32,
    pub next_attempt_at: Millis,
    pub last_error_code: Option<ErrorCode>,
    /// The last failure in words; for a refusal, the server's own text.
    pub last_error: Option<String>,
    pub queued_at: Millis,
    pub sent_at: Option<Millis>,
    pub activity_id: Option<Id>,
    pub appended_at: Option<Millis>,
}

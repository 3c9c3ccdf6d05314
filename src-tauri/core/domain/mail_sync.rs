//! What IMAP sync reports and what it leaves for other features to read (reply signals, bounce marks).

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Id, Millis};

/// What one sync of one folder did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FolderSyncReport {
    pub folder: String,
    /// `inbox`, `sent` or `other` (a folder the user picked).
    pub role: String,
    /// Messages fetched that were not in the store yet (a message already stored from another folder counts
    /// as a duplicate instead).
    pub new_messages: u32,
    pub duplicates: u32,
    /// New messages that matched at least one known person.
    pub matched: u32,
    pub leads_created: u32,
    pub bounces: u32,
    pub malformed: u32,
    pub replies: u32,
    pub unsubscribes: u32,
    /// The server changed the folder's UIDVALIDITY, so it was read again from the start.
    pub uidvalidity_reset: bool,
    /// Stored messages whose `\Seen`, `\Answered` or `\Flagged` flag changed on the server.
    pub flag_changes: u32,
    /// Stored messages found deleted (expunged) on the server: their activities stay, marked.
    pub expunged: u32,
}

/// What one sync of one account did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AccountSyncReport {
    pub account_id: Id,
    pub account: String,
    pub folders: Vec<FolderSyncReport>,
    /// Sent outbox messages appended to the Sent folder by this run.
    pub appended: u32,
}

/// A reply from a person to a message the user sent (matched by In-Reply-To/References): the signal that
/// cadences (stop on reply), scoring and automation read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ReplySignal {
    pub person_id: Id,
    /// The Message-ID (without angle brackets) of the user's message that was answered.
    pub replied_to: String,
    pub occurred_at: Millis,
}

/// One email of a thread as stored by sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MailThreadMessage {
    pub activity_id: Id,
    pub message_id: String,
    pub direction: String,
    pub subject: String,
    pub occurred_at: Millis,
    pub attachments: Vec<MailAttachment>,
    pub malformed: bool,
}

/// A person's emails grouped by thread, newest thread first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MailThread {
    pub thread_key: String,
    pub messages: Vec<MailThreadMessage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MailAttachment {
    pub name: String,
    pub content_type: String,
    pub size: i64,
}

/// What the timeline shows beside an email activity: its thread, attachments and whether it parsed cleanly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MailActivityInfo {
    pub activity_id: Id,
    /// The message's Message-ID without angle brackets (what a reply puts in In-Reply-To).
    pub message_id: String,
    pub thread_key: String,
    /// How many stored messages share the thread (1 for a message on its own).
    pub thread_size: u32,
    pub attachments: Vec<MailAttachment>,
    pub malformed: bool,
    pub flags: MailFlags,
    /// Where a reply goes: the message's Reply-To, else its From address.
    pub reply_address: Option<String>,
    /// When sync found the message deleted on the server (the activity stays: it is a record of contact).
    pub deleted_on_server_at: Option<Millis>,
}

/// The IMAP flags of a stored message, as the server last reported them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MailFlags {
    pub seen: bool,
    pub answered: bool,
    pub flagged: bool,
}

/// An address of a person that bounced, as the person page marks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MailBounce {
    pub address: String,
    /// The delivery status (such as `5.1.1`) when the notification gave one.
    pub status: Option<String>,
    pub bounced_at: Millis,
}

/// When an account's folders were last synced (`None`: not yet), when a whole sync of it last succeeded,
/// and the last failure while none has succeeded since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MailSyncStatus {
    pub account_id: Id,
    pub synced_at: Option<Millis>,
    pub folders: u32,
    pub ok_at: Option<Millis>,
    pub error: Option<MailSyncError>,
}

/// Why an account's last sync failed: the code names the failing step (Dns, Network, Tls, Certificate,
/// Login, Capability, RemoteRejected, ...); the UI shows its localized text, the message is the detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MailSyncError {
    pub code: crate::error::ErrorCode,
    /// The connection step that failed (DNS, TCP, TLS, certificate, login, capability), when it was one.
    pub step: Option<super::MailStep>,
    pub message: String,
    pub at: Millis,
}

//! One fetched message, parsed by `mail-parser` (no MIME parsing of our own) into what sync stores: the
//! addresses, subject, a plain-text body (HTML turned into text by `html2text`, never rendered),
//! attachment names and sizes, the ids that thread it, and whether it is a delivery status notification.
//! Nothing here fails: a message that parses only in part is kept as far as it goes and flagged malformed.

use std::borrow::Cow;

use mail_parser::{HeaderValue, Message, MessageParser, MimeHeaders, PartType};
use sha2::{Digest, Sha256};

use super::bounce::{self, Bounce};
use crate::domain::{Direction, MailAttachment};
use crate::services::validate::{SUBJECT_MAX, TEXT_MAX};

/// The width HTML bodies are wrapped at when turned into text.
const HTML_TEXT_WIDTH: usize = 100;
/// The prefix of a Message-ID made up for a message that has none (a hash of its bytes, so the same message
/// seen twice gets the same id).
pub const SYNTHETIC_ID_PREFIX: &str = "relata-sha256-";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailAddr {
    /// Lower-cased, as person emails are stored.
    pub address: String,
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedMail {
    /// Without angle brackets; made up from the content's hash when the message has none.
    pub message_id: String,
    pub from: Vec<MailAddr>,
    /// The Reply-To addresses (usually none).
    pub reply_to: Vec<MailAddr>,
    /// To, Cc and Bcc together.
    pub recipients: Vec<MailAddr>,
    pub subject: String,
    /// From the Date header (unix ms); `None` when missing or unreadable.
    pub date: Option<i64>,
    pub body: String,
    pub attachments: Vec<MailAttachment>,
    pub in_reply_to: Vec<String>,
    pub references: Vec<String>,
    /// The first message of the thread as far as the headers tell (References' root, else In-Reply-To, else
    /// this message): every message of a thread carries the same key.
    pub thread_key: String,
    pub bounce: Option<Bounce>,
    /// Sent by a machine (a list, a newsletter, an auto-reply, a no-reply address): no lead is made from it.
    pub automated: bool,
    pub malformed: bool,
    pub size: usize,
}

impl ParsedMail {
    /// Outbound when it was found in the Sent folder or was sent from one of the account's addresses.
    pub fn direction(&self, own_address: &str, in_sent_folder: bool) -> Direction {
        let own = own_address.trim().to_lowercase();
        if in_sent_folder || self.from.iter().any(|a| a.address == own) {
            Direction::Outbound
        } else {
            Direction::Inbound
        }
    }

    /// Where a reply to this message goes: the first Reply-To address, else the first From address.
    pub fn reply_address(&self) -> Option<&str> {
        self.reply_to.first().or(self.from.first()).map(|a| a.address.as_str())
    }

    /// The other side: the senders of an inbound message, the recipients of an outbound one.
    pub fn counterparts(&self, direction: Direction) -> &[MailAddr] {
        match direction {
            Direction::Inbound => &self.from,
            Direction::Outbound => &self.recipients,
        }
    }

    /// Every id this message answers (In-Reply-To first, then References).
    pub fn answered_ids(&self) -> impl Iterator<Item = &str> {
        self.in_reply_to.iter().chain(self.references.iter()).map(String::as_str)
    }
}

pub fn parse(raw: &[u8]) -> ParsedMail {
    match MessageParser::default().parse(raw) {
        Some(msg) => from_message(&msg, raw),
        None => unparsable(raw),
    }
}

fn from_message(msg: &Message, raw: &[u8]) -> ParsedMail {
    let mut malformed = msg.parts.iter().any(|p| p.is_encoding_problem);
    let from = addresses(msg.from());
    malformed |= from.is_empty();
    let recipients: Vec<MailAddr> = [msg.to(), msg.cc(), msg.bcc()].into_iter().flat_map(addresses).collect::<Vec<_>>();
    let date = msg.date().filter(|d| d.is_valid()).map(|d| d.to_timestamp().saturating_mul(1000));
    malformed |= date.is_none() && msg.header_raw("Date").is_some();
    let id = msg.message_id().map(clean_id).filter(|id| !id.is_empty());
    malformed |= id.is_none() && msg.header_raw("Message-ID").is_some();
    let message_id = id.unwrap_or_else(|| synthetic_id(raw));
    let in_reply_to = ids(msg.in_reply_to());
    let references = ids(msg.references());
    let thread_key = references.first().or(in_reply_to.first()).cloned().unwrap_or_else(|| message_id.clone());
    let automated = automated(msg, &from);
    ParsedMail {
        message_id,
        from,
        reply_to: addresses(msg.reply_to()),
        recipients,
        subject: clip(msg.subject().unwrap_or("").trim(), SUBJECT_MAX),
        date,
        body: clip(&body_text(msg), TEXT_MAX),
        attachments: attachments(msg),
        in_reply_to,
        references,
        thread_key,
        bounce: bounce::detect(msg),
        automated,
        malformed,
        size: raw.len(),
    }
}

/// Not even a header block: keep the bytes as text so the user can see what came.
fn unparsable(raw: &[u8]) -> ParsedMail {
    let message_id = synthetic_id(raw);
    ParsedMail {
        thread_key: message_id.clone(),
        message_id,
        from: Vec::new(),
        reply_to: Vec::new(),
        recipients: Vec::new(),
        subject: String::new(),
        date: None,
        body: clip(&String::from_utf8_lossy(raw), TEXT_MAX),
        attachments: Vec::new(),
        in_reply_to: Vec::new(),
        references: Vec::new(),
        bounce: None,
        automated: false,
        malformed: true,
        size: raw.len(),
    }
}

fn addresses(a: Option<&mail_parser::Address>) -> Vec<MailAddr> {
    let Some(a) = a else { return Vec::new() };
    a.iter()
        .filter_map(|addr| {
            let address = addr.address()?.trim().to_lowercase();
            address.contains('@').then(|| MailAddr {
                address,
                name: addr.name().map(str::trim).filter(|n| !n.is_empty()).map(str::to_string),
            })
        })
        .collect()
}

/// RFC 3834 `Auto-Submitted`, list headers, `Precedence: bulk|list|junk`, or a no-reply style sender.
fn automated(msg: &Message, from: &[MailAddr]) -> bool {
    let header = |name: &str| msg.header_raw(name).map(|v| v.trim().to_ascii_lowercase());
    let auto_submitted = header("Auto-Submitted").is_some_and(|v| v != "no");
    let list = header("List-Id").is_some() || header("List-Unsubscribe").is_some();
    let precedence = header("Precedence").is_some_and(|v| ["bulk", "list", "junk"].contains(&v.as_str()));
    let machine = from.iter().any(|a| {
        let local = a.address.split('@').next().unwrap_or("");
        ["noreply", "no-reply", "donotreply", "do-not-reply", "mailer-daemon", "postmaster", "bounce"]
            .iter()
            .any(|m| local.starts_with(m))
    });
    auto_submitted || list || precedence || machine
}

/// Message ids from In-Reply-To or References (mail-parser strips the angle brackets).
fn ids(v: &HeaderValue) -> Vec<String> {
    let list: Vec<&str> = match v {
        HeaderValue::Text(t) => vec![t.as_ref()],
        HeaderValue::TextList(l) => l.iter().map(Cow::as_ref).collect(),
        _ => Vec::new(),
    };
    list.into_iter().map(clean_id).filter(|s| !s.is_empty()).collect()
}

fn clean_id(id: &str) -> String {
    id.trim().trim_start_matches('<').trim_end_matches('>').trim().to_string()
}

pub fn synthetic_id(raw: &[u8]) -> String {
    format!("{SYNTHETIC_ID_PREFIX}{}", hex::encode(Sha256::digest(raw)))
}

/// The text bodies in order; an HTML-only body becomes text.
fn body_text(msg: &Message) -> String {
    let mut out: Vec<String> = Vec::new();
    for part in msg.text_bodies() {
        match &part.body {
            PartType::Text(t) => out.push(t.trim_end().to_string()),
            PartType::Html(h) => out.push(html_to_text(h)),
            _ => {}
        }
    }
    out.join("\n\n")
}

/// HTML as plain text; markup that html2text cannot read leaves an empty body rather than raw tags.
pub fn html_to_text(html: &str) -> String {
    html2text::from_read(html.as_bytes(), HTML_TEXT_WIDTH).map(|t| t.trim_end().to_string()).unwrap_or_default()
}

fn attachments(msg: &Message) -> Vec<MailAttachment> {
    msg.attachments()
        .map(|part| {
            let content_type = part
                .content_type()
                .map(|ct| match ct.subtype() {
                    Some(sub) => format!("{}/{}", ct.ctype(), sub),
                    None => ct.ctype().to_string(),
                })
                .unwrap_or_else(|| "application/octet-stream".into())
                .to_lowercase();
            let name = part
                .attachment_name()
                .map(str::to_string)
                .or_else(|| part.message().and_then(|m| m.subject()).map(|s| format!("{s}.eml")))
                .unwrap_or_default();
            MailAttachment { name: clip(name.trim(), SUBJECT_MAX), content_type, size: part.len() as i64 }
        })
        .collect()
}

/// At most `max` characters, cut at a character boundary.
pub fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => s[..i].to_string(),
        None => s.to_string(),
    }
}

//! Builds an outgoing message once, with lettre's builder: From with the display name, To, Subject, Date and a
//! Message-ID fixed now, the text (and optional HTML) body with the signature in the recipient's language, and
//! for bulk mail `List-Unsubscribe` (mailto) with `List-Unsubscribe-Post`, and documents as MIME attachments
//! (multipart/mixed), so the queued bytes are the whole message.

use std::time::{Duration, UNIX_EPOCH};

use lettre::message::header::ContentType;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{Address, Message};

use crate::clock::Millis;
use crate::domain::{AttachmentData, MailAccount};
use crate::error::{AppError, AppResult, ErrorCode};

pub struct Built {
    pub message_id: String,
    pub raw: Vec<u8>,
}

pub struct Parts<'a> {
    pub account: &'a MailAccount,
    pub to: &'a str,
    pub to_name: Option<&'a str>,
    pub subject: &'a str,
    pub text: &'a str,
    pub html: Option<&'a str>,
    pub signature: Option<&'a str>,
    pub bulk: bool,
    pub purpose: Option<&'a str>,
    pub in_reply_to: Option<&'a str>,
    /// The first message of the answered thread, named before the answered one in References.
    pub thread_root: Option<&'a str>,
    /// Documents sent with the message (a template's), in this order.
    pub attachments: &'a [AttachmentData],
    pub now: Millis,
}

/// `<random@domain of the account's address>`: unique, and fixed from here on.
pub fn new_message_id(account_address: &str) -> AppResult<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| AppError::internal(format!("no randomness: {e}")))?;
    let domain = account_address.rsplit_once('@').map_or("relata.invalid", |(_, d)| d);
    Ok(format!("<{}@{domain}>", hex::encode(bytes)))
}

fn address(field: &str, a: &str) -> AppResult<Address> {
    a.parse()
        .map_err(|_| AppError::field(ErrorCode::InvalidEmail, field, format!("\"{a}\" is not a valid email address")))
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

pub fn build(p: &Parts) -> AppResult<Built> {
    let message_id = new_message_id(&p.account.address)?;
    let from_name = (!p.account.display_name.is_empty()).then(|| p.account.display_name.clone());
    let from = Mailbox::new(from_name, address("address", &p.account.address)?);
    let to = Mailbox::new(p.to_name.filter(|n| !n.trim().is_empty()).map(str::to_string), address("to", p.to)?);
    let date = UNIX_EPOCH + Duration::from_millis(u64::try_from(p.now).unwrap_or(0));
    let mut builder = Message::builder()
        .message_id(Some(message_id.clone()))
        .from(from)
        .to(to)
        .subject(p.subject)
        .date(date)
        .user_agent("Relata".to_string());
    if let Some(id) = p.in_reply_to.map(answered_id).transpose()? {
        // A root that would not make a valid header is left out; the answered id alone still threads.
        let references = match p.thread_root.and_then(|r| answered_id(r).ok()).filter(|r| *r != id) {
            Some(root) => format!("{root} {id}"),
            None => id.clone(),
        };
        builder = builder.in_reply_to(id).references(references);
    }
    if p.bulk {
        let subject = match p.purpose {
            Some(purpose) => format!("unsubscribe%20{}", url_encode(purpose)),
            None => "unsubscribe".to_string(),
        };
        builder = builder
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe"),
                format!("<mailto:{}?subject={subject}>", p.account.address),
            ))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".to_string(),
            ));
    }
    let text = match p.signature {
        Some(sig) => format!("{}\n\n-- \n{sig}", p.text.trim_end()),
        None => p.text.to_string(),
    };
    let body = match p.html {
        None => Body::Single(SinglePart::plain(text)),
        Some(html) => {
            let html = match p.signature {
                Some(sig) => format!("{html}<br>\n<pre>-- \n{}</pre>", escape_html(sig)),
                None => html.to_string(),
            };
            Body::Multi(MultiPart::alternative_plain_html(text, html))
        }
    };
    let message = if p.attachments.is_empty() {
        match body {
            Body::Single(part) => builder.singlepart(part),
            Body::Multi(part) => builder.multipart(part),
        }
    } else {
        let mut mixed = match body {
            Body::Single(part) => MultiPart::mixed().singlepart(part),
            Body::Multi(part) => MultiPart::mixed().multipart(part),
        };
        for a in p.attachments {
            mixed = mixed.singlepart(attachment(a)?);
        }
        builder.multipart(mixed)
    }
    .map_err(|e| AppError::new(ErrorCode::InvalidValue, format!("the message cannot be built: {e}")))?;
    Ok(Built { message_id, raw: message.formatted() })
}

enum Body {
    Single(SinglePart),
    Multi(MultiPart),
}

/// One document as an attachment part (base64 as lettre picks for binary bytes), named by its file name.
fn attachment(a: &AttachmentData) -> AppResult<SinglePart> {
    let kind = ContentType::parse(&a.mime).map_err(|_| {
        AppError::field(ErrorCode::InvalidValue, "attachments", format!("\"{}\" is not a MIME type", a.mime))
    })?;
    Ok(Attachment::new(a.name.clone()).body(a.data.clone(), kind))
}

/// `<id>` from a Message-ID given with or without angle brackets; anything that could break the header
/// (spaces, line breaks, more brackets) is refused.
fn answered_id(id: &str) -> AppResult<String> {
    let bare = id.trim().trim_start_matches('<').trim_end_matches('>');
    let ok = !bare.is_empty() && bare.len() <= 900 && bare.contains('@');
    if !ok || bare.chars().any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>') {
        return Err(AppError::field(ErrorCode::InvalidValue, "in_reply_to", format!("\"{id}\" is not a Message-ID")));
    }
    Ok(format!("<{bare}>"))
}

/// Percent-encodes what a mailto URI's query may not hold as is.
fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

//! Delivery status notifications (RFC 3464): a `multipart/report` with a `message/delivery-status` part
//! whose per-recipient blocks name the address that failed. The blocks are header fields, so mail-parser
//! reads them too. Exim-style bounces without a report carry `X-Failed-Recipients` instead.

use mail_parser::{Message, MessageParser, MimeHeaders};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bounce {
    /// The recipients that failed, lower-cased.
    pub recipients: Vec<String>,
    /// The RFC 3463 status of the first failed recipient (e.g. `5.1.1`), when given.
    pub status: Option<String>,
}

pub fn detect(msg: &Message) -> Option<Bounce> {
    let mut bounce = Bounce { recipients: Vec::new(), status: None };
    for part in msg.parts.iter().filter(|p| p.is_content_type("message", "delivery-status")) {
        read_status(part.contents(), &mut bounce);
    }
    if let Some(failed) = msg.header_raw("X-Failed-Recipients") {
        for addr in failed.split(',') {
            push(&mut bounce.recipients, addr);
        }
    }
    (!bounce.recipients.is_empty()).then_some(bounce)
}

/// The per-recipient blocks (separated by blank lines) whose action is `failed`.
fn read_status(body: &[u8], bounce: &mut Bounce) {
    let text = String::from_utf8_lossy(body).replace("\r\n", "\n");
    for block in text.split("\n\n").map(str::trim).filter(|b| !b.is_empty()) {
        let block = format!("{block}\n\n");
        let Some(fields) = MessageParser::default().parse_headers(block.as_bytes()) else { continue };
        let action = fields.header_raw("Action").map(|a| a.trim().to_ascii_lowercase());
        let Some(recipient) = fields.header_raw("Final-Recipient").or(fields.header_raw("Original-Recipient")) else {
            continue;
        };
        if action.as_deref() != Some("failed") {
            continue;
        }
        // "rfc822; someone@example.com"
        let address = recipient.split_once(';').map_or(recipient, |(_, a)| a);
        if push(&mut bounce.recipients, address) && bounce.status.is_none() {
            bounce.status = fields.header_raw("Status").map(|s| s.split_whitespace().next().unwrap_or("").to_string());
        }
    }
}

fn push(list: &mut Vec<String>, address: &str) -> bool {
    let a = address.trim().trim_start_matches('<').trim_end_matches('>').trim().to_lowercase();
    if a.contains('@') && !list.contains(&a) {
        list.push(a);
        return true;
    }
    false
}

//! Answering a stored message: where the reply goes (its Reply-To, else its From address, as sync stored
//! it) and the thread it belongs to (References names the thread's root before the answered message), so
//! the recipient's mail program and Relata's own sync thread the reply with it.

use rusqlite::{Connection, OptionalExtension};

use crate::error::AppResult;

/// What a reply takes from the message it answers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answered {
    /// The reply address, when the message is stored (synced) and had one.
    pub address: Option<String>,
    /// The thread's first message, when it is not the answered message itself.
    pub thread_root: Option<String>,
}

/// Looks the answered Message-ID (angle brackets optional) up among the synced messages; an unknown one
/// still gets In-Reply-To, just no address and no root.
pub fn answered(conn: &Connection, in_reply_to: &str) -> AppResult<Answered> {
    let id = in_reply_to.trim().trim_start_matches('<').trim_end_matches('>');
    let found: Option<(String, Option<String>)> = conn
        .prepare_cached("SELECT thread_key, reply_address FROM mail_messages WHERE message_id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(found.map_or_else(Answered::default, |(root, address)| Answered {
        address,
        thread_root: (root != id).then_some(root),
    }))
}

//! The mail layer: accounts, TLS, the outbox and SMTP (sending), IMAP sync (receiving).

pub mod bounce;
pub mod matching;
pub mod parse;
pub mod record;
pub mod threads;

//! The one mail layer of the core: accounts (settings in the store, password in the keyring), TLS (rustls,
//! pinned self-signed certificates), the outbox (every message the app sends, built once when queued), SMTP
//! and the sender job that delivers the outbox. IMAP sync adds its modules below.

pub mod account_input;
pub mod accounts;
pub mod append;
pub mod bounce;
pub mod check;
pub mod compose;
pub mod flags;
pub mod folders;
pub mod idle;
pub mod imap;
pub mod job;
pub mod limits;
pub mod lock;
pub mod matching;
pub mod message;
pub mod outbox;
pub mod parse;
pub mod record;
pub mod reply;
pub mod sender;
pub mod smtp;
pub mod sync;
pub mod threads;
pub mod tls;
pub mod views;

//! The IMAP connection of an account, on `async-imap` over tokio: plain (loopback only), implicit TLS or
//! STARTTLS, with TLS from `services::mail::tls` (webpki roots or the pinned certificate). Failures name
//! the step: Dns, Network, Tls, Certificate, Login, Capability.

use std::fmt::Debug;
use std::future::Future;
use std::time::Duration;

use async_imap::types::{Mailbox, NameAttribute};
use async_imap::{Client, Session};
use futures_util::TryStreamExt;
use tokio::io::{AsyncRead, AsyncWrite};

use super::tls;
use crate::domain::{MailAccount, MailFlags, MailSecurity};
use crate::error::{AppError, AppResult, ErrorCode};

/// Any stream an IMAP session runs on (TCP or TLS over TCP).
pub trait Io: AsyncRead + AsyncWrite + Unpin + Send + Debug {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + Debug> Io for T {}

pub type ImapSession = Session<Box<dyn Io>>;

/// How long one command may take once logged in (a batch fetch included); a server that stops answering
/// fails the sync with a Network error instead of stalling the job.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(300);

pub(super) async fn timed<T>(f: impl Future<Output = async_imap::error::Result<T>>) -> AppResult<T> {
    match tokio::time::timeout(COMMAND_TIMEOUT, f).await {
        Ok(r) => r.map_err(error),
        Err(_) => Err(AppError::new(ErrorCode::Network, "the IMAP server stopped answering")),
    }
}

/// Folder names tried for the Sent folder when no folder carries the SPECIAL-USE `\Sent` attribute.
const SENT_NAMES: &[&str] = &[
    "Sent",
    "Sent Items",
    "Sent Messages",
    "Sent Mail",
    "INBOX.Sent",
    "INBOX/Sent",
    "[Gmail]/Sent Mail",
    "Verzonden items",
    "Gesendet",
    "Gesendete Elemente",
    "Sendt",
    "Sendte elementer",
];

/// Connects and logs in.
pub async fn connect(account: &MailAccount, password: &str) -> AppResult<ImapSession> {
    let host = account.imap_host.as_str();
    let pin = account.imap_cert_pin.as_deref();
    let tcp = tls::connect_tcp(host, account.imap_port).await?;
    let stream: Box<dyn Io> = match account.security {
        MailSecurity::None => Box::new(tcp),
        MailSecurity::Tls => Box::new(tls::handshake(tcp, host, pin).await?),
        MailSecurity::Starttls => {
            let mut client = Client::new(tcp);
            greeting(&mut client).await?;
            client.run_command_and_check_ok("STARTTLS", None).await.map_err(|e| {
                AppError::new(ErrorCode::Capability, format!("the IMAP server refused STARTTLS: {}", describe(&e)))
            })?;
            Box::new(tls::handshake(client.into_inner(), host, pin).await?)
        }
    };
    let mut client = Client::new(stream);
    if account.security != MailSecurity::Starttls {
        greeting(&mut client).await?;
    }
    client.login(&account.username, password).await.map_err(|(e, _)| match e {
        async_imap::error::Error::No(_) | async_imap::error::Error::Bad(_) => {
            AppError::new(ErrorCode::Login, "the IMAP server refused the user name or password")
        }
        other => error(other),
    })
}

/// The IMAP half of "test connection": DNS, TCP, TLS and certificate, login, and the IMAP4rev1 capability
/// sync needs. Goes through `check::server_check` beside the SMTP half.
pub async fn check(account: &MailAccount, password: &str) -> AppResult<()> {
    let mut session = connect(account, password).await?;
    let ok = has_capability(&mut session, "IMAP4rev1").await;
    logout(session).await;
    match ok? {
        true => Ok(()),
        false => Err(AppError::new(ErrorCode::Capability, "the server does not speak IMAP4rev1")),
    }
}

/// The IMAP half of "test connection" as a `ServerCheck` (the failing step, and the fingerprint of a refused
/// certificate so the user can pin it): `check::report(smtp, Some(imap::server_check(..).await))`.
pub async fn server_check(account: &MailAccount, password: &str) -> crate::domain::ServerCheck {
    super::check::server_check(check(account, password).await, refused_fingerprint(account)).await
}

/// The certificate an implicit-TLS IMAP server presents, to show the user when it was refused.
pub async fn refused_fingerprint(account: &MailAccount) -> Option<String> {
    if account.security != MailSecurity::Tls {
        return None;
    }
    tls::fetch_fingerprint(&account.imap_host, account.imap_port, tls::TlsStart::Implicit).await.ok()
}

async fn greeting<T: Io>(client: &mut Client<T>) -> AppResult<()> {
    match tokio::time::timeout(tls::CONNECT_TIMEOUT, client.read_response()).await {
        Ok(Ok(Some(_))) => Ok(()),
        Ok(Ok(None)) => Err(AppError::new(ErrorCode::Network, "the IMAP server closed the connection")),
        Ok(Err(e)) => Err(tls::classify(&e)),
        Err(_) => Err(AppError::new(ErrorCode::Network, "the IMAP server sent no greeting")),
    }
}

/// An IMAP error as the app's error: connection trouble by its step, a server's NO/BAD as RemoteRejected.
pub fn error(e: async_imap::error::Error) -> AppError {
    use async_imap::error::Error as E;
    if let Some(found) = tls::classify_known(&e) {
        return found;
    }
    match e {
        E::No(_) | E::Bad(_) | E::Append => AppError::new(ErrorCode::RemoteRejected, describe(&e)),
        E::Io(_) | E::ConnectionLost => AppError::new(ErrorCode::Network, describe(&e)),
        other => AppError::new(ErrorCode::Network, format!("IMAP: {}", describe(&other))),
    }
}

/// The error's text without the server's own words (they can quote mailbox names).
fn describe(e: &async_imap::error::Error) -> String {
    use async_imap::error::Error as E;
    match e {
        E::No(_) => "the IMAP server said NO".into(),
        E::Bad(_) => "the IMAP server said BAD".into(),
        other => other.to_string(),
    }
}

pub async fn has_capability(session: &mut ImapSession, name: &str) -> AppResult<bool> {
    Ok(timed(session.capabilities()).await?.has_str(name))
}

/// The folder the account's sent mail is in: the one marked `\Sent` (RFC 6154), else a commonly used name.
pub async fn sent_folder(session: &mut ImapSession) -> AppResult<Option<String>> {
    let names: Vec<(String, bool)> = {
        let names: Vec<_> = timed(async { session.list(Some(""), Some("*")).await?.try_collect().await }).await?;
        names.iter().map(|n| (n.name().to_string(), n.attributes().contains(&NameAttribute::Sent))).collect()
    };
    if let Some((name, _)) = names.iter().find(|(_, sent)| *sent) {
        return Ok(Some(name.clone()));
    }
    Ok(SENT_NAMES
        .iter()
        .find_map(|want| names.iter().find(|(n, _)| n.eq_ignore_ascii_case(want)).map(|(n, _)| n.clone())))
}

/// Selects a folder, with CONDSTORE when the server has it (so the mailbox reports HIGHESTMODSEQ).
pub async fn select(session: &mut ImapSession, folder: &str, condstore: bool) -> AppResult<Mailbox> {
    if condstore {
        timed(session.select_condstore(folder)).await
    } else {
        timed(session.select(folder)).await
    }
}

/// The UIDs above `after`, ascending (`n:*` always includes the highest message, so it is filtered).
pub async fn uids_after(session: &mut ImapSession, after: u32) -> AppResult<Vec<u32>> {
    let found = timed(session.uid_search(format!("UID {}:*", after.saturating_add(1)))).await?;
    let mut uids: Vec<u32> = found.into_iter().filter(|u| *u > after).collect();
    uids.sort_unstable();
    Ok(uids)
}

/// The sizes (RFC822.SIZE) of the messages with these UIDs, ascending by UID; a message the server does not
/// size counts as 0.
pub async fn sizes(session: &mut ImapSession, uids: &[u32]) -> AppResult<Vec<(u32, u32)>> {
    let set = uids.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
    let fetched: Vec<_> =
        timed(async { session.uid_fetch(set, "(UID RFC822.SIZE)").await?.try_collect().await }).await?;
    let mut out: Vec<(u32, u32)> = fetched.iter().filter_map(|f| Some((f.uid?, f.size.unwrap_or(0)))).collect();
    out.sort_unstable();
    Ok(out)
}

/// A fetched message: its UID, its flags and its raw bytes.
pub type Fetched = (u32, MailFlags, Vec<u8>);

/// The complete messages with these UIDs and their flags, ascending by UID, without setting \Seen.
pub async fn fetch(session: &mut ImapSession, uids: &[u32]) -> AppResult<Vec<Fetched>> {
    let set = uids.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
    let fetched: Vec<_> = timed(async {
        let stream = session.uid_fetch(set, "(UID FLAGS BODY.PEEK[])").await?;
        stream.try_collect().await
    })
    .await?;
    // A message expunged meanwhile comes back without a body: it is gone, not empty.
    let mut out: Vec<Fetched> =
        fetched.iter().filter_map(|f| Some((f.uid?, flags_of(f), f.body()?.to_vec()))).collect();
    out.sort_by_key(|(uid, _, _)| *uid);
    Ok(out)
}

/// The flags the CRM shows, out of a FETCH response.
pub fn flags_of(f: &async_imap::types::Fetch) -> MailFlags {
    use async_imap::types::Flag;
    let mut out = MailFlags::default();
    for flag in f.flags() {
        match flag {
            Flag::Seen => out.seen = true,
            Flag::Answered => out.answered = true,
            Flag::Flagged => out.flagged = true,
            _ => {}
        }
    }
    out
}

/// Whether the selected folder holds a message with this Message-ID (to append a sent message once).
pub async fn holds_message_id(session: &mut ImapSession, message_id: &str) -> AppResult<bool> {
    let id = message_id.trim().trim_start_matches('<').trim_end_matches('>');
    if id.is_empty() || id.contains(['"', '\\', '\r', '\n']) {
        return Ok(false);
    }
    let found = timed(session.uid_search(format!("HEADER Message-ID \"{id}\""))).await?;
    Ok(!found.is_empty())
}

pub async fn append(session: &mut ImapSession, folder: &str, raw: &[u8]) -> AppResult<()> {
    timed(session.append(folder, Some("(\\Seen)"), None, raw)).await
}

pub async fn logout(mut session: ImapSession) {
    // The work is done and committed; a failed LOGOUT changes nothing.
    let _ = session.logout().await;
}

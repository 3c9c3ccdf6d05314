//! IMAP IDLE on each account's INBOX, beside the sync job: a connection per account waits in IDLE
//! (re-issued before the server's 30-minute limit) and pokes the sync job as soon as the server reports a
//! change (a new message, a flag, an expunge), so new mail reaches the timeline within seconds instead of at
//! the next minute's poll. An account whose server lacks IDLE (or cannot be reached) is left to the sync
//! job's poll timer. Cancelling the job's handle ends the wait at once (the connection is dropped).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_imap::extensions::idle::IdleResponse;
use futures_util::stream::{FuturesUnordered, StreamExt};
use tokio::runtime::Handle;
use tokio::sync::Notify;

use super::imap::{self, ImapSession};
use super::{accounts, folders, job};
use crate::clock::Millis;
use crate::domain::{Id, MailAccount};
use crate::error::{AppError, AppResult};
use crate::secrets::SecretStore;
use crate::services::jobs::{self, JobHandle, Spec, Timer};
use crate::store::Store;

/// IDLE is ended and issued again after this long (RFC 2177 asks for less than 29 minutes); keepalives
/// from the server do not extend it.
pub const REISSUE: Duration = Duration::from_secs(28 * 60);
/// When no account can IDLE, the job looks again this much later (an account added meanwhile, a server
/// back online); the sync job polls every minute in the meantime.
pub const RETRY_MS: Millis = 5 * 60_000;

/// What one IDLE of one account ended with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// The server reported a change: the sync job was poked.
    Changed,
    /// Nothing happened until `REISSUE`.
    Quiet,
    /// The server lacks IDLE, or the account cannot connect now: the poll timer covers it.
    Unavailable,
}

/// The UIDNEXT of each account's INBOX when its IDLE started, to notice mail that arrived between two IDLEs.
type Seen = Arc<Mutex<HashMap<Id, u32>>>;

/// Starts the IDLE job. `sync_wake` is the sync job's wake; `wake` re-reads the accounts at once.
pub fn spawn(
    runtime: &Handle,
    store: Arc<Store>,
    secrets: Arc<dyn SecretStore>,
    timer: Timer,
    sync_wake: Arc<Notify>,
    wake: Arc<Notify>,
) -> JobHandle {
    let clock = timer.clock.clone();
    let spec = Spec { name: "mail-idle", timer, wake: wake.clone(), backoff: job::BACKOFF };
    let seen: Seen = Arc::default();
    jobs::spawn(runtime, spec, move |run| {
        let (store, secrets, sync_wake, seen, clock, wake) =
            (store.clone(), secrets.clone(), sync_wake.clone(), seen.clone(), clock.clone(), wake.clone());
        Box::pin(async move {
            let accounts = accounts::list(&store)?;
            let mut waits: FuturesUnordered<_> =
                accounts.iter().map(|a| watch(&store, secrets.as_ref(), a, &seen, &sync_wake)).collect();
            if waits.is_empty() {
                return Ok(run.now.saturating_add(RETRY_MS));
            }
            let deadline = tokio::time::sleep(REISSUE);
            tokio::pin!(deadline);
            loop {
                tokio::select! {
                    biased;
                    _ = run.cancel.cancelled() => return Err(AppError::internal("mail idle cancelled")),
                    _ = &mut deadline => return Ok(clock.now_ms()),
                    // The accounts changed: IDLE again with the new list.
                    _ = wake.notified() => return Ok(clock.now_ms()),
                    next = waits.next() => match next {
                        // Re-issued at once, on fresh connections.
                        Some(Outcome::Changed) => return Ok(clock.now_ms()),
                        Some(Outcome::Quiet | Outcome::Unavailable) => {}
                        None => return Ok(run.now.saturating_add(RETRY_MS)),
                    },
                }
            }
        })
    })
}

async fn watch(
    store: &Store,
    secrets: &dyn SecretStore,
    account: &MailAccount,
    seen: &Seen,
    sync_wake: &Notify,
) -> Outcome {
    let outcome = match idle_once(store, secrets, account, seen).await {
        Ok(o) => o,
        Err(e) => {
            tracing::debug!(account = account.id, code = ?e.code, "mail idle unavailable");
            Outcome::Unavailable
        }
    };
    if outcome == Outcome::Changed {
        tracing::debug!(account = account.id, "mail idle saw a change");
        sync_wake.notify_one();
    }
    outcome
}

/// Connects, notes INBOX's UIDNEXT (a change since the last IDLE counts as a change) and waits in IDLE.
async fn idle_once(store: &Store, secrets: &dyn SecretStore, account: &MailAccount, seen: &Seen) -> AppResult<Outcome> {
    let password = accounts::password(store, secrets, account.id)?;
    let mut session = imap::connect(account, &password).await?;
    if !imap::has_capability(&mut session, "IDLE").await? {
        imap::logout(session).await;
        return Ok(Outcome::Unavailable);
    }
    if note_uid_next(store, &mut session, account.id, seen).await? {
        imap::logout(session).await;
        return Ok(Outcome::Changed);
    }
    let mut idle = session.idle();
    imap::timed(idle.init()).await?;
    let (wait, stop) = idle.wait_with_timeout(REISSUE);
    let outcome = match tokio::time::timeout(REISSUE, wait).await {
        Ok(Ok(IdleResponse::NewData(_))) => Outcome::Changed,
        Ok(Ok(_)) | Err(_) => Outcome::Quiet,
        Ok(Err(e)) => return Err(imap::error(e)),
    };
    drop(stop);
    // The sync that the poke starts reads everything up to this UIDNEXT; later mail shows at the next IDLE.
    if let Ok(Ok(mut session)) = tokio::time::timeout(Duration::from_secs(10), idle.done()).await {
        if outcome == Outcome::Changed {
            note_uid_next(store, &mut session, account.id, seen).await?;
        }
        imap::logout(session).await;
    }
    Ok(outcome)
}

/// Examines INBOX (read-only) and remembers its UIDNEXT; true when it moved since the last time, or (the
/// first time) when INBOX holds UIDs above what sync stored. Only a move counts later on, so a folder whose
/// newest messages were expunged before sync saw them never pokes in a loop.
async fn note_uid_next(store: &Store, session: &mut ImapSession, account_id: Id, seen: &Seen) -> AppResult<bool> {
    let mbox = imap::timed(session.examine("INBOX")).await?;
    let next = mbox.uid_next.unwrap_or(0);
    let before = seen.lock().unwrap_or_else(|p| p.into_inner()).insert(account_id, next);
    if let Some(before) = before {
        return Ok(before != next);
    }
    Ok(folders::position(store, account_id, "INBOX")?
        .is_some_and(|(validity, last)| validity == mbox.uid_validity && next > last.saturating_add(1)))
}

//! The sender: delivers the outbox one message at a time. Each message is claimed ('sending', committed)
//! before its SMTP transaction and marked sent only after the server accepted it, so after a crash only the
//! one message that was in flight can go out twice, with the same bytes and Message-ID. A 5xx fails the
//! message for good (`RemoteRejected`, with the server's text); a 4xx or a lost connection puts it back with
//! a doubling backoff, and the account is left alone for the rest of the pass, so an offline machine waits
//! instead of spinning. Per-account limits per minute and per day hold messages back (`RateLimited`).

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use tokio::sync::Mutex;

use super::outbox::{self, Claimed, Next};
use super::smtp::{SmtpSession, SmtpSettings};
use super::{accounts, lock};
use crate::clock::Millis;
use crate::domain::{Id, MailAccount};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::secrets::SecretStore;
use crate::services::jobs::{self, Backoff, JobHandle, Spec, Timer};
use crate::store::Store;

/// Retries of a message: 1 minute, doubling up to 6 hours.
pub const RETRY: Backoff = Backoff { first_ms: 60_000, max_ms: 6 * 3_600_000 };
/// With nothing queued the job still looks again this often (a poke of its `wake` comes sooner).
pub const IDLE_MS: Millis = 15 * 60_000;

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = AppResult<()>> + Send + 'a>>;

/// Hands a message to an account's server. `SmtpMailer` is the real one; tests use fakes.
pub trait Mailer: Send + Sync {
    fn send<'a>(&'a self, account: &'a MailAccount, password: &'a str, to: &'a str, raw: &'a [u8]) -> SendFuture<'a>;
    /// Ends the pass: connections held are closed.
    fn finish(&self) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;
}

/// SMTP through `smtp::connect`, one connection per account kept for the pass and dropped after any error.
#[derive(Default)]
pub struct SmtpMailer {
    sessions: Mutex<HashMap<Id, SmtpSession>>,
}

impl Mailer for SmtpMailer {
    fn send<'a>(&'a self, account: &'a MailAccount, password: &'a str, to: &'a str, raw: &'a [u8]) -> SendFuture<'a> {
        Box::pin(async move {
            let held = self.sessions.lock().await.remove(&account.id);
            let mut session = match held {
                Some(s) if !s.is_broken() => s,
                _ => super::smtp::connect(&SmtpSettings::of(account, password.to_string())).await?,
            };
            session.send(&account.address, &[to.to_string()], raw).await?;
            self.sessions.lock().await.insert(account.id, session);
            Ok(())
        })
    }

    fn finish(&self) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(async move {
            let sessions: Vec<SmtpSession> = self.sessions.lock().await.drain().map(|(_, s)| s).collect();
            for s in sessions {
                s.quit().await;
            }
        })
    }
}

/// What one pass did, and when the next one is due (`None`: nothing is waiting).
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Pass {
    pub sent: u32,
    pub failed: u32,
    pub retried: u32,
    pub next_at: Option<Millis>,
}

/// What becomes of a message after its server answered (or did not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    /// Never again: a 5xx, or an address the server cannot take.
    Failed,
    /// Again later; `skip_account`: the account's server is not usable for the rest of this pass.
    Retry {
        skip_account: bool,
    },
}

pub fn outcome(result: &AppResult<()>) -> Outcome {
    match result {
        Ok(()) => Outcome::Sent,
        Err(e) if matches!(e.code, ErrorCode::RemoteRejected | ErrorCode::InvalidEmail | ErrorCode::InvalidValue) => {
            Outcome::Failed
        }
        // A 4xx for one recipient says nothing about the next message.
        Err(e) if e.code == ErrorCode::RateLimited => Outcome::Retry { skip_account: false },
        Err(_) => Outcome::Retry { skip_account: true },
    }
}

/// Delivers every message that is due now, one at a time, until none is (or `cancelled` says stop).
/// The caller holds the store's `SenderLock`.
pub async fn run_pass(
    store: &Store,
    secrets: &dyn SecretStore,
    mailer: &dyn Mailer,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> AppResult<Pass> {
    let mut pass = Pass::default();
    let mut skip: Vec<Id> = Vec::new();
    let result = loop {
        if cancelled() {
            break Ok(());
        }
        let now = store.clock().now_ms();
        let next = match store.write(|tx| outbox::claim(tx, now, &skip)) {
            Ok(n) => n,
            Err(e) => break Err(e),
        };
        let claimed = match next {
            Next::Send(c) => c,
            Next::Wait(_) => break Ok(()),
        };
        let result = send_one(store, secrets, mailer, &claimed).await;
        let now = store.clock().now_ms();
        let outcome = outcome(&result);
        tracing::info!(outbox_id = claimed.id, attempt = claimed.attempts, outcome = ?outcome,
            code = ?result.as_ref().err().map(|e| e.code), "outbox message");
        let retry_at = now + RETRY.delay(claimed.attempts);
        let written = store.write(|tx| match (outcome, &result) {
            (Outcome::Failed, Err(e)) => outbox::mark_failed(tx, claimed.id, e).map(drop),
            (Outcome::Retry { skip_account }, Err(e)) => {
                outbox::mark_retry(tx, claimed.id, e, retry_at)?;
                if skip_account {
                    outbox::defer_account(tx, claimed.account.id, retry_at)?;
                }
                Ok(())
            }
            _ => outbox::mark_sent(tx, claimed.id, now).map(drop),
        });
        if let Err(e) = written {
            break Err(e);
        }
        match outcome {
            Outcome::Sent => pass.sent += 1,
            Outcome::Failed => pass.failed += 1,
            Outcome::Retry { skip_account } => {
                pass.retried += 1;
                if skip_account {
                    skip.push(claimed.account.id);
                }
            }
        }
    };
    mailer.finish().await;
    result?;
    let now = store.clock().now_ms();
    pass.next_at = store.read(|conn| outbox::next_due(conn, now))?;
    Ok(pass)
}

async fn send_one(store: &Store, secrets: &dyn SecretStore, mailer: &dyn Mailer, c: &Claimed) -> AppResult<()> {
    let password = accounts::password(store, secrets, c.account.id)?;
    mailer.send(&c.account, &password, &c.to_address, &c.raw).await
}

/// The sender as a background job: it runs a pass whenever the outbox may have something due, or its `wake`
/// is poked (a message was queued). While another process sends for this store it waits. The app passes
/// `Arc::new(SmtpMailer::default())`.
pub fn spawn(
    runtime: &tokio::runtime::Handle,
    store: Arc<Store>,
    secrets: Arc<dyn SecretStore>,
    mailer: Arc<dyn Mailer>,
    timer: Timer,
    wake: Arc<tokio::sync::Notify>,
) -> JobHandle {
    let spec = Spec { name: "outbox", timer, wake, backoff: Backoff { first_ms: 60_000, max_ms: 3_600_000 } };
    jobs::spawn(runtime, spec, move |run| {
        let (store, secrets, mailer) = (store.clone(), secrets.clone(), mailer.clone());
        Box::pin(async move {
            let Some(_lock) = lock::SenderLock::try_acquire(store.data_dir())? else {
                return Ok(run.now + 60_000);
            };
            let cancel = run.cancel.clone();
            let pass = run_pass(&store, secrets.as_ref(), mailer.as_ref(), &|| cancel.is_cancelled()).await?;
            Ok(pass.next_at.unwrap_or(run.now + IDLE_MS).min(run.now + IDLE_MS))
        })
    })
}

/// An `AppError` for a sender that found the outbox busy.
pub fn busy() -> AppError {
    AppError::new(ErrorCode::Conflict, "another Relata is sending this store's outbox")
}

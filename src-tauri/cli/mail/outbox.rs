//! `relata outbox run` (deliver what is queued, exit when nothing is left) and `relata outbox list`.

use std::time::Duration;

use clap::Subcommand;
use serde::Serialize;

use relata_core::domain::{OutboxEntry, OutboxStatus};
use relata_core::error::{AppResult, ErrorCode};
use relata_core::secrets::KeyringSecrets;
use relata_core::services::mail::lock::SenderLock;
use relata_core::services::mail::outbox;
use relata_core::services::mail::sender::{self, SmtpMailer};
use relata_core::store::Store;

use crate::output::{self, enum_arg};

#[derive(Debug, Subcommand)]
pub enum OutboxCmd {
    /// Deliver the queued messages; exits when none is left, or when the next one waits (a retry's backoff,
    /// a rate limit) longer than --max-wait seconds.
    Run {
        #[arg(long, default_value_t = 120, value_name = "SECS")]
        max_wait: u64,
    },
    /// List the outbox (a table, or JSON with --json).
    List {
        #[arg(long)]
        json: bool,
        #[arg(long, value_parser = enum_arg::<OutboxStatus>(&["queued", "sending", "sent", "failed"]))]
        status: Option<OutboxStatus>,
    },
}

#[derive(Serialize)]
struct Row {
    id: i64,
    message_id: String,
    recipient: String,
    status: OutboxStatus,
    attempts: u32,
    last_error_code: Option<ErrorCode>,
    last_error: Option<String>,
    sent_at: Option<i64>,
}

impl From<OutboxEntry> for Row {
    fn from(e: OutboxEntry) -> Row {
        Row {
            id: e.id,
            message_id: e.message_id,
            recipient: e.to_address,
            status: e.status,
            attempts: e.attempts,
            last_error_code: e.last_error_code,
            last_error: e.last_error,
            sent_at: e.sent_at,
        }
    }
}

#[derive(Serialize, Default)]
struct Summary {
    sent: u32,
    failed: u32,
    retried: u32,
    /// Still queued, held ones included.
    waiting: i64,
    /// Held back by paused campaign sends (`relata campaigns resume ID`).
    held: i64,
}

pub fn run(store: &Store, cmd: OutboxCmd) -> AppResult<()> {
    match cmd {
        OutboxCmd::Run { max_wait } => {
            let _lock = SenderLock::try_acquire(store.data_dir())?.ok_or_else(sender::busy)?;
            let secrets = KeyringSecrets::new();
            let mailer = SmtpMailer::default();
            let runtime = super::runtime()?;
            let mut total = Summary::default();
            loop {
                let pass = runtime.block_on(sender::run_pass(store, &secrets, &mailer, &|| false))?;
                (total.sent, total.failed, total.retried) =
                    (total.sent + pass.sent, total.failed + pass.failed, total.retried + pass.retried);
                let Some(next) = pass.next_at else { break };
                let wait = next.saturating_sub(store.clock().now_ms()).max(0);
                if wait > i64::try_from(max_wait.saturating_mul(1000)).unwrap_or(i64::MAX) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(u64::try_from(wait).unwrap_or(0)));
            }
            total.waiting = outbox::waiting(store)?;
            total.held = outbox::held(store)?;
            output::json(&total)
        }
        OutboxCmd::List { json, status } => {
            let rows: Vec<Row> = outbox::list(store, status)?.into_iter().map(Row::from).collect();
            let total = rows.len() as i64;
            output::list(json, rows, total, &["ID", "TO", "STATUS", "ATTEMPTS", "LAST ERROR"], |r| {
                vec![
                    r.id.to_string(),
                    r.recipient,
                    enum_name(&r.status),
                    r.attempts.to_string(),
                    r.last_error.unwrap_or_default(),
                ]
            })
        }
    }
}

fn enum_name(s: &OutboxStatus) -> String {
    s.as_str().to_string()
}

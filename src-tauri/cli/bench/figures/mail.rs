//! IMAP sync's store side: matching a message's addresses to people, and parsing and recording fetched
//! messages (the email activities, attachments, thread keys) at the rate sync stores them. The IMAP fetch
//! itself is not in the figure (no server runs during the bench); the recording runs in a transaction that
//! is rolled back, so the dataset is left as it was (one transaction with a savepoint per batch, where
//! sync commits each batch).

use std::time::Instant;

use super::Ctx;
use crate::bench::figure::{Figure, Goal};
use crate::bench::stats::time_each;
use relata_core::error::{AppError, AppResult};
use relata_core::services::mail::record::{self, Target};
use relata_core::services::mail::{matching, parse, sync};

pub const MATCH_GOAL: Goal = Goal::MaxMs { ms: 1.0, ratio: None };
pub const SYNC_GOAL: Goal = Goal::MinRate { rows_per_s: 500.0, ratio: 0.0 };
const MATCHED_ADDRESSES: i64 = 2_000;
const SYNCED_MESSAGES: usize = 10_000;

/// Known addresses spread over the whole dataset (upper-cased, as a mail client may write them), plus
/// unknown ones.
fn addresses(ctx: &Ctx, n: i64) -> AppResult<Vec<String>> {
    let conn = ctx.raw_conn()?;
    let max: i64 = conn.query_row("SELECT COALESCE(MAX(id), 0) FROM people", [], |r| r.get(0))?;
    let mut stmt = conn.prepare("SELECT value FROM person_emails WHERE person_id >= ?1 ORDER BY person_id LIMIT 1")?;
    let mut out = Vec::new();
    for k in 0..n {
        if let Ok(a) = stmt.query_row([1 + k * max / n], |r| r.get::<_, String>(0)) {
            out.push(if k % 2 == 0 { a.to_uppercase() } else { a });
        }
        if k % 10 == 0 {
            out.push(format!("nobody{k}@unknown.example"));
        }
    }
    Ok(out)
}

pub fn matching(ctx: &Ctx) -> AppResult<Figure> {
    let addrs = addresses(ctx, MATCHED_ADDRESSES)?;
    let samples = ctx.store.read(|conn| time_each(&addrs, |a| matching::people_for(conn, [a.as_str()])))?;
    Ok(Figure::timed("mail_match", "match a message's address to its people, p95", MATCH_GOAL, samples.p95(), None)
        .detail(format!("p50 {:.3} ms over {} addresses", samples.p50(), addrs.len()))
        .note(
            "services::mail::matching: one lookup on the person_emails_value index (emails are lower-cased on write).",
        ))
}

pub fn sync_store(ctx: &Ctx) -> AppResult<Figure> {
    let addrs = addresses(ctx, 1_000)?;
    if addrs.is_empty() {
        return Ok(Figure::pending("mail_sync", "sync: parse and record messages", "rows/s", SYNC_GOAL, "people"));
    }
    let run = std::process::id();
    let messages: Vec<Vec<u8>> = (0..SYNCED_MESSAGES)
        .map(|i| {
            format!(
                "From: <{}>\r\nTo: sales@bench.example\r\nSubject: Order {i}\r\nDate: Tue, 10 Mar 2025 10:00:00 +0000\r\n\
                 Message-ID: <bench-{run}-{i}@bench.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
                 Hello,\r\n\r\nplease send {i} crates of tulips to the usual address.\r\n\r\nRegards\r\n",
                addrs[i % addrs.len()]
            )
            .into_bytes()
        })
        .collect();
    // Measured on the product's writer inside one transaction that is rolled back: a run leaves no trace.
    let mut measured: Option<(f64, usize)> = None;
    let rolled_back = ctx.store.write(|tx| {
        tx.execute(
            "INSERT INTO mail_accounts (name, address, username, imap_host, imap_port, smtp_host, smtp_port,
             security, created_at, updated_at) VALUES ('bench', 'sales@bench.example', 'bench', 'localhost', 993,
             'localhost', 465, 'tls', 0, 0)",
            [],
        )?;
        let account_id = tx.last_insert_rowid();
        tx.execute("INSERT INTO mail_folders (account_id, name, role) VALUES (?1, 'INBOX', 'inbox')", [account_id])?;
        let target = Target {
            account_id,
            own_address: "sales@bench.example".into(),
            folder_id: tx.last_insert_rowid(),
            in_sent_folder: false,
            create_leads: false,
            support_mailbox: false,
        };
        let started = Instant::now();
        let mut matched = 0;
        for (b, batch) in messages.chunks(sync::BATCH).enumerate() {
            tx.execute_batch("SAVEPOINT batch")?;
            for (i, raw) in batch.iter().enumerate() {
                let m = parse::parse(raw);
                let uid = u32::try_from(b * sync::BATCH + i + 1).unwrap_or(u32::MAX);
                matched += usize::from(record::record(tx, &target, uid, &m, 0)?.matched);
            }
            tx.execute_batch("RELEASE batch")?;
        }
        measured = Some((started.elapsed().as_secs_f64().max(1e-9), matched));
        Err::<(), _>(AppError::internal("rolled back on purpose"))
    });
    let Some((secs, matched)) = measured else {
        return Err(rolled_back.err().unwrap_or_else(|| AppError::internal("the mail sync figure measured nothing")));
    };
    let rate = SYNCED_MESSAGES as f64 / secs;
    Ok(Figure::rate("mail_sync", "sync: parse and record fetched messages", SYNC_GOAL, rate, None)
        .detail(format!("{SYNCED_MESSAGES} messages in {secs:.2} s, {matched} matched to a person"))
        .note(
            "services::mail::{parse, record}: mail-parser, the match, the activity and the lead's rescore per \
             message, in batches of sync::BATCH; the IMAP fetch from a local server is not included.",
        ))
}

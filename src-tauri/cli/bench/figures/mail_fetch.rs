//! IMAP sync's network side: how fast messages come from a real server, fetched as sync fetches them
//! (`imap::fetch`, `BODY.PEEK[]` with FLAGS, in batches of `sync::BATCH`). It needs a server, given by
//! environment variables; without them the figure is pending and says which. Nothing is stored: parsing
//! and recording are the `mail_sync` figure. Reads at most `MAX_MESSAGES` of the folder, never changes it.

use std::time::Instant;

use super::Ctx;
use crate::bench::figure::{Figure, Goal};
use relata_core::domain::{MailAccount, MailSecurity};
use relata_core::error::{AppError, AppResult, ErrorCode};
use relata_core::services::mail::{imap, sync};

pub const FETCH_GOAL: Goal = Goal::MinRate { rows_per_s: 500.0, ratio: 0.0 };
const MAX_MESSAGES: usize = 10_000;
const NEEDS: &str = "an IMAP server: set RELATA_BENCH_IMAP_HOST, RELATA_BENCH_IMAP_PORT, RELATA_BENCH_IMAP_USER and \
    RELATA_BENCH_IMAP_PASSWORD (optional: RELATA_BENCH_IMAP_SECURITY none|tls|starttls, RELATA_BENCH_IMAP_FOLDER)";

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

pub fn fetch(_ctx: &Ctx) -> AppResult<Figure> {
    let (Some(host), Some(port), Some(user), Some(password)) = (
        var("RELATA_BENCH_IMAP_HOST"),
        var("RELATA_BENCH_IMAP_PORT"),
        var("RELATA_BENCH_IMAP_USER"),
        var("RELATA_BENCH_IMAP_PASSWORD"),
    ) else {
        return Ok(Figure::pending("mail_fetch", "sync: fetch messages over IMAP", "rows/s", FETCH_GOAL, NEEDS));
    };
    let bad = |what: &str| AppError::new(ErrorCode::InvalidValue, format!("RELATA_BENCH_IMAP_{what} is not valid"));
    let security = match var("RELATA_BENCH_IMAP_SECURITY").as_deref() {
        None | Some("none") => MailSecurity::None,
        Some("tls") => MailSecurity::Tls,
        Some("starttls") => MailSecurity::Starttls,
        Some(_) => return Err(bad("SECURITY")),
    };
    let folder = var("RELATA_BENCH_IMAP_FOLDER").unwrap_or_else(|| "INBOX".into());
    let account = MailAccount {
        id: 0,
        name: "bench".into(),
        address: "bench@bench.example".into(),
        display_name: String::new(),
        username: user,
        imap_host: host,
        imap_port: port.parse().map_err(|_| bad("PORT"))?,
        smtp_host: String::new(),
        smtp_port: 0,
        security,
        imap_cert_pin: None,
        smtp_cert_pin: None,
        create_leads: false,
        support_mailbox: false,
        extra_folders: Vec::new(),
        per_minute: 0,
        per_day: 0,
        signatures: Vec::new(),
        created_at: 0,
        updated_at: 0,
    };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let (count, bytes, secs) = runtime.block_on(async {
        let mut session = imap::connect(&account, &password).await?;
        imap::select(&mut session, &folder, false).await?;
        let mut uids = imap::uids_after(&mut session, 0).await?;
        uids.truncate(MAX_MESSAGES);
        let started = Instant::now();
        let (mut count, mut bytes) = (0_usize, 0_usize);
        for batch in uids.chunks(sync::BATCH) {
            let fetched = imap::fetch(&mut session, batch).await?;
            count += fetched.len();
            bytes += fetched.iter().map(|(_, _, raw)| raw.len()).sum::<usize>();
        }
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        imap::logout(session).await;
        Ok::<_, AppError>((count, bytes, secs))
    })?;
    if count == 0 {
        return Ok(Figure::pending(
            "mail_fetch",
            "sync: fetch messages over IMAP",
            "rows/s",
            FETCH_GOAL,
            "messages in the folder",
        ));
    }
    Ok(Figure::rate("mail_fetch", "sync: fetch messages over IMAP", FETCH_GOAL, count as f64 / secs, None)
        .detail(format!("{count} messages ({:.1} MB) in {secs:.2} s", bytes as f64 / 1e6))
        .note("services::mail::imap::fetch in batches of sync::BATCH (BODY.PEEK[] and FLAGS), as sync fetches them."))
}

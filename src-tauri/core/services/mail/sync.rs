//! One sync of an account: log in, append the sent outbox messages to the Sent folder, then read INBOX, the
//! Sent folder and the user's extra folders from where the last sync stopped (UIDVALIDITY + UID), in
//! batches that are each stored in one transaction together with the folder's new position.

use super::folders::{self, FolderRole, FolderState};
use super::imap::{self, ImapSession};
use super::record::{self, Recorded, Target};
use super::{accounts, append, flags, parse};
use crate::domain::{AccountSyncReport, FolderSyncReport, MailAccount, MailFlags};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::secrets::SecretStore;
use crate::services::jobs::Cancel;
use crate::store::Store;

/// Messages fetched and stored per transaction, at most; and at most `BATCH_BYTES` of them (a single larger
/// message is a batch of its own), so a folder of large attachments never sits in memory at once.
pub const BATCH: usize = 50;
pub const BATCH_BYTES: u64 = 16 * 1024 * 1024;

/// Syncs every account once; an account that fails does not stop the others. Returns the reports and the
/// first error (the job backs off on it).
pub async fn sync_all(
    store: &Store,
    secrets: &dyn SecretStore,
    only: Option<crate::domain::Id>,
    cancel: Option<&Cancel>,
) -> AppResult<(Vec<AccountSyncReport>, Option<AppError>)> {
    let mut reports = Vec::new();
    let mut first_error = None;
    for account in accounts::list(store)?.into_iter().filter(|a| only.is_none_or(|id| a.id == id)) {
        if cancel.is_some_and(Cancel::is_cancelled) {
            break;
        }
        let result = sync_account(store, secrets, &account, cancel).await;
        // A cancelled run says nothing about the account.
        if !cancel.is_some_and(Cancel::is_cancelled) {
            record_outcome(store, account.id, result.as_ref().err())?;
        }
        match result {
            Ok(r) => reports.push(r),
            Err(e) => {
                tracing::warn!(account = account.id, code = ?e.code, "mail sync of an account failed");
                first_error.get_or_insert(e);
            }
        }
    }
    Ok((reports, first_error))
}

/// Keeps the account's sync status: when a sync last succeeded, and the last failure until one does.
fn record_outcome(store: &Store, account_id: crate::domain::Id, error: Option<&AppError>) -> AppResult<()> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        match error {
            None => tx.execute(
                "UPDATE mail_accounts SET sync_ok_at = ?2, sync_error_code = NULL, sync_error_message = NULL,
                   sync_error_at = NULL WHERE id = ?1",
                rusqlite::params![account_id, now],
            )?,
            Some(e) => tx.execute(
                "UPDATE mail_accounts SET sync_error_code = ?2, sync_error_message = ?3, sync_error_at = ?4
                 WHERE id = ?1",
                rusqlite::params![account_id, crate::services::records::enum_str(&e.code), e.message, now],
            )?,
        };
        Ok(())
    })
}

pub async fn sync_account(
    store: &Store,
    secrets: &dyn SecretStore,
    account: &MailAccount,
    cancel: Option<&Cancel>,
) -> AppResult<AccountSyncReport> {
    let password = accounts::password(store, secrets, account.id)?;
    let mut session = imap::connect(account, &password).await?;
    let result = run(store, &mut session, account, cancel).await;
    imap::logout(session).await;
    result
}

async fn run(
    store: &Store,
    session: &mut ImapSession,
    account: &MailAccount,
    cancel: Option<&Cancel>,
) -> AppResult<AccountSyncReport> {
    let condstore = imap::has_capability(session, "CONDSTORE").await?;
    let sent = imap::sent_folder(session).await?;
    let mut report = AccountSyncReport { account_id: account.id, account: account.name.clone(), ..Default::default() };
    if let Some(sent) = &sent {
        report.appended = append::append_sent(store, session, account.id, sent).await?;
    }
    // Sent first: a reply in INBOX is recognised by the sent message it answers.
    let mut plan: Vec<(String, FolderRole)> = sent.map(|s| (s, FolderRole::Sent)).into_iter().collect();
    plan.push(("INBOX".into(), FolderRole::Inbox));
    for extra in &account.extra_folders {
        if !plan.iter().any(|(n, _)| n.eq_ignore_ascii_case(extra)) {
            plan.push((extra.clone(), FolderRole::Other));
        }
    }
    for (name, role) in plan {
        if cancel.is_some_and(Cancel::is_cancelled) {
            break;
        }
        match sync_folder(store, session, account, &name, role, condstore, cancel).await {
            Ok(r) => report.folders.push(r),
            // A folder the user picked that is gone: skip it, keep syncing the others.
            Err(e) if role == FolderRole::Other && e.code == ErrorCode::RemoteRejected => {
                tracing::warn!(account = account.id, "an extra mail folder could not be selected");
            }
            Err(e) => return Err(e),
        }
    }
    Ok(report)
}

async fn sync_folder(
    store: &Store,
    session: &mut ImapSession,
    account: &MailAccount,
    name: &str,
    role: FolderRole,
    condstore: bool,
    cancel: Option<&Cancel>,
) -> AppResult<FolderSyncReport> {
    let mut state = folders::open(store, account.id, name, role)?;
    let mut report = FolderSyncReport { folder: name.to_string(), role: role.as_str().into(), ..Default::default() };
    let mbox = imap::select(session, name, condstore).await?;
    let validity = mbox.uid_validity.unwrap_or(0);
    if state.uidvalidity.is_some_and(|v| v != validity) {
        // The server renumbered the folder: read it again from the start. Messages already stored are
        // recognised by their Message-ID, so nothing is stored twice (they take their new UIDs).
        state.last_uid = 0;
        state.highestmodseq = None;
        state.known_count = None;
        report.uidvalidity_reset = true;
    }
    state.uidvalidity = Some(validity);
    let nothing_new = mbox.exists == 0 || mbox.uid_next.is_some_and(|next| next <= state.last_uid.saturating_add(1));
    let uids = if nothing_new { Vec::new() } else { imap::uids_after(session, state.last_uid).await? };
    let (old_last_uid, old_modseq) = (state.last_uid, state.highestmodseq);
    let new = u32::try_from(uids.len()).unwrap_or(u32::MAX);
    report.expunged = flags::expunges(store, session, &mut state, mbox.exists, new).await?;
    let target = Target {
        account_id: account.id,
        own_address: account.address.clone(),
        folder_id: state.id,
        in_sent_folder: role == FolderRole::Sent,
        create_leads: account.create_leads,
        support_mailbox: role == FolderRole::Inbox
            && store.read(|c| super::accounts::support_mailbox(c, account.id))?,
    };
    for group in uids.chunks(BATCH * 4) {
        let sizes = imap::sizes(session, group).await?;
        for chunk in batches(group, &sizes) {
            if cancel.is_some_and(Cancel::is_cancelled) {
                return Ok(report);
            }
            store_fetched(store, session, &target, &mut state, &chunk, &mut report).await?;
        }
    }
    // New messages came with their flags; the older ones' are read again (with CONDSTORE only when the
    // folder's modseq moved; a folder without modseqs, NOMODSEQ, gets the recent window like a server
    // without CONDSTORE).
    let modseqs = condstore && mbox.highest_modseq.is_some();
    let flags_moved = !modseqs || old_modseq.is_none() || old_modseq != mbox.highest_modseq;
    if flags_moved {
        report.flag_changes = flags::resync(store, session, state.id, old_last_uid, modseqs, old_modseq).await?;
    }
    state.highestmodseq = mbox.highest_modseq;
    let now = store.clock().now_ms();
    store.write(|tx| folders::save(tx, &state, now))?;
    Ok(report)
}

/// Splits UIDs (ascending) into batches of at most `BATCH` messages and `BATCH_BYTES` bytes.
pub fn batches(uids: &[u32], sizes: &[(u32, u32)]) -> Vec<Vec<u32>> {
    let mut out: Vec<Vec<u32>> = Vec::new();
    let (mut current, mut bytes) = (Vec::new(), 0_u64);
    for uid in uids {
        let size = sizes.iter().find(|(u, _)| u == uid).map_or(0, |(_, s)| u64::from(*s));
        if !current.is_empty() && (current.len() >= BATCH || bytes + size > BATCH_BYTES) {
            out.push(std::mem::take(&mut current));
            bytes = 0;
        }
        current.push(*uid);
        bytes += size;
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

async fn store_fetched(
    store: &Store,
    session: &mut ImapSession,
    target: &Target,
    state: &mut FolderState,
    chunk: &[u32],
    report: &mut FolderSyncReport,
) -> AppResult<()> {
    let fetched = imap::fetch(session, chunk).await?;
    // Parsed before the write, so the writer is held only for the inserts; the raw bytes go with `fetched`.
    let parsed: Vec<Parsed> = fetched.iter().map(|(uid, flags, raw)| (*uid, *flags, parse::parse(raw))).collect();
    drop(fetched);
    let last = chunk.last().copied().unwrap_or(state.last_uid);
    let batch = store_batch(store, target, state, &parsed, (last, chunk.len()))?;
    add(report, &batch);
    Ok(())
}

/// A fetched message, parsed: its UID, flags and content.
type Parsed = (u32, MailFlags, parse::ParsedMail);

/// One transaction: the messages (with their flags) and the folder's new position.
fn store_batch(
    store: &Store,
    target: &Target,
    state: &mut FolderState,
    parsed: &[Parsed],
    (last_uid, uids): (u32, usize),
) -> AppResult<Vec<Recorded>> {
    let now = store.clock().now_ms();
    let mut next = state.clone();
    next.last_uid = next.last_uid.max(last_uid);
    // A UID expunged before its fetch is counted too: the next sync then reads the UID list once more.
    next.known_count = Some(next.known_count.unwrap_or(0).saturating_add(u32::try_from(uids).unwrap_or(u32::MAX)));
    let done = store.write(|tx| {
        let mut done = Vec::with_capacity(parsed.len());
        for (uid, f, m) in parsed {
            done.push(record::record(tx, target, *uid, m, now)?);
            flags::apply(tx, target.folder_id, *uid, *f)?;
        }
        folders::save(tx, &next, now)?;
        Ok(done)
    })?;
    *state = next;
    Ok(done)
}

fn add(report: &mut FolderSyncReport, batch: &[Recorded]) {
    for r in batch {
        if r.duplicate {
            report.duplicates += 1;
            continue;
        }
        report.new_messages += 1;
        report.matched += u32::from(r.matched);
        report.leads_created += u32::from(r.lead_created);
        report.bounces += u32::from(r.bounce);
        report.malformed += u32::from(r.malformed);
        report.replies += u32::from(r.reply);
        report.unsubscribes += u32::from(r.unsubscribe);
    }
}

/// `sync_all` for synchronous callers (the CLI): on a runtime of its own.
pub fn sync_once(
    store: &Store,
    secrets: &dyn SecretStore,
    only: Option<crate::domain::Id>,
) -> AppResult<(Vec<AccountSyncReport>, Option<AppError>)> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(sync_all(store, secrets, only, None))
}

//! Flags and expunges against the Dovecot of `.ci/with-dovecot.sh` (it has CONDSTORE): flag changes since
//! the stored HIGHESTMODSEQ, the recent-window resync used without CONDSTORE, expunged messages kept as
//! activities marked deleted on the server, and the per-account sync status (last success, last error).

use relata_core::domain::{MailFlags, MailStep};
use relata_core::error::ErrorCode;
use relata_core::secrets::{MemorySecrets, SecretStore};
use relata_core::services::mail::{accounts, flags, folders, imap, sync, views};
use relata_core::services::people;

use super::mail_server::{self as srv, block_on};
use super::support::{env, lv, person, Env, T0};

fn annelies(e: &Env) -> relata_core::domain::Person {
    let mut p = person("Annelies", "de Vries");
    p.emails = vec![lv("work", "annelies@example.nl")];
    people::create(&e.store, p).unwrap()
}

fn inbox(e: &Env, secrets: &MemorySecrets) -> relata_core::domain::FolderSyncReport {
    let (reports, error) = block_on(sync::sync_all(&e.store, secrets, None, None)).unwrap();
    assert!(error.is_none(), "{error:?}");
    reports[0].folders.iter().find(|f| f.folder == "INBOX").unwrap().clone()
}

fn flags_of(e: &Env, message_id: &str) -> (bool, bool, bool) {
    e.raw()
        .query_row("SELECT seen, answered, flagged FROM mail_messages WHERE message_id = ?1", [message_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap()
}

fn three(e: &Env, secrets: &MemorySecrets) -> relata_core::domain::MailAccount {
    annelies(e);
    let account = srv::account(&e.store, secrets, |_| {});
    let msgs: Vec<Vec<u8>> = (1..=3)
        .map(|i| srv::message(&format!("f{i}@example.nl"), "annelies@example.nl", "sales@relata.test", "Hi", "", "x"))
        .collect();
    srv::append("INBOX", &[&msgs[0], &msgs[1], &msgs[2]]);
    account
}

#[test]
fn flags_arrive_with_new_mail_and_changes_follow_through_condstore() {
    let _mailbox = srv::lock();
    let (e, secrets) = (env(), MemorySecrets::new());
    three(&e, &secrets);
    srv::set_flags("INBOX", "3", "\\Flagged");
    let first = inbox(&e, &secrets);
    assert_eq!((first.new_messages, first.flag_changes), (3, 0));
    assert_eq!(flags_of(&e, "f3@example.nl"), (false, false, true), "fetched with its flags");
    assert!(e.count("SELECT highestmodseq FROM mail_folders WHERE name = 'INBOX'") > 0, "CONDSTORE");
    assert_eq!(inbox(&e, &secrets).flag_changes, 0, "nothing changed");
    srv::set_flags("INBOX", "1", "\\Seen");
    srv::set_flags("INBOX", "2", "\\Answered \\Seen");
    let r = inbox(&e, &secrets);
    assert_eq!((r.new_messages, r.flag_changes), (0, 2), "{r:?}");
    assert_eq!(flags_of(&e, "f1@example.nl"), (true, false, false));
    assert_eq!(flags_of(&e, "f2@example.nl"), (true, true, false));
    assert_eq!(flags_of(&e, "f3@example.nl"), (false, false, true));
    // The timeline's mail facts carry them.
    let activity = e.count(
        "SELECT ma.activity_id FROM mail_message_activities ma JOIN mail_messages m ON m.id = ma.message_id
         WHERE m.message_id = 'f2@example.nl'",
    );
    let info = views::for_activities(&e.store, &[activity]).unwrap();
    assert_eq!(info[0].flags, MailFlags { seen: true, answered: true, flagged: false });
    assert_eq!(info[0].deleted_on_server_at, None);
}

#[test]
fn without_condstore_the_recent_window_is_read_again() {
    let _mailbox = srv::lock();
    let (e, secrets) = (env(), MemorySecrets::new());
    let account = three(&e, &secrets);
    inbox(&e, &secrets);
    srv::set_flags("INBOX", "2", "\\Flagged");
    let folder_id = e.count("SELECT id FROM mail_folders WHERE name = 'INBOX'");
    // UIDs go on rising across the tests' emptied mailbox: the window ends at the highest stored one.
    let upto = u32::try_from(e.count("SELECT last_uid FROM mail_folders WHERE name = 'INBOX'")).unwrap();
    let password = accounts::password(&e.store, &secrets, account.id).unwrap();
    let changed = block_on(async {
        let mut session = imap::connect(&account, &password).await.unwrap();
        imap::select(&mut session, "INBOX", false).await.unwrap();
        let changed = flags::resync(&e.store, &mut session, folder_id, upto, false, None).await.unwrap();
        let again = flags::resync(&e.store, &mut session, folder_id, upto, false, None).await.unwrap();
        imap::logout(session).await;
        (changed, again)
    });
    assert_eq!(changed, (1, 0));
    assert_eq!(flags_of(&e, "f2@example.nl"), (false, false, true));
}

#[test]
fn an_expunged_message_keeps_its_activity_marked_deleted_on_the_server() {
    let _mailbox = srv::lock();
    let (e, secrets) = (env(), MemorySecrets::new());
    three(&e, &secrets);
    assert_eq!(inbox(&e, &secrets).expunged, 0);
    srv::expunge("INBOX", "2");
    let later = srv::message("f4@example.nl", "annelies@example.nl", "sales@relata.test", "Hi", "", "x");
    srv::append("INBOX", &[&later]);
    let r = inbox(&e, &secrets);
    assert_eq!((r.new_messages, r.expunged), (1, 1), "{r:?}");
    let deleted: Vec<String> = {
        let raw = e.raw();
        let mut stmt = raw.prepare("SELECT message_id FROM mail_messages WHERE server_deleted_at IS NOT NULL").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    assert_eq!(deleted, vec!["f2@example.nl".to_string()]);
    assert_eq!(e.count("SELECT COUNT(*) FROM activities WHERE kind = 'email' AND deleted_at IS NULL"), 4);
    let activity = e.count(
        "SELECT ma.activity_id FROM mail_message_activities ma JOIN mail_messages m ON m.id = ma.message_id
         WHERE m.message_id = 'f2@example.nl'",
    );
    assert_eq!(views::for_activities(&e.store, &[activity]).unwrap()[0].deleted_on_server_at, Some(T0));
    // The count is kept, so the next sync does not read the UID list again, and marks nothing twice.
    assert_eq!(e.count("SELECT known_count FROM mail_folders WHERE name = 'INBOX'"), 3);
    assert_eq!(inbox(&e, &secrets).expunged, 0);
    // Found again in a folder the user syncs (moved there): no longer deleted.
    srv::append(
        "Archive",
        &[&srv::message("f2@example.nl", "annelies@example.nl", "sales@relata.test", "Hi", "", "x")],
    );
    e.raw().execute("UPDATE mail_accounts SET extra_folders = '[\"Archive\"]'", []).unwrap();
    inbox(&e, &secrets);
    assert_eq!(e.count("SELECT COUNT(*) FROM mail_messages WHERE server_deleted_at IS NOT NULL"), 0);
    assert_eq!(folders::list(&e.raw(), 1).unwrap().len(), 3, "Sent, INBOX and Archive");
}

#[test]
fn the_sync_status_keeps_the_last_success_and_the_last_error_with_its_step() {
    let _mailbox = srv::lock();
    let (e, secrets) = (env(), MemorySecrets::new());
    let account = srv::account(&e.store, &secrets, |_| {});
    let status = || views::sync_status(&e.store).unwrap().remove(0);
    assert_eq!((status().ok_at, status().error), (None, None), "never synced");
    inbox(&e, &secrets);
    assert_eq!((status().ok_at, status().error), (Some(T0), None));
    secrets.set(&accounts::secret_name(&e.store, account.id).unwrap(), b"wrong").unwrap();
    let (_, error) = block_on(sync::sync_all(&e.store, &secrets, None, None)).unwrap();
    assert_eq!(error.unwrap().code, ErrorCode::Login);
    let failed = status();
    assert_eq!(failed.ok_at, Some(T0), "the last success stays");
    let err = failed.error.expect("the error is kept");
    assert_eq!((err.code, err.step, err.at), (ErrorCode::Login, Some(MailStep::Login), T0));
    assert!(!err.message.contains("wrong"), "no secret in the message: {}", err.message);
    secrets.set(&accounts::secret_name(&e.store, account.id).unwrap(), srv::server().password.as_bytes()).unwrap();
    inbox(&e, &secrets);
    assert_eq!(status().error, None, "a success clears it");
}

//! The mail sync job (backoff while the server is unreachable, a sync a minute once it is) and the append
//! of sent outbox messages to the Sent folder, against the Dovecot of `.ci/with-dovecot.sh`.

use std::sync::Arc;

use relata_core::clock::ManualClock;
use relata_core::domain::{ActivityInput, ActivityKind, Direction};
use relata_core::secrets::{MemorySecrets, SecretStore};
use relata_core::services::activities;
use relata_core::services::mail::{job, sync};
use relata_core::store::Store;
use tokio::sync::Notify;

use super::jobs::{next_sleep, timer, TestSleeper};
use super::mail_server::{self as srv, block_on};
use super::support::{env, lv, person, T0};

/// A store on a manual clock for the jobs, with the test server's account (as `tweak` changes it) and
/// Annelies, a known person.
pub struct JobStore {
    pub _dir: tempfile::TempDir,
    pub clock: Arc<ManualClock>,
    pub store: Arc<Store>,
    pub secrets: Arc<MemorySecrets>,
    pub account: relata_core::domain::MailAccount,
}

pub fn job_store(tweak: impl FnOnce(&mut relata_core::domain::MailAccountInput)) -> JobStore {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(T0));
    let store = Arc::new(Store::open(dir.path(), clock.clone()).unwrap());
    let secrets = Arc::new(MemorySecrets::new());
    let account = srv::account(&store, &secrets, tweak);
    let mut p = person("Annelies", "");
    p.emails = vec![lv("work", "annelies@example.nl")];
    relata_core::services::people::create(&store, p).unwrap();
    JobStore { _dir: dir, clock, store, secrets, account }
}

#[test]
fn offline_the_job_backs_off_and_online_it_syncs_every_minute() {
    let _mailbox = srv::lock();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let JobStore { _dir, clock, store, secrets, account } = job_store(|i| i.imap_port = i32::from(closed));
    srv::append(
        "INBOX",
        &[&srv::message("job-1@example.nl", "annelies@example.nl", "sales@relata.test", "Hi", "", "x")],
    );

    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let (sleeper, mut sleeps) = TestSleeper::new(clock.clone());
    let secrets_dyn: Arc<dyn SecretStore> = secrets.clone();
    let handle =
        job::spawn(runtime.handle(), store.clone(), secrets_dyn, timer(&clock, &sleeper), Arc::new(Notify::new()));
    runtime.block_on(async {
        assert_eq!(next_sleep(&mut sleeps).await, T0 + 30_000, "the first failure waits 30 s");
        sleeper.advance_to(T0 + 30_000);
        assert_eq!(next_sleep(&mut sleeps).await, T0 + 90_000, "the second one 60 s more");
    });
    assert_eq!(count_messages(&store), 0);
    // The server is back (the account now points at it).
    let port = srv::server().imap_port;
    store
        .write(|tx| {
            Ok(tx.execute("UPDATE mail_accounts SET imap_port = ?1 WHERE id = ?2", [i64::from(port), account.id])?)
        })
        .unwrap();
    runtime.block_on(async {
        sleeper.advance_to(T0 + 90_000);
        assert_eq!(next_sleep(&mut sleeps).await, T0 + 90_000 + job::INTERVAL_MS, "then once a minute");
        handle.stop().await;
    });
    assert_eq!(count_messages(&store), 1);
}

fn count_messages(store: &Store) -> i64 {
    store.read(|c| Ok(c.query_row("SELECT COUNT(*) FROM mail_messages", [], |r| r.get(0))?)).unwrap()
}

#[test]
fn sent_outbox_messages_are_appended_to_the_sent_folder_once() {
    let _mailbox = srv::lock();
    let (e, secrets) = (env(), MemorySecrets::new());
    let mut p = person("Annelies", "");
    p.emails = vec![lv("work", "annelies@example.nl")];
    let a = relata_core::services::people::create(&e.store, p).unwrap();
    let account = srv::account(&e.store, &secrets, |_| {});
    let logged = activities::create(
        &e.store,
        ActivityInput {
            kind: ActivityKind::Email,
            direction: Some(Direction::Outbound),
            subject: "Offer".into(),
            body: Some("x".into()),
            occurred_at: None,
            duration_secs: None,
            person_id: Some(a.id),
            company_id: None,
            deal_id: None,
        },
    )
    .unwrap();
    let raw = srv::message("out-1@relata.test", "sales@relata.test", "annelies@example.nl", "Offer", "", "x");
    let queued = srv::message("out-2@relata.test", "sales@relata.test", "annelies@example.nl", "Later", "", "y");
    e.raw()
        .execute(
            "INSERT INTO outbox (account_id, message_id, person_id, to_address, subject, body, raw, status,
               next_attempt_at, queued_at, sent_at, activity_id)
             VALUES (?1, '<out-1@relata.test>', ?2, 'annelies@example.nl', 'Offer', 'x', ?3, 'sent', ?4, ?4, ?4, ?5),
                    (?1, '<out-2@relata.test>', ?2, 'annelies@example.nl', 'Later', 'y', ?6, 'queued', ?4, ?4, NULL, NULL)",
            rusqlite::params![account.id, a.id, raw, T0, logged.id, queued],
        )
        .unwrap();
    let (reports, error) = block_on(sync::sync_all(&e.store, &secrets, None, None)).unwrap();
    assert!(error.is_none(), "{error:?}");
    assert_eq!(reports[0].appended, 1, "only the sent one");
    let sent = reports[0].folders.iter().find(|f| f.folder == "Sent").unwrap();
    assert_eq!((sent.new_messages, sent.matched), (1, 1));
    assert_eq!(e.count("SELECT COUNT(*) FROM activities WHERE kind = 'email'"), 1, "the sender's activity, linked");
    assert_eq!(e.count("SELECT activity_id FROM mail_message_activities"), logged.id);
    assert_eq!(e.count("SELECT COUNT(*) FROM outbox WHERE appended_at IS NOT NULL"), 1);
    // A crash after the APPEND and before appended_at was committed: the next run finds it there.
    e.raw().execute_batch("UPDATE outbox SET appended_at = NULL").unwrap();
    let (reports, _) = block_on(sync::sync_all(&e.store, &secrets, None, None)).unwrap();
    assert_eq!(reports[0].appended, 0);
    assert_eq!(srv::count("Sent"), 1);
    assert_eq!(e.count("SELECT COUNT(*) FROM outbox WHERE appended_at IS NOT NULL"), 1);
}

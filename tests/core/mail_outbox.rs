//! The outbox and the sender with a fake mailer on a manual clock: building the message once, the order of
//! claims after a crash, 4xx backoff, 5xx failure, rate limits per minute and per day, and no spinning offline.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use relata_core::domain::{
    ActivityKind, Direction, MailAccount, MailSignature, OutboxStatus, OutgoingMail, PersonInput, TimelineQuery,
};
use relata_core::error::{AppError, ErrorCode};
use relata_core::secrets::MemorySecrets;
use relata_core::services::mail::accounts;
use relata_core::services::mail::outbox::{self, Next};
use relata_core::services::mail::sender::{self, Mailer, SendFuture};
use relata_core::services::{activities, people};

use super::mail_accounts::input;
use super::support::*;

/// Answers by the recipient's local part: temp* 451, perm* 550, anything else accepted; `offline` fails all.
#[derive(Default)]
pub struct FakeMailer {
    pub offline: std::sync::atomic::AtomicBool,
    pub calls: AtomicUsize,
    pub accepted: Mutex<Vec<String>>,
}

impl Mailer for FakeMailer {
    fn send<'a>(&'a self, _a: &'a MailAccount, password: &'a str, to: &'a str, raw: &'a [u8]) -> SendFuture<'a> {
        Box::pin(async move {
            self.calls.fetch_add(1, Ordering::SeqCst);
            assert_eq!(password, "pw", "the password comes from the secret store");
            if self.offline.load(Ordering::SeqCst) {
                return Err(AppError::new(ErrorCode::Network, "connection refused"));
            }
            if to.starts_with("temp") {
                return Err(AppError::new(ErrorCode::RateLimited, "transient error (451): 4.3.0 busy"));
            }
            if to.starts_with("perm") {
                return Err(AppError::new(ErrorCode::RemoteRejected, "permanent error (550): 5.1.1 No such user"));
            }
            self.accepted.lock().unwrap().push(message_id(raw));
            Ok(())
        })
    }

    fn finish(&self) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send + '_>> {
        Box::pin(async {})
    }
}

pub fn message_id(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    let line = text.lines().find(|l| l.to_ascii_lowercase().starts_with("message-id:")).expect("a Message-ID");
    line.split_once(':').unwrap().1.trim().to_string()
}

struct Fixture {
    e: Env,
    secrets: MemorySecrets,
    account: MailAccount,
}

fn fixture(per_minute: i32, per_day: i32) -> Fixture {
    let e = env();
    let secrets = MemorySecrets::new();
    let mut i = input("Work");
    (i.per_minute, i.per_day) = (per_minute, per_day);
    i.signatures = vec![
        MailSignature { lang: "en".into(), body: "Kind regards, Sales".into() },
        MailSignature { lang: "da".into(), body: "Venlig hilsen, Salg".into() },
    ];
    let account = accounts::add(&e.store, &secrets, i, "pw").unwrap();
    Fixture { e, secrets, account }
}

fn mail(f: &Fixture, to: &str) -> OutgoingMail {
    OutgoingMail {
        account_id: f.account.id,
        to: Some(to.into()),
        subject: "Spring order".into(),
        body: "Hello".into(),
        ..Default::default()
    }
}

async fn pass(f: &Fixture, m: &FakeMailer) -> sender::Pass {
    sender::run_pass(&f.e.store, &f.secrets, m, &|| false).await.unwrap()
}

#[test]
fn queue_builds_the_whole_message_once_in_the_callers_transaction() {
    let f = fixture(20, 500);
    let p = people::create(
        &f.e.store,
        PersonInput {
            emails: vec![lv("work", "Mette@Firma.dk")],
            language: Some("da".into()),
            ..person("Mette", "Jensen")
        },
    )
    .unwrap();
    let entry = outbox::queue_one(
        &f.e.store,
        OutgoingMail {
            to: None,
            person_id: Some(p.id),
            bulk: true,
            purpose: Some("newsletter".into()),
            ..mail(&f, "")
        },
    )
    .unwrap();
    assert_eq!((entry.status, entry.to_address.as_str(), entry.attempts), (OutboxStatus::Queued, "mette@firma.dk", 0));
    let raw = String::from_utf8(outbox::raw(&f.e.store, entry.id).unwrap()).unwrap();
    assert_eq!(message_id(raw.as_bytes()), entry.message_id);
    assert!(entry.message_id.ends_with("@example.test>"), "{}", entry.message_id);
    assert!(
        raw.contains("From: \"Sales Team\" <sales@example.test>")
            || raw.contains("From: Sales Team <sales@example.test>"),
        "{raw}"
    );
    assert!(raw.contains("Mette Jensen"), "To carries the person's name: {raw}");
    assert!(raw.contains("Venlig hilsen, Salg"), "the Danish signature for a Danish person: {raw}");
    assert!(!raw.contains("Kind regards"));
    assert!(raw.contains("List-Unsubscribe: <mailto:sales@example.test?subject=unsubscribe%20newsletter>"), "{raw}");
    assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    // Not bulk: no unsubscribe headers, and the English signature for someone without a language.
    let one = outbox::queue_one(&f.e.store, mail(&f, "a@b.test")).unwrap();
    let raw = String::from_utf8(outbox::raw(&f.e.store, one.id).unwrap()).unwrap();
    assert!(!raw.contains("List-Unsubscribe") && raw.contains("Kind regards, Sales"), "{raw}");
    // Queued inside a write that fails: nothing is left behind.
    let before = f.e.count("SELECT count(*) FROM outbox");
    let r: Result<(), AppError> = f.e.store.write(|tx| {
        outbox::queue(tx, mail(&f, "c@d.test"), T0)?;
        Err(AppError::new(ErrorCode::Conflict, "the caller's action failed"))
    });
    assert!(r.is_err());
    assert_eq!(f.e.count("SELECT count(*) FROM outbox"), before);
    assert_err(outbox::queue_one(&f.e.store, mail(&f, "not an address")), ErrorCode::InvalidEmail, Some("to"));
    assert_err(
        outbox::queue_one(&f.e.store, OutgoingMail { subject: " ".into(), ..mail(&f, "a@b.test") }),
        ErrorCode::Required,
        Some("subject"),
    );
}

#[tokio::test]
async fn sent_is_logged_on_the_timeline_and_5xx_fails_with_the_servers_text() {
    let f = fixture(20, 500);
    let p = people::create(&f.e.store, PersonInput { emails: vec![lv("work", "ann@x.test")], ..person("Ann", "X") })
        .unwrap();
    let ok = outbox::queue_one(&f.e.store, OutgoingMail { to: None, person_id: Some(p.id), ..mail(&f, "") }).unwrap();
    let bad = outbox::queue_one(&f.e.store, OutgoingMail { person_id: Some(p.id), ..mail(&f, "perm@x.test") }).unwrap();
    let m = FakeMailer::default();
    assert_eq!(pass(&f, &m).await, sender::Pass { sent: 1, failed: 1, retried: 0, next_at: None });
    let ok = outbox::get(&f.e.store, ok.id).unwrap();
    assert_eq!((ok.status, ok.sent_at, ok.attempts), (OutboxStatus::Sent, Some(T0), 1));
    let timeline =
        activities::timeline(&f.e.store, &TimelineQuery { person_id: Some(p.id), ..Default::default() }).unwrap();
    let a = &timeline.items[0];
    assert_eq!(
        (a.kind, a.direction, a.subject.as_str()),
        (ActivityKind::Email, Some(Direction::Outbound), "Spring order")
    );
    assert_eq!(ok.activity_id, Some(a.id));
    let bad = outbox::get(&f.e.store, bad.id).unwrap();
    assert_eq!((bad.status, bad.last_error_code), (OutboxStatus::Failed, Some(ErrorCode::RemoteRejected)));
    assert!(bad.last_error.unwrap().contains("5.1.1 No such user"));
    // The person's page lists both, the failure with the server's text.
    let mine = outbox::for_person(&f.e.store, p.id, 50).unwrap();
    assert_eq!(mine.iter().map(|m| m.status).collect::<Vec<_>>(), [OutboxStatus::Failed, OutboxStatus::Sent]);
    assert!(mine[0].last_error.as_deref().unwrap().contains("No such user"));
    // Nothing is tried again.
    assert_eq!(pass(&f, &m).await.sent + pass(&f, &m).await.failed, 0);
    assert_eq!(m.calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_4xx_is_retried_with_a_doubling_backoff() {
    let f = fixture(20, 500);
    let t = outbox::queue_one(&f.e.store, mail(&f, "temp@x.test")).unwrap();
    let m = FakeMailer::default();
    let p = pass(&f, &m).await;
    assert_eq!((p.retried, p.next_at), (1, Some(T0 + MINUTE)));
    let e = outbox::get(&f.e.store, t.id).unwrap();
    assert_eq!((e.status, e.last_error_code), (OutboxStatus::Queued, Some(ErrorCode::RateLimited)));
    assert!(e.last_error.unwrap().contains("451"));
    assert_eq!(pass(&f, &m).await.retried, 0, "not due yet: not tried");
    f.e.clock.set(T0 + MINUTE);
    assert_eq!(pass(&f, &m).await.next_at, Some(T0 + 3 * MINUTE), "second failure: two minutes");
    f.e.clock.set(T0 + 3 * MINUTE);
    assert_eq!(pass(&f, &m).await.next_at, Some(T0 + 7 * MINUTE), "third: four minutes");
    assert_eq!(outbox::get(&f.e.store, t.id).unwrap().attempts, 3);
}

#[tokio::test]
async fn rate_limits_per_minute_and_per_day_hold_messages_back() {
    let f = fixture(3, 5);
    for n in 0..8 {
        outbox::queue_one(&f.e.store, mail(&f, &format!("r{n}@x.test"))).unwrap();
    }
    let m = FakeMailer::default();
    let p = pass(&f, &m).await;
    assert_eq!((p.sent, p.next_at), (3, Some(T0 + MINUTE)), "three a minute");
    let waiting = outbox::list(&f.e.store, Some(OutboxStatus::Queued)).unwrap();
    assert_eq!(waiting.len(), 5);
    assert_eq!(waiting[0].last_error_code, Some(ErrorCode::RateLimited), "the next one says why it waits");
    f.e.clock.set(T0 + 30_000);
    assert_eq!(pass(&f, &m).await.sent, 0, "still inside the minute");
    f.e.clock.set(T0 + MINUTE + 1);
    let p = pass(&f, &m).await;
    assert_eq!((p.sent, p.next_at), (2, Some(T0 + DAY)), "five a day");
    f.e.clock.set(T0 + DAY + 1);
    assert_eq!(pass(&f, &m).await.sent, 3);
    assert_eq!(m.accepted.lock().unwrap().len(), 8);
}

#[tokio::test]
async fn offline_one_attempt_per_pass_and_the_rest_waits_without_attempts() {
    let f = fixture(20, 500);
    for n in 0..10 {
        outbox::queue_one(&f.e.store, mail(&f, &format!("r{n}@x.test"))).unwrap();
    }
    let m = FakeMailer::default();
    m.offline.store(true, Ordering::SeqCst);
    let p = pass(&f, &m).await;
    assert_eq!((p.retried, p.next_at, m.calls.load(Ordering::SeqCst)), (1, Some(T0 + MINUTE), 1));
    assert_eq!(f.e.count("SELECT sum(attempts) FROM outbox"), 1);
    assert_eq!(f.e.count(&format!("SELECT count(*) FROM outbox WHERE next_attempt_at = {}", T0 + MINUTE)), 10);
    assert_eq!(pass(&f, &m).await.retried, 0, "nothing is due until the backoff passed");
    f.e.clock.set(T0 + MINUTE);
    assert_eq!(pass(&f, &m).await.next_at, Some(T0 + 3 * MINUTE));
    assert_eq!(m.calls.load(Ordering::SeqCst), 2);
    m.offline.store(false, Ordering::SeqCst);
    f.e.clock.set(T0 + 3 * MINUTE);
    let p = pass(&f, &m).await;
    assert_eq!((p.sent, p.next_at), (10, None));
}

#[tokio::test]
async fn after_a_crash_only_the_message_in_flight_is_sent_again_first() {
    let f = fixture(100, 1000);
    let ids: Vec<_> =
        (0..5).map(|n| outbox::queue_one(&f.e.store, mail(&f, &format!("r{n}@x.test"))).unwrap()).collect();
    // A sender claimed the second message and died before the answer was recorded.
    f.e.store
        .write(|tx| {
            tx.execute("UPDATE outbox SET next_attempt_at = next_attempt_at + 1 WHERE id = ?1", [ids[0].id])?;
            Ok(())
        })
        .unwrap();
    f.e.clock.set(T0 + 1);
    let Next::Send(claimed) = f.e.store.write(|tx| outbox::claim(tx, T0 + 1, &[])).unwrap() else { panic!("due") };
    assert_eq!(claimed.id, ids[1].id);
    assert_eq!(outbox::get(&f.e.store, ids[1].id).unwrap().status, OutboxStatus::Sending);
    let m = FakeMailer::default();
    assert_eq!(pass(&f, &m).await.sent, 5);
    let accepted = m.accepted.lock().unwrap().clone();
    assert_eq!(accepted[0], ids[1].message_id, "the leftover goes first, with its Message-ID");
    let mut sorted = accepted.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 5, "each exactly once");
    assert_eq!(outbox::get(&f.e.store, ids[1].id).unwrap().attempts, 2);
}

#[tokio::test]
async fn the_job_offline_sleeps_on_the_backoff_instead_of_spinning() {
    use super::jobs::{next_sleep, timer, TestSleeper};
    let f = fixture(20, 500);
    for n in 0..3 {
        outbox::queue_one(&f.e.store, mail(&f, &format!("r{n}@x.test"))).unwrap();
    }
    let (sleeper, mut sleeps) = TestSleeper::new(f.e.clock.clone());
    let m = Arc::new(FakeMailer::default());
    m.offline.store(true, Ordering::SeqCst);
    let wake = Arc::new(tokio::sync::Notify::new());
    let Fixture { e, secrets, .. } = f;
    let (store, dir, clock) = (Arc::new(e.store), e.dir, e.clock);
    let job = sender::spawn(
        &tokio::runtime::Handle::current(),
        store.clone(),
        Arc::new(secrets),
        m.clone(),
        timer(&clock, &sleeper),
        wake,
    );
    assert_eq!(next_sleep(&mut sleeps).await, T0 + MINUTE);
    assert_eq!(m.calls.load(Ordering::SeqCst), 1);
    sleeper.advance_to(T0 + MINUTE);
    assert_eq!(next_sleep(&mut sleeps).await, T0 + 3 * MINUTE);
    assert_eq!(m.calls.load(Ordering::SeqCst), 2, "one connection attempt per run");
    m.offline.store(false, Ordering::SeqCst);
    sleeper.advance_to(T0 + 3 * MINUTE);
    assert_eq!(next_sleep(&mut sleeps).await, T0 + 3 * MINUTE + sender::IDLE_MS, "all sent: idle");
    assert_eq!(m.accepted.lock().unwrap().len(), 3);
    job.stop().await;
    drop(dir);
}

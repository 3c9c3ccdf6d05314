//! A campaign send's progress, pause and resume: the counts read from the outbox, a paused campaign's
//! messages held back by the sender (other mail still goes, and the sender does not spin on them), a resume
//! that lets them go within the rate limits, and a crash while paused mid-send that neither loses nor repeats
//! a message (the one in flight at the pause finishes first, once).

use std::collections::HashSet;

use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::secrets::{MemorySecrets, SecretStore};
use relata_core::services::campaigns::{self, progress, send};
use relata_core::services::mail::outbox::{self, Next};
use relata_core::services::mail::{accounts, sender};

use super::campaigns::{campaign, consent, everyone, someone};
use super::mail_compose::{fixture as mail_fixture, Fixture};
use super::mail_outbox::FakeMailer;
use super::support::*;

struct Sending {
    f: Fixture,
    secrets: MemorySecrets,
    campaign: Campaign,
}

/// `n` members with consent and an address, and one without an address (skipped); the campaign is sent.
fn sending(n: usize) -> Sending {
    let f = mail_fixture();
    let secrets = MemorySecrets::new();
    secrets.set(&accounts::secret_name(&f.e.store, f.account.id).unwrap(), b"pw").unwrap();
    for i in 0..n {
        let p = someone(&f, &format!("P{i}"), Some(&format!("p{i}@example.com")), None);
        consent(&f, p, ContactChannel::Email, ConsentStatus::Given);
    }
    someone(&f, "Nomail", None, None);
    let c = campaign(&f, "Spring");
    campaigns::add_members_from_segment(&f.e.store, c.id, everyone(&f, "All").id).unwrap();
    let req = SendRequest { campaign_id: c.id, template: Some("Offer".into()), ..Default::default() };
    assert_eq!(send::send(&f.e.store, &req).unwrap().queued as usize, n);
    Sending { f, secrets, campaign: c }
}

async fn pass(s: &Sending, m: &FakeMailer) -> sender::Pass {
    sender::run_pass(&s.f.e.store, &s.secrets, m, &|| false).await.unwrap()
}

fn counts(p: &SendProgress) -> (u32, u32, u32, u32, u32, bool, bool) {
    (p.total, p.queued, p.sent, p.failed, p.skipped, p.paused, p.running)
}

#[tokio::test]
async fn a_paused_send_is_held_back_other_mail_goes_and_a_resume_sends_the_rest() {
    let s = sending(4);
    let (store, id) = (&s.f.e.store, s.campaign.id);
    assert_eq!(counts(&progress::progress(store, id).unwrap()), (4, 4, 0, 0, 1, false, true));
    assert_eq!(progress::running(store).unwrap().iter().map(|p| p.campaign_id).collect::<Vec<_>>(), vec![id]);

    let paused = progress::pause(store, id).unwrap();
    assert_eq!(counts(&paused), (4, 4, 0, 0, 1, true, true));
    assert_eq!(progress::pause(store, id).unwrap(), paused, "pausing again changes nothing");
    // A message of its own still goes; the campaign's wait, and the sender does not wake for them.
    let other = OutgoingMail {
        account_id: s.f.account.id,
        to: Some("someone@else.test".into()),
        subject: "Hi".into(),
        body: "Hello".into(),
        ..Default::default()
    };
    let other = outbox::queue_one(store, other).unwrap();
    let m = FakeMailer::default();
    let done = pass(&s, &m).await;
    assert_eq!((done.sent, done.next_at), (1, None), "only the other message; nothing due while paused");
    assert_eq!(*m.accepted.lock().unwrap(), vec![other.message_id]);
    assert_eq!(outbox::held(store).unwrap(), 4);
    assert_eq!(counts(&progress::progress(store, id).unwrap()), (4, 4, 0, 0, 1, true, true));

    let resumed = progress::resume(store, id).unwrap();
    assert!(!resumed.paused);
    assert_eq!(outbox::held(store).unwrap(), 0);
    assert_eq!(pass(&s, &m).await.sent, 4);
    assert_eq!(counts(&progress::progress(store, id).unwrap()), (4, 0, 4, 0, 1, false, false));
    assert!(progress::running(store).unwrap().is_empty(), "a finished send is no longer running");
}

#[tokio::test]
async fn a_resumed_send_keeps_to_the_accounts_rate_limit() {
    let s = sending(25);
    let (store, id) = (&s.f.e.store, s.campaign.id);
    progress::pause(store, id).unwrap();
    let m = FakeMailer::default();
    assert_eq!(pass(&s, &m).await.sent, 0);
    progress::resume(store, id).unwrap();
    let first = pass(&s, &m).await;
    assert_eq!(first.sent, 20, "20 a minute, the fixture account's limit");
    assert!(first.next_at.unwrap() > store.clock().now_ms(), "the rest waits for the limit");
    s.f.e.clock.advance(MINUTE + 1);
    assert_eq!(pass(&s, &m).await.sent, 5);
    assert_eq!(counts(&progress::progress(store, id).unwrap()), (25, 0, 25, 0, 1, false, false));
}

#[tokio::test]
async fn a_crash_while_paused_mid_send_neither_loses_nor_repeats_a_message() {
    let s = sending(5);
    let (store, id) = (&s.f.e.store, s.campaign.id);
    // One message went out, the sender claimed the next one ('sending', committed), the user paused, and
    // the process died before the server's answer was recorded.
    let m = FakeMailer::default();
    let Next::Send(first) = store.write(|tx| outbox::claim(tx, T0, &[])).unwrap() else { panic!("due") };
    store.write(|tx| outbox::mark_sent(tx, first.id, T0).map(drop)).unwrap();
    let Next::Send(in_flight) = store.write(|tx| outbox::claim(tx, T0, &[])).unwrap() else { panic!("due") };
    progress::pause(store, id).unwrap();
    assert_eq!(counts(&progress::progress(store, id).unwrap()), (5, 4, 1, 0, 1, true, true));

    // The next sender finishes only the message that was in flight, then holds the rest.
    let after = FakeMailer::default();
    let done = pass(&s, &after).await;
    assert_eq!((done.sent, done.next_at), (1, None));
    assert_eq!(*after.accepted.lock().unwrap(), vec![in_flight.message_id.clone()]);
    assert_eq!(counts(&progress::progress(store, id).unwrap()), (5, 3, 2, 0, 1, true, true));
    // Another restart while paused sends nothing.
    assert_eq!(pass(&s, &m).await.sent, 0);

    progress::resume(store, id).unwrap();
    assert_eq!(pass(&s, &m).await.sent, 3);
    let mut all: Vec<String> = vec![first.message_id.clone()];
    all.extend(after.accepted.lock().unwrap().iter().cloned());
    all.extend(m.accepted.lock().unwrap().iter().cloned());
    let queued: HashSet<String> = outbox::list(store, None).unwrap().into_iter().map(|e| e.message_id).collect();
    assert_eq!(all.len(), 5, "every message once: {all:?}");
    assert_eq!(all.iter().cloned().collect::<HashSet<_>>(), queued, "and none lost");
    for e in outbox::list(store, None).unwrap() {
        // The message in flight at the crash was claimed twice; every other one once.
        let claims = if e.id == in_flight.id { 2 } else { 1 };
        assert_eq!((e.status, e.attempts), (OutboxStatus::Sent, claims), "{}", e.message_id);
    }
    assert_eq!(counts(&progress::progress(store, id).unwrap()), (5, 0, 5, 0, 1, false, false));
}

#[test]
fn progress_pause_and_resume_name_a_campaign_that_exists_and_sends_email() {
    let s = sending(1);
    let store = &s.f.e.store;
    assert_err(progress::progress(store, 999), ErrorCode::NotFound, None);
    assert_err(progress::pause(store, 999), ErrorCode::NotFound, None);
    assert_err(progress::resume(store, 999), ErrorCode::NotFound, None);
    let input = CampaignInput {
        name: "Fair".into(),
        channel: CampaignChannel::Event,
        purpose: "events".into(),
        currency: "EUR".into(),
        ..Default::default()
    };
    let event = campaigns::add(store, input).unwrap();
    assert_err(progress::pause(store, event.id), ErrorCode::Conflict, Some("channel"));
    // Removing a paused campaign removes its pause with it.
    progress::pause(store, s.campaign.id).unwrap();
    campaigns::remove(store, s.campaign.id).unwrap();
    assert_eq!(s.f.e.count("SELECT count(*) FROM campaign_pauses"), 0);
}

//! IMAP sync against the real Dovecot of `.ci/with-dovecot.sh`: from empty and from a half-synced state,
//! UIDVALIDITY changes, dedupe by Message-ID, malformed and huge messages, bounces, replies, unsubscribes,
//! leads, a refused login and TLS with and without the pinned certificate.

use relata_core::domain::{
    ActivityKind, CadenceInput, CadenceStep, ConsentInput, ConsentStatus, ContactChannel, Direction, MailSecurity,
    TimelineQuery,
};
use relata_core::error::ErrorCode;
use relata_core::secrets::MemorySecrets;
use relata_core::services::mail::{sync, threads};
use relata_core::services::{activities, cadences, gdpr, people};

use super::mail_server::{self as srv, block_on};
use super::support::{env, lv, person, Env};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(super::support::repo_root().join("tests/fixtures/mail").join(name)).unwrap()
}

fn annelies(e: &Env) -> relata_core::domain::Person {
    let mut p = person("Annelies", "de Vries");
    p.emails = vec![lv("work", "annelies@example.nl")];
    p.company_name = Some("Tulp BV".into());
    people::create(&e.store, p).unwrap()
}

fn sync_once(e: &Env, secrets: &MemorySecrets) -> relata_core::domain::AccountSyncReport {
    let (mut reports, error) = block_on(sync::sync_all(&e.store, secrets, None, None)).unwrap();
    assert!(error.is_none(), "{error:?}");
    reports.remove(0)
}

fn folder<'a>(r: &'a relata_core::domain::AccountSyncReport, name: &str) -> &'a relata_core::domain::FolderSyncReport {
    r.folders.iter().find(|f| f.folder == name).unwrap_or_else(|| panic!("no {name} in {r:?}"))
}

#[test]
fn sync_from_empty_puts_mail_on_the_people_and_company_timelines() {
    let _mailbox = srv::lock();
    let (e, secrets) = (env(), MemorySecrets::new());
    let a = annelies(&e);
    srv::account(&e.store, &secrets, |_| {});
    srv::append("INBOX", &[&fixture("plain.eml"), &fixture("attachment.eml"), &fixture("html_only.eml")]);
    let out = srv::message("sent-1@relata.test", "sales@relata.test", "Annelies@Example.nl", "Our offer", "", "Here.");
    srv::append("Sent", &[&out]);
    let r = sync_once(&e, &secrets);
    let inbox = folder(&r, "INBOX");
    assert_eq!((inbox.new_messages, inbox.matched, inbox.duplicates), (3, 2, 0), "{r:?}");
    assert_eq!((folder(&r, "Sent").new_messages, folder(&r, "Sent").matched), (1, 1));
    let q = TimelineQuery { person_id: Some(a.id), kinds: vec![ActivityKind::Email], ..Default::default() };
    let items = activities::timeline(&e.store, &q).unwrap().items;
    assert_eq!(items.len(), 3);
    let outbound: Vec<_> = items.iter().filter(|i| i.direction == Some(Direction::Outbound)).collect();
    assert_eq!(outbound.len(), 1);
    assert_eq!(outbound[0].subject, "Our offer");
    let inbound = items.iter().find(|i| i.subject == "Spring order").expect("the plain message");
    assert_eq!(inbound.body.as_deref(), Some("Hello, we would like 12 crates of tulips. Grüße"));
    let q = TimelineQuery { company_id: a.company_id, ..Default::default() };
    assert_eq!(activities::timeline(&e.store, &q).unwrap().items.len(), 3, "the company's timeline too");
    let threads = threads::for_person(&e.store, a.id).unwrap();
    let offer = threads.iter().flat_map(|t| &t.messages).find(|m| m.message_id == "attach-1@example.nl").unwrap();
    assert_eq!(offer.attachments[0].name, "offerte.pdf");
    assert_eq!(e.count("SELECT COUNT(*) FROM people"), 1, "no leads unless the account asks");
}

#[test]
fn a_half_synced_folder_resumes_after_the_last_committed_message() {
    let _mailbox = srv::lock();
    let (e, secrets) = (env(), MemorySecrets::new());
    annelies(&e);
    srv::account(&e.store, &secrets, |_| {});
    let msgs: Vec<Vec<u8>> = (1..=4)
        .map(|i| srv::message(&format!("m{i}@example.nl"), "annelies@example.nl", "sales@relata.test", "Hi", "", "x"))
        .collect();
    srv::append("INBOX", &[&msgs[0], &msgs[1], &msgs[2]]);
    assert_eq!(folder(&sync_once(&e, &secrets), "INBOX").new_messages, 3);
    // As if the process died after committing the first message's batch: the state and the rows agree.
    let first = e.count("SELECT MIN(uid) FROM mail_messages");
    e.raw()
        .execute_batch(&format!(
            "DELETE FROM activities WHERE id IN (SELECT activity_id FROM mail_message_activities ma
               JOIN mail_messages m ON m.id = ma.message_id WHERE m.uid > {first});
             DELETE FROM mail_messages WHERE uid > {first};
             UPDATE mail_folders SET last_uid = {first} WHERE name = 'INBOX';"
        ))
        .unwrap();
    srv::append("INBOX", &[&msgs[3]]);
    let r = sync_once(&e, &secrets);
    assert_eq!((folder(&r, "INBOX").new_messages, folder(&r, "INBOX").duplicates), (3, 0), "{r:?}");
    assert_eq!(e.count("SELECT COUNT(*) FROM mail_messages"), 4);
    assert_eq!(e.count("SELECT COUNT(*) FROM activities WHERE kind = 'email'"), 4);
    assert_eq!(e.count("SELECT last_uid FROM mail_folders WHERE name = 'INBOX'"), first + 3);
    let again = sync_once(&e, &secrets);
    assert_eq!((folder(&again, "INBOX").new_messages, folder(&again, "INBOX").duplicates), (0, 0), "nothing refetched");
}

#[test]
fn a_new_uidvalidity_reads_the_folder_again_without_storing_twice() {
    let _mailbox = srv::lock();
    let (e, secrets) = (env(), MemorySecrets::new());
    annelies(&e);
    srv::account(&e.store, &secrets, |i| i.extra_folders = vec!["Projects".into()]);
    let m =
        |i: u32| srv::message(&format!("p{i}@example.nl"), "annelies@example.nl", "sales@relata.test", "P", "", "x");
    srv::append("Projects", &[&m(1), &m(2)]);
    let before = srv::uidvalidity("Projects");
    assert_eq!(folder(&sync_once(&e, &secrets), "Projects").new_messages, 2);
    srv::recreate("Projects");
    srv::append("Projects", &[&m(1), &m(2), &m(3)]);
    assert_ne!(srv::uidvalidity("Projects"), before, "the server renumbered the folder");
    let r = sync_once(&e, &secrets);
    let p = folder(&r, "Projects");
    assert!(p.uidvalidity_reset);
    assert_eq!((p.new_messages, p.duplicates), (1, 2));
    assert_eq!(e.count("SELECT COUNT(*) FROM activities WHERE kind = 'email'"), 3);
    let stored: i64 = e.count("SELECT uidvalidity FROM mail_folders WHERE name = 'Projects'");
    assert_eq!(stored, i64::from(srv::uidvalidity("Projects")));
}

#[test]
fn the_same_message_in_two_folders_and_synced_twice_is_stored_once() {
    let _mailbox = srv::lock();
    let (e, secrets) = (env(), MemorySecrets::new());
    annelies(&e);
    srv::account(&e.store, &secrets, |_| {});
    let msg = srv::message("copy@relata.test", "sales@relata.test", "annelies@example.nl", "Copied", "", "x");
    srv::append("INBOX", &[&msg]);
    srv::append("Sent", &[&msg]);
    let r = sync_once(&e, &secrets);
    assert_eq!(folder(&r, "INBOX").new_messages + folder(&r, "Sent").new_messages, 1);
    assert_eq!(folder(&r, "INBOX").duplicates + folder(&r, "Sent").duplicates, 1);
    let r = sync_once(&e, &secrets);
    assert!(r.folders.iter().all(|f| f.new_messages == 0 && f.duplicates == 0), "{r:?}");
    assert_eq!(e.count("SELECT COUNT(*) FROM mail_messages"), 1);
    assert_eq!(e.count("SELECT COUNT(*) FROM activities WHERE kind = 'email'"), 1);
    assert_eq!(e.count("SELECT COUNT(*) FROM activities WHERE direction = 'outbound'"), 1, "from our address");
}

#[test]
fn malformed_and_huge_messages_are_stored_and_do_not_stop_the_sync() {
    let _mailbox = srv::lock();
    let (e, secrets) = (env(), MemorySecrets::new());
    annelies(&e);
    srv::account(&e.store, &secrets, |_| {});
    // About 5 MB once decoded: base64 lines of 76 characters (57 bytes each).
    let blob = format!("{}\r\n", "QUFB".repeat(19)).repeat(5 * 1024 * 1024 / 57 + 1);
    let huge = format!(
        "From: annelies@example.nl\r\nTo: sales@relata.test\r\nSubject: Big\r\nMessage-ID: <huge@example.nl>\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"H\"\r\n\r\n--H\r\nContent-Type: text/plain\r\n\r\n\
         The catalogue.\r\n--H\r\nContent-Type: application/octet-stream; name=\"catalogue.bin\"\r\n\
         Content-Disposition: attachment; filename=\"catalogue.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n\
         {blob}--H--\r\n"
    );
    let after = srv::message("after@example.nl", "annelies@example.nl", "sales@relata.test", "After", "", "x");
    srv::append("INBOX", &[&fixture("malformed.eml"), huge.as_bytes(), &after]);
    let r = sync_once(&e, &secrets);
    let inbox = folder(&r, "INBOX");
    assert_eq!((inbox.new_messages, inbox.malformed, inbox.matched), (3, 1, 2), "{r:?}");
    assert_eq!(e.count("SELECT malformed FROM mail_messages WHERE subject = 'Broken'"), 1);
    let size = e.count("SELECT size FROM mail_attachments WHERE name = 'catalogue.bin'");
    assert!(size > 3_000_000, "the decoded attachment's size: {size}");
    assert!(e.count("SELECT size FROM mail_messages WHERE message_id = 'huge@example.nl'") > 5_000_000);
}

#[test]
fn a_bounce_marks_the_address_on_the_person() {
    let _mailbox = srv::lock();
    let (e, secrets) = (env(), MemorySecrets::new());
    let mut p = person("Gone", "Away");
    p.emails = vec![lv("work", "gone@example.nl"), lv("home", "fine@example.nl")];
    let gone = people::create(&e.store, p).unwrap();
    srv::account(&e.store, &secrets, |_| {});
    srv::append("INBOX", &[&fixture("bounce.eml")]);
    let r = sync_once(&e, &secrets);
    assert_eq!(folder(&r, "INBOX").bounces, 1);
    let (person_id, address, status): (i64, String, String) = e
        .raw()
        .query_row("SELECT person_id, address, status FROM mail_bounces", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    assert_eq!((person_id, address.as_str(), status.as_str()), (gone.id, "gone@example.nl", "5.1.1"));
    assert_eq!(e.count("SELECT COUNT(*) FROM mail_bounces"), 1, "only the failed address");
}

#[test]
fn a_reply_to_our_message_is_a_signal_and_stops_the_cadence() {
    let _mailbox = srv::lock();
    let (e, secrets) = (env(), MemorySecrets::new());
    let a = annelies(&e);
    let step = CadenceStep { offset_days: 3, kind: ActivityKind::Email, title: "Follow up".into() };
    let c = cadences::create(&e.store, CadenceInput { name: "Intro".into(), steps: vec![step] }).unwrap();
    cadences::apply(&e.store, c.id, a.id, None).unwrap();
    srv::account(&e.store, &secrets, |_| {});
    let ours = srv::message("sent-1@relata.test", "sales@relata.test", "annelies@example.nl", "Our offer", "", "x");
    srv::append("Sent", &[&ours]);
    srv::append("INBOX", &[&fixture("reply.eml"), &fixture("plain.eml")]);
    let r = sync_once(&e, &secrets);
    assert_eq!(folder(&r, "INBOX").replies, 1, "{r:?}");
    let replied: String = e.raw().query_row("SELECT replied_to FROM mail_replies", [], |r| r.get(0)).unwrap();
    assert_eq!(replied, "sent-1@relata.test");
    assert_eq!(e.count("SELECT COUNT(*) FROM cadence_runs WHERE stop_reason = 'reply'"), 1);
}

#[test]
fn an_unsubscribe_reply_withdraws_consent_and_unknown_senders_become_leads() {
    let _mailbox = srv::lock();
    let (e, secrets) = (env(), MemorySecrets::new());
    let a = annelies(&e);
    let consent = ConsentInput {
        person_id: a.id,
        channel: ContactChannel::Email,
        purpose: "newsletter".into(),
        status: ConsentStatus::Given,
        at: Some(super::support::T0 - super::support::DAY),
        source: None,
        note: None,
    };
    gdpr::add_consent(&e.store, consent).unwrap();
    srv::account(&e.store, &secrets, |i| i.create_leads = true);
    let unsub = srv::message("u1@example.nl", "annelies@example.nl", "unsubscribe@relata.test", "unsubscribe", "", "");
    let stranger =
        srv::message("s1@new.example", "\"Nina Nieuw\" <nina@new.example>", "sales@relata.test", "Q", "", "?");
    srv::append("INBOX", &[&unsub, &stranger]);
    let r = sync_once(&e, &secrets);
    let inbox = folder(&r, "INBOX");
    assert_eq!((inbox.unsubscribes, inbox.leads_created), (1, 1), "{r:?}");
    let current = gdpr::consents(&e.store, a.id).unwrap().current;
    assert_eq!(current[0].status, ConsentStatus::Withdrawn);
    let lead: (String, String, String) = e
        .raw()
        .query_row(
            "SELECT p.first_name, p.last_name, p.lifecycle FROM people p JOIN person_emails m ON m.person_id = p.id
             WHERE m.value = 'nina@new.example'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(lead, ("Nina".into(), "Nieuw".into(), "lead".into()));
}

#[test]
fn a_refused_login_is_a_login_error() {
    let _mailbox = srv::lock();
    let (e, secrets) = (env(), MemorySecrets::new());
    srv::account(&e.store, &secrets, |i| i.username = "nobody-here".into());
    let (reports, error) = block_on(sync::sync_all(&e.store, &secrets, None, None)).unwrap();
    assert!(reports.is_empty());
    assert_eq!(error.expect("an error").code, ErrorCode::Login);
}

#[test]
fn tls_needs_the_pinned_certificate() {
    let _mailbox = srv::lock();
    let port = i32::from(srv::server().imaps_port);
    let e = env();
    let secrets = MemorySecrets::new();
    srv::account(&e.store, &secrets, |i| {
        i.security = MailSecurity::Tls;
        i.imap_host = "localhost".into();
        i.imap_port = port;
    });
    let (_, error) = block_on(sync::sync_all(&e.store, &secrets, None, None)).unwrap();
    assert_eq!(error.expect("a self-signed certificate is refused").code, ErrorCode::Certificate);

    let e = env();
    srv::account(&e.store, &secrets, |i| {
        i.security = MailSecurity::Tls;
        i.imap_host = "localhost".into();
        i.imap_port = port;
        i.imap_cert_pin = Some(srv::cert_pin());
    });
    annelies(&e);
    srv::append("INBOX", &[&fixture("plain.eml")]);
    assert_eq!(folder(&sync_once(&e, &secrets), "INBOX").matched, 1);
}

#[test]
fn the_imap_half_of_test_connection_names_the_failing_step_and_the_fingerprint() {
    use relata_core::domain::MailStep;
    use relata_core::services::mail::{accounts, imap};
    let _mailbox = srv::lock();
    let (e, secrets) = (env(), MemorySecrets::new());
    let port = i32::from(srv::server().imaps_port);
    let a = srv::account(&e.store, &secrets, |i| {
        i.security = MailSecurity::Tls;
        i.imap_host = "localhost".into();
        i.imap_port = port;
    });
    let password = accounts::password(&e.store, &secrets, a.id).unwrap();
    let refused = block_on(imap::server_check(&a, &password));
    assert_eq!((refused.ok, refused.failed_step), (false, Some(MailStep::Certificate)));
    assert_eq!(refused.fingerprint.as_deref(), Some(srv::cert_pin().as_str()));
    let pinned = relata_core::domain::MailAccount { imap_cert_pin: Some(srv::cert_pin()), ..a.clone() };
    assert!(block_on(imap::server_check(&pinned, &password)).ok);
    let wrong = block_on(imap::server_check(&pinned, "wrong password"));
    assert_eq!(wrong.failed_step, Some(MailStep::Login));
}

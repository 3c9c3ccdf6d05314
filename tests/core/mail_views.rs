//! The small reads behind the mail screens: the thread and attachments of timeline emails, a person's
//! bouncing addresses, and when each account last synced. Rows are written as sync writes them.

use relata_core::domain::{ActivityInput, ActivityKind, MailAccountInput, MailSecurity, OutgoingMail};
use relata_core::error::ErrorCode;
use relata_core::secrets::MemorySecrets;
use relata_core::services::mail::{accounts, outbox, views};
use relata_core::services::{activities, people};

use super::support::{env, lv, person, Env};

fn email(e: &Env, person_id: i64, subject: &str) -> i64 {
    let input = ActivityInput {
        subject: subject.into(),
        body: Some("text".into()),
        person_id: Some(person_id),
        ..email_input()
    };
    activities::create(&e.store, input).unwrap().id
}

/// A stored message in `thread` linked to `activity`, with `attachments` (name, size).
fn message(e: &Env, id: &str, thread: &str, activity: i64, person: i64, malformed: bool, attachments: &[(&str, i64)]) {
    let c = e.raw();
    c.execute(
        "INSERT INTO mail_messages (message_id, direction, subject, sent_at, thread_key, size, malformed, created_at)
         VALUES (?1, 'inbound', 's', 1, ?2, 10, ?3, 1)",
        rusqlite::params![id, thread, malformed],
    )
    .unwrap();
    let m = c.last_insert_rowid();
    c.execute(
        "INSERT INTO mail_message_activities (message_id, activity_id, person_id) VALUES (?1, ?2, ?3)",
        [m, activity, person],
    )
    .unwrap();
    for (i, (name, size)) in attachments.iter().enumerate() {
        c.execute(
            "INSERT INTO mail_attachments (message_id, position, name, content_type, size) VALUES (?1, ?2, ?3, 'application/pdf', ?4)",
            rusqlite::params![m, i as i64, name, size],
        )
        .unwrap();
    }
}

#[test]
fn timeline_emails_get_their_thread_size_attachments_and_malformed_flag() {
    let e = env();
    let mut p = person("Mette", "Holm");
    p.emails = vec![lv("work", "mette@example.dk")];
    let p = people::create(&e.store, p).unwrap();
    let (a1, a2, a3) = (email(&e, p.id, "Tilbud"), email(&e, p.id, "Re: Tilbud"), email(&e, p.id, "Andet"));
    let note = activities::create(
        &e.store,
        ActivityInput { kind: ActivityKind::Note, subject: "n".into(), person_id: Some(p.id), ..email_input() },
    )
    .unwrap()
    .id;
    message(&e, "t1@x", "t1@x", a1, p.id, false, &[("tilbud.pdf", 2048), ("pris.pdf", 10)]);
    message(&e, "t2@x", "t1@x", a2, p.id, true, &[]);
    message(&e, "o1@x", "o1@x", a3, p.id, false, &[]);
    let info = views::for_activities(&e.store, &[a3, a1, note, a2]).unwrap();
    assert_eq!(info[0].message_id, "t1@x");
    assert_eq!(info.iter().map(|i| i.activity_id).collect::<Vec<_>>(), vec![a1, a2, a3], "ordered, the note left out");
    assert_eq!((info[0].thread_key.as_str(), info[0].thread_size), ("t1@x", 2));
    assert_eq!(
        info[0].attachments.iter().map(|a| (a.name.as_str(), a.size)).collect::<Vec<_>>(),
        vec![("tilbud.pdf", 2048), ("pris.pdf", 10)]
    );
    assert!(info[1].malformed && !info[0].malformed);
    assert_eq!(info[2].thread_size, 1);
    assert!(views::for_activities(&e.store, &[]).unwrap().is_empty());
}

fn email_input() -> ActivityInput {
    ActivityInput {
        kind: ActivityKind::Email,
        direction: None,
        subject: String::new(),
        body: None,
        occurred_at: None,
        duration_secs: None,
        person_id: None,
        company_id: None,
        deal_id: None,
    }
}

#[test]
fn bounces_and_sync_status() {
    let e = env();
    let p = people::create(&e.store, person("Ida", "Berg")).unwrap();
    assert!(views::bounces(&e.store, p.id).unwrap().is_empty());
    e.raw()
        .execute(
            "INSERT INTO mail_bounces (person_id, address, status, bounced_at) VALUES (?1, 'ida@example.dk', '5.1.1', 7)",
            [p.id],
        )
        .unwrap();
    let b = views::bounces(&e.store, p.id).unwrap();
    assert_eq!((b[0].address.as_str(), b[0].status.as_deref(), b[0].bounced_at), ("ida@example.dk", Some("5.1.1"), 7));

    let a = accounts::add(&e.store, &MemorySecrets::new(), account_input(), "pw").unwrap();
    let s = views::sync_status(&e.store).unwrap();
    assert_eq!((s[0].account_id, s[0].synced_at, s[0].folders), (a.id, None, 0));
    let c = e.raw();
    c.execute(
        "INSERT INTO mail_folders (account_id, name, role, synced_at) VALUES (?1, 'INBOX', 'inbox', 100)",
        [a.id],
    )
    .unwrap();
    c.execute("INSERT INTO mail_folders (account_id, name, role, synced_at) VALUES (?1, 'Sent', 'sent', 250)", [a.id])
        .unwrap();
    let s = views::sync_status(&e.store).unwrap();
    assert_eq!((s[0].synced_at, s[0].folders), (Some(250), 2));
}

#[test]
fn a_reply_carries_in_reply_to_and_references_and_a_bad_id_is_refused() {
    let e = env();
    let a = accounts::add(&e.store, &MemorySecrets::new(), account_input(), "pw").unwrap();
    let mail = |id: Option<&str>| OutgoingMail {
        account_id: a.id,
        to: Some("mette@example.dk".into()),
        subject: "Re: Tilbud".into(),
        body: "Tak".into(),
        in_reply_to: id.map(str::to_string),
        ..Default::default()
    };
    for given in ["t1@example.dk", "<t1@example.dk>"] {
        let entry = outbox::queue_one(&e.store, mail(Some(given))).unwrap();
        let raw = String::from_utf8(outbox::raw(&e.store, entry.id).unwrap()).unwrap();
        assert!(raw.contains("In-Reply-To: <t1@example.dk>\r\n"), "{raw}");
        assert!(raw.contains("References: <t1@example.dk>\r\n"), "{raw}");
    }
    let plain = outbox::queue_one(&e.store, mail(None)).unwrap();
    assert!(!String::from_utf8(outbox::raw(&e.store, plain.id).unwrap()).unwrap().contains("In-Reply-To"));
    for bad in ["", "no-at-sign", "a@b>\r\nBcc: x@y", "a b@c"] {
        let err = outbox::queue_one(&e.store, mail(Some(bad))).unwrap_err();
        assert_eq!((err.code, err.field.as_deref()), (ErrorCode::InvalidValue, Some("in_reply_to")), "{bad:?}");
    }
}

fn account_input() -> MailAccountInput {
    MailAccountInput {
        name: "Work".into(),
        address: "me@example.dk".into(),
        display_name: String::new(),
        username: "me".into(),
        imap_host: "127.0.0.1".into(),
        imap_port: 143,
        smtp_host: "127.0.0.1".into(),
        smtp_port: 587,
        security: MailSecurity::None,
        imap_cert_pin: None,
        smtp_cert_pin: None,
        create_leads: false,
        extra_folders: vec![],
        per_minute: 20,
        per_day: 500,
        signatures: vec![],
    }
}

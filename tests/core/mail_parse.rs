//! Parsing fetched messages (fixtures in tests/fixtures/mail) and matching them to people.

use relata_core::domain::Direction;
use relata_core::services::mail::{matching, parse};
use relata_core::services::people;

use super::support::{env, lv, person};

fn fixture(name: &str) -> Vec<u8> {
    let path = super::support::repo_root().join("tests/fixtures/mail").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn plain_message_gives_addresses_subject_body_date_and_id() {
    let m = parse::parse(&fixture("plain.eml"));
    assert_eq!(m.message_id, "order-1@example.nl");
    assert_eq!(m.from[0].address, "annelies@example.nl", "addresses are lower-cased");
    assert_eq!(m.from[0].name.as_deref(), Some("Annelies de Vries"));
    assert_eq!(m.recipients[0].address, "sales@relata.test");
    assert_eq!(m.subject, "Spring order");
    assert_eq!(m.body, "Hello, we would like 12 crates of tulips. Grüße");
    assert_eq!(m.date, Some(1_741_604_400_000));
    assert_eq!(m.thread_key, "order-1@example.nl", "a first message is its own thread");
    assert!(!m.malformed && m.bounce.is_none() && m.attachments.is_empty());
    assert_eq!(m.direction("sales@relata.test", false), Direction::Inbound);
    assert_eq!(m.direction("SALES@relata.test", true), Direction::Outbound);
    assert_eq!(m.direction("annelies@example.nl", false), Direction::Outbound, "from the account's own address");
}

#[test]
fn html_only_body_becomes_text_without_markup_scripts_or_images() {
    let m = parse::parse(&fixture("html_only.eml"));
    assert!(m.body.contains("Offer") && m.body.contains("12 EUR"), "{}", m.body);
    for markup in ["<", "alert(1)", "color:red", "tracker.example"] {
        assert!(!m.body.contains(markup), "{markup:?} left in {:?}", m.body);
    }
}

#[test]
fn attachments_are_named_and_sized_and_the_text_alternative_wins() {
    let m = parse::parse(&fixture("attachment.eml"));
    assert_eq!(m.subject, "Offerte für Frühling", "encoded words are decoded");
    assert_eq!(m.body, "See the attached offer.");
    assert_eq!(m.attachments.len(), 1);
    let a = &m.attachments[0];
    assert_eq!((a.name.as_str(), a.content_type.as_str()), ("offerte.pdf", "application/pdf"));
    assert_eq!(a.size, "%PDF-1.4 fake pdf content for a test\n".len() as i64, "decoded size");
    let to: Vec<&str> = m.recipients.iter().map(|r| r.address.as_str()).collect();
    assert_eq!(to, ["sales@relata.test", "other@example.com", "boss@example.nl"], "To and Cc");
    assert_eq!(m.date, Some(1_741_681_800_000), "the zone offset is applied");
}

#[test]
fn a_reply_carries_its_thread_root_and_the_ids_it_answers() {
    let m = parse::parse(&fixture("reply.eml"));
    assert_eq!(m.in_reply_to, ["sent-1@relata.test"]);
    assert_eq!(m.references, ["root-0@relata.test", "sent-1@relata.test"]);
    assert_eq!(m.thread_key, "root-0@relata.test");
    assert_eq!(
        m.answered_ids().collect::<Vec<_>>(),
        ["sent-1@relata.test", "root-0@relata.test", "sent-1@relata.test"]
    );
}

#[test]
fn a_delivery_status_notification_names_only_the_failed_recipient() {
    let m = parse::parse(&fixture("bounce.eml"));
    let b = m.bounce.expect("a bounce");
    assert_eq!(b.recipients, ["gone@example.nl"], "the delayed recipient is not a bounce");
    assert_eq!(b.status.as_deref(), Some("5.1.1"));
    assert!(parse::parse(&fixture("reply.eml")).bounce.is_none());
    let exim = b"From: Mail Delivery System <Mailer-Daemon@x.test>\r\nX-Failed-Recipients: A@x.nl, b@y.nl\r\n\
Subject: Mail delivery failed\r\n\r\nSorry.\r\n";
    assert_eq!(parse::parse(exim).bounce.expect("exim bounce").recipients, ["a@x.nl", "b@y.nl"]);
}

#[test]
fn malformed_input_is_kept_as_far_as_it_parses_and_flagged() {
    let m = parse::parse(&fixture("malformed.eml"));
    assert!(m.malformed);
    assert_eq!(m.subject, "Broken");
    assert!(m.from.is_empty() && m.date.is_none());
    assert!(m.message_id.starts_with(parse::SYNTHETIC_ID_PREFIX), "{}", m.message_id);
    // Garbage of every kind parses without a panic, and the same bytes always get the same id.
    for raw in [&b""[..], b"\0\0\xff\xfe", b"no headers here at all", b"Subject: =?x?q?broken", b"\r\n\r\n\r\n"] {
        let a = parse::parse(raw);
        assert_eq!(a.message_id, parse::parse(raw).message_id);
        assert_eq!(a.size, raw.len());
    }
    assert!(parse::parse(b"").malformed);
}

#[test]
fn long_subjects_and_bodies_are_clipped_to_what_an_activity_holds() {
    let raw = format!("From: a@b.nl\r\nSubject: {}\r\n\r\n{}\r\n", "s".repeat(2_000), "é".repeat(200_000));
    let m = parse::parse(raw.as_bytes());
    assert_eq!(m.subject.chars().count(), 500);
    assert_eq!(m.body.chars().count(), 100_000);
}

#[test]
fn matching_finds_any_address_of_a_live_person_case_insensitively() {
    let e = env();
    let mut input = person("Annelies", "de Vries");
    input.emails = vec![lv("work", "annelies@example.nl"), lv("home", "Annelies.Home@Example.com")];
    input.company_name = Some("Tulp BV".into());
    let a = people::create(&e.store, input).unwrap();
    let mut other = person("Bram", "Bos");
    other.emails = vec![lv("work", "bram@example.nl")];
    let b = people::create(&e.store, other).unwrap();
    let found = e.store.read(|c| matching::people_for(c, ["ANNELIES.home@example.com", "x@y.z", "bram@example.nl"]));
    let found = found.unwrap();
    assert_eq!(found.iter().map(|m| m.person_id).collect::<Vec<_>>(), [a.id, b.id]);
    assert_eq!(found[0].company_id, a.company_id);
    assert!(found[0].company_id.is_some());
    people::delete(&e.store, b.id).unwrap();
    assert!(e.store.read(|c| matching::people_with(c, "bram@example.nl")).unwrap().is_empty(), "trashed");
}

#[test]
fn an_unsubscribe_reply_names_its_purpose_when_the_subject_does() {
    use relata_core::services::mail::record::unsubscribe_purpose;
    let with = |subject: &str, to: &str| {
        let raw = format!("From: a@example.nl\r\nTo: {to}\r\nSubject: {subject}\r\n\r\n\r\n");
        unsubscribe_purpose(&parse::parse(raw.as_bytes()), "sales@relata.test")
    };
    assert_eq!(with("unsubscribe newsletter", "sales@relata.test"), Some(Some("newsletter".into())));
    assert_eq!(with("Re: AW: UNSUBSCRIBE", "sales@relata.test"), Some(None));
    assert_eq!(with("please stop", "unsubscribe+news@relata.test"), Some(None));
    assert_eq!(with("please stop", "unsubscribe@elsewhere.test"), None, "another domain's address");
    assert_eq!(with("Re: our unsubscribe policy", "sales@relata.test"), None);
}

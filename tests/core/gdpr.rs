//! GDPR: consent history, the export of everything about a person, and an erasure that leaves no trace
//! in the database file.

use relata_core::clock::Clock;
use relata_core::domain::{ConsentInput, ConsentStatus, ContactChannel, TaskInput};
use relata_core::error::ErrorCode;
use relata_core::services::{activities, deals, gdpr, people, search};
use serde_json::json;

use super::support::{assert_err, env, lv, person, Env, DAY, HOUR};

fn consent(person_id: i64, status: ConsentStatus, source: &str) -> ConsentInput {
    ConsentInput {
        person_id,
        channel: ContactChannel::Email,
        purpose: "newsletter".into(),
        status,
        at: None,
        source: Some(source.into()),
        note: None,
    }
}

#[test]
fn consent_keeps_its_history_and_a_current_state() {
    let e = env();
    let p = people::create(&e.store, person("Ada", "Lovelace")).unwrap();
    assert_err(
        gdpr::add_consent(&e.store, consent(p.id, ConsentStatus::Withdrawn, "unsubscribe link")),
        ErrorCode::Conflict,
        Some("purpose"),
    );
    gdpr::add_consent(&e.store, consent(p.id, ConsentStatus::Given, "double opt-in")).unwrap();
    e.clock.advance(HOUR);
    let mut sms = consent(p.id, ConsentStatus::Given, "newsletter signup");
    sms.channel = ContactChannel::Sms;
    gdpr::add_consent(&e.store, sms).unwrap();
    e.clock.advance(HOUR);
    gdpr::add_consent(&e.store, consent(p.id, ConsentStatus::Withdrawn, "unsubscribe link")).unwrap();
    let o = gdpr::consents(&e.store, p.id).unwrap();
    assert_eq!(o.history.len(), 3);
    let current: Vec<_> = o.current.iter().map(|c| (c.channel, c.status)).collect();
    assert_eq!(
        current,
        vec![(ContactChannel::Email, ConsentStatus::Withdrawn), (ContactChannel::Sms, ConsentStatus::Given)]
    );
    let mut blank = consent(p.id, ConsentStatus::Given, "x");
    blank.purpose = "  ".into();
    assert_err(gdpr::add_consent(&e.store, blank), ErrorCode::Required, Some("purpose"));
    assert_err(gdpr::add_consent(&e.store, consent(999, ConsentStatus::Given, "x")), ErrorCode::NotFound, None);
}

/// A person with data in every table that can hold something about them.
fn subject(e: &Env) -> (i64, i64) {
    let s = &e.store;
    let mut p = person("Zebedeus", "Quixotic");
    p.emails = vec![lv("work", "zebedeus.quixotic@example.org")];
    p.phones = vec![lv("mobile", "+31 6 9876 5432")];
    p.tags = vec!["vip".into()];
    p.company_name = Some("Keepers BV".into());
    let p = people::create(s, p).unwrap();
    let keep = people::create(s, person("Other", "Person")).unwrap();
    gdpr::add_consent(s, consent(p.id, ConsentStatus::Given, "double opt-in")).unwrap();
    activities::create(
        s,
        serde_json::from_value(json!({"kind": "note", "body": "Zebedeus likes sailing", "person_id": p.id})).unwrap(),
    )
    .unwrap();
    let deal = deals::create(
        s,
        serde_json::from_value(json!({"title": "Shared deal", "value_minor": 100, "person_id": p.id})).unwrap(),
    )
    .unwrap();
    activities::create(
        s,
        serde_json::from_value(json!({"kind": "call", "subject": "deal call", "person_id": p.id, "deal_id": deal.id}))
            .unwrap(),
    )
    .unwrap();
    relata_core::services::tasks::create(
        s,
        TaskInput {
            title: "Ring Quixotic".into(),
            due_at: e.clock.now_ms() + DAY,
            person_id: Some(p.id),
            ..Default::default()
        },
    )
    .unwrap();
    let cadence = relata_core::services::cadences::list(s).unwrap().remove(0);
    relata_core::services::cadences::apply(s, cadence.id, p.id, None).unwrap();
    (p.id, keep.id)
}

#[test]
fn person_export_holds_every_linked_record_as_json_and_html() {
    let e = env();
    let (id, _) = subject(&e);
    let data = gdpr::person_data(&e.store, id).unwrap();
    assert_eq!(data["emails"][0]["value"], "zebedeus.quixotic@example.org");
    assert_eq!(data["consents"].as_array().unwrap().len(), 1);
    assert_eq!(data["activities"].as_array().unwrap().len(), 2);
    assert_eq!(data["tasks"].as_array().unwrap().len(), 5, "one task plus four cadence steps");
    assert_eq!(data["deals"][0]["title"], "Shared deal");
    assert_eq!(data["company"]["name"], "Keepers BV");
    let dir = e.dir.path().join("out");
    let files = gdpr::export_person(&e.store, id, &dir, "de").unwrap();
    let html = std::fs::read_to_string(&files.html).unwrap();
    assert!(html.contains("Export personenbezogener Daten") && html.contains("zebedeus.quixotic@example.org"));
    let back: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&files.json).unwrap()).unwrap();
    assert_eq!(back, data);
    assert_err(gdpr::person_data(&e.store, 999), ErrorCode::NotFound, None);
}

#[test]
fn erase_leaves_no_trace_in_the_database_files() {
    let e = env();
    let (id, keep) = subject(&e);
    // Rewrite the person a few times so old versions sit in the WAL and in free pages.
    for i in 0..3 {
        let mut p = person("Zebedeus", &format!("Quixotic{i}"));
        p.emails = vec![lv("work", "zebedeus.quixotic@example.org")];
        people::update(&e.store, id, p).unwrap();
    }
    people::delete(&e.store, id).unwrap();
    let report = gdpr::erase(&e.store, id).unwrap();
    let count = |label: &str| report.counts.iter().find(|c| c.0 == label).map(|c| c.1);
    assert_eq!(count("people"), Some(1));
    assert_eq!(count("activities"), Some(1), "the note only about them");
    assert_eq!(count("activities_unlinked"), Some(1), "the deal's call stays");
    assert_eq!(count("consents"), Some(1));
    assert_eq!(count("cadence_tasks"), Some(4));
    assert_eq!(count("tasks"), Some(1));

    let db = e.dir.path().join("relata.db");
    let mut bytes = std::fs::read(&db).unwrap();
    bytes.extend(std::fs::read(e.dir.path().join("relata.db-wal")).unwrap_or_default());
    for needle in ["zebedeus", "Zebedeus", "quixotic", "Quixotic", "9876"] {
        assert!(!bytes.windows(needle.len()).any(|w| w == needle.as_bytes()), "{needle} is still in the file");
    }
    assert!(search::global(&e.store, "zebedeus", 10).unwrap().is_empty());
    assert_eq!(e.count("SELECT count(*) FROM activities WHERE subject = 'deal call' AND person_id IS NULL"), 1);
    assert_eq!(e.count("SELECT count(*) FROM deals WHERE person_id IS NULL"), 1);
    assert!(people::get(&e.store, keep).is_ok());
    // The log says what happened without saying who.
    let log = gdpr::erasures(&e.store).unwrap();
    assert_eq!((log.len(), log[0].person_id), (1, id));
    assert_err(gdpr::erase(&e.store, id), ErrorCode::NotFound, None);
}

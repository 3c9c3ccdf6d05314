//! Enrichment applied and undone, on create when the setting asks for it, over every person with
//! progress; phone numbers stored in E.164 (found whatever the spelling), and migration 21.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use relata_core::clock::ManualClock;
use relata_core::domain::*;
use relata_core::services::{companies, enrich, people, settings};
use relata_core::store::Store;

use super::support::*;

fn email_only(store: &Store, email: &str) -> Person {
    people::create(store, PersonInput { emails: vec![lv("", email)], ..Default::default() }).unwrap()
}

#[test]
fn apply_fills_only_empty_fields_and_undo_clears_only_what_it_filled() {
    let e = env();
    let p = people::create(
        &e.store,
        PersonInput {
            last_name: "Vries-Typed".into(),
            emails: vec![lv("", "jan.de.vries@tulp-bloemen.nl")],
            ..Default::default()
        },
    )
    .unwrap();
    let got = enrich::apply(&e.store, p.id).unwrap();
    let filled: Vec<&str> = got.filled.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(filled, ["first_name", "company_id", "country", "language"]);
    let after = people::get(&e.store, p.id).unwrap();
    assert_eq!((after.first_name.as_str(), after.last_name.as_str()), ("Jan", "Vries-Typed"), "typed name kept");
    assert_eq!(after.address.country.as_deref(), Some("NL"));
    assert_eq!(after.language.as_deref(), Some("nl"));
    let company = companies::get(&e.store, after.company_id.unwrap()).unwrap();
    assert_eq!((company.name.as_str(), company.domain.as_deref()), ("Tulp Bloemen", Some("tulp-bloemen.nl")));
    // Applying again fills nothing: everything is filled in.
    assert!(enrich::apply(&e.store, p.id).unwrap().filled.len() == 4);
    assert_eq!(e.count("SELECT COUNT(*) FROM enrichment_fills"), 4);

    // The user changes the language; undo clears the rest and keeps that.
    let mut input = after.to_input();
    input.language = Some("en".into());
    people::update(&e.store, p.id, input).unwrap();
    let mut cleared = enrich::undo(&e.store, p.id).unwrap();
    cleared.sort();
    assert_eq!(cleared, ["company_id", "country", "first_name"]);
    let undone = people::get(&e.store, p.id).unwrap();
    assert_eq!((undone.first_name.as_str(), undone.company_id, undone.address.country), ("", None, None));
    assert_eq!(undone.language.as_deref(), Some("en"));
    assert!(enrich::person(&e.store, p.id).unwrap().filled.is_empty());
}

#[test]
fn low_confidence_guesses_are_proposed_not_applied() {
    let e = env();
    let p = email_only(&e.store, "jdevries@gmail.com");
    let got = enrich::person(&e.store, p.id).unwrap();
    let last = got.proposals.iter().find(|p| p.field == "last_name").unwrap();
    assert!(last.confidence < enrich::APPLY_MIN_CONFIDENCE);
    enrich::apply(&e.store, p.id).unwrap();
    assert_eq!(people::get(&e.store, p.id).unwrap().last_name, "");
}

#[test]
fn the_setting_enriches_on_create() {
    let e = env();
    let before = email_only(&e.store, "anna.schmidt@acme.de");
    assert_eq!(before.first_name, "", "off by default");
    settings::set(&e.store, Settings { enrich_on_create: true, ..Default::default() }).unwrap();
    let p = email_only(&e.store, "søren.kierkegaard@filosofi.dk");
    assert_eq!((p.first_name.as_str(), p.last_name.as_str()), ("Søren", "Kierkegaard"));
    assert_eq!((p.address.country.as_deref(), p.company_name.as_deref()), (Some("DK"), Some("Filosofi")));
    assert_eq!(enrich::person(&e.store, p.id).unwrap().filled.len(), 5);
}

#[test]
fn enrich_all_reports_progress_and_fills_once() {
    let e = env();
    for email in ["jan.de.vries@tulp.nl", "info@bakkerij.nl", "wim.peeters@telenet.be"] {
        email_only(&e.store, email);
    }
    people::create(&e.store, person("Named", "Only")).unwrap();
    let mut seen = Vec::new();
    let report = enrich::all(&e.store, false, &AtomicBool::new(false), &mut |d, t| seen.push((d, t))).unwrap();
    assert_eq!(seen, [(1, 4), (2, 4), (3, 4), (4, 4)]);
    assert_eq!((report.people, report.with_proposals, report.filled), (4, 3, 0));
    assert_eq!(e.count("SELECT COUNT(*) FROM enrichment_fills"), 0, "without apply nothing changes");
    let report = enrich::all(&e.store, true, &AtomicBool::new(false), &mut |_, _| {}).unwrap();
    assert!(report.filled >= 7, "{report:?}");
    let again = enrich::all(&e.store, true, &AtomicBool::new(false), &mut |_, _| {}).unwrap();
    assert_eq!((again.with_proposals, again.filled), (0, 0));
    let cancelled = enrich::all(&e.store, true, &AtomicBool::new(true), &mut |_, _| {}).unwrap();
    assert_eq!(cancelled.with_proposals, 0);
}

#[test]
fn a_caller_is_found_whatever_the_spelling() {
    let e = env();
    settings::set(&e.store, Settings { region: Some("NL".into()), ..Default::default() }).unwrap();
    let p =
        people::create(&e.store, PersonInput { phones: vec![lv("", "06-12345678")], ..person("Jan", "Bel") }).unwrap();
    assert_eq!(p.phones[0].value, "+31612345678");
    assert!(p.unparsed_phones.is_empty());
    for typed in ["0612345678", "06 1234 5678", "+31 6 12345678", "0031 6 1234", "+316123"] {
        let q = PeopleQuery { search: Some(typed.into()), ..Default::default() };
        let found = people::list(&e.store, &q).unwrap();
        assert_eq!(found.items.iter().map(|r| r.id).collect::<Vec<_>>(), [p.id], "{typed}");
    }
    // A number that does not parse is kept as typed and flagged.
    let odd = people::create(&e.store, PersonInput { phones: vec![lv("", "12 34")], ..person("Odd", "") }).unwrap();
    assert_eq!((odd.phones[0].value.as_str(), odd.unparsed_phones.clone()), ("12 34", vec!["12 34".to_string()]));
    // The person's own country wins over the app's region.
    let de = people::create(
        &e.store,
        PersonInput {
            phones: vec![lv("", "030 12345678")],
            address: Address { country: Some("Deutschland".into()), ..Default::default() },
            ..person("Anna", "Berlin")
        },
    )
    .unwrap();
    assert_eq!(de.phones[0].value, "+493012345678");
}

#[test]
fn migration_21_rewrites_stored_phones_in_e164() {
    // A store as the build before migration 21 left it: digits, national numbers, no E.164.
    let dir = tempfile::tempdir().unwrap();
    let mut raw = rusqlite::Connection::open(dir.path().join(relata_core::store::DB_FILE)).unwrap();
    relata_core::store::migrate_to(&mut raw, T0, 20).unwrap();
    raw.execute_batch(
        "INSERT INTO people (id, first_name, last_name, sort_name, country, created_at, updated_at)
             VALUES (1, 'Anna', 'Alt', 'alt anna', 'DE', 0, 0), (2, 'Piet', 'Oud', 'oud piet', NULL, 0, 0);
         INSERT INTO person_phones (person_id, position, label, value) VALUES
             (1, 0, 'work', '03012345678'), (1, 1, 'home', '+493012345678'), (1, 2, 'x', '12345'),
             (2, 0, 'work', '0612345678');
         INSERT INTO settings (key, value, updated_at) VALUES ('language', '\"nl\"', 1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value;",
    )
    .unwrap();
    drop(raw);
    let store = Store::open(dir.path(), Arc::new(ManualClock::new(T0))).unwrap();
    let values = |id| people::get(&store, id).unwrap().phones.into_iter().map(|v| v.value).collect::<Vec<_>>();
    assert_eq!(values(1), ["+493012345678", "12345"], "a duplicate after rewriting goes");
    assert_eq!(values(2), ["+31612345678"], "read in the app's region (its language)");
    let found = people::list(&store, &PeopleQuery { search: Some("06 1234".into()), ..Default::default() }).unwrap();
    assert_eq!(found.items.iter().map(|r| r.id).collect::<Vec<_>>(), [2], "the search index was rewritten");
}

#[test]
fn the_setting_enriches_an_import() {
    let e = env();
    settings::set(&e.store, Settings { enrich_on_create: true, ..Default::default() }).unwrap();
    let file = e.dir.path().join("leads.csv");
    std::fs::write(&file, "email,phone\nanna.schmidt@becker-gmbh.de,+49 171 2345678\ninfo@tulp.nl,\n").unwrap();
    let options = relata_core::services::import::ImportOptions {
        entity: relata_core::services::import::ImportEntity::Leads,
        ..Default::default()
    };
    let report =
        relata_core::services::import::import_file(&e.store, &file, &options, &mut |_| {}, &AtomicBool::new(false))
            .unwrap();
    assert_eq!(report.created, 2);
    let people = people::list(&e.store, &PeopleQuery::default()).unwrap().items;
    let anna = people.iter().find(|p| p.first_name == "Anna").expect("enriched on import");
    assert_eq!((anna.last_name.as_str(), anna.company_name.as_deref()), ("Schmidt", Some("Becker GmbH")));
}

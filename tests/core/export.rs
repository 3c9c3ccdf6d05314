//! Exports: CSV of a type or a filtered view, vCard, the ICS feed, and the full JSON export whose import
//! into an empty store gives back an identical store.

use proptest::prelude::*;
use relata_core::clock::Clock;
use relata_core::domain::{Entity, PeopleQuery, TaskInput};
use relata_core::error::ErrorCode;
use relata_core::services::export::{csv::CsvQuery, ics, import_json, json, vcard};
use relata_core::services::{activities, cadences, custom_fields, deals, people, settings, tasks, trash};
use serde_json::json;

use super::support::{assert_err, comparable, env, lv, person, without_restore_entry, Env, DAY, HOUR};

/// A store with a bit of everything: custom fields, tags, a company, a deal, activities, a repeating task
/// with a reminder, a cadence run, a trashed person and a changed setting.
pub fn fill(e: &Env) {
    let s = &e.store;
    custom_fields::create(
        s,
        serde_json::from_value(json!({"entity": "person", "label": "Shoe size", "kind": "number"})).unwrap(),
    )
    .unwrap();
    let mut ada = person("Ada", "Lovelace, Countess");
    ada.emails = vec![lv("work", "ada@example.org"), lv("home", "ada@home.example")];
    ada.phones = vec![lv("mobile", "+44 20 7946 0000")];
    ada.tags = vec!["vip".into(), "math; logic".into()];
    ada.company_name = Some("Analytical Engines Ltd".into());
    ada.custom.insert("shoe_size".into(), relata_core::domain::CustomValue::Number(38.5));
    let ada = people::create(s, ada).unwrap();
    e.clock.advance(HOUR);
    let jurgen = people::create(s, person("Jürgen", "Straße")).unwrap();
    let gone = people::create(s, person("Trashed", "Person")).unwrap();
    people::delete(s, gone.id).unwrap();
    let deal = deals::create(
        s,
        serde_json::from_value(json!({"title": "Engine \"v2\"", "value_minor": 123456, "person_id": ada.id})).unwrap(),
    )
    .unwrap();
    activities::create(
        s,
        serde_json::from_value(json!({"kind": "call", "subject": "Intro, with a comma", "body": "line 1\nline 2",
                                      "person_id": ada.id, "deal_id": deal.id}))
        .unwrap(),
    )
    .unwrap();
    let due = e.clock.now_ms() + DAY;
    tasks::create(
        s,
        TaskInput {
            title: "Call Ada; discuss the engine".into(),
            due_at: due,
            remind_at: Some(due - HOUR),
            person_id: Some(ada.id),
            repeat: Some("FREQ=WEEKLY".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let cadence = cadences::list(s).unwrap().remove(0);
    cadences::apply(s, cadence.id, jurgen.id, None).unwrap();
    let mut st = settings::get(s).unwrap();
    st.default_currency = "DKK".into();
    settings::set(s, st).unwrap();
}

fn to_string(write: impl FnOnce(&mut Vec<u8>) -> relata_core::AppResult<u64>) -> (String, u64) {
    let mut out = Vec::new();
    let n = write(&mut out).unwrap();
    (String::from_utf8(out).unwrap(), n)
}

#[test]
fn json_round_trip_restores_an_identical_store() {
    let a = env();
    fill(&a);
    let (first, rows) = to_string(|w| json::write(&a.store, w));
    assert!(rows > 20, "only {rows} rows exported");
    let b = env();
    b.clock.set(a.clock.now_ms());
    let summary = import_json(&b.store, first.as_bytes()).unwrap();
    assert_eq!(summary.rows as u64, rows);
    let (second, _) = to_string(|w| json::write(&b.store, w));
    assert_eq!(comparable(&first), without_restore_entry(&second));
    // The restored store works through the services, search index included.
    let found = people::list(&b.store, &PeopleQuery { search: Some("jurgen".into()), ..Default::default() }).unwrap();
    assert_eq!(found.items.len(), 1);
    assert_eq!(trash::list(&b.store).unwrap().len(), 1);
    assert_eq!(settings::get(&b.store).unwrap().default_currency, "DKK");
}

#[test]
fn json_import_refuses_a_store_with_records_and_bad_files() {
    let a = env();
    fill(&a);
    let (dump, _) = to_string(|w| json::write(&a.store, w));
    assert_err(import_json(&a.store, dump.as_bytes()), ErrorCode::Conflict, None);
    let b = env();
    let bad_table = dump.replacen("\"name\":\"activities\"", "\"name\":\"nope\"", 1);
    assert_err(import_json(&b.store, bad_table.as_bytes()), ErrorCode::InvalidValue, Some("tables.0.name"));
    let newer = dump.replacen("\"schema_version\":", "\"schema_version\":9", 1);
    assert_err(import_json(&b.store, newer.as_bytes()), ErrorCode::SchemaTooNew, None);
    assert_err(import_json(&b.store, &b"{not json"[..]), ErrorCode::InvalidValue, None);
    // Nothing was half-written by the failed attempts.
    assert_eq!(b.count("SELECT count(*) FROM people"), 0);
    assert_eq!(b.count("SELECT count(*) FROM pipelines"), 2);
}

#[test]
fn json_import_streams_and_a_late_failure_leaves_nothing() {
    let a = env();
    fill(&a);
    let (dump, _) = to_string(|w| json::write(&a.store, w));
    let b = env();
    // A bad value in the last table fails after earlier tables were already inserted: all of it rolls back,
    // and the error names the row.
    let value: serde_json::Value = serde_json::from_str(&dump).unwrap();
    let last = value["tables"].as_array().unwrap().len() - 1;
    let mut broken = value.clone();
    let rows = broken["tables"][last]["rows"].as_array_mut().unwrap();
    rows.push(serde_json::json!(["too", "few"]));
    let at = rows.len() - 1;
    let err = import_json(&b.store, broken.to_string().as_bytes()).unwrap_err();
    assert_eq!(err.field.as_deref(), Some(format!("tables.{last}.rows.{at}").as_str()), "{}", err.message);
    assert_eq!(b.count("SELECT count(*) FROM people"), 0);
    assert_eq!(b.count("SELECT count(*) FROM pipelines"), 2, "the seeded pipelines are back");
    // The header must come before the rows, as the writer puts it: otherwise nothing can be checked first.
    let late = format!(r#"{{"tables":{},"format":"relata-export"}}"#, value["tables"]);
    assert_err(import_json(&b.store, late.as_bytes()), ErrorCode::InvalidValue, Some("format"));
    // Unknown top-level keys (a later writer's extras) are skipped; the same store then restores.
    let mut extra = value.clone();
    extra["exported_by"] = serde_json::json!({"app": "relata", "list": [1, 2, 3]});
    import_json(&b.store, extra.to_string().as_bytes()).unwrap();
    assert_eq!(b.count("SELECT count(*) FROM people"), a.count("SELECT count(*) FROM people"));
}

#[test]
fn csv_exports_a_type_or_the_filtered_view() {
    let e = env();
    fill(&e);
    let (all, n) =
        to_string(|w| relata_core::services::export::csv::write(&e.store, &CsvQuery::all(Entity::Person).unwrap(), w));
    assert_eq!(n, 2, "live people only");
    assert!(all.starts_with('\u{feff}'));
    let header = all.trim_start_matches('\u{feff}').lines().next().unwrap();
    assert!(header.contains("emails") && header.contains("custom.shoe_size") && header.contains("address.city"));
    assert!(all.contains("\"Lovelace, Countess\""), "{all}");
    assert!(all.contains("work: ada@example.org; home: ada@home.example"));
    assert!(all.contains("38.5"));
    let view = CsvQuery::Person(PeopleQuery { tag: Some("vip".into()), ..Default::default() });
    let (filtered, n) = to_string(|w| relata_core::services::export::csv::write(&e.store, &view, w));
    assert_eq!(n, 1);
    assert!(filtered.contains("Ada") && !filtered.contains("Jürgen"));
    let (activity, n) = to_string(|w| {
        relata_core::services::export::csv::write(&e.store, &CsvQuery::all(Entity::Activity).unwrap(), w)
    });
    assert_eq!(n, 1);
    assert!(activity.contains("\"line 1\nline 2\""));
}

#[test]
fn vcard_escapes_and_folds() {
    let e = env();
    fill(&e);
    let mut long = person("Maximiliane-Charlotte-Friederike", "von Hohenzollern-Sigmaringen-Württemberg");
    long.job_title = Some("Head of Everything, Really; Truly".into());
    people::create(&e.store, long).unwrap();
    let (cards, n) = to_string(|w| vcard::write(&e.store, &PeopleQuery::default(), w));
    assert_eq!(n, 3);
    assert_eq!(cards.matches("BEGIN:VCARD\r\nVERSION:4.0\r\n").count(), 3);
    assert!(cards.contains("N:Lovelace\\, Countess;Ada;;;\r\n"));
    assert!(cards.contains("EMAIL;TYPE=work;PREF=1:ada@example.org\r\n"));
    assert!(cards.contains("TEL;VALUE=uri;TYPE=cell;PREF=1:tel:+442079460000\r\n"));
    assert!(cards.contains("CATEGORIES:vip,math\\; logic\r\n"));
    assert!(cards.contains("TITLE:Head of Everything\\, Really\\; Truly\r\n"));
    for line in cards.split("\r\n") {
        assert!(line.len() <= 75, "{line:?}");
    }
    let unfolded = cards.replace("\r\n ", "");
    assert!(unfolded.contains("FN:Maximiliane-Charlotte-Friederike von Hohenzollern-Sigmaringen-Württemberg\r\n"));
}

#[test]
fn ics_has_open_follow_ups_with_alarms_and_stable_uids() {
    let e = env();
    fill(&e);
    let (feed, n) = to_string(|w| ics::write(&e.store, w));
    let open = tasks::list(&e.store, &Default::default()).unwrap();
    assert_eq!(n as usize, open.items.len());
    assert!(feed.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") && feed.ends_with("END:VCALENDAR\r\n"));
    assert!(feed.contains("SUMMARY:Call Ada\\; discuss the engine\r\n"));
    assert!(feed.contains("TRIGGER;VALUE=DATE-TIME:20250311T120000Z\r\n"));
    assert!(feed.contains("DTSTART:20250311T130000Z\r\n"));
    for t in &open.items {
        assert_eq!(feed.matches(&format!("UID:{}\r\n", ics::uid(t))).count(), 1);
    }
    // Done tasks leave the feed; the others keep their UIDs.
    tasks::set_done(&e.store, open.items[0].id, true).unwrap();
    let (after, _) = to_string(|w| ics::write(&e.store, w));
    assert!(!after.contains(&format!("UID:{}\r\n", ics::uid(&open.items[0]))));
    assert!(after.contains(&format!("UID:{}\r\n", ics::uid(&open.items[1]))));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Export then import is the identity for any names, emails, tags and task texts.
    #[test]
    fn export_import_is_the_identity(
        names in proptest::collection::vec(("\\PC{1,20}", "\\PC{0,20}", "[a-z]{1,8}", proptest::collection::vec("[\\pL ]{1,10}", 0..3)), 1..6),
        notes in proptest::option::of("\\PC{0,80}"),
        offset in 0i64..1_000_000_000,
    ) {
        let a = env();
        a.clock.advance(offset);
        for (i, (first, last, user, tags)) in names.iter().enumerate() {
            let mut p = person(first, last);
            p.emails = vec![lv("work", &format!("{user}{i}@example.org"))];
            p.tags = tags.iter().filter(|t| !t.trim().is_empty()).cloned().collect();
            // Names that are only blanks are rejected by validation; the property is about the rest.
            let Ok(created) = people::create(&a.store, p) else { continue };
            tasks::create(&a.store, TaskInput { title: format!("t{i}"), notes: notes.clone(), due_at: a.clock.now_ms() + DAY,
                person_id: Some(created.id), ..Default::default() }).unwrap();
            a.clock.advance(1);
        }
        let (first, _) = to_string(|w| json::write(&a.store, w));
        let b = env();
        b.clock.set(a.clock.now_ms());
        import_json(&b.store, first.as_bytes()).unwrap();
        let (second, _) = to_string(|w| json::write(&b.store, w));
        prop_assert_eq!(comparable(&first), without_restore_entry(&second));
    }
}

/// The tickets' search index is kept by triggers, so it is no part of a dump: importing the tickets rebuilds
/// it, and a ticket is found by its subject after a restore.
#[test]
fn a_json_restore_rebuilds_the_ticket_search_index() {
    use relata_core::domain::{TicketInput, TicketsQuery};
    use relata_core::services::tickets;
    let a = env();
    let pid = people::create(&a.store, person("Ann", "Customer")).unwrap().id;
    let input = TicketInput { subject: "Scanner jams on page two".into(), ..super::tickets::input(pid, None) };
    tickets::create(&a.store, input).unwrap();
    let (dump, _) = to_string(|w| json::write(&a.store, w));
    assert!(!dump.contains("\"tickets_fts\""));
    let b = env();
    import_json(&b.store, dump.as_bytes()).unwrap();
    let q = TicketsQuery { search: Some("jams on".into()), ..Default::default() };
    assert_eq!(tickets::list(&b.store, &q).unwrap().len(), 1);
}

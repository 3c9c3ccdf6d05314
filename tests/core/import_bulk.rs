//! Imports of large and random files, and merging duplicates.

use std::sync::atomic::AtomicBool;

use proptest::prelude::*;
use relata_core::domain::{ActivityInput, ActivityKind, DealInput, PersonInput, TaskInput};
use relata_core::services::import::{self, merge, ImportEntity, ImportOptions};
use relata_core::services::{activities, deals, people, search_backlog, tasks};

use super::import::run;
use super::support::{env, lv, person, T0};

fn options(entity: ImportEntity) -> ImportOptions {
    ImportOptions { entity, ..Default::default() }
}

#[test]
fn cancel_midway_through_a_large_file_rolls_back() {
    let e = env();
    let path = e.dir.path().join("big.csv");
    write_people_csv(&path, 20_000);
    let cancel = AtomicBool::new(false);
    let mut calls = 0;
    let r = import::import_file(
        &e.store,
        &path,
        &options(ImportEntity::People),
        &mut |p| {
            calls += 1;
            assert!(p.rows_per_sec > 0.0 && p.fraction > 0.0);
            cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        },
        &cancel,
    )
    .unwrap();
    assert!(r.cancelled && calls == 1);
    assert_eq!(e.count("SELECT count(*) FROM people"), 0);
}

pub use super::support::write_people_csv;

#[test]
fn a_ten_megabyte_file_streams_through() {
    let e = env();
    let path = e.dir.path().join("ten.csv");
    write_people_csv(&path, 140_000);
    assert!(std::fs::metadata(&path).unwrap().len() > 10_000_000);
    let r = run(&e, &path, &options(ImportEntity::People));
    assert_eq!((r.created, r.errors.len()), (140_000, 0));
    // The first few thousand are searchable with the import; the indexer writes the others' entries.
    assert_eq!(r.search_pending, 140_000 - search_backlog::INLINE);
    assert_eq!(e.count("SELECT count(*) FROM people_fts"), i64::from(search_backlog::INLINE));
    search_backlog::catch_up(&e.store, &|| false, &mut |_, _| {}).unwrap();
    assert_eq!(e.count("SELECT count(*) FROM people_fts"), 140_000);
    // The batch knows every person it created as one range of ids, not 140,000 rows.
    assert_eq!(e.count("SELECT count(*) FROM import_records"), 0);
    let (first, last) = e
        .raw()
        .query_row("SELECT first_id, last_id FROM import_ranges WHERE entity = 'person'", [], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })
        .unwrap();
    assert_eq!((first, last), (e.count("SELECT min(id) FROM people"), e.count("SELECT max(id) FROM people")));
    assert_eq!(last - first + 1, 140_000);
    // One audit entry for the import, none per imported person.
    assert_eq!(e.count("SELECT count(*) FROM audit_log"), 1);
    assert_eq!(e.count("SELECT count(*) FROM audit_bulk_create"), 0);
}

fn text_value() -> impl Strategy<Value = String> {
    // Printable text of any script, with quotes, delimiters and inner spaces; no edge spaces (they are trimmed).
    "[\\p{L}\\p{N}\\p{P}\\p{S}]([\\p{L}\\p{N}\\p{P}\\p{S} ,;|\"]{0,24}[\\p{L}\\p{N}\\p{P}\\p{S}])?"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever the values, writing them as CSV (with a real CSV writer) and importing gives them back.
    #[test]
    fn random_values_survive_csv_write_then_import(
        rows in proptest::collection::vec((text_value(), text_value(), text_value(), text_value()), 1..12),
    ) {
        let e = env();
        let path = e.dir.path().join("random.csv");
        let mut w = csv::Writer::from_path(&path).unwrap();
        w.write_record(["first_name", "last_name", "job_title", "city", "email"]).unwrap();
        for (i, (first, last, title, city)) in rows.iter().enumerate() {
            w.write_record([first, last, title, city, &format!("p{i}@example.com")]).unwrap();
        }
        w.flush().unwrap();
        let opts = ImportOptions { on_duplicate: import::DuplicatePolicy::Create, ..options(ImportEntity::People) };
        let r = run(&e, &path, &opts);
        prop_assert_eq!(r.errors.len(), 0, "{:?}", r.errors);
        prop_assert_eq!(r.created as usize, rows.len());
        for (i, (first, last, title, city)) in rows.iter().enumerate() {
            let id: i64 = e.raw().query_row(
                "SELECT person_id FROM person_emails WHERE value = ?1", [format!("p{i}@example.com")], |r| r.get(0)).unwrap();
            let p = people::get(&e.store, id).unwrap();
            prop_assert_eq!((&p.first_name, &p.last_name), (first, last));
            prop_assert_eq!((p.job_title.as_ref(), p.address.city.as_ref()), (Some(title), Some(city)));
        }
    }
}

#[test]
fn merging_people_keeps_every_link_and_value() {
    let e = env();
    let a = people::create(
        &e.store,
        PersonInput {
            emails: vec![lv("work", "ada@old.example"), lv("home", "shared@example.com")],
            phones: vec![lv("mobile", "+31611111111")],
            tags: vec!["vip".into()],
            job_title: Some("Countess".into()),
            external_id: Some("crm-1".into()),
            ..person("Ada", "Lovelace")
        },
    )
    .unwrap();
    let b = people::create(
        &e.store,
        PersonInput {
            emails: vec![lv("work", "SHARED@example.com")],
            job_title: Some("Mathematician".into()),
            tags: vec!["math".into()],
            ..person("Ada", "King")
        },
    )
    .unwrap();
    let note = ActivityInput {
        kind: ActivityKind::Note,
        direction: None,
        subject: "s".into(),
        body: None,
        occurred_at: Some(T0),
        duration_secs: None,
        person_id: Some(a.id),
        company_id: None,
        deal_id: None,
    };
    let act = activities::create(&e.store, note).unwrap();
    let task = tasks::create(
        &e.store,
        TaskInput {
            title: "Call".into(),
            notes: None,
            due_at: T0,
            remind_at: None,
            person_id: Some(a.id),
            company_id: None,
            deal_id: None,
            owner: None,
            repeat: None,
            time_zone: None,
        },
    )
    .unwrap();
    let deal =
        deals::create(&e.store, DealInput { title: "Engine".into(), person_id: Some(a.id), ..Default::default() })
            .unwrap();

    let merged = merge::merge_people(&e.store, a.id, b.id).unwrap();
    assert_eq!(merged.id, b.id);
    assert_eq!(merged.last_name, "King");
    assert_eq!(merged.job_title.as_deref(), Some("Mathematician"));
    let emails: Vec<&str> = merged.emails.iter().map(|e| e.value.as_str()).collect();
    assert_eq!(emails, ["shared@example.com", "ada@old.example"]);
    assert_eq!(merged.phones[0].value, "+31611111111");
    assert_eq!(merged.tags, vec!["math".to_string(), "vip".to_string()]);
    assert_eq!(merged.external_id.as_deref(), Some("crm-1"));
    assert!(people::get(&e.store, a.id).is_err());
    assert_eq!(e.count(&format!("SELECT person_id FROM activities WHERE id = {}", act.id)), b.id);
    assert_eq!(e.count(&format!("SELECT person_id FROM tasks WHERE id = {}", task.id)), b.id);
    assert_eq!(e.count(&format!("SELECT person_id FROM deals WHERE id = {}", deal.id)), b.id);
    assert_eq!(e.count(&format!("SELECT count(*) FROM people_fts WHERE rowid = {}", a.id)), 0);
    assert!(merge::merge_people(&e.store, b.id, b.id).is_err());
}

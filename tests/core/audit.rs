//! The audit trail: triggers record every create, update and delete; services record restore and purge.

use relata_core::domain::{AuditAction, AuditEntry, AuditQuery, Entity, Settings};
use relata_core::error::ErrorCode;
use relata_core::services::{audit, people, settings, trash};

use super::support::*;

fn trail(e: &Env, entity: Option<Entity>, id: Option<i64>) -> Vec<AuditEntry> {
    audit::list(&e.store, &AuditQuery { entity, record_id: id, cursor: None, limit: 100 }).unwrap().items
}

#[test]
fn each_write_is_recorded_with_time_fields_and_profile() {
    let e = env();
    settings::set(&e.store, Settings { user_name: Some("Anna Berg".into()), ..Default::default() }).unwrap();
    let p = people::create(&e.store, person("Ada", "Lovelace")).unwrap();
    e.clock.advance(MINUTE);
    let mut input = person("Ada", "King");
    input.job_title = Some("Analyst".into());
    people::update(&e.store, p.id, input.clone()).unwrap();
    // Saving the same values again is no change and leaves no entry.
    e.clock.advance(MINUTE);
    people::update(&e.store, p.id, input).unwrap();
    e.clock.advance(MINUTE);
    people::delete(&e.store, p.id).unwrap();
    e.clock.advance(MINUTE);
    trash::restore(&e.store, Entity::Person, p.id).unwrap();
    e.clock.advance(MINUTE);
    people::delete(&e.store, p.id).unwrap();
    trash::purge(&e.store, Entity::Person, p.id).unwrap();

    let got: Vec<(AuditAction, i64, Vec<String>)> =
        trail(&e, Some(Entity::Person), Some(p.id)).into_iter().rev().map(|a| (a.action, a.at, a.fields)).collect();
    let f = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        got,
        vec![
            (AuditAction::Create, T0, f(&[])),
            (AuditAction::Update, T0 + MINUTE, f(&["last_name", "job_title"])),
            (AuditAction::Delete, T0 + 3 * MINUTE, f(&[])),
            (AuditAction::Restore, T0 + 4 * MINUTE, f(&[])),
            (AuditAction::Delete, T0 + 5 * MINUTE, f(&[])),
            (AuditAction::Purge, T0 + 5 * MINUTE, f(&[])),
        ]
    );
    assert!(trail(&e, None, None).iter().all(|a| a.profile.as_deref() == Some("Anna Berg")));
}

#[test]
fn emails_tags_and_custom_values_count_as_changed_fields() {
    let e = env();
    let def = relata_core::services::custom_fields::create(
        &e.store,
        relata_core::domain::CustomFieldInput {
            entity: Entity::Person,
            label: "Contract end".into(),
            kind: relata_core::domain::CustomFieldKind::Text,
            choices: vec![],
        },
    )
    .unwrap();
    let p = people::create(&e.store, person("Ada", "Lovelace")).unwrap();
    let mut input = person("Ada", "Lovelace");
    input.emails = vec![lv("work", "ada@example.com")];
    input.tags = vec!["vip".into()];
    people::update(&e.store, p.id, input.clone()).unwrap();
    input.last_name = "King".into();
    input.custom.insert(def.key.clone(), relata_core::domain::CustomValue::Text("2030".into()));
    people::update(&e.store, p.id, input).unwrap();
    let fields: Vec<Vec<String>> = trail(&e, Some(Entity::Person), Some(p.id)).into_iter().map(|a| a.fields).collect();
    assert_eq!(fields[0], vec!["last_name".to_string(), format!("custom.{}", def.key)]);
    assert_eq!(fields[1], vec!["emails".to_string(), "tags".to_string()]);
    assert_eq!(fields.len(), 3);
}

#[test]
fn entries_hold_no_values_and_page_newest_first() {
    let e = env();
    for i in 0..5 {
        people::create(&e.store, person("Secret", &format!("Value{i}"))).unwrap();
    }
    let first = audit::list(&e.store, &AuditQuery { limit: 2, ..Default::default() }).unwrap();
    assert_eq!((first.items.len(), first.total), (2, 5));
    let second =
        audit::list(&e.store, &AuditQuery { limit: 2, cursor: first.next_cursor.clone(), ..Default::default() })
            .unwrap();
    assert!(second.items[0].id < first.items[1].id);
    let csv = audit::export_csv(&e.store, &AuditQuery::default()).unwrap();
    assert_eq!(csv.lines().count(), 6);
    assert!(csv.starts_with("id,at_utc,action,entity,record_id,fields,profile"));
    assert!(!csv.contains("Secret") && !csv.contains("Value"));
    assert_eq!(e.count("SELECT count(*) FROM audit_log WHERE fields LIKE '%Secret%'"), 0);
}

#[test]
fn other_services_can_record_imports_exports_and_erasures() {
    let e = env();
    let p = people::create(&e.store, person("Eve", "Erased")).unwrap();
    e.store.write(|tx| audit::record(tx, T0, AuditAction::Erase, Some(Entity::Person), Some(p.id), &[])).unwrap();
    e.store.write(|tx| audit::record(tx, T0, AuditAction::Export, None, None, &["people"])).unwrap();
    let all = trail(&e, None, None);
    assert_eq!(all[0].action, AuditAction::Export);
    assert_eq!(all[0].entity, None);
    assert_eq!(all[1].action, AuditAction::Erase);
    let bad = audit::list(&e.store, &AuditQuery { record_id: Some(1), limit: 10, ..Default::default() });
    assert_err(bad, ErrorCode::Required, Some("entity"));
}

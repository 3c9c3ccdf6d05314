use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::{companies, custom_fields, deals, people};

use super::support::*;

fn field(entity: Entity, label: &str, kind: CustomFieldKind, choices: &[&str]) -> CustomFieldInput {
    CustomFieldInput { entity, label: label.into(), kind, choices: choices.iter().map(|c| c.to_string()).collect() }
}

fn custom(pairs: &[(&str, CustomValue)]) -> CustomValues {
    pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

#[test]
fn definitions_get_unique_keys_and_positions() {
    let e = env();
    let s = &e.store;
    let a = custom_fields::create(s, field(Entity::Person, " Contract end ", CustomFieldKind::Date, &[])).unwrap();
    let b =
        custom_fields::create(s, field(Entity::Person, "Contract-end", CustomFieldKind::Text, &["ignored"])).unwrap();
    let c =
        custom_fields::create(s, field(Entity::Company, "Størrelse", CustomFieldKind::Choice, &[" S ", "M", "m", ""]))
            .unwrap();
    assert_eq!((a.key.as_str(), a.label.as_str(), a.position), ("contract_end", "Contract end", 0));
    assert_eq!((b.key.as_str(), b.position, b.choices.len()), ("contract_end_2", 1, 0));
    assert_eq!((c.key.as_str(), c.position, c.choices.clone()), ("storrelse", 0, vec!["S".to_string(), "M".into()]));
    assert_eq!(custom_fields::list(s, Some(Entity::Person)).unwrap(), vec![a.clone(), b]);
    assert_eq!(custom_fields::list(s, None).unwrap().len(), 3);

    assert_err(
        custom_fields::create(s, field(Entity::Deal, " ", CustomFieldKind::Text, &[])),
        ErrorCode::Required,
        Some("label"),
    );
    assert_err(
        custom_fields::create(s, field(Entity::Deal, "C", CustomFieldKind::Choice, &[" "])),
        ErrorCode::Required,
        Some("choices"),
    );
    assert_err(
        custom_fields::create(s, field(Entity::Task, "T", CustomFieldKind::Text, &[])),
        ErrorCode::InvalidValue,
        Some("entity"),
    );
    custom_fields::delete(s, a.id).unwrap();
    assert_err(custom_fields::delete(s, a.id), ErrorCode::NotFound, None);
}

#[test]
fn values_are_checked_against_their_kind() {
    let e = env();
    let s = &e.store;
    for (label, kind, choices) in [
        ("Score", CustomFieldKind::Number, &[][..]),
        ("Renewal", CustomFieldKind::Date, &[]),
        ("Newsletter", CustomFieldKind::Boolean, &[]),
        ("Tier", CustomFieldKind::Choice, &["Gold", "Silver"]),
        ("Note", CustomFieldKind::Text, &[]),
    ] {
        custom_fields::create(s, field(Entity::Person, label, kind, choices)).unwrap();
    }
    let good = custom(&[
        ("score", CustomValue::Text("3,5".into())),
        ("renewal", CustomValue::Text("2025-12-31".into())),
        ("newsletter", CustomValue::Bool(true)),
        ("tier", CustomValue::Text("gold".into())),
        ("note", CustomValue::Text("  ".into())),
    ]);
    let p = people::create(s, PersonInput { custom: good, ..person("Cus", "Tom") }).unwrap();
    let expected = custom(&[
        ("score", CustomValue::Number(3.5)),
        ("renewal", CustomValue::Text("2025-12-31".into())),
        ("newsletter", CustomValue::Bool(true)),
        ("tier", CustomValue::Text("Gold".into())),
    ]);
    assert_eq!(p.custom, expected);
    assert_eq!(people::get(s, p.id).unwrap().custom, expected);

    let bad =
        |key: &str, v: CustomValue| people::create(s, PersonInput { custom: custom(&[(key, v)]), ..person("X", "") });
    assert_err(bad("score", CustomValue::Text("lots".into())), ErrorCode::InvalidValue, Some("custom.score"));
    assert_err(bad("score", CustomValue::Bool(true)), ErrorCode::InvalidValue, Some("custom.score"));
    assert_err(bad("renewal", CustomValue::Text("2025-02-30".into())), ErrorCode::InvalidValue, Some("custom.renewal"));
    assert_err(bad("newsletter", CustomValue::Text("yes".into())), ErrorCode::InvalidValue, Some("custom.newsletter"));
    assert_err(bad("tier", CustomValue::Text("Bronze".into())), ErrorCode::InvalidValue, Some("custom.tier"));
    assert_err(bad("nope", CustomValue::Bool(true)), ErrorCode::InvalidValue, Some("custom.nope"));
    // A text holds CUSTOM_TEXT_MAX characters (the UI counts the same way): emoji count once, not as two
    // UTF-16 units or four bytes.
    let max = relata_core::services::validate::CUSTOM_TEXT_MAX;
    assert_eq!(max, 10_000);
    assert!(bad("note", CustomValue::Text("😀".repeat(max))).is_ok());
    assert_err(bad("note", CustomValue::Text("x".repeat(max + 1))), ErrorCode::TooLong, Some("custom.note"));
    // A person's field is unknown on a company.
    let company =
        CompanyInput { name: "C".into(), custom: custom(&[("score", CustomValue::Number(1.0))]), ..Default::default() };
    assert_err(companies::create(s, company), ErrorCode::InvalidValue, Some("custom.score"));
}

#[test]
fn deleting_a_definition_removes_its_values() {
    let e = env();
    let s = &e.store;
    let def = custom_fields::create(s, field(Entity::Deal, "Source", CustomFieldKind::Text, &[])).unwrap();
    let values = custom(&[("source", CustomValue::Text("fair".into()))]);
    let d = deals::create(s, DealInput { title: "D".into(), custom: values.clone(), ..Default::default() }).unwrap();
    assert_eq!(d.custom, values);
    assert_eq!(
        deals::list(s, &DealsQuery::default()).unwrap().items[0].custom,
        values,
        "lists carry custom values too"
    );
    custom_fields::delete(s, def.id).unwrap();
    assert!(deals::get(s, d.id).unwrap().custom.is_empty());
    assert_eq!(e.count("SELECT COUNT(*) FROM custom_values"), 0);
}

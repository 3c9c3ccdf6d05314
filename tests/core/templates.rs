//! Templates: saving (one transaction, every variant parsed, names unique without regard to case),
//! adding a language, and attached documents within their limits.

use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::templates;

use super::support::*;

pub fn variant(lang: Language, subject: &str, body: &str) -> TemplateVariant {
    TemplateVariant { lang, subject: subject.into(), body: body.into() }
}

pub fn input(name: &str, variants: Vec<TemplateVariant>) -> TemplateInput {
    TemplateInput { name: name.into(), variants, ..Default::default() }
}

fn doc(name: &str, len: usize) -> NewAttachment {
    NewAttachment { name: name.into(), mime: None, data: (0..len).map(|i| (i % 251) as u8).collect() }
}

/// The follow-up template of tests/fixtures/templates in all four languages.
pub fn follow_up_fixture() -> TemplateInput {
    let dir = repo_root().join("tests/fixtures/templates");
    let read = |l: Language| std::fs::read_to_string(dir.join(format!("follow_up.{}.txt", l.code()))).unwrap();
    let subjects = [
        (Language::Da, "Opfølgning på vores samtale"),
        (Language::De, "Nachfrage zu unserem Gespräch"),
        (Language::En, "Following up on our conversation"),
        (Language::Nl, "Vervolg op ons gesprek"),
    ];
    TemplateInput {
        name: "Follow-up".into(),
        purpose: Some("follow-up".into()),
        variants: subjects.iter().map(|(l, s)| variant(*l, s, &read(*l))).collect(),
        ..Default::default()
    }
}

#[test]
fn a_template_keeps_its_variants_in_language_order_and_its_name_is_unique() {
    let e = env();
    let t = templates::save(&e.store, None, follow_up_fixture()).unwrap();
    let langs: Vec<Language> = t.variants.iter().map(|v| v.lang).collect();
    assert_eq!(langs, Language::ALL.to_vec());
    assert_eq!((t.name.as_str(), t.purpose.as_deref()), ("Follow-up", Some("follow-up")));
    assert!(t.variants[3].body.starts_with("Hej {{ person.first_name"));
    assert_eq!(templates::find_by_name(&e.store, "  FOLLOW-UP ").unwrap().id, t.id);
    assert_eq!(templates::get(&e.store, t.id).unwrap(), t);

    let again = input("follow-up", vec![variant(Language::En, "Hi", "Hello")]);
    assert_err(templates::save(&e.store, None, again.clone()), ErrorCode::Duplicate, Some("name"));
    // Renaming a template to its own name in another case is fine.
    let renamed = templates::save(&e.store, Some(t.id), again).unwrap();
    assert_eq!((renamed.name.as_str(), renamed.variants.len()), ("follow-up", 1));
    assert_eq!(templates::list(&e.store).unwrap().len(), 1);
    assert_err(templates::find_by_name(&e.store, "nope"), ErrorCode::NotFound, Some("name"));
}

#[test]
fn every_variant_must_parse_and_name_known_fields_or_nothing_is_stored() {
    let e = env();
    let bad_syntax = input(
        "Check-in",
        vec![
            variant(Language::En, "Hi", "Hello"),
            variant(Language::De, "Hallo", "Zeile 1\nZeile 2\n{{ person.first_name }"),
        ],
    );
    let err = templates::save(&e.store, None, bad_syntax).unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Template, Some("variants.1.body")));
    assert!(err.message.contains("line 3"), "{}", err.message);

    let err = templates::save(&e.store, None, input("C", vec![variant(Language::En, "{% if %}", "x")])).unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Template, Some("variants.0.subject")));
    assert!(err.message.contains("line 1"), "{}", err.message);

    for unknown in ["{{ person.frist_name }}", "{{ nope }}", "{{ deal.price }}", "{{ ticket.secret | default('') }}"] {
        let err = templates::save(&e.store, None, input("C", vec![variant(Language::En, "S", unknown)])).unwrap_err();
        assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Template, Some("variants.0.body")), "{unknown}");
    }
    // Names the template sets itself, and any custom key, are fine.
    let ok = "{% set n = person.first_name | default('x') %}{{ n }}{% for e in person.emails %}{{ e }}{% endfor %}\
              {{ company.custom.tier | default('') }}";
    templates::save(&e.store, None, input("Fine", vec![variant(Language::En, "S", ok)])).unwrap();

    assert_err(
        templates::save(
            &e.store,
            None,
            input("D", vec![variant(Language::En, "a", "b"), variant(Language::En, "c", "d")]),
        ),
        ErrorCode::Duplicate,
        Some("variants.1.lang"),
    );
    assert_err(templates::save(&e.store, None, input("E", vec![])), ErrorCode::Required, Some("variants"));
    assert_err(
        templates::save(&e.store, None, input("F", vec![variant(Language::En, " ", "b")])),
        ErrorCode::Required,
        Some("variants.0.subject"),
    );
    assert_err(
        templates::save(&e.store, None, input(" ", vec![variant(Language::En, "a", "b")])),
        ErrorCode::Required,
        Some("name"),
    );
    assert_eq!(e.count("SELECT COUNT(*) FROM templates"), 1);
    assert_eq!(e.count("SELECT COUNT(*) FROM template_variants"), 1);
}

#[test]
fn put_adds_a_language_or_replaces_that_languages_variant() {
    let e = env();
    let s = &e.store;
    let t = templates::put(s, "Check-in", Some("check-in"), variant(Language::En, "Hi", "Hello"), vec![]).unwrap();
    templates::put(s, "CHECK-IN", None, variant(Language::Da, "Hej", "Hej med dig"), vec![]).unwrap();
    let t2 = templates::put(s, "check-in", None, variant(Language::En, "Hello again", "Hi again"), vec![]).unwrap();
    assert_eq!(t2.id, t.id);
    assert_eq!(t2.purpose.as_deref(), Some("check-in"));
    let got: Vec<(Language, &str)> = t2.variants.iter().map(|v| (v.lang, v.subject.as_str())).collect();
    assert_eq!(got, vec![(Language::En, "Hello again"), (Language::Da, "Hej")]);
    // A variant that does not parse changes nothing.
    let err = templates::put(s, "Check-in", None, variant(Language::Da, "x", "{{ oops"), vec![]).unwrap_err();
    assert_eq!(err.code, ErrorCode::Template);
    assert_eq!(templates::get(s, t.id).unwrap(), t2);
}

#[test]
fn documents_are_stored_with_their_bytes_and_kept_within_the_limits() {
    let e = env();
    let s = &e.store;
    let mut with_docs = input("Offer", vec![variant(Language::En, "Offer", "See attached.")]);
    with_docs.add_attachments = vec![doc("dir/offer.pdf", 1000), doc("prices.xlsx", 10)];
    let t = templates::save(s, None, with_docs).unwrap();
    let listed: Vec<(&str, &str, i64)> =
        t.attachments.iter().map(|a| (a.name.as_str(), a.mime.as_str(), a.size)).collect();
    assert_eq!(
        listed,
        vec![
            ("offer.pdf", "application/pdf", 1000),
            ("prices.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 10)
        ]
    );
    let data = e.store.read(|c| templates::attachment_data_in(c, t.id)).unwrap();
    assert_eq!(data[0].data, doc("x", 1000).data);

    // One document over 10 MiB is refused with its size and the limit.
    let mut big = input("Offer", vec![variant(Language::En, "Offer", "See attached.")]);
    big.add_attachments = vec![doc("huge.pdf", templates::MAX_ATTACHMENT_BYTES + 1)];
    let err = templates::save(s, Some(t.id), big).unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::OutOfRange, Some("add_attachments.0.data")));
    assert!(err.message.contains("huge.pdf") && err.message.contains("at most 10.0 MB"), "{}", err.message);

    // Together over 15 MiB: refused as a whole, the earlier documents and variants stay as they were.
    let mut many = input("Offer", vec![variant(Language::De, "Angebot", "Siehe Anhang.")]);
    many.add_attachments = vec![doc("a.pdf", 8 * 1024 * 1024), doc("b.pdf", 8 * 1024 * 1024)];
    let err = templates::save(s, Some(t.id), many).unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::OutOfRange, Some("add_attachments")));
    assert!(err.message.contains("at most 15.0 MB"), "{}", err.message);
    assert_eq!(templates::get(s, t.id).unwrap(), t);
    assert_eq!(e.count("SELECT COUNT(*) FROM template_attachments"), 2);

    // A document of the same name replaces the old one; removing one by id drops it.
    let mut update = input("Offer", vec![variant(Language::En, "Offer", "See attached.")]);
    update.add_attachments = vec![NewAttachment { mime: Some("Application/PDF".into()), ..doc("offer.pdf", 5) }];
    update.remove_attachments = vec![t.attachments[1].id];
    let t2 = templates::save(s, Some(t.id), update).unwrap();
    let listed: Vec<(&str, &str, i64)> =
        t2.attachments.iter().map(|a| (a.name.as_str(), a.mime.as_str(), a.size)).collect();
    assert_eq!(listed, vec![("offer.pdf", "application/pdf", 5)]);

    let mut bad = input("Offer", vec![variant(Language::En, "Offer", "x")]);
    bad.add_attachments = vec![NewAttachment { mime: Some("pdf".into()), ..doc("x.pdf", 1) }];
    assert_err(templates::save(s, Some(t.id), bad), ErrorCode::InvalidValue, Some("add_attachments.0.mime"));
    let mut gone = input("Offer", vec![variant(Language::En, "Offer", "x")]);
    gone.remove_attachments = vec![t.attachments[1].id];
    assert_err(templates::save(s, Some(t.id), gone), ErrorCode::NotFound, Some("remove_attachments"));
    assert_eq!(templates::get(s, t.id).unwrap(), t2);
}

#[test]
fn too_many_documents_and_a_new_template_over_the_limit_are_refused_whole() {
    let e = env();
    let mut many = input("Brochures", vec![variant(Language::En, "Brochures", "Attached.")]);
    many.add_attachments = (0..=templates::MAX_ATTACHMENTS).map(|i| doc(&format!("{i}.pdf"), 1)).collect();
    assert_err(templates::save(&e.store, None, many), ErrorCode::OutOfRange, Some("add_attachments"));
    let over = (0..2).map(|i| doc(&format!("{i}.pdf"), 8 * 1024 * 1024)).collect();
    let err = templates::put(&e.store, "Brochures", None, variant(Language::En, "B", "A"), over).unwrap_err();
    assert_eq!(err.code, ErrorCode::OutOfRange);
    for table in ["templates", "template_variants", "template_attachments"] {
        assert_eq!(e.count(&format!("SELECT COUNT(*) FROM {table}")), 0, "{table}");
    }
}

#[test]
fn removing_a_template_removes_its_variants_and_documents() {
    let e = env();
    let mut t = follow_up_fixture();
    t.add_attachments = vec![doc("terms.pdf", 100)];
    let t = templates::save(&e.store, None, t).unwrap();
    templates::remove(&e.store, t.id).unwrap();
    assert_err(templates::remove(&e.store, t.id), ErrorCode::NotFound, None);
    assert_err(templates::get(&e.store, t.id), ErrorCode::NotFound, None);
    for table in ["templates", "template_variants", "template_attachments"] {
        assert_eq!(e.count(&format!("SELECT COUNT(*) FROM {table}")), 0, "{table}");
    }
}

#[test]
fn templates_and_their_documents_survive_the_json_export_and_import() {
    use relata_core::clock::Clock;
    use relata_core::services::export::{import_json, json};
    let a = env();
    let mut t = follow_up_fixture();
    t.add_attachments = vec![doc("terms.pdf", 3000)];
    let saved = templates::save(&a.store, None, t).unwrap();
    let mut out = Vec::new();
    json::write(&a.store, &mut out).unwrap();
    let b = env();
    b.clock.set(a.clock.now_ms());
    import_json(&b.store, out.as_slice()).unwrap();
    assert_eq!(templates::list(&b.store).unwrap(), vec![saved.clone()]);
    let bytes = b.store.read(|c| templates::attachment_data_in(c, saved.id)).unwrap();
    assert_eq!(bytes[0].data, doc("terms.pdf", 3000).data);
    assert_eq!(b.store.read(|c| templates::attachment_in(c, saved.attachments[0].id)).unwrap(), bytes[0]);
}

//! Rendering templates: every kind of merge field, escaping, missing fields and fallbacks, the
//! recipient's language, and the four-language follow-up fixture.

use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::{companies, custom_fields, deals, people, settings, templates};

use super::support::*;
use super::templates::{follow_up_fixture, input, variant};

fn custom_field(e: &Env, entity: Entity, label: &str, kind: CustomFieldKind) -> String {
    let choices = if kind == CustomFieldKind::Choice { vec!["Gold".into(), "Silver".into()] } else { vec![] };
    custom_fields::create(&e.store, CustomFieldInput { entity, label: label.into(), kind, choices }).unwrap().key
}

fn one(e: &Env, body: &str) -> Id {
    templates::save(&e.store, None, input("T", vec![variant(Language::En, "Re: {{ person.name }}", body)])).unwrap().id
}

fn render(e: &Env, template: Id, req: RenderFor) -> Result<RenderedMessage, relata_core::error::AppError> {
    templates::preview(&e.store, template, &req)
}

fn for_person(id: Id) -> RenderFor {
    RenderFor { person_id: id, ..Default::default() }
}

/// Annelies at Tulp BV with custom values on her, her company and her deal.
fn annelies(e: &Env) -> (Person, Deal) {
    let s = &e.store;
    let level = custom_field(e, Entity::Person, "VIP level", CustomFieldKind::Text);
    let newsletter = custom_field(e, Entity::Person, "Newsletter", CustomFieldKind::Boolean);
    let seats = custom_field(e, Entity::Person, "Seats", CustomFieldKind::Number);
    let tier = custom_field(e, Entity::Company, "Tier", CustomFieldKind::Choice);
    let po = custom_field(e, Entity::Deal, "PO number", CustomFieldKind::Text);
    let company = companies::create(
        s,
        CompanyInput {
            name: "Tulp BV".into(),
            domain: Some("tulp.nl".into()),
            custom: [(tier, CustomValue::Text("Gold".into()))].into_iter().collect(),
            ..Default::default()
        },
    );
    let company = company.unwrap();
    let person = people::create(
        s,
        PersonInput {
            emails: vec![lv("work", "annelies@tulp.nl"), lv("home", "a@example.nl")],
            phones: vec![lv("mobile", "+31612345678")],
            company_id: Some(company.id),
            job_title: Some("Inkoper".into()),
            address: Address { city: Some("Utrecht".into()), country: Some("NL".into()), ..Default::default() },
            owner: Some("Sam".into()),
            custom: [
                (level, CustomValue::Text("Platinum".into())),
                (newsletter, CustomValue::Bool(true)),
                (seats, CustomValue::Number(12.5)),
            ]
            .into_iter()
            .collect(),
            ..person("Annelies", "de Vries")
        },
    )
    .unwrap();
    let deal = deals::create(
        s,
        DealInput {
            title: "Spring order".into(),
            value_minor: 123_450,
            currency: "EUR".into(),
            person_id: Some(person.id),
            custom: [(po, CustomValue::Text("PO-77".into()))].into_iter().collect(),
            ..Default::default()
        },
    )
    .unwrap();
    (person, deal)
}

#[test]
fn every_kind_of_field_renders_custom_fields_included() {
    let e = env();
    let (p, d) = annelies(&e);
    let body = "{{ person.first_name }} {{ person.last_name }} / {{ person.name }} / {{ person.email }} / \
        {{ person.emails | join(', ') }} / {{ person.phone }} / {{ person.company_name }} / {{ person.job_title }} / \
        {{ person.city }} / {{ person.country }} / {{ person.owner }} / {{ person.custom.vip_level }} / \
        {{ person.custom.newsletter }} / {{ person.custom.seats }}\n\
        {{ company.name }} / {{ company.domain }} / {{ company.custom.tier }}\n\
        {{ deal.title }} / {{ deal.amount }} / {{ deal.currency }} / {{ deal.stage }} / {{ deal.status }} / \
        {{ deal.custom.po_number }}\n\
        {{ ticket.number }} / {{ ticket.subject }}\n\
        {{ sender.name }} <{{ sender.address }}>\n{{ sender.signature }}";
    let t = one(&e, body);
    let req = RenderFor {
        deal_id: Some(d.id),
        ticket: Some(TemplateTicket {
            number: Some("T-1042".into()),
            subject: Some("Login".into()),
            ..Default::default()
        }),
        sender: Some(TemplateSender {
            name: Some("Sam Jansen".into()),
            address: Some("sam@relata.test".into()),
            signature: Some("Sam\nRelata Sales".into()),
        }),
        ..for_person(p.id)
    };
    let m = render(&e, t, req).unwrap();
    assert_eq!(m.subject, "Re: Annelies de Vries");
    assert_eq!(m.lang, Language::En);
    let lines: Vec<&str> = m.text.lines().collect();
    assert_eq!(
        lines[0],
        "Annelies de Vries / Annelies de Vries / annelies@tulp.nl / annelies@tulp.nl, a@example.nl / +31612345678 / \
         Tulp BV / Inkoper / Utrecht / NL / Sam / Platinum / Yes / 12.5"
    );
    assert_eq!(lines[1], "Tulp BV / tulp.nl / Gold");
    assert_eq!(lines[2], "Spring order / €1,234.50 / EUR / Qualification / open / PO-77");
    assert_eq!(lines[3], "T-1042 / Login");
    assert_eq!(lines[4..].join("\n"), "Sam Jansen <sam@relata.test>\nSam\nRelata Sales");
    assert!(m.html.contains("Sam Jansen &lt;sam@relata.test&gt;<br>\nSam<br>\nRelata Sales</p>"), "{}", m.html);
}

#[test]
fn a_name_with_markup_is_escaped_in_html_and_literal_in_text() {
    let e = env();
    let p = people::create(&e.store, person("<script>alert('x')</script>", "& Co")).unwrap();
    let t = one(&e, "Dear {{ person.first_name }} {{ person.last_name }},\n\nThanks & bye.");
    let m = render(&e, t, for_person(p.id)).unwrap();
    assert_eq!(m.text, "Dear <script>alert('x')</script> & Co,\n\nThanks & bye.");
    assert_eq!(m.subject, "Re: <script>alert('x')</script> & Co");
    assert_eq!(
        m.html,
        "<p>Dear &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co,</p>\n<p>Thanks &amp; bye.</p>\n"
    );
    assert!(!m.html.contains("<script"));
}

#[test]
fn a_missing_field_blocks_the_render_by_name_unless_the_template_falls_back() {
    let e = env();
    let bare = people::create(&e.store, person("", "Jensen")).unwrap();
    let cases = [
        ("Hi {{ person.first_name }}", "person.first_name"),
        ("Hi {{ person.first_name | upper }}", "person.first_name"),
        ("Hi {{ person.last_name ~ person.job_title }}", "person.job_title"),
        ("{% if person.city %}x{% endif %}", "person.city"),
        ("Level {{ person.custom.vip_level }}", "person.custom.vip_level"),
        ("{{ company.name }}", "company.name"),
        ("{{ person.last_name }}: {{ deal.amount }}", "deal.amount"),
        ("Ticket {{ ticket.number }}", "ticket.number"),
        ("{{ sender.signature }}", "sender.signature"),
    ];
    for (i, (body, field)) in cases.into_iter().enumerate() {
        let t =
            templates::save(&e.store, None, input(&format!("T{i}"), vec![variant(Language::En, "S", body)])).unwrap();
        let err = render(&e, t.id, for_person(bare.id)).unwrap_err();
        assert_eq!((err.code, err.field.as_deref()), (ErrorCode::MissingField, Some(field)), "{body}: {}", err.message);
        assert!(err.message.contains(field) && err.message.contains("line 1"), "{}", err.message);
    }
    // In the subject too.
    let t = templates::save(&e.store, None, input("Subj", vec![variant(Language::En, "For {{ person.owner }}", "x")]));
    let err = render(&e, t.unwrap().id, for_person(bare.id)).unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::MissingField, Some("person.owner")));

    let fallbacks = "Hi {{ person.first_name | default(\"there\") }}{% if person.job_title is defined %}, \
        {{ person.job_title }}{% endif %}. {{ person.custom.vip_level | default('standard') }} \
        {{ person.first_name | default(person.last_name) }}{{ sender.signature | default('') }}";
    let m = render(&e, one(&e, fallbacks), for_person(bare.id)).unwrap();
    assert_eq!(m.text, "Hi there. standard Jensen");
    // Line numbers count from the body's first line.
    let t =
        templates::save(&e.store, None, input("Lines", vec![variant(Language::En, "S", "a\nb\n{{ company.name }}")]));
    let err = render(&e, t.unwrap().id, for_person(bare.id)).unwrap_err();
    assert!(err.message.contains("line 3"), "{}", err.message);
    // A person that does not exist is not found, and so is a deal.
    assert_err(render(&e, t_id(&e), for_person(9999)), ErrorCode::NotFound, None);
    assert_err(
        render(&e, t_id(&e), RenderFor { deal_id: Some(9999), ..for_person(bare.id) }),
        ErrorCode::NotFound,
        None,
    );
}

fn t_id(e: &Env) -> Id {
    templates::find_by_name(&e.store, "Lines").unwrap().id
}

#[test]
fn a_runaway_template_stops_with_a_template_error() {
    let e = env();
    let p = people::create(&e.store, person("Ida", "Holm")).unwrap();
    let cases = [
        ("{% for c in 'x' * 1000 %}{{ 'y' * 2000 }}{% endfor %}", "more than 1 MB"),
        ("{% for c in 'x' * 1000000 %}{% endfor %}", "too long to render"),
    ];
    for (i, (body, says)) in cases.into_iter().enumerate() {
        let t =
            templates::save(&e.store, None, input(&format!("R{i}"), vec![variant(Language::En, "S", body)])).unwrap();
        let err = render(&e, t.id, for_person(p.id)).unwrap_err();
        assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Template, Some("body")), "{body}");
        assert!(err.message.contains(says), "{}", err.message);
    }
    // No state that outlives a loop iteration, and no ranges.
    for body in ["{% set ns = namespace(s='x') %}{{ ns.s }}", "{% for i in range(3) %}x{% endfor %}"] {
        let err = templates::save(&e.store, None, input("N", vec![variant(Language::En, "S", body)])).unwrap_err();
        assert_eq!(err.code, ErrorCode::Template, "{body}");
    }
    // Just under the cap is fine.
    let t =
        templates::save(&e.store, None, input("Big", vec![variant(Language::En, "S", "{{ 'y' * 1000000 }}")])).unwrap();
    assert_eq!(render(&e, t.id, for_person(p.id)).unwrap().text.len(), 1_000_000);
}

#[test]
fn the_recipients_language_picks_the_variant_then_english_then_any() {
    let e = env();
    let s = &e.store;
    let all = templates::save(s, None, follow_up_fixture()).unwrap();
    let de_only = templates::save(
        s,
        None,
        input("Nur Deutsch", vec![variant(Language::De, "Hallo", "Hallo {{ person.last_name }}")]),
    )
    .unwrap();
    let lang_of = |lang: Option<&str>| {
        let p = people::create(s, PersonInput { language: lang.map(Into::into), ..person("Ida", "Holm") }).unwrap();
        render(&e, all.id, for_person(p.id)).unwrap().lang
    };
    assert_eq!(lang_of(Some("da-DK")), Language::Da);
    assert_eq!(lang_of(Some("de-AT")), Language::De);
    assert_eq!(lang_of(Some("nl")), Language::Nl);
    // A language without a variant falls back to English.
    assert_eq!(lang_of(Some("fr")), Language::En);
    // Without a language of their own, the app's language decides.
    assert_eq!(lang_of(None), Language::En);
    settings::set(s, Settings { language: Some("nl".into()), ..settings::get(s).unwrap() }).unwrap();
    assert_eq!(lang_of(None), Language::Nl);
    assert_eq!(lang_of(Some("da")), Language::Da);

    // No English variant: the first there is.
    let p = people::create(s, PersonInput { language: Some("da".into()), ..person("Ida", "Holm") }).unwrap();
    let m = render(&e, de_only.id, for_person(p.id)).unwrap();
    assert_eq!((m.lang, m.text.as_str()), (Language::De, "Hallo Holm"));
    // A chosen language wins, and must exist.
    let m = render(&e, all.id, RenderFor { lang: Some(Language::De), ..for_person(p.id) }).unwrap();
    assert_eq!(m.subject, "Nachfrage zu unserem Gespräch");
    assert_err(
        render(&e, de_only.id, RenderFor { lang: Some(Language::En), ..for_person(p.id) }),
        ErrorCode::NotFound,
        Some("lang"),
    );
}

#[test]
fn the_follow_up_fixture_reads_right_in_all_four_languages() {
    let e = env();
    let s = &e.store;
    let t = templates::save(s, None, follow_up_fixture()).unwrap();
    let company = companies::create(s, CompanyInput { name: "Hygge ApS".into(), ..Default::default() }).unwrap();
    let sender = TemplateSender {
        name: Some("Sam Jansen".into()),
        signature: Some("Relata Sales".into()),
        ..Default::default()
    };
    let expect = [
        (
            Language::Da,
            "DKK",
            "Hej Mette,",
            "Tak for snakken i sidste uge med holdet hos Hygge ApS.",
            "\"Tagrenovering\": 1.234,50 kr. (fase: Kvalificering)",
            "Med venlig hilsen\nSam Jansen\nRelata Sales",
        ),
        (
            Language::De,
            "EUR",
            "Hallo Mette,",
            "vielen Dank für das Gespräch letzte Woche mit dem Team von Hygge ApS.",
            "„Tagrenovering“: 1.234,50 € (Phase: ",
            "Mit freundlichen Grüßen\nSam Jansen",
        ),
        (
            Language::Nl,
            "EUR",
            "Beste Mette,",
            "Bedankt voor het gesprek van vorige week met het team van Hygge ApS.",
            "\"Tagrenovering\": € 1.234,50 (fase: ",
            "Met vriendelijke groet,\nSam Jansen",
        ),
        (
            Language::En,
            "USD",
            "Hi Mette,",
            "Thank you for your time last week with the team at Hygge ApS.",
            "\"Tagrenovering\": $1,234.50 (stage: Qualification)",
            "Kind regards,\nSam Jansen",
        ),
    ];
    for (lang, currency, greeting, thanks, summary, closing) in expect {
        let p = people::create(
            s,
            PersonInput { language: Some(lang.code().into()), company_id: Some(company.id), ..person("Mette", "Holm") },
        )
        .unwrap();
        let d = deals::create(
            s,
            DealInput {
                title: "Tagrenovering".into(),
                value_minor: 123_450,
                currency: currency.into(),
                ..Default::default()
            },
        )
        .unwrap();
        let req = RenderFor { deal_id: Some(d.id), sender: Some(sender.clone()), ..for_person(p.id) };
        let m = render(&e, t.id, req).unwrap();
        assert_eq!(m.lang, lang);
        assert!(m.text.starts_with(&format!("{greeting}\n\n{thanks}\n")), "{lang:?}: {}", m.text);
        assert!(m.text.contains(summary), "{lang:?}: {}", m.text);
        assert!(m.text.contains(closing), "{lang:?}: {}", m.text);
        assert!(
            m.html.starts_with(&format!("<p>{}<br>", greeting)) || m.html.starts_with(&format!("<p>{greeting}</p>")),
            "{}",
            m.html
        );

        // Without a deal or a first name the fallbacks carry the message.
        let nameless =
            people::create(s, PersonInput { language: Some(lang.code().into()), ..person("", "Holm") }).unwrap();
        let m = render(&e, t.id, for_person(nameless.id)).unwrap();
        assert!(!m.text.contains("Tagrenovering") && !m.text.contains("Mette"), "{}", m.text);
    }
    let da = people::create(s, PersonInput { language: Some("da".into()), ..person("", "Holm") }).unwrap();
    assert!(render(&e, t.id, for_person(da.id)).unwrap().text.starts_with("Hej der,"));
}

#[test]
fn the_preview_lists_the_documents_and_choose_is_usable_alone() {
    let e = env();
    let p = people::create(&e.store, person("Ida", "Holm")).unwrap();
    let mut with_doc =
        input("Offer", vec![variant(Language::En, "Offer for {{ person.first_name }}", "See attached.")]);
    with_doc.add_attachments =
        vec![NewAttachment { name: "offer.pdf".into(), mime: None, data: b"%PDF-1.4 test".to_vec() }];
    let t = templates::save(&e.store, None, with_doc).unwrap();
    let m = render(&e, t.id, for_person(p.id)).unwrap();
    assert_eq!(
        (m.subject.as_str(), m.text.as_str(), m.html.as_str()),
        ("Offer for Ida", "See attached.", "<p>See attached.</p>\n")
    );
    let docs: Vec<(&str, i64)> = m.attachments.iter().map(|a| (a.name.as_str(), a.size)).collect();
    assert_eq!(docs, vec![("offer.pdf", 13)]);

    let vs = [variant(Language::Nl, "a", "b"), variant(Language::Da, "c", "d")];
    assert_eq!(templates::choose(&vs, None, Some("DA_dk"), Some("nl")).unwrap().lang, Language::Da);
    assert_eq!(templates::choose(&vs, None, None, Some("nl")).unwrap().lang, Language::Nl);
    assert_eq!(templates::choose(&vs, None, Some("sv"), None).unwrap().lang, Language::Nl);
    assert_err(templates::choose(&[], None, None, None), ErrorCode::NotFound, None);
}

//! Logged calls: their facts on the activity, the rules of those facts, and who a number belongs to
//! whatever its spelling (E.164).

use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::{activities, calls, companies, people, settings};

use super::support::*;

pub fn call(person_id: Id, direction: Direction, outcome: CallOutcome) -> CallInput {
    CallInput {
        person_id: Some(person_id),
        company_id: None,
        direction,
        outcome,
        talk_secs: None,
        wait_secs: None,
        agent: None,
        number: None,
        at: None,
        note: None,
    }
}

fn set_region(e: &Env, region: &str) {
    let s = settings::get(&e.store).unwrap();
    settings::set(&e.store, Settings { region: Some(region.into()), ..s }).unwrap();
}

#[test]
fn a_logged_call_is_a_call_activity_with_its_facts_on_the_timeline() {
    let e = env();
    let p = people::create(
        &e.store,
        PersonInput { address: Address { country: Some("NL".into()), ..Default::default() }, ..person("Ann", "Bel") },
    )
    .unwrap();
    let input = CallInput {
        talk_secs: Some(185),
        wait_secs: Some(12),
        agent: Some("  mia ".into()),
        number: Some(" 020-1234567 ".into()),
        at: Some(T0 - HOUR),
        note: Some("Asked about the invoice".into()),
        ..call(p.id, Direction::Inbound, CallOutcome::Answered)
    };
    let a = calls::log(&e.store, input).unwrap();
    assert_eq!(
        (a.kind, a.direction, a.duration_secs, a.occurred_at),
        (ActivityKind::Call, Some(Direction::Inbound), Some(185), T0 - HOUR)
    );
    assert_eq!(a.body.as_deref(), Some("Asked about the invoice"));
    let facts = CallFacts {
        outcome: CallOutcome::Answered,
        wait_secs: Some(12),
        agent: Some("mia".into()),
        number: Some("020-1234567".into()),
        number_e164: Some("+31201234567".into()),
    };
    assert_eq!(a.call.as_ref(), Some(&facts));
    let q = TimelineQuery { person_id: Some(p.id), ..Default::default() };
    let page = activities::timeline(&e.store, &q).unwrap();
    assert_eq!(page.items, vec![a.clone()]);

    // Without an agent the app's user is the agent; a number that is not valid is kept as typed only.
    let s = settings::get(&e.store).unwrap();
    settings::set(&e.store, Settings { user_name: Some("Jo".into()), ..s }).unwrap();
    let b = calls::log(
        &e.store,
        CallInput { number: Some("12".into()), ..call(p.id, Direction::Outbound, CallOutcome::Busy) },
    )
    .unwrap();
    let facts = b.call.unwrap();
    assert_eq!((facts.agent.as_deref(), facts.number.as_deref(), facts.number_e164), (Some("Jo"), Some("12"), None));
    assert_eq!((b.duration_secs, facts.wait_secs), (None, None));

    // A plain activity has no call facts, and editing a call as an activity keeps them.
    let note = ActivityInput {
        kind: ActivityKind::Note,
        direction: None,
        subject: "n".into(),
        body: None,
        occurred_at: None,
        duration_secs: None,
        person_id: Some(p.id),
        company_id: None,
        deal_id: None,
    };
    assert_eq!(activities::create(&e.store, note).unwrap().call, None);
    let edit = ActivityInput {
        kind: ActivityKind::Call,
        direction: a.direction,
        subject: "Invoice".into(),
        body: a.body.clone(),
        occurred_at: Some(a.occurred_at),
        duration_secs: Some(190),
        person_id: Some(p.id),
        company_id: None,
        deal_id: None,
    };
    let edited = activities::update(&e.store, a.id, edit.clone()).unwrap();
    assert_eq!((edited.duration_secs, edited.call.map(|c| c.outcome)), (Some(190), Some(CallOutcome::Answered)));
    // Edited into an outbound call it loses the waiting time; edited into a note, every call fact.
    let outbound = ActivityInput { direction: Some(Direction::Outbound), ..edit.clone() };
    let facts = activities::update(&e.store, a.id, outbound).unwrap().call.unwrap();
    assert_eq!((facts.wait_secs, facts.agent.as_deref()), (None, Some("mia")));
    let as_note = ActivityInput { kind: ActivityKind::Note, direction: None, ..edit };
    assert_eq!(activities::update(&e.store, a.id, as_note).unwrap().call, None);
    assert_eq!(e.count("SELECT count(*) FROM activities WHERE call_agent = 'mia'"), 0);
}

#[test]
fn call_facts_are_checked_with_errors_that_name_the_field() {
    let e = env();
    let s = &e.store;
    let p = people::create(s, person("Ann", "")).unwrap();
    let answered = || call(p.id, Direction::Inbound, CallOutcome::Answered);
    let cases = [
        (CallInput { talk_secs: Some(-1), ..answered() }, ErrorCode::OutOfRange, "talk_secs"),
        (CallInput { wait_secs: Some(-5), ..answered() }, ErrorCode::OutOfRange, "wait_secs"),
        (
            CallInput { wait_secs: Some(10), ..call(p.id, Direction::Outbound, CallOutcome::Answered) },
            ErrorCode::InvalidValue,
            "wait_secs",
        ),
        (
            CallInput { talk_secs: Some(30), ..call(p.id, Direction::Outbound, CallOutcome::NoAnswer) },
            ErrorCode::InvalidValue,
            "talk_secs",
        ),
        (CallInput { number: Some("call me".into()), ..answered() }, ErrorCode::InvalidPhone, "number"),
        (CallInput { agent: Some("x".repeat(201)), ..answered() }, ErrorCode::TooLong, "agent"),
        (CallInput { person_id: None, ..answered() }, ErrorCode::Required, "person_id"),
        (CallInput { person_id: Some(999), ..answered() }, ErrorCode::NotFound, "person_id"),
    ];
    for (input, code, field) in cases {
        assert_err(calls::log(s, input), code, Some(field));
    }
    assert_eq!(e.count("SELECT count(*) FROM activities"), 0, "a refused call writes nothing");
    // A voicemail may have talk time (the message left); zero talk time on an unanswered call is fine.
    calls::log(s, CallInput { talk_secs: Some(20), ..call(p.id, Direction::Outbound, CallOutcome::Voicemail) })
        .unwrap();
    calls::log(s, CallInput { talk_secs: Some(0), ..call(p.id, Direction::Outbound, CallOutcome::NoAnswer) }).unwrap();
    // An unknown outcome does not pass the typed boundary (IPC and the CLI read it into the enum).
    let json = serde_json::json!({"person_id": p.id, "direction": "inbound", "outcome": "ringing"});
    assert!(serde_json::from_value::<CallInput>(json).is_err());
}

#[test]
fn a_number_finds_its_person_in_every_spelling_in_nl_de_dk_and_be() {
    let e = env();
    let with_phone = |first: &str, phone: &str| {
        let input = PersonInput { phones: vec![lv("work", phone)], ..person(first, "Caller") };
        people::create(&e.store, input).unwrap().id
    };
    let nl = with_phone("Nina", "+31 20 123 4567");
    let de = with_phone("Dirk", "+49 30 1234567");
    let dk = with_phone("Dorte", "+45 20 12 34 56");
    let be = with_phone("Bram", "+32 2 234 56 78");
    let gone = with_phone("Gone", "+31 6 12345678");
    people::delete(&e.store, gone).unwrap();
    let cases: [(&str, Id, &str, &[&str]); 4] = [
        ("NL", nl, "+31201234567", &["+31 20 123 4567", "020-1234567", "0031201234567", "(020) 123 45 67"]),
        ("DE", de, "+49301234567", &["030 1234567", "030/123 45 67", "0049 30 1234567", "+49 30 1234567"]),
        ("DK", dk, "+4520123456", &["20 12 34 56", "0045 20 12 34 56", "+45 2012 3456"]),
        ("BE", be, "+3222345678", &["02 234 56 78", "0032 2 234 56 78", "+32 2 234 56 78", "02/234.56.78"]),
    ];
    for (region, id, e164, spellings) in cases {
        set_region(&e, region);
        for typed in spellings {
            let found = people::find_by_phone(&e.store, typed, None).unwrap();
            assert_eq!(found.e164.as_deref(), Some(e164), "{region} {typed}");
            assert_eq!(found.people.iter().map(|p| p.id).collect::<Vec<_>>(), vec![id], "{region} {typed}");
        }
    }
    set_region(&e, "NL");
    let nobody = people::find_by_phone(&e.store, "06 12345678", None).unwrap();
    assert_eq!(
        (nobody.e164.as_deref(), nobody.people.len()),
        (Some("+31612345678"), 0),
        "trashed people are not found"
    );
    // An explicit region wins over the app's.
    let de_here = people::find_by_phone(&e.store, "030 1234567", Some("de")).unwrap();
    assert_eq!(de_here.people.iter().map(|p| p.id).collect::<Vec<_>>(), vec![de]);
    let junk = people::find_by_phone(&e.store, "hello", None).unwrap();
    assert_eq!((junk.e164, junk.people.len()), (None, 0));
}

#[test]
fn a_timeline_is_searched_in_subjects_and_bodies() {
    let e = env();
    let c = companies::create(&e.store, CompanyInput { name: "Tulp BV".into(), ..Default::default() }).unwrap();
    let p = people::create(&e.store, PersonInput { company_id: Some(c.id), ..person("Ann", "Bel") }).unwrap();
    let note = |subject: &str, body: Option<&str>, person: Option<Id>, company: Option<Id>| ActivityInput {
        kind: ActivityKind::Note,
        direction: None,
        subject: subject.into(),
        body: body.map(str::to_owned),
        occurred_at: None,
        duration_secs: None,
        person_id: person,
        company_id: company,
        deal_id: None,
    };
    let a = activities::create(&e.store, note("Invoice 100% paid", None, Some(p.id), None)).unwrap().id;
    let b = activities::create(&e.store, note("", Some("Talked about the INVOICE run"), Some(p.id), None)).unwrap().id;
    activities::create(&e.store, note("Spring order", Some("tulips"), Some(p.id), None)).unwrap();
    let d = activities::create(&e.store, note("Invoice_batch", None, None, Some(c.id))).unwrap().id;
    let called = CallInput {
        note: Some("Asked for the invoice copy".into()),
        ..call(p.id, Direction::Inbound, CallOutcome::Answered)
    };
    let f = calls::log(&e.store, called).unwrap().id;
    let ids = |q: TimelineQuery| -> Vec<Id> {
        let mut v: Vec<Id> = activities::timeline(&e.store, &q).unwrap().items.iter().map(|a| a.id).collect();
        v.sort_unstable();
        v
    };
    let person_q = |s: &str| TimelineQuery { person_id: Some(p.id), search: Some(s.into()), ..Default::default() };
    assert_eq!(ids(person_q("invoice")), vec![a, b, f]);
    assert_eq!(ids(person_q("100%")), vec![a], "% matches itself");
    assert_eq!(ids(person_q("  ")).len(), 4, "blank filters nothing");
    let company_q = |s: &str| TimelineQuery { company_id: Some(c.id), search: Some(s.into()), ..Default::default() };
    assert_eq!(ids(company_q("invoice")), vec![a, b, d, f], "a company's timeline includes its people's");
    assert_eq!(ids(company_q("invoice_")), vec![d], "_ matches itself");
    let calls_only = TimelineQuery { kinds: vec![ActivityKind::Call], ..company_q("invoice") };
    assert_eq!(ids(calls_only), vec![f]);
}

#[test]
fn erasing_a_person_removes_their_number_from_a_call_kept_for_its_company() {
    let e = env();
    let c = companies::create(&e.store, CompanyInput { name: "Tulp BV".into(), ..Default::default() }).unwrap();
    let p = people::create(&e.store, person("Ann", "Bel")).unwrap();
    let logged =
        CallInput { number: Some("+31 20 123 4567".into()), ..call(p.id, Direction::Inbound, CallOutcome::Answered) };
    let a = calls::log(&e.store, logged).unwrap();
    let relinked = ActivityInput {
        kind: ActivityKind::Call,
        direction: a.direction,
        subject: String::new(),
        body: None,
        occurred_at: Some(a.occurred_at),
        duration_secs: None,
        person_id: Some(p.id),
        company_id: Some(c.id),
        deal_id: None,
    };
    activities::update(&e.store, a.id, relinked).unwrap();
    relata_core::services::gdpr::erase(&e.store, p.id).unwrap();
    let q = TimelineQuery { company_id: Some(c.id), ..Default::default() };
    let kept = activities::timeline(&e.store, &q).unwrap().items;
    assert_eq!(kept.len(), 1);
    let facts = kept[0].call.clone().expect("still a logged call");
    assert_eq!((kept[0].person_id, facts.number, facts.number_e164), (None, None, None));
    assert_eq!(facts.outcome, CallOutcome::Answered);
    assert_eq!(e.count("SELECT count(*) FROM activities WHERE call_number IS NOT NULL"), 0);
}

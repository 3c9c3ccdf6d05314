use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::{activities, companies, deals, people};

use super::support::*;

fn call(person_id: Option<Id>, at: Millis, subject: &str) -> ActivityInput {
    ActivityInput {
        kind: ActivityKind::Call,
        direction: Some(Direction::Outbound),
        subject: subject.into(),
        body: None,
        occurred_at: Some(at),
        duration_secs: Some(300),
        person_id,
        company_id: None,
        deal_id: None,
    }
}

#[test]
fn validation_errors_name_the_field() {
    let e = env();
    let s = &e.store;
    let p = people::create(s, person("Ann", "")).unwrap();
    assert_err(activities::create(s, call(None, T0, "x")), ErrorCode::Required, Some("person_id"));
    assert_err(activities::create(s, call(Some(999), T0, "x")), ErrorCode::NotFound, Some("person_id"));
    assert_err(
        activities::create(s, ActivityInput { deal_id: Some(5), ..call(Some(p.id), T0, "x") }),
        ErrorCode::NotFound,
        Some("deal_id"),
    );
    let empty_note = ActivityInput { kind: ActivityKind::Note, body: Some("  ".into()), ..call(Some(p.id), T0, " ") };
    assert_err(activities::create(s, empty_note), ErrorCode::Required, Some("body"));
    let negative = ActivityInput { duration_secs: Some(-1), ..call(Some(p.id), T0, "x") };
    assert_err(activities::create(s, negative), ErrorCode::OutOfRange, Some("duration_secs"));
    people::delete(s, p.id).unwrap();
    assert_err(activities::create(s, call(Some(p.id), T0, "x")), ErrorCode::NotFound, Some("person_id"));
}

#[test]
fn create_defaults_to_now_and_fills_names() {
    let e = env();
    let p = people::create(&e.store, person("Ann", "Caller")).unwrap();
    let d = deals::create(&e.store, DealInput { title: "Big deal".into(), ..Default::default() }).unwrap();
    let a = activities::create(
        &e.store,
        ActivityInput { occurred_at: None, deal_id: Some(d.id), ..call(Some(p.id), 0, " Hi ") },
    )
    .unwrap();
    assert_eq!((a.occurred_at, a.subject.as_str(), a.created_at), (T0, "Hi", T0));
    assert_eq!((a.person_name.as_deref(), a.deal_title.as_deref()), (Some("Ann Caller"), Some("Big deal")));
    e.clock.advance(MINUTE);
    let u = activities::update(
        &e.store,
        a.id,
        ActivityInput { kind: ActivityKind::Meeting, ..call(Some(p.id), T0 - DAY, "Met") },
    )
    .unwrap();
    assert_eq!((u.kind, u.occurred_at, u.deal_id, u.updated_at), (ActivityKind::Meeting, T0 - DAY, None, T0 + MINUTE));
}

#[test]
fn timeline_is_newest_first_across_pages_with_ties() {
    let e = env();
    let p = people::create(&e.store, person("Ann", "")).unwrap();
    let mut ids = Vec::new();
    for i in 0..9 {
        // Three activities share each instant: the id breaks the tie.
        ids.push(activities::create(&e.store, call(Some(p.id), T0 + (i / 3) * HOUR, &format!("c{i}"))).unwrap().id);
    }
    ids.reverse();
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let q = TimelineQuery { person_id: Some(p.id), limit: Some(2), cursor, ..Default::default() };
        let page = activities::timeline(&e.store, &q).unwrap();
        assert_eq!(page.total, 9);
        seen.extend(page.items.iter().map(|a| a.id));
        assert!(seen.len() <= 9, "pagination repeats rows");
        cursor = page.next_cursor;
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(seen, ids);
}

#[test]
fn company_timeline_includes_its_people_and_filters_kinds() {
    let e = env();
    let s = &e.store;
    let c = companies::create(s, CompanyInput { name: "Acme".into(), ..Default::default() }).unwrap();
    let inside = people::create(s, PersonInput { company_id: Some(c.id), ..person("In", "") }).unwrap();
    let outside = people::create(s, person("Out", "")).unwrap();
    let direct =
        activities::create(s, ActivityInput { person_id: None, company_id: Some(c.id), ..call(None, T0, "direct") })
            .unwrap();
    let via =
        activities::create(s, ActivityInput { kind: ActivityKind::Email, ..call(Some(inside.id), T0 + 1, "via") })
            .unwrap();
    activities::create(s, call(Some(outside.id), T0 + 2, "other")).unwrap();
    let trashed = activities::create(s, call(Some(inside.id), T0 + 3, "trashed")).unwrap();
    activities::delete(s, trashed.id).unwrap();

    let ids =
        |q: TimelineQuery| activities::timeline(s, &q).unwrap().items.into_iter().map(|a| a.id).collect::<Vec<_>>();
    assert_eq!(ids(TimelineQuery { company_id: Some(c.id), ..Default::default() }), vec![via.id, direct.id]);
    let emails = TimelineQuery { company_id: Some(c.id), kinds: vec![ActivityKind::Email], ..Default::default() };
    assert_eq!(ids(emails), vec![via.id]);
    assert_eq!(ids(TimelineQuery::default()).len(), 3);
    assert_err(activities::update(s, trashed.id, call(Some(inside.id), T0, "x")), ErrorCode::NotFound, None);
}

//! Segments: every field kind and operator of the filter tree, nesting, refusal with the condition's path,
//! and dynamic and static segments.

use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::{activities, custom_fields, deals, gdpr, people, segments};
use serde_json::json;

use super::support::*;

struct Fx {
    e: Env,
}

fn custom(key: &str, v: CustomValue) -> (String, CustomValue) {
    (key.to_string(), v)
}

/// Ann (customer in Amsterdam, VIP, two calls, a won deal, newsletter consent), Bob (lead in Berlin, an old
/// email, an open deal, consent withdrawn), Cara (qualified, scored 80, nothing else), Eve (Amstelveen) and
/// Dan (Amsterdam customer, in the trash).
fn fixture() -> Fx {
    let e = env();
    let s = &e.store;
    let def = |label: &str, kind, choices: &[&str]| {
        let choices = choices.iter().map(|c| c.to_string()).collect();
        custom_fields::create(s, CustomFieldInput { entity: Entity::Person, label: label.into(), kind, choices })
            .unwrap()
    };
    def("Contract end", CustomFieldKind::Date, &[]);
    def("Seats", CustomFieldKind::Number, &[]);
    def("Active", CustomFieldKind::Boolean, &[]);
    def("Tier", CustomFieldKind::Choice, &["gold", "silver"]);
    let mk = |first: &str, city: Option<&str>, lifecycle, tags: &[&str], custom: Vec<(String, CustomValue)>| {
        let mut p = person(first, "Test");
        p.address.city = city.map(str::to_string);
        p.lifecycle = lifecycle;
        p.tags = tags.iter().map(|t| t.to_string()).collect();
        p.custom = custom.into_iter().collect();
        people::create(s, p).unwrap().id
    };
    let ann = mk(
        "Ann",
        Some("Amsterdam"),
        Lifecycle::Customer,
        &["VIP", "Newsletter"],
        vec![
            custom("contract_end", CustomValue::Text("2025-03-01".into())),
            custom("seats", CustomValue::Number(10.0)),
            custom("active", CustomValue::Bool(true)),
            custom("tier", CustomValue::Text("gold".into())),
        ],
    );
    let bob = mk(
        "Bob",
        Some("Berlin"),
        Lifecycle::Lead,
        &["newsletter"],
        vec![
            custom("contract_end", CustomValue::Text("2026-01-01".into())),
            custom("active", CustomValue::Bool(false)),
        ],
    );
    mk("Cara", None, Lifecycle::Qualified, &[], vec![]);
    mk("Eve", Some("Amstelveen"), Lifecycle::Lead, &[], vec![custom("seats", CustomValue::Number(3.5))]);
    let dan = mk("Dan", Some("Amsterdam"), Lifecycle::Customer, &["VIP"], vec![]);
    let act = |person: Id, kind, ago: Millis| {
        let input = ActivityInput {
            kind,
            direction: None,
            subject: "x".into(),
            body: None,
            occurred_at: Some(T0 - ago),
            duration_secs: None,
            person_id: Some(person),
            company_id: None,
            deal_id: None,
        };
        activities::create(s, input).unwrap();
    };
    act(ann, ActivityKind::Call, 3 * DAY);
    act(ann, ActivityKind::Call, 20 * DAY);
    act(bob, ActivityKind::Email, 40 * DAY);
    act(dan, ActivityKind::Call, DAY);
    let deal = |person: Id, status, value_minor| {
        let input = DealInput {
            title: "Deal".into(),
            value_minor,
            currency: "EUR".into(),
            status,
            person_id: Some(person),
            ..Default::default()
        };
        deals::create(s, input).unwrap();
    };
    deal(ann, DealStatus::Won, 500_000);
    deal(bob, DealStatus::Open, 100_000);
    deal(dan, DealStatus::Won, 900_000);
    let consent = |person: Id, status| {
        let input = ConsentInput {
            person_id: person,
            channel: ContactChannel::Email,
            purpose: "newsletter".into(),
            status,
            at: None,
            source: None,
            note: None,
        };
        gdpr::add_consent(s, input).unwrap();
    };
    consent(ann, ConsentStatus::Given);
    consent(bob, ConsentStatus::Given);
    e.clock.advance(MINUTE);
    consent(bob, ConsentStatus::Withdrawn);
    consent(dan, ConsentStatus::Given);
    people::delete(s, dan).unwrap();
    // Scores as the test wants them (scoring itself is tested elsewhere).
    e.raw()
        .execute_batch(
            "UPDATE people SET score = NULL, score_band = NULL;
             UPDATE people SET score = 80, score_band = 'hot' WHERE first_name = 'Cara';
             UPDATE people SET score = 20, score_band = 'cold' WHERE first_name = 'Bob';",
        )
        .unwrap();
    Fx { e }
}

impl Fx {
    /// The first names a filter matches, in the people list's order; checks that the count agrees.
    fn names(&self, filter: serde_json::Value) -> Vec<String> {
        let filter: Filter = serde_json::from_value(filter).expect("a filter");
        let count = segments::check(&self.e.store, &filter).unwrap().count;
        let page = segments::preview(&self.e.store, &filter, &PeopleQuery::default()).unwrap();
        let names: Vec<String> = page.items.into_iter().map(|p| p.first_name).collect();
        assert_eq!((count, page.total), (names.len() as i64, names.len() as i64), "{filter:?}");
        names
    }

    fn cond(&self, field: &str, op: &str, value: serde_json::Value) -> Vec<String> {
        self.names(json!({"field": field, "op": op, "value": value}))
    }

    fn refused(&self, filter: serde_json::Value) -> (Option<String>, String) {
        let filter: Filter = serde_json::from_value(filter).expect("a filter");
        let e = segments::check(&self.e.store, &filter).expect_err("refused");
        assert_eq!(e.code, ErrorCode::InvalidValue, "{}", e.message);
        (e.field, e.message)
    }
}

fn v(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn empty(field: &str, op: &str) -> serde_json::Value {
    json!({"field": field, "op": op})
}

#[test]
fn text_fields_compare_ignoring_case_and_skip_the_trash() {
    let f = fixture();
    assert_eq!(f.cond("city", "eq", json!("amsterdam")), v(&["Ann"]));
    assert_eq!(f.cond("city", "ne", json!("Amsterdam")), v(&["Bob", "Cara", "Eve"]));
    assert_eq!(f.cond("city", "in", json!(["berlin", "Amstelveen"])), v(&["Bob", "Eve"]));
    assert_eq!(f.cond("city", "contains", json!("STEL")), v(&["Eve"]));
    assert_eq!(f.cond("city", "starts_with", json!("ams")), v(&["Ann", "Eve"]));
    assert_eq!(f.cond("city", "contains", json!("%")), v(&[]));
    assert_eq!(f.names(empty("city", "is_empty")), v(&["Cara"]));
    assert_eq!(f.names(empty("city", "is_not_empty")), v(&["Ann", "Bob", "Eve"]));
    assert_eq!(f.cond("first_name", "starts_with", json!("c")), v(&["Cara"]));
}

#[test]
fn choice_and_number_fields() {
    let f = fixture();
    assert_eq!(f.cond("lifecycle", "eq", json!("customer")), v(&["Ann"]));
    assert_eq!(f.cond("lifecycle", "in", json!(["lead", "qualified"])), v(&["Bob", "Cara", "Eve"]));
    assert_eq!(f.cond("lifecycle", "ne", json!("lead")), v(&["Ann", "Cara"]));
    assert_eq!(f.cond("band", "eq", json!("hot")), v(&["Cara"]));
    assert_eq!(f.names(empty("band", "is_empty")), v(&["Ann", "Eve"]));
    assert_eq!(f.cond("score", "gte", json!(50)), v(&["Cara"]));
    assert_eq!(f.cond("score", "lt", json!(50)), v(&["Bob"]));
    assert_eq!(f.cond("score", "lte", json!(20)), v(&["Bob"]));
    assert_eq!(f.cond("score", "gt", json!(20)), v(&["Cara"]));
    assert_eq!(f.cond("score", "eq", json!(80)), v(&["Cara"]));
    assert_eq!(f.cond("score", "ne", json!(80)), v(&["Ann", "Bob", "Eve"]));
    assert_eq!(f.names(empty("score", "is_not_empty")), v(&["Bob", "Cara"]));
}

#[test]
fn tags_consent_and_custom_fields() {
    let f = fixture();
    assert_eq!(f.cond("tags", "contains", json!("vip")), v(&["Ann"]));
    assert_eq!(f.cond("tags", "in", json!(["VIP", "newsletter"])), v(&["Ann", "Bob"]));
    assert_eq!(f.names(empty("tags", "is_empty")), v(&["Cara", "Eve"]));
    assert_eq!(f.names(empty("tags", "is_not_empty")), v(&["Ann", "Bob"]));
    // Bob withdrew his consent: only the newest event per channel counts.
    assert_eq!(f.cond("consent.newsletter", "eq", json!(true)), v(&["Ann"]));
    assert_eq!(f.cond("consent.newsletter", "eq", json!(false)), v(&["Bob", "Cara", "Eve"]));
    assert_eq!(f.cond("consent.other", "eq", json!(true)), v(&[]));
    assert_eq!(f.cond("custom.contract_end", "before", json!("2025-06-01")), v(&["Ann"]));
    assert_eq!(f.cond("custom.contract_end", "after", json!("2025-06-01")), v(&["Bob"]));
    assert_eq!(f.cond("custom.contract_end", "eq", json!("2026-01-01")), v(&["Bob"]));
    // T0 is 2025-03-10: Ann's contract ended nine days before.
    assert_eq!(f.cond("custom.contract_end", "within_last_days", json!(9)), v(&["Ann"]));
    assert_eq!(f.cond("custom.contract_end", "within_last_days", json!(8)), v(&[]));
    assert_eq!(f.names(empty("custom.contract_end", "is_empty")), v(&["Cara", "Eve"]));
    assert_eq!(f.cond("custom.seats", "gt", json!(3)), v(&["Ann", "Eve"]));
    assert_eq!(f.cond("custom.seats", "lt", json!(4)), v(&["Eve"]));
    assert_eq!(f.cond("custom.active", "eq", json!(true)), v(&["Ann"]));
    assert_eq!(f.cond("custom.active", "eq", json!(false)), v(&["Bob"]));
    assert_eq!(f.cond("custom.tier", "eq", json!("gold")), v(&["Ann"]));
}

#[test]
fn activities_deals_and_times() {
    let f = fixture();
    assert_eq!(f.cond("activities.count", "gte", json!(1)), v(&["Ann", "Bob"]));
    assert_eq!(f.cond("activities.call.count", "eq", json!(2)), v(&["Ann"]));
    assert_eq!(f.cond("activities.email.count", "eq", json!(0)), v(&["Ann", "Cara", "Eve"]));
    assert_eq!(f.cond("activities.last_at", "within_last_days", json!(7)), v(&["Ann"]));
    assert_eq!(f.cond("activities.last_at", "within_last_days", json!(60)), v(&["Ann", "Bob"]));
    assert_eq!(f.cond("activities.email.last_at", "before", json!("2025-02-01")), v(&["Bob"]));
    // 40 days before T0 is 2025-01-29: "after" that day means from the next midnight on.
    assert_eq!(f.cond("activities.last_at", "after", json!("2025-01-29")), v(&["Ann"]));
    assert_eq!(f.cond("activities.last_at", "after", json!("2025-01-28")), v(&["Ann", "Bob"]));
    assert_eq!(f.names(empty("activities.last_at", "is_empty")), v(&["Cara", "Eve"]));
    assert_eq!(f.cond("created_at", "after", json!("2025-03-10")), v(&[]));
    assert_eq!(f.cond("created_at", "within_last_days", json!(1)), v(&["Ann", "Bob", "Cara", "Eve"]));
    assert_eq!(f.cond("deals.count", "eq", json!(1)), v(&["Ann", "Bob"]));
    assert_eq!(f.cond("deals.won_value", "gte", json!("5000 EUR")), v(&["Ann"]));
    assert_eq!(f.cond("deals.won_value", "gte", json!("5000.01 EUR")), v(&[]));
    assert_eq!(f.cond("deals.won_value", "gt", json!("0 USD")), v(&[]));
    assert_eq!(f.cond("deals.open_value", "eq", json!("1000,00 eur")), v(&["Bob"]));
    assert_eq!(f.cond("deals.open_value", "lt", json!("1 EUR")), v(&["Ann", "Cara", "Eve"]));
    let stage: String = f
        .e
        .raw()
        .query_row("SELECT s.name FROM deals d JOIN stages s ON s.id = d.stage_id WHERE d.status = 'open'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(f.cond("deals.stage", "eq", json!(stage)), v(&["Ann", "Bob"]));
    assert_eq!(f.cond("deals.stage", "ne", json!(stage)), v(&["Cara", "Eve"]));
}

#[test]
fn groups_nest_and_not_negates_missing_values_too() {
    let f = fixture();
    let vip_or_berlin = json!({"any": [
        {"field": "tags", "op": "contains", "value": "vip"},
        {"field": "city", "op": "eq", "value": "Berlin"}
    ]});
    assert_eq!(f.names(vip_or_berlin.clone()), v(&["Ann", "Bob"]));
    assert_eq!(
        f.names(json!({"all": [vip_or_berlin.clone(), {"not": {"field": "score", "op": "lt", "value": 50}}]})),
        v(&["Ann"])
    );
    // Cara has no score: "score < 50" is false for her, so its negation holds.
    assert_eq!(f.names(json!({"not": {"field": "score", "op": "lt", "value": 50}})), v(&["Ann", "Cara", "Eve"]));
    assert_eq!(f.names(json!({"not": vip_or_berlin})), v(&["Cara", "Eve"]));
    assert_eq!(f.names(json!({"all": []})), v(&["Ann", "Bob", "Cara", "Eve"]));
    assert_eq!(f.names(json!({"any": []})), v(&[]));
    assert_eq!(f.names(json!({"not": {"not": {"field": "city", "op": "is_empty"}}})), v(&["Cara"]));
}

#[test]
fn a_bad_condition_is_refused_naming_its_path() {
    let f = fixture();
    let city = json!({"field": "city", "op": "eq", "value": "x"});
    let (field, msg) = f.refused(json!({"all": [city, {"any": [{"field": "nope", "op": "eq", "value": 1}]}]}));
    assert_eq!(field.as_deref(), Some("all[1].any[0]"));
    assert!(msg.contains("nope"), "{msg}");
    let (field, _) = f.refused(json!({"field": "score", "op": "gt", "value": "high"}));
    assert_eq!(field.as_deref(), Some("filter"));
    let (field, msg) = f.refused(json!({"not": {"field": "tags", "op": "starts_with", "value": "v"}}));
    assert_eq!((field.as_deref(), msg.contains("starts_with")), (Some("not"), true));
    let refused = [
        json!({"field": "lifecycle", "op": "eq", "value": "vip"}),
        json!({"field": "custom.tier", "op": "in", "value": ["gold", "bronze"]}),
        json!({"field": "city", "op": "in", "value": []}),
        json!({"field": "city", "op": "is_empty", "value": "x"}),
        json!({"field": "city", "op": "eq"}),
        json!({"field": "created_at", "op": "before", "value": "10/03/2025"}),
        json!({"field": "created_at", "op": "eq", "value": "2025-03-10"}),
        json!({"field": "activities.last_at", "op": "within_last_days", "value": -1}),
        json!({"field": "activities.last_at", "op": "within_last_days", "value": 1.5}),
        json!({"field": "deals.won_value", "op": "gt", "value": 5000}),
        json!({"field": "deals.won_value", "op": "gt", "value": "5000 XYZ"}),
        json!({"field": "consent.newsletter", "op": "eq", "value": "yes"}),
        json!({"field": "lifecycle", "op": "is_empty"}),
        json!({"field": "custom.unknown", "op": "eq", "value": "x"}),
    ];
    for bad in refused {
        assert_eq!(f.refused(bad.clone()).0.as_deref(), Some("filter"), "{bad}");
    }
    let mut deep = json!({"field": "city", "op": "is_empty"});
    for _ in 0..20 {
        deep = json!({"not": deep});
    }
    assert!(f.refused(deep).1.contains("deeper"));
    // An unknown operator is not a filter at all.
    assert!(serde_json::from_value::<Filter>(json!({"field": "city", "op": "like", "value": "x"})).is_err());
}

#[test]
fn the_json_form_round_trips() {
    let text = r#"{"all":[{"field":"city","op":"eq","value":"Amsterdam"},{"not":{"any":[{"field":"tags","op":"in","value":["a","b"]},{"field":"score","op":"is_empty"}]}}]}"#;
    let filter: Filter = serde_json::from_str(text).unwrap();
    assert_eq!(serde_json::to_string(&filter).unwrap(), text);
}

#[test]
fn dynamic_segments_follow_the_data_and_static_ones_keep_their_snapshot() {
    let f = fixture();
    let s = &f.e.store;
    let filter: Filter = serde_json::from_value(json!({"field": "city", "op": "starts_with", "value": "Ams"})).unwrap();
    let input =
        |name: &str, is_static| SegmentInput { name: name.into(), filter: filter.clone(), is_static, pinned: false };
    let dynamic = segments::add(s, input("Amsterdam area", false)).unwrap();
    let snapshot = segments::add(s, input("Amsterdam then", true)).unwrap();
    assert_err(segments::add(s, input("amsterdam AREA", false)), ErrorCode::Duplicate, Some("name"));
    assert_eq!(segments::count(s, dynamic.id).unwrap().count, 2);
    assert_eq!(segments::count(s, snapshot.id).unwrap().count, 2);
    let mut p = person("Zoe", "New");
    p.address.city = Some("Amsterdam".into());
    people::create(s, p).unwrap();
    assert_eq!(segments::count(s, dynamic.id).unwrap().count, 3);
    assert_eq!(segments::count(s, snapshot.id).unwrap().count, 2);
    // Trashed people leave both.
    let eve = people::list(s, &PeopleQuery { search: Some("Eve".into()), ..Default::default() }).unwrap().items[0].id;
    people::delete(s, eve).unwrap();
    let names = |id| -> Vec<String> {
        segments::members(s, id, &PeopleQuery::default()).unwrap().items.into_iter().map(|p| p.first_name).collect()
    };
    assert_eq!((names(dynamic.id), names(snapshot.id)), (v(&["Ann", "Zoe"]), v(&["Ann"])));
    // Members pages sort and page like the people list.
    let page =
        segments::members(s, dynamic.id, &PeopleQuery { desc: true, limit: Some(1), ..Default::default() }).unwrap();
    // The page's total is a lower bound when there are more pages (the count is `segments::count`).
    assert_eq!((page.items[0].first_name.as_str(), page.total, page.total_exact), ("Zoe", 1, false));
    let next = PeopleQuery { desc: true, limit: Some(1), cursor: page.next_cursor, ..Default::default() };
    assert_eq!(segments::members(s, dynamic.id, &next).unwrap().items[0].first_name, "Ann");
    let pinned = segments::set_pinned(s, snapshot.id, true).unwrap();
    assert!(pinned.pinned);
    let listed: Vec<String> = segments::list(s).unwrap().into_iter().map(|g| g.name).collect();
    assert_eq!(listed, v(&["Amsterdam then", "Amsterdam area"]));
    assert_eq!(segments::get(s, dynamic.id).unwrap().filter, filter);
    segments::delete(s, snapshot.id).unwrap();
    assert_err(segments::count(s, snapshot.id), ErrorCode::NotFound, None);
    assert_eq!(f.e.count("SELECT COUNT(*) FROM segment_members"), 0);
    // A bad filter is refused before anything is saved.
    let bad: Filter = serde_json::from_value(json!({"field": "nope", "op": "eq", "value": 1})).unwrap();
    let r = segments::add(s, SegmentInput { name: "Bad".into(), filter: bad, is_static: true, pinned: false });
    assert_err(r, ErrorCode::InvalidValue, Some("filter"));
}

#[test]
fn the_catalogue_lists_custom_fields_and_consent_purposes() {
    let f = fixture();
    let fields = segments::fields(&f.e.store).unwrap();
    let find = |n: &str| fields.iter().find(|x| x.name == n).unwrap_or_else(|| panic!("{n}"));
    assert_eq!(find("custom.tier").choices, v(&["gold", "silver"]));
    assert_eq!(find("custom.contract_end").kind, FieldKind::Date);
    assert_eq!(find("consent.newsletter").ops, vec![FilterOp::Eq]);
    assert_eq!(find("tags").ops, vec![FilterOp::Contains, FilterOp::In, FilterOp::IsEmpty, FilterOp::IsNotEmpty]);
    assert_eq!(find("lifecycle").label_key, "segments.field.lifecycle");
    assert!(find("activities.meeting.count").ops.contains(&FilterOp::Gte));
    // Every field of the catalogue compiles with each of its operators (a product field names SKU "x").
    let x = ProductInput { sku: "x".into(), name: "X".into(), ..Default::default() };
    relata_core::services::orders::products::add(&f.e.store, x).unwrap();
    for field in &fields {
        for op in &field.ops {
            let value = match (field.kind, op) {
                (_, FilterOp::IsEmpty | FilterOp::IsNotEmpty) => None,
                (_, FilterOp::WithinLastDays) => Some(json!(30)),
                (_, FilterOp::In) => Some(json!([field.choices.first().cloned().unwrap_or_else(|| "x".into())])),
                (FieldKind::Number, _) => Some(json!(1)),
                (FieldKind::Money, _) => Some(json!("10 EUR")),
                (FieldKind::Date | FieldKind::Time, _) => Some(json!("2025-01-01")),
                (FieldKind::Boolean, _) => Some(json!(true)),
                _ => Some(json!(field.choices.first().cloned().unwrap_or_else(|| "x".into()))),
            };
            let filter = json!({"field": field.name, "op": op, "value": value});
            let filter: Filter = serde_json::from_value(filter).unwrap();
            segments::check(&f.e.store, &filter).unwrap_or_else(|e| panic!("{} {op:?}: {}", field.name, e.message));
        }
    }
}

//! Property test of the filter compiler: on random people and random filter trees, the people the SQL finds
//! are exactly those an independent in-memory evaluation of the same tree finds.

use proptest::prelude::*;
use relata_core::domain::*;
use relata_core::services::{activities, people, segments};
use serde_json::{json, Value};

use super::support::*;

#[derive(Debug, Clone)]
struct Model {
    first: String,
    city: Option<String>,
    lifecycle: &'static str,
    score: Option<i64>,
    tags: Vec<&'static str>,
    calls: usize,
    trashed: bool,
}

const CITIES: &[&str] = &["Amsterdam", "amsterdam", "Berlin", "Bern", "Århus", "a_b"];
const LIFECYCLES: &[&str] = &["lead", "qualified", "customer", "churned"];
const TAGS: &[&str] = &["vip", "news", "Partner"];
const TEXTS: &[&str] = &["amsterdam", "BER", "er", "a_", "Århus", "", "x"];

fn model() -> impl Strategy<Value = Model> {
    (
        proptest::option::of(0..CITIES.len()),
        0..LIFECYCLES.len(),
        proptest::option::of(0i64..=100),
        proptest::sample::subsequence(TAGS.to_vec(), 0..=TAGS.len()),
        0usize..3,
        proptest::bool::weighted(0.15),
    )
        .prop_map(|(city, l, score, tags, calls, trashed)| Model {
            first: String::new(),
            city: city.map(|i| CITIES[i].to_string()),
            lifecycle: LIFECYCLES[l],
            score,
            tags,
            calls,
            trashed,
        })
}

fn condition() -> impl Strategy<Value = Value> {
    let text = proptest::sample::select(TEXTS.to_vec());
    let texts = proptest::sample::subsequence(TEXTS.to_vec(), 1..3);
    prop_oneof![
        (proptest::sample::select(vec!["eq", "ne", "contains", "starts_with"]), text.clone())
            .prop_map(|(op, v)| json!({"field": "city", "op": op, "value": v})),
        texts.prop_map(|v| json!({"field": "city", "op": "in", "value": v})),
        proptest::sample::select(vec!["is_empty", "is_not_empty"]).prop_map(|op| json!({"field": "city", "op": op})),
        (proptest::sample::select(vec!["eq", "ne"]), proptest::sample::select(LIFECYCLES.to_vec()))
            .prop_map(|(op, v)| json!({"field": "lifecycle", "op": op, "value": v})),
        (proptest::sample::select(vec!["eq", "ne", "lt", "lte", "gt", "gte"]), 0i64..=100)
            .prop_map(|(op, v)| json!({"field": "score", "op": op, "value": v})),
        proptest::sample::select(vec!["is_empty", "is_not_empty"]).prop_map(|op| json!({"field": "score", "op": op})),
        proptest::sample::select(vec!["vip", "NEWS", "partner", "none"])
            .prop_map(|v| json!({"field": "tags", "op": "contains", "value": v})),
        proptest::sample::select(vec!["is_empty", "is_not_empty"]).prop_map(|op| json!({"field": "tags", "op": op})),
        (proptest::sample::select(vec!["eq", "lt", "gte"]), 0i64..3)
            .prop_map(|(op, v)| json!({"field": "activities.call.count", "op": op, "value": v})),
    ]
}

fn tree() -> impl Strategy<Value = Value> {
    condition().prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(|v| json!({ "all": v })),
            proptest::collection::vec(inner.clone(), 0..4).prop_map(|v| json!({ "any": v })),
            inner.prop_map(|x| json!({ "not": x })),
        ]
    })
}

fn lower(s: &str) -> String {
    s.to_ascii_lowercase()
}

fn cond(m: &Model, field: &str, op: &str, value: &Value) -> bool {
    let text = || value.as_str().unwrap_or_default();
    let num = || value.as_f64().unwrap_or_default();
    match (field, op) {
        (_, "ne") => !cond(m, field, "eq", value),
        ("city", "is_empty") => m.city.as_deref().unwrap_or_default().is_empty(),
        ("city", "is_not_empty") => !cond(m, field, "is_empty", value),
        ("city", op) => match m.city.as_deref().map(lower) {
            None => false,
            Some(c) => match op {
                "eq" => c == lower(text()),
                "in" => value.as_array().unwrap().iter().any(|v| lower(v.as_str().unwrap()) == c),
                "contains" => c.contains(&lower(text())),
                "starts_with" => c.starts_with(&lower(text())),
                _ => unreachable!("{op}"),
            },
        },
        ("lifecycle", "eq") => m.lifecycle == text(),
        ("score", "is_empty") => m.score.is_none(),
        ("score", "is_not_empty") => m.score.is_some(),
        ("score", op) => m.score.is_some_and(|s| compare(s as f64, op, num())),
        ("tags", "contains") => m.tags.iter().any(|t| t.to_lowercase() == text().to_lowercase()),
        ("tags", "is_empty") => m.tags.is_empty(),
        ("tags", "is_not_empty") => !m.tags.is_empty(),
        ("activities.call.count", op) => compare(m.calls as f64, op, num()),
        _ => unreachable!("{field} {op}"),
    }
}

fn compare(a: f64, op: &str, b: f64) -> bool {
    match op {
        "eq" => a == b,
        "lt" => a < b,
        "lte" => a <= b,
        "gt" => a > b,
        "gte" => a >= b,
        _ => unreachable!("{op}"),
    }
}

fn eval(m: &Model, f: &Value) -> bool {
    if let Some(all) = f.get("all") {
        return all.as_array().unwrap().iter().all(|x| eval(m, x));
    }
    if let Some(any) = f.get("any") {
        return any.as_array().unwrap().iter().any(|x| eval(m, x));
    }
    if let Some(not) = f.get("not") {
        return !eval(m, not);
    }
    cond(m, f["field"].as_str().unwrap(), f["op"].as_str().unwrap(), &f["value"])
}

fn load(e: &Env, models: &mut [Model]) {
    for (i, m) in models.iter_mut().enumerate() {
        m.first = format!("P{i:02}");
        let mut p = person(&m.first, "Prop");
        p.address.city = m.city.clone();
        p.lifecycle = serde_json::from_value(json!(m.lifecycle)).unwrap();
        p.tags = m.tags.iter().map(|t| t.to_string()).collect();
        let id = people::create(&e.store, p).unwrap().id;
        for _ in 0..m.calls {
            let input = ActivityInput {
                kind: ActivityKind::Call,
                direction: None,
                subject: "call".into(),
                body: None,
                occurred_at: Some(T0 - DAY),
                duration_secs: None,
                person_id: Some(id),
                company_id: None,
                deal_id: None,
            };
            activities::create(&e.store, input).unwrap();
        }
        if m.trashed {
            people::delete(&e.store, id).unwrap();
        }
    }
    let raw = e.raw();
    raw.execute("UPDATE people SET score = NULL", []).unwrap();
    for m in models.iter() {
        raw.execute("UPDATE people SET score = ?1 WHERE first_name = ?2", rusqlite::params![m.score, m.first]).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn sql_and_in_memory_evaluation_agree(
        mut models in proptest::collection::vec(model(), 1..20),
        trees in proptest::collection::vec(tree(), 1..12),
    ) {
        let e = env();
        load(&e, &mut models);
        for t in &trees {
            let filter: Filter = serde_json::from_value(t.clone()).unwrap();
            let mut want: Vec<String> =
                models.iter().filter(|m| !m.trashed && eval(m, t)).map(|m| m.first.clone()).collect();
            want.sort();
            let q = PeopleQuery { limit: Some(500), ..Default::default() };
            let got: Vec<String> =
                segments::preview(&e.store, &filter, &q).unwrap().items.into_iter().map(|p| p.first_name).collect();
            prop_assert_eq!(&got, &want, "filter {}", t);
            prop_assert_eq!(segments::check(&e.store, &filter).unwrap().count, want.len() as i64, "filter {}", t);
        }
    }
}

//! The segment field `upsell.likely` on a hand-worked history (default model parameters: shrink 20,
//! popularity 0.05, recency 0.1; every order on one day, so a product's prior is 0.15 × buyers / 6).
//!
//! Products: A (1), B (2), Y (3), fillers F0..F9 (4..13), Z (14, never bought).
//!   P1, P2, P3, P6 {A, Y}   P4 {A}   P5 {B}   P7 {A, B}   P8 no orders
//!   P100..P149: five customers for each filler, one product each.
//! Buyers: A 6, Y 4, B 2, each filler 5. Priors: A .15, fillers .125, Y .1, B .05.
//! co(A, Y) = 4, so sim(A, Y) = 4 / (sqrt(6 × 4) + 20) = .16064; B and the fillers have no tie to Y.
//!   P4 {A}, P7 {A, B}: Y scores .26064, above every filler: first suggestion, in.
//!   P5 {B}: Y scores its prior .1; A and the ten fillers score more: 12th, out.
//!   P100..: the nine other fillers and A score more: 11th, out.
//!   P1, P2, P3, P6 bought Y; P8 has no history: out.

use relata_core::domain::{Filter, PeopleQuery};
use relata_core::error::ErrorCode;
use relata_core::services::segments;
use relata_core::services::upsell::{self, Params};
use serde_json::json;

use super::support::*;
use super::upsell::{seed, OrderRow, DAY0};

fn history() -> Env {
    let mut orders: Vec<OrderRow> = vec![
        (Some(1), DAY0, "order", "paid", vec![1, 3]),
        (Some(2), DAY0, "order", "paid", vec![1, 3]),
        (Some(3), DAY0, "order", "paid", vec![1, 3]),
        (Some(6), DAY0, "order", "paid", vec![1, 3]),
        (Some(4), DAY0, "order", "paid", vec![1]),
        (Some(5), DAY0, "order", "paid", vec![2]),
        (Some(7), DAY0, "order", "paid", vec![1, 2]),
    ];
    for p in 100..150 {
        orders.push((Some(p), DAY0, "order", "paid", vec![4 + (p - 100) / 5]));
    }
    let e = env();
    seed(&e, 100..=149, &[], &[]);
    let products = ["A", "B", "Y", "F0", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "Z"];
    seed(&e, 1..=8, &products, &orders);
    e
}

fn filter(v: serde_json::Value) -> Filter {
    serde_json::from_value(v).unwrap()
}

fn likely(sku: &str) -> serde_json::Value {
    json!({"field": "upsell.likely", "op": "eq", "value": sku})
}

fn members(e: &Env, f: &Filter) -> Vec<i64> {
    let q = PeopleQuery { limit: Some(200), ..Default::default() };
    let mut ids: Vec<i64> = segments::preview(&e.store, f, &q).unwrap().items.iter().map(|r| r.id).collect();
    ids.sort_unstable();
    ids
}

#[test]
fn likely_buyers_are_the_customers_whose_top_suggestions_hold_the_product() {
    let e = history();
    let f = filter(likely("sku-y"));
    assert_eq!(segments::check(&e.store, &f).unwrap().count, 2);
    assert_eq!(members(&e, &f), [4, 7]);
    // Exactly "Y is among suggest(person, 10)", for every customer (the core skips most without ranking).
    let model = upsell::build(&e.store, Params::default()).unwrap();
    let by_definition: Vec<i64> = (1..=149)
        .filter(|&p| upsell::suggest(&model, p, upsell::LIKELY_TOP as u32).iter().any(|s| s.sku == "SKU-Y"))
        .collect();
    assert_eq!(by_definition, [4, 7]);
    assert_eq!(upsell::ranked_in_top(&model, 3, upsell::LIKELY_TOP), [4, 7]);
    // P5 has Y 12th: in a top 12, not in a top 11.
    assert!(upsell::ranked_in_top(&model, 3, 12).contains(&5));
    assert!(!upsell::ranked_in_top(&model, 3, 11).contains(&5));

    // `ne` is the negation (58 live people in all); two conditions in one filter each get their own set;
    // a product nobody bought is nobody's suggestion.
    let ne = filter(json!({"field": "upsell.likely", "op": "ne", "value": "SKU-Y"}));
    assert_eq!(segments::check(&e.store, &ne).unwrap().count, 56);
    let both = filter(json!({"any": [likely("SKU-Y"), {"all": [likely("SKU-Z")]}]}));
    assert_eq!(segments::check(&e.store, &both).unwrap().count, 2);
    let and = filter(json!({"all": [likely("SKU-Y"), {"not": likely("SKU-Y")}]}));
    assert_eq!(segments::check(&e.store, &and).unwrap().count, 0);
    assert_eq!(segments::check(&e.store, &filter(likely("SKU-Z"))).unwrap().count, 0);
    let listed = filter(json!({"field": "upsell.likely", "op": "in", "value": ["SKU-Z", "SKU-Y"]}));
    assert_eq!(members(&e, &listed), [4, 7]);
}

#[test]
fn an_unknown_sku_is_refused_naming_the_condition() {
    let e = history();
    let f = filter(json!({"all": [{"field": "city", "op": "eq", "value": "x"}, likely("NOPE-1")]}));
    let err = segments::check(&e.store, &f).unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::InvalidValue, Some("all[1]")));
    assert!(err.message.contains("NOPE-1"), "{}", err.message);
    assert_err(segments::check(&e.store, &filter(likely("Z"))), ErrorCode::InvalidValue, Some("filter"));
    // The operator and the value type are checked like any field's.
    let bad_op = filter(json!({"field": "upsell.likely", "op": "contains", "value": "SKU-Y"}));
    assert_err(segments::check(&e.store, &bad_op), ErrorCode::InvalidValue, Some("filter"));
    let fields = segments::fields(&e.store).unwrap();
    let field = fields.iter().find(|f| f.name == "upsell.likely").unwrap();
    assert_eq!(serde_json::to_value(field.kind).unwrap(), json!("product"));
}

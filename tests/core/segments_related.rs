//! Segments over purchases (orders of migration 24) and tickets, and editing a saved segment.

use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::{people, segments, tickets};
use serde_json::json;

use super::support::*;

/// Ann bought twice in EUR (an espresso machine 10 days ago, beans 200 days ago) and got 20 EUR back;
/// Bob's EUR order was cancelled, a draft does not count, and he paid 30 USD 400 days ago; he has an open
/// ticket. Cara bought nothing and has a solved ticket.
fn fixture() -> Env {
    let e = env();
    let s = &e.store;
    let id = |first: &str| people::create(s, person(first, "Test")).unwrap().id;
    let (ann, bob, cara) = (id("Ann"), id("Bob"), id("Cara"));
    let raw = e.raw();
    raw.execute_batch(
        "INSERT INTO products (id, sku, sku_key, name, created_at, updated_at) VALUES
           (1, 'EM-1', 'em-1', 'Espresso Machine', 0, 0), (2, 'B-2', 'b-2', 'Beans', 0, 0);",
    )
    .unwrap();
    let order = |n: i64, person: Id, kind: &str, status: &str, days: i64, cur: &str, gross: i64, product: i64| {
        let at = (T0 - days * DAY) / 1000;
        raw.execute(
            "INSERT INTO orders (id, number, number_key, kind, status, person_id, ordered_at, ordered_on, currency,
                                 gross_minor, created_at, updated_at)
             VALUES (?1, ?1, ?1, ?2, ?3, ?4, ?5, '2025-01-01', ?6, ?7, 0, 0)",
            rusqlite::params![n, kind, status, person, at, cur, gross],
        )
        .unwrap();
        raw.execute(
            "INSERT INTO order_lines (order_id, position, product_id, description, quantity_milli, unit_price_minor,
                                      net_minor, vat_minor, gross_minor)
             VALUES (?1, 1, ?2, 'x', 1000, ?3, ?3, 0, ?3)",
            rusqlite::params![n, product, gross],
        )
        .unwrap();
    };
    order(1, ann, "order", "confirmed", 10, "EUR", 10_000, 1);
    order(2, ann, "invoice", "paid", 200, "EUR", 5_000, 2);
    order(3, ann, "credit_note", "confirmed", 5, "EUR", -2_000, 2);
    order(4, bob, "order", "cancelled", 1, "EUR", 100_000, 1);
    order(5, bob, "order", "draft", 1, "EUR", 100_000, 1);
    order(6, bob, "order", "paid", 400, "USD", 3_000, 2);
    tickets::create(s, super::tickets::input(bob, Some(T0 - 2 * DAY))).unwrap();
    tickets::create(s, super::tickets::input(cara, Some(T0 - 3 * DAY))).unwrap();
    raw.execute("UPDATE tickets SET status = 'solved' WHERE person_id = ?1", [cara]).unwrap();
    e
}

fn names(e: &Env, filter: serde_json::Value) -> Vec<String> {
    let filter: Filter = serde_json::from_value(filter).expect("a filter");
    let count = segments::check(&e.store, &filter).unwrap().count;
    let page = segments::preview(&e.store, &filter, &PeopleQuery::default()).unwrap();
    let names: Vec<String> = page.items.into_iter().map(|p| p.first_name).collect();
    assert_eq!(count, names.len() as i64, "{filter:?}");
    names
}

fn cond(e: &Env, field: &str, op: &str, value: serde_json::Value) -> Vec<String> {
    let c = if value.is_null() {
        json!({"field": field, "op": op})
    } else {
        json!({"field": field, "op": op, "value": value})
    };
    names(e, c)
}

fn v(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[test]
fn purchases_count_confirmed_and_paid_orders_net_of_credit_notes() {
    let e = fixture();
    assert_eq!(cond(&e, "orders.total", "eq", json!("130 EUR")), v(&["Ann"]));
    assert_eq!(cond(&e, "orders.total", "gt", json!("130 EUR")), v(&[]));
    assert_eq!(cond(&e, "orders.total", "gt", json!("0 EUR")), v(&["Ann"]));
    assert_eq!(cond(&e, "orders.total", "gte", json!("30 usd")), v(&["Bob"]));
    assert_eq!(cond(&e, "orders.total", "lt", json!("1 EUR")), v(&["Bob", "Cara"]));
    assert_eq!(cond(&e, "orders.count", "eq", json!(2)), v(&["Ann"]));
    assert_eq!(cond(&e, "orders.count", "eq", json!(0)), v(&["Cara"]));
    assert_eq!(cond(&e, "orders.last_at", "within_last_days", json!(30)), v(&["Ann"]));
    assert_eq!(cond(&e, "orders.last_at", "before", json!("2024-06-01")), v(&["Bob"]));
    assert_eq!(cond(&e, "orders.last_at", "is_empty", json!(null)), v(&["Cara"]));
    assert_eq!(cond(&e, "orders.product", "eq", json!("espresso machine")), v(&["Ann"]));
    assert_eq!(cond(&e, "orders.product", "eq", json!("em-1")), v(&["Ann"]));
    assert_eq!(cond(&e, "orders.product", "contains", json!("EAN")), v(&["Ann", "Bob"]));
    assert_eq!(cond(&e, "orders.product", "starts_with", json!("esp")), v(&["Ann"]));
    assert_eq!(cond(&e, "orders.product", "in", json!(["Nope", "B-2"])), v(&["Ann", "Bob"]));
    assert_eq!(
        names(&e, json!({"not": {"field": "orders.product", "op": "eq", "value": "Espresso Machine"}})),
        v(&["Bob", "Cara"])
    );
    let bad: Filter =
        serde_json::from_value(json!({"all": [{"field": "orders.product", "op": "ne", "value": "x"}]})).unwrap();
    let err = segments::check(&e.store, &bad).expect_err("ne is not an operator of orders.product");
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::InvalidValue, Some("all[0]")));
}

#[test]
fn tickets_count_all_or_open_ones() {
    let e = fixture();
    assert_eq!(cond(&e, "tickets.count", "gte", json!(1)), v(&["Bob", "Cara"]));
    assert_eq!(cond(&e, "tickets.open_count", "eq", json!(1)), v(&["Bob"]));
    assert_eq!(cond(&e, "tickets.last_at", "within_last_days", json!(2)), v(&["Bob"]));
    assert_eq!(cond(&e, "tickets.last_at", "is_empty", json!(null)), v(&["Ann"]));
}

#[test]
fn a_saved_segment_is_renamed_and_edited_and_a_static_one_retakes_its_snapshot_only_when_its_filter_changes() {
    let e = fixture();
    let s = &e.store;
    let filter = |v: serde_json::Value| -> Filter { serde_json::from_value(v).unwrap() };
    let buyers = filter(json!({"field": "orders.count", "op": "gte", "value": 1}));
    let input = |name: &str, f: &Filter, is_static| SegmentInput {
        name: name.into(),
        filter: f.clone(),
        is_static,
        pinned: false,
    };
    let seg = segments::add(s, input("Buyers", &buyers, true)).unwrap();
    segments::add(s, input("Other", &buyers, false)).unwrap();
    let members = |id| -> Vec<String> {
        segments::members(s, id, &PeopleQuery::default()).unwrap().items.into_iter().map(|p| p.first_name).collect()
    };
    assert_eq!(members(seg.id), v(&["Ann", "Bob"]));
    // A rename keeps the snapshot, even when the data changed since.
    let cara: Id = e.raw().query_row("SELECT id FROM people WHERE first_name = 'Cara'", [], |r| r.get(0)).unwrap();
    e.raw().execute("INSERT INTO orders (number, number_key, person_id, ordered_at, ordered_on, currency, created_at, updated_at)
                     VALUES ('7', '7', ?1, 0, '1970-01-01', 'EUR', 0, 0)", [cara]).unwrap();
    let renamed =
        segments::update(s, seg.id, SegmentInput { pinned: true, ..input("Past buyers", &buyers, true) }).unwrap();
    assert_eq!((renamed.name.as_str(), renamed.pinned, renamed.is_static), ("Past buyers", true, true));
    assert_eq!(members(seg.id), v(&["Ann", "Bob"]));
    // A new filter takes a new snapshot.
    let two = filter(json!({"field": "orders.count", "op": "gte", "value": 2}));
    segments::update(s, seg.id, input("Past buyers", &two, true)).unwrap();
    assert_eq!(members(seg.id), v(&["Ann"]));
    // Dynamic from now on: the snapshot goes, the filter is evaluated.
    let dynamic = segments::update(s, seg.id, input("Buyers now", &buyers, false)).unwrap();
    assert_eq!((dynamic.is_static, members(seg.id)), (false, v(&["Ann", "Bob", "Cara"])));
    assert_eq!(e.count("SELECT COUNT(*) FROM segment_members"), 0);
    // Back to static: a snapshot of today.
    segments::update(s, seg.id, input("Buyers now", &buyers, true)).unwrap();
    assert_eq!(segments::count(s, seg.id).unwrap().count, 3);
    assert_err(segments::update(s, seg.id, input("OTHER", &buyers, true)), ErrorCode::Duplicate, Some("name"));
    assert_err(segments::update(s, seg.id, input(" ", &buyers, true)), ErrorCode::Required, Some("name"));
    let nope = filter(json!({"field": "nope", "op": "eq", "value": 1}));
    assert_err(segments::update(s, seg.id, input("X", &nope, true)), ErrorCode::InvalidValue, Some("filter"));
    assert_err(segments::update(s, 999, input("X", &buyers, true)), ErrorCode::NotFound, None);
    assert_eq!(segments::get(s, seg.id).unwrap().name, "Buyers now");
}

#[test]
fn a_segment_is_a_people_list_query_so_its_members_export_as_csv_and_vcard() {
    use relata_core::services::export::{self, csv::CsvQuery, ExportFormat};
    let e = fixture();
    let s = &e.store;
    let filter: Filter = serde_json::from_value(json!({"field": "orders.count", "op": "gte", "value": 1})).unwrap();
    let seg =
        segments::add(s, SegmentInput { name: "Buyers".into(), filter, is_static: false, pinned: false }).unwrap();
    let q = PeopleQuery { segment_id: Some(seg.id), ..Default::default() };
    let names: Vec<String> = people::list(s, &q).unwrap().items.into_iter().map(|p| p.first_name).collect();
    assert_eq!(names, v(&["Ann", "Bob"]));
    let run = |format| {
        let mut out = Vec::new();
        let n = export::write(s, format, &CsvQuery::Person(q.clone()), &mut out).unwrap();
        (n, String::from_utf8(out).unwrap())
    };
    let (n, csv) = run(ExportFormat::Csv);
    assert_eq!(n, 2);
    assert!(csv.contains("Ann") && csv.contains("Bob") && !csv.contains("Cara"), "{csv}");
    let (n, vcf) = run(ExportFormat::Vcard);
    assert_eq!((n, vcf.matches("BEGIN:VCARD").count()), (2, 2));
    assert!(!vcf.contains("Cara"));
    assert_err(
        people::list(s, &PeopleQuery { segment_id: Some(999), ..Default::default() }),
        ErrorCode::NotFound,
        None,
    );
}

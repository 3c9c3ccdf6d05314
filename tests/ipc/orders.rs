//! A customer's purchases over IPC: their orders, one order's lines, and what they spent.

use std::sync::Arc;

use relata::app::state::AppState;
use relata_core::clock::ManualClock;
use relata_core::domain::{OrderInput, OrderKind, OrderLineInput, PersonInput};
use relata_core::services::{orders, people};
use relata_core::store::Store;
use serde_json::json;

use crate::harness_with;

fn line(quantity_milli: i64, unit_price_minor: i64) -> OrderLineInput {
    OrderLineInput {
        description: Some("Chair".into()),
        quantity_milli,
        unit_price_minor: Some(unit_price_minor),
        vat_rate_bp: Some(2100),
        ..Default::default()
    }
}

#[test]
fn a_persons_orders_and_purchase_summary_over_ipc() {
    let h = harness_with(|dir| {
        let store = Store::open(dir, Arc::new(ManualClock::new(1_767_225_600_000))).unwrap();
        let ann = PersonInput { first_name: "Ann".into(), last_name: "Buyer".into(), ..Default::default() };
        let ann = people::create(&store, ann).unwrap();
        let order = |number: &str, kind, date: &str, lines| OrderInput {
            number: number.into(),
            kind,
            person_id: Some(ann.id),
            ordered_at: Some(date.into()),
            lines,
            ..Default::default()
        };
        orders::create(&store, order("A-1", OrderKind::Order, "2025-11-02", vec![line(2000, 5000)])).unwrap();
        orders::create(&store, order("A-2", OrderKind::Order, "2025-12-24", vec![line(1000, 5000)])).unwrap();
        orders::create(&store, order("R-1", OrderKind::CreditNote, "2025-12-28", vec![line(-1000, 5000)])).unwrap();
        AppState::new(dir.to_path_buf(), Ok(store))
    });
    let list = h.invoke("orders_list", json!({ "personId": 1, "companyId": null })).unwrap();
    let numbers: Vec<&str> = list.as_array().unwrap().iter().map(|o| o["number"].as_str().unwrap()).collect();
    assert_eq!(numbers, ["R-1", "A-2", "A-1"]);
    assert_eq!(list[2]["line_count"], 1);
    let none = h.invoke("orders_list", json!({ "personId": 2, "companyId": null })).unwrap();
    assert!(none.as_array().unwrap().is_empty());

    let one = h.invoke("orders_get", json!({ "id": list[2]["id"] })).unwrap();
    assert_eq!((one["lines"][0]["net_minor"].as_i64(), one["gross_minor"].as_i64()), (Some(10_000), Some(12_100)));

    let summary = h.invoke("orders_summary", json!({ "personId": 1, "companyId": null })).unwrap();
    assert_eq!(summary["order_count"], 2);
    assert_eq!(summary["last_ordered_on"], "2025-12-24");
    assert_eq!(summary["totals"], json!([{ "currency": "EUR", "net_minor": 10_000, "gross_minor": 12_100 }]));

    let missing = h.invoke("orders_get", json!({ "id": 999 })).unwrap_err();
    assert_eq!(missing["code"], "not_found");

    // The order page's actions: a status change, the trash and back; the timeline shows the order.
    let a1 = &list[2]["id"];
    let paid = h.invoke("orders_set_status", json!({ "id": a1, "status": "paid" })).unwrap();
    assert_eq!((paid["status"].as_str(), paid["lines"].as_array().map(Vec::len)), (Some("paid"), Some(1)));
    let timeline = h.invoke("activities_timeline", json!({ "query": { "person_id": 1 } })).unwrap();
    let first = &timeline["items"][2];
    assert_eq!((first["kind"].as_str(), first["subject"].as_str(), &first["id"]), (Some("order"), Some("A-1"), a1));
    assert_eq!(
        first["order"],
        json!({ "kind": "order", "status": "paid", "currency": "EUR", "net_minor": 10_000, "gross_minor": 12_100 })
    );
    h.invoke("orders_delete", json!({ "id": a1 })).unwrap();
    let trash = h.invoke("trash_list", json!({})).unwrap();
    assert_eq!(trash[0]["entity"], "order");
    assert_eq!(trash[0]["title"], "A-1");
    h.invoke("trash_restore", json!({ "entity": "order", "id": a1 })).unwrap();
    assert_eq!(h.invoke("orders_get", json!({ "id": a1 })).unwrap()["status"], "paid");
}

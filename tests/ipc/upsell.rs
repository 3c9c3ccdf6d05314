//! Upsell suggestions over IPC: the cached model answers the person page and is rebuilt after an order.

use std::sync::Arc;

use relata::app::state::AppState;
use relata_core::clock::ManualClock;
use relata_core::domain::{OrderInput, OrderLineInput, PersonInput, ProductInput};
use relata_core::services::orders::{self, products};
use relata_core::services::people;
use relata_core::store::Store;
use serde_json::json;
use tauri::Manager;

use crate::harness_with;

fn buy(store: &Store, person: i64, number: &str, skus: &[&str]) {
    buy_on(store, person, number, skus, "2025-12-01");
}

fn buy_on(store: &Store, person: i64, number: &str, skus: &[&str], day: &str) {
    let lines = skus
        .iter()
        .map(|sku| OrderLineInput {
            product_id: Some(products::get_by_sku(store, sku).unwrap().id),
            quantity_milli: 1000,
            unit_price_minor: Some(500),
            ..Default::default()
        })
        .collect();
    let order = OrderInput {
        number: number.into(),
        person_id: Some(person),
        ordered_at: Some(day.into()),
        lines,
        ..Default::default()
    };
    orders::create(store, order).unwrap();
}

#[test]
fn suggestions_over_ipc_follow_new_orders() {
    let h = harness_with(|dir| {
        let store = Store::open(dir, Arc::new(ManualClock::new(1_767_225_600_000))).unwrap();
        for (sku, name) in [("A", "Apple box"), ("B", "Bread tin"), ("C", "Cake stand")] {
            products::add(&store, ProductInput { sku: sku.into(), name: name.into(), ..Default::default() }).unwrap();
        }
        for first in ["Ann", "Bob"] {
            people::create(
                &store,
                PersonInput { first_name: first.into(), last_name: "X".into(), ..Default::default() },
            )
            .unwrap();
        }
        buy(&store, 1, "O-1", &["A", "B"]);
        buy(&store, 2, "O-2", &["A"]);
        AppState::new(dir.to_path_buf(), Ok(store))
    });
    let bob = h.invoke("upsell_suggest", json!({ "personId": 2, "limit": 5 })).unwrap();
    assert_eq!(bob[0]["sku"], "B", "{bob}");
    assert_eq!(bob[0]["reason"]["anchors"][0]["name"], "Apple box");
    assert_eq!(bob[0]["reason"]["co_buyers"], 1);
    let nobody = h.invoke("upsell_suggest", json!({ "personId": 99, "limit": 5 })).unwrap();
    assert_eq!(nobody, json!([]));

    // Bob buys B and Ann C: the cached model is dropped with the order change, so B is no longer
    // suggested to Bob and C (bought with A now) comes first.
    let store = h.app.state::<AppState>().store().unwrap();
    buy(&store, 2, "O-3", &["B"]);
    buy(&store, 1, "O-4", &["C"]);
    let again = h.invoke("upsell_suggest", json!({ "personId": 2, "limit": 5 })).unwrap();
    let skus: Vec<&str> = again.as_array().unwrap().iter().map(|s| s["sku"].as_str().unwrap()).collect();
    assert_eq!(skus, ["C"]);

    // Ann ordered on one day only (2025-12-01, twice): no interval, so no check-in is due.
    let due = h.invoke("upsell_checkins", json!({ "limit": 10 })).unwrap();
    assert_eq!(due, json!([]));
}

#[test]
fn check_in_tasks_and_the_product_search_over_ipc() {
    let h = harness_with(|dir| {
        let store = Store::open(dir, Arc::new(ManualClock::new(1_767_225_600_000))).unwrap();
        for (sku, name) in [("A", "Apple box"), ("B", "Bread tin"), ("C-1", "Cake stand")] {
            products::add(&store, ProductInput { sku: sku.into(), name: name.into(), ..Default::default() }).unwrap();
        }
        let ann = PersonInput {
            first_name: "Ann".into(),
            last_name: "X".into(),
            owner: Some("kim".into()),
            ..Default::default()
        };
        people::create(&store, ann).unwrap();
        // Ann orders every 30 days; on 2026-01-01 her last order is 31 days old.
        buy_on(&store, 1, "O-1", &["A"], "2025-11-01");
        buy_on(&store, 1, "O-2", &["B"], "2025-12-01");
        AppState::new(dir.to_path_buf(), Ok(store))
    });
    let made = h.invoke("upsell_checkin_tasks", json!({ "personIds": [1] })).unwrap();
    assert_eq!(made["task_ids"].as_array().map(Vec::len), Some(1), "{made}");
    let again = h.invoke("upsell_checkin_tasks", json!({ "personIds": null })).unwrap();
    assert_eq!(again, json!({ "task_ids": [], "skipped": 1 }));
    let found = h.invoke("products_search", json!({ "text": "cake", "limit": 10 })).unwrap();
    assert_eq!(found, json!([{ "product_id": 3, "sku": "C-1", "name": "Cake stand" }]));
    let all = h.invoke("products_search", json!({ "text": "", "limit": 2 })).unwrap();
    assert_eq!(all.as_array().unwrap().iter().map(|p| p["sku"].as_str().unwrap()).collect::<Vec<_>>(), ["A", "B"]);
}

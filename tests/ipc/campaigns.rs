//! Campaigns over IPC: add (DataChanged names the campaign topic), members from a segment, a cost, the send
//! plan of a dry run with its skip list, the report and "no A/B test" as null.

use std::sync::mpsc;
use std::time::Duration;

use relata::app::events::DataChanged;
use relata_core::domain::Topic;
use serde_json::json;
use tauri_specta::Event;

use crate::harness;

#[test]
fn a_campaign_is_added_filled_planned_and_reported_over_ipc() {
    let h = harness();
    let ann = h
        .invoke(
            "people_create",
            json!({ "input": { "first_name": "Ann", "emails": [{ "label": "work", "value": "ann@x.test" }] } }),
        )
        .unwrap()["id"]
        .clone();
    h.invoke("people_create", json!({ "input": { "first_name": "Bob" } })).unwrap();
    h.invoke(
        "consent_add",
        json!({ "input": { "person_id": ann, "channel": "email", "purpose": "news", "status": "given" } }),
    )
    .unwrap();
    let variant = json!({ "lang": "en", "subject": "Hi {{ person.first_name }}", "body": "News" });
    let template = json!({ "name": "News", "purpose": null, "variants": [variant], "add_attachments": [], "remove_attachments": [] });
    h.invoke("templates_save", json!({ "id": null, "input": template })).unwrap();
    let seg = h
        .invoke(
            "segments_add",
            json!({ "input": { "name": "All", "filter": { "all": [] }, "is_static": false, "pinned": false } }),
        )
        .unwrap();

    let (tx, rx) = mpsc::channel();
    DataChanged::listen(h.app.handle(), move |e| {
        let _ = tx.send(e.payload.topics);
    });
    let input =
        json!({ "name": "Spring", "channel": "email", "purpose": "news", "budget_minor": 50000, "currency": "EUR" });
    let c = h.invoke("campaigns_add", json!({ "input": input })).unwrap();
    assert_eq!(rx.recv_timeout(Duration::from_secs(5)).unwrap(), vec![Topic::Campaign]);
    let id = c["id"].clone();
    assert_eq!(h.invoke("campaigns_add_members", json!({ "id": id, "segmentId": seg["id"] })).unwrap(), json!(2));
    let cost = json!({ "spent_on": "2025-03-01", "amount_minor": 10000, "note": null });
    h.invoke("campaigns_add_cost", json!({ "id": id, "input": cost })).unwrap();
    assert_eq!(h.invoke("campaigns_costs", json!({ "id": id })).unwrap()[0]["amount_minor"], 10000);

    let request = json!({ "campaign_id": id, "template": "News", "account_id": null, "scope": { "kind": "all" }, "dry_run": true });
    let plan = h.invoke("campaigns_send", json!({ "request": request })).unwrap();
    assert_eq!(plan["recipients"][0]["email"], "ann@x.test");
    assert_eq!(
        plan["skipped"],
        json!([{ "person_id": plan["skipped"][0]["person_id"], "name": "Bob", "reason": "no_address" }])
    );

    // Nothing is queued yet: the progress counts the two members as not sent; a pause and resume answer it.
    let progress = h.invoke("campaigns_progress", json!({ "id": id })).unwrap();
    assert_eq!((progress["total"].clone(), progress["skipped"].clone()), (json!(0), json!(2)));
    assert_eq!(h.invoke("campaigns_pause", json!({ "id": id })).unwrap()["paused"], true);
    assert_eq!(h.invoke("campaigns_resume", json!({ "id": id })).unwrap()["paused"], false);
    let gone = h.invoke("campaigns_pause", json!({ "id": 999 })).unwrap_err();
    assert_eq!(gone["code"], "not_found");

    let report = h.invoke("campaigns_report", json!({ "id": id, "model": "linear" })).unwrap();
    assert_eq!((report["members"].clone(), report["cost_minor"].clone()), (json!(2), json!(10000)));
    assert_eq!(h.invoke("campaigns_abtest", json!({ "id": id })).unwrap(), json!(null));
    assert_eq!(h.invoke("campaigns_members", json!({ "id": id })).unwrap().as_array().map(Vec::len), Some(2));
    let variants = json!([{ "template": "News", "subject": null }, { "template": "News", "subject": "B" }]);
    let ab = json!({ "variants": variants, "test_percent": 100, "metric": "reply", "window_days": 7, "seed": 5 });
    let setup = h.invoke("campaigns_abtest_setup", json!({ "id": id, "input": ab })).unwrap();
    assert_eq!((setup["seed"].clone(), setup["variants"].as_array().map(Vec::len)), (json!(5), Some(2)));
    assert_eq!(h.invoke("campaigns_abtest", json!({ "id": id })).unwrap()["test_percent"], 100);
    let bad = h.invoke("campaigns_add", json!({ "input": { "name": "", "purpose": "x" } })).unwrap_err();
    assert_eq!((bad["code"].clone(), bad["field"].clone()), (json!("required"), json!("name")));
}

//! Segments over IPC: the catalogue, the editor's check and preview, saving, saving again (rename, new
//! filter), members, pinning, the DataChanged event, and a bad condition's error naming its path.

use std::sync::mpsc;
use std::time::Duration;

use relata::app::events::DataChanged;
use relata_core::domain::Topic;
use serde_json::json;
use tauri_specta::Event;

use crate::harness;

#[test]
fn segments_are_built_saved_edited_and_listed_over_ipc() {
    let h = harness();
    for (first, city) in [("Ann", "Amsterdam"), ("Bob", "Berlin"), ("Cy", "Amstelveen")] {
        h.invoke(
            "people_create",
            json!({ "input": { "first_name": first, "last_name": "Seg", "address": { "city": city } } }),
        )
        .unwrap();
    }
    let fields = h.invoke("segments_fields", json!({})).unwrap();
    let product = fields.as_array().unwrap().iter().find(|f| f["name"] == "orders.product").expect("orders.product");
    assert_eq!(product["ops"], json!(["eq", "in", "contains", "starts_with"]));

    let ams = json!({ "all": [{ "field": "city", "op": "starts_with", "value": "ams" }] });
    assert_eq!(h.invoke("segments_check", json!({ "filter": ams })).unwrap(), json!({ "count": 2 }));
    let preview = h.invoke("segments_preview", json!({ "filter": ams, "query": { "limit": 1 } })).unwrap();
    assert_eq!(preview["items"][0]["first_name"], "Ann");

    let bad = json!({ "all": [ams["all"][0].clone(), { "any": [{ "field": "score", "op": "gt", "value": "x" }] }] });
    let err = h.invoke("segments_check", json!({ "filter": bad })).unwrap_err();
    assert_eq!((err["code"].clone(), err["field"].clone()), (json!("invalid_value"), json!("all[1].any[0]")));

    let (tx, rx) = mpsc::channel();
    DataChanged::listen(h.app.handle(), move |e| {
        let _ = tx.send(e.payload.topics);
    });
    let input = json!({ "name": "Amsterdam area", "filter": ams, "is_static": true, "pinned": false });
    let saved = h.invoke("segments_add", json!({ "input": input })).unwrap();
    assert_eq!(rx.recv_timeout(Duration::from_secs(5)).unwrap(), vec![Topic::Segment]);
    let id = saved["id"].clone();
    assert_eq!(h.invoke("segments_count", json!({ "id": id })).unwrap(), json!({ "count": 2 }));

    let berlin = json!({ "field": "city", "op": "eq", "value": "Berlin" });
    let input = json!({ "name": "Berlin", "filter": berlin, "is_static": false, "pinned": true });
    let updated = h.invoke("segments_update", json!({ "id": id, "input": input })).unwrap();
    assert_eq!(rx.recv_timeout(Duration::from_secs(5)).unwrap(), vec![Topic::Segment]);
    assert_eq!((updated["name"].clone(), updated["filter"].clone()), (json!("Berlin"), berlin));
    assert_eq!((updated["is_static"].clone(), updated["pinned"].clone()), (json!(false), json!(true)));
    let members = h.invoke("segments_members", json!({ "id": id, "query": {} })).unwrap();
    assert_eq!(members["items"].as_array().map(|a| a.len()), Some(1));
    assert_eq!(members["items"][0]["first_name"], "Bob");
    let list = h.invoke("segments_list", json!({})).unwrap();
    assert_eq!(list[0]["name"], "Berlin");

    let missing = h.invoke("segments_update", json!({ "id": 999, "input": input })).unwrap_err();
    assert_eq!(missing["code"], "not_found");
    h.invoke("segments_remove", json!({ "id": id })).unwrap();
    assert_eq!(h.invoke("segments_list", json!({})).unwrap(), json!([]));
}

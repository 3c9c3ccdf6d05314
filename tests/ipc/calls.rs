//! Calls over IPC: the Call log dialog's save, the caller lookup, and dialling a shown number through the
//! OS opener (a `tel:` link, never anything else).

use std::sync::{Arc, Mutex};

use relata::app::state::AppState;
use relata_core::clock::ManualClock;
use relata_core::store::Store;
use serde_json::json;

use crate::harness_with;

#[test]
fn calls_are_logged_looked_up_and_dialled_over_ipc() {
    let opened = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = opened.clone();
    let h = harness_with(move |dir| {
        let state = AppState::new(dir.to_path_buf(), Store::open(dir, Arc::new(ManualClock::new(1_767_225_600_000))));
        state.on_open_external(move |url| {
            seen.lock().unwrap().push(url.to_string());
            Ok(())
        });
        state
    });
    let person = json!({ "first_name": "Nina", "phones": [{ "label": "work", "value": "+31 20 123 4567" }] });
    let p = h.invoke("people_create", json!({ "input": person })).unwrap();
    let input = json!({
        "person_id": p["id"], "direction": "inbound", "outcome": "answered", "talk_secs": 95, "wait_secs": 12,
        "agent": "mia", "number": "+31 20 123 4567", "note": "Invoice question"
    });
    let a = h.invoke("calls_log", json!({ "input": input })).unwrap();
    assert_eq!((a["kind"].as_str(), a["duration_secs"].as_i64()), (Some("call"), Some(95)));
    assert_eq!((a["call"]["outcome"].as_str(), a["call"]["wait_secs"].as_i64()), (Some("answered"), Some(12)));
    let q = json!({ "query": { "person_id": p["id"] } });
    assert_eq!(h.invoke("activities_timeline", q).unwrap()["items"][0]["call"]["agent"], "mia");
    let bad = json!({ "person_id": p["id"], "direction": "outbound", "outcome": "answered", "wait_secs": 3 });
    let err = h.invoke("calls_log", json!({ "input": bad })).unwrap_err();
    assert_eq!((err["code"].as_str(), err["field"].as_str()), (Some("invalid_value"), Some("wait_secs")));

    let found = h.invoke("calls_lookup", json!({ "number": "0031 20 123 45 67" })).unwrap();
    assert_eq!((found["e164"].as_str(), &found["people"][0]["id"]), (Some("+31201234567"), &p["id"]));

    h.invoke("calls_dial", json!({ "number": "+31201234567" })).unwrap();
    h.invoke("calls_dial", json!({ "number": "(012) 34-56" })).unwrap();
    let refused = h.invoke("calls_dial", json!({ "number": "javascript:alert(1)" })).unwrap_err();
    assert_eq!((refused["code"].as_str(), refused["field"].as_str()), (Some("invalid_phone"), Some("number")));
    assert_eq!(*opened.lock().unwrap(), vec!["tel:+31201234567".to_string(), "tel:0123456".to_string()]);
}

//! The service desk over IPC: a ticket opened, answered, noted, reprioritised, assigned, solved and rated
//! through the commands the Tickets page uses, listed with filters, and the support figures with a CSV.

use serde_json::json;

use crate::harness;

#[test]
fn tickets_and_support_metrics_over_ipc() {
    let h = harness();
    let person = h.invoke("people_create", json!({ "input": { "first_name": "Ann", "last_name": "Klant" } })).unwrap();
    let input =
        json!({ "subject": "Printer on fire", "description": "Smoke", "person_id": person["id"], "channel": "phone" });
    let t = h.invoke("tickets_create", json!({ "input": input })).unwrap();
    let id = t["id"].clone();
    assert_eq!(
        (t["number"].as_str(), t["status"].as_str(), t["type"].as_str()),
        (Some("T-000001"), Some("new"), Some("question"))
    );
    let bad =
        h.invoke("tickets_create", json!({ "input": { "subject": " ", "person_id": person["id"] } })).unwrap_err();
    assert_eq!((bad["code"].as_str(), bad["field"].as_str()), (Some("required"), Some("subject")));

    h.invoke("tickets_reply", json!({ "id": id, "message": { "body": "On it", "author": "bob" } })).unwrap();
    let noted =
        h.invoke("tickets_reply", json!({ "id": id, "message": { "body": "Fuser?", "internal": true } })).unwrap();
    let kinds: Vec<&str> = noted["events"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["created", "reply", "note"]);
    let p = h.invoke("tickets_set_priority", json!({ "id": id, "priority": "urgent" })).unwrap();
    assert_eq!(p["priority"], "urgent");
    let a = h.invoke("tickets_assign", json!({ "id": id, "assignee": "bob" })).unwrap();
    assert_eq!(a["assignee"], "bob");
    let early = h.invoke("tickets_rate", json!({ "id": id, "rating": 5, "comment": null })).unwrap_err();
    assert_eq!(early["field"], "rating");
    h.invoke("tickets_set_status", json!({ "id": id, "status": "solved" })).unwrap();
    let rated = h.invoke("tickets_rate", json!({ "id": id, "rating": 5, "comment": "Quick" })).unwrap();
    assert_eq!((rated["satisfaction"].as_i64(), rated["status"].as_str()), (Some(5), Some("solved")));

    let solved = h.invoke("tickets_list", json!({ "query": { "status": "solved", "assignee": "bob" } })).unwrap();
    assert_eq!(solved.as_array().map(Vec::len), Some(1));
    let mine = h.invoke("tickets_list", json!({ "query": { "person_id": person["id"] } })).unwrap();
    assert_eq!(mine[0]["number"], "T-000001");
    let open = h.invoke("tickets_list", json!({ "query": { "status": "open" } })).unwrap();
    assert_eq!(open.as_array().map(Vec::len), Some(0));
    assert_eq!(h.invoke("tickets_get", json!({ "id": 999 })).unwrap_err()["code"], "not_found");

    let today = "2026-01-01"; // the harness's clock
    let q = json!({ "from": today, "to": today, "agent": null });
    let m = h.invoke("support_metrics", json!({ "query": q })).unwrap();
    assert_eq!((m["opened"].as_i64(), m["resolved"].as_i64()), (Some(1), Some(1)));
    assert_eq!((m["satisfaction"]["average"].as_f64(), m["agents"][0]["agent"].as_str()), (Some(5.0), Some("bob")));
    let csv = h.invoke("support_metrics_csv", json!({ "query": q, "figure": "channels" })).unwrap();
    assert_eq!(csv, "channel,count\nphone,1\n");
    let bad = h.invoke("support_metrics", json!({ "query": { "from": "x", "to": today } })).unwrap_err();
    assert_eq!(bad["field"], "from");
}

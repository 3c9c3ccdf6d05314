//! Enrichment over IPC: proposals for a person with only an email, apply fills the empty name, undo clears it.

use serde_json::json;

use crate::harness;

#[test]
fn enrich_proposes_applies_and_undoes_over_ipc() {
    let h = harness();
    let created = h
        .invoke("people_create", json!({ "input": { "emails": [{ "label": "work", "value": "jan.jansen@acme.nl" }] } }))
        .expect("a person with only an email is accepted");
    let id = created["id"].clone();

    let proposed = h.invoke("enrich_person", json!({ "id": id })).unwrap();
    let proposals = proposed["proposals"].as_array().unwrap();
    let first = proposals.iter().find(|p| p["field"] == "first_name").expect("a first name is proposed");
    assert_eq!(first["value"], "Jan");
    assert!(proposed["filled"].as_array().unwrap().is_empty());

    let applied = h.invoke("enrich_apply", json!({ "id": id })).unwrap();
    let filled = applied["filled"].as_array().unwrap();
    assert!(filled.iter().any(|f| f["field"] == "first_name" && f["value"] == "Jan"));
    let person = h.invoke("people_get", json!({ "id": id })).unwrap();
    assert_eq!(person["first_name"], "Jan");

    let cleared = h.invoke("enrich_undo", json!({ "id": id })).unwrap();
    assert!(cleared.as_array().unwrap().iter().any(|f| f == "first_name"));
    let person = h.invoke("people_get", json!({ "id": id })).unwrap();
    assert!(person["first_name"].is_null() || person["first_name"] == "");

    let missing = h.invoke("enrich_person", json!({ "id": 999_999 })).unwrap_err();
    assert_eq!(missing["code"], "not_found");
}

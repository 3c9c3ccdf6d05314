//! Automation rules over IPC: the example rule is added, previewed, listed, turned off and removed;
//! a bad rule comes back as a structured error.

use serde_json::json;

use crate::harness;

#[test]
fn rules_add_preview_list_toggle_history_and_remove_over_ipc() {
    let h = harness();
    let rule = json!({"name": "Proposal follow-up", "trigger": {"type": "deal_stage_changed", "to": "proposal"},
        "conditions": null, "actions": [{"type": "create_task", "title": "Follow up on {{ deal.title }}",
        "due_in_business_days": 2}]});
    let preview = h.invoke("rules_preview", json!({ "rule": rule })).unwrap();
    assert_eq!((preview["matched"].as_u64(), preview["days"].as_u64()), (Some(0), Some(30)));
    let added = h.invoke("rules_add", json!({ "rule": rule })).unwrap();
    assert_eq!(added["enabled"], true);
    let id = added["id"].clone();
    let listed = h.invoke("rules_list", json!({})).unwrap();
    let mine = |l: &serde_json::Value| {
        l.as_array().unwrap().iter().filter(|r| r["builtin"].is_null()).cloned().collect::<Vec<_>>()
    };
    assert_eq!(mine(&listed)[0]["def"]["trigger"]["type"], "deal_stage_changed");
    // Edited in the form: the whole definition is saved again.
    let mut edited = rule.clone();
    edited["actions"][0]["due_in_business_days"] = json!(3);
    let saved = h.invoke("rules_update", json!({ "id": id, "rule": edited })).unwrap();
    assert_eq!(saved["def"]["actions"][0]["due_in_business_days"], 3);
    // The built-in rules are listed with their key.
    let keys: Vec<_> = listed.as_array().unwrap().iter().filter_map(|r| r["builtin"].as_str()).collect();
    assert_eq!(keys, ["hot_lead", "cadence_stop_on_reply"]);
    let off = h.invoke("rules_set_enabled", json!({ "id": id, "enabled": false })).unwrap();
    assert_eq!(off["enabled"], false);
    assert_eq!(h.invoke("rules_history", json!({ "id": id })).unwrap(), json!([]));
    h.invoke("rules_remove", json!({ "id": id })).unwrap();
    assert!(mine(&h.invoke("rules_list", json!({})).unwrap()).is_empty());

    let bad = json!({"name": "x", "trigger": {"type": "record_created", "entity": "person"}, "actions": []});
    let err = h.invoke("rules_add", json!({ "rule": bad })).unwrap_err();
    assert_eq!((err["code"].as_str(), err["field"].as_str()), (Some("required"), Some("actions")));
}

//! Automation rules over IPC: the issue's example rule is added, previewed, listed, turned off and removed;
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

/// Settings › Rules' Export and Import: the file the save dialog named gets the user's rules (not the built-in
/// ones), importing it adds them again, and a file that is no export is refused naming the file.
#[test]
fn rules_export_to_a_file_and_import_it_again_over_ipc() {
    let h = harness();
    let rule = json!({"name": "Welcome", "trigger": {"type": "record_created", "entity": "person"},
        "conditions": null, "actions": [{"type": "add_note", "body": "Welcome"}]});
    h.invoke("rules_add", json!({ "rule": rule })).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("relata-rules.json");
    let path = file.to_str().unwrap();
    assert_eq!(h.invoke("rules_export_file", json!({ "path": path })).unwrap(), 1);
    let written: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(written[0]["name"], "Welcome");
    let imported = h.invoke("rules_import_file", json!({ "path": path })).unwrap();
    assert_eq!(imported[0]["def"]["name"], "Welcome");
    let listed = h.invoke("rules_list", json!({})).unwrap();
    let welcome = listed.as_array().unwrap().iter().filter(|r| r["def"]["name"] == "Welcome").count();
    assert_eq!(welcome, 2);

    let bad = dir.path().join("notes.json");
    std::fs::write(&bad, r#"{"name": "x"}"#).unwrap();
    let err = h.invoke("rules_import_file", json!({ "path": bad.to_str().unwrap() })).unwrap_err();
    assert_eq!((err["code"].as_str(), err["field"].as_str()), (Some("invalid_value"), Some("file")));
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, r#"[{"name": " ", "trigger": {"type": "record_created", "entity": "person"}, "actions": [{"type": "add_note", "body": "x"}]}]"#).unwrap();
    let err = h.invoke("rules_import_file", json!({ "path": broken.to_str().unwrap() })).unwrap_err();
    assert!(err["field"].as_str().is_some_and(|f| f.starts_with("[0]")), "{err}");
    let after = h.invoke("rules_list", json!({})).unwrap();
    assert_eq!(after.as_array().unwrap().len(), listed.as_array().unwrap().len(), "all or none");
}

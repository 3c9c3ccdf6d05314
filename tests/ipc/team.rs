//! The Team settings' commands across IPC: status outside a workspace, a join string that names no
//! workspace, a workspace that cannot be reached (the store stays as it was), and "sync now".

use serde_json::json;

use crate::harness;

#[test]
fn team_commands_answer_outside_a_workspace_and_report_bad_input_by_field() {
    let h = harness();
    let status = h.invoke("team_status", json!({})).expect("status");
    assert_eq!((status["joined"].as_bool(), status["pending"].as_i64()), (Some(false), Some(0)));
    assert!(status["last_error_code"].is_null());

    let bad = h.invoke("team_join", json!({ "join": "nonsense", "password": "pw" })).expect_err("no workspace named");
    assert_eq!((bad["code"].as_str(), bad["field"].as_str()), (Some("invalid_value"), Some("join")));

    // Nothing listens on port 1: a network error, and this desktop stays outside any workspace.
    let join = json!({ "join": "relata team join --url postgres://127.0.0.1:1/crm --user anna", "password": "pw" });
    let gone = h.invoke("team_join", join).expect_err("unreachable");
    assert_eq!(gone["code"].as_str(), Some("network"), "{gone}");
    assert!(!gone.to_string().contains("\"pw\""), "the password is never echoed: {gone}");
    assert_eq!(h.invoke("team_status", json!({})).unwrap()["joined"].as_bool(), Some(false));

    assert_eq!(h.invoke("team_sync_now", json!({})).expect("sync now"), serde_json::Value::Null);
    let none = h.invoke("team_conflicts", json!({})).expect_err("no workspace");
    assert_eq!(none["code"].as_str(), Some("not_found"));
}

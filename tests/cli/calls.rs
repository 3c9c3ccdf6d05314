//! `relata calls log|list|lookup` and the calls figure of `relata support metrics`, through the binary.

use super::commands::{ok_json, relata};

#[test]
fn calls_are_logged_listed_looked_up_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let p = ok_json(d, &["people", "add", "--first-name", "Nina", "--last-name", "Bel", "--phone", "+31 20 123 4567"]);
    let pid = p["id"].as_i64().unwrap().to_string();
    let a = ok_json(
        d,
        &[
            "calls",
            "log",
            "--person",
            &pid,
            "--direction",
            "in",
            "--outcome",
            "answered",
            "--talk",
            "125",
            "--wait",
            "30",
            "--agent",
            "mia",
            "--number",
            "0031 20 1234567",
            "--at",
            "2025-03-04T10:00:00Z",
            "--note",
            "Invoice",
        ],
    );
    assert_eq!(
        (a["kind"].as_str(), a["direction"].as_str(), a["duration_secs"].as_i64()),
        (Some("call"), Some("inbound"), Some(125))
    );
    assert_eq!(a["call"]["outcome"], "answered");
    assert_eq!((a["call"]["wait_secs"].as_i64(), a["call"]["agent"].as_str()), (Some(30), Some("mia")));
    assert_eq!(a["call"]["number_e164"], "+31201234567");
    assert_eq!(a["body"], "Invoice");
    let out = [
        "calls",
        "log",
        "--person",
        &pid,
        "--direction",
        "out",
        "--outcome",
        "no_answer",
        "--agent",
        "mia",
        "--at",
        "2025-03-05T10:00:00Z",
    ];
    ok_json(d, &out);

    // Refused input names the field; nothing is written.
    for (args, field) in [
        (vec!["--direction", "out", "--outcome", "answered", "--wait", "5"], "wait_secs"),
        (vec!["--direction", "in", "--outcome", "answered", "--talk", "-3"], "talk_secs"),
        (vec!["--direction", "in", "--outcome", "ringing"], "outcome"),
        (vec!["--direction", "sideways", "--outcome", "busy"], "direction"),
    ] {
        let mut all = vec!["calls", "log", "--person", &pid];
        all.extend(args);
        let r = relata(d, &all);
        assert_eq!(r.status.code(), Some(1), "{all:?}");
        assert!(String::from_utf8_lossy(&r.stderr).contains(&format!("(field: {field})")), "{all:?}");
    }

    let list = ok_json(d, &["calls", "list", "--person", &pid, "--json"]);
    let outcomes: Vec<&str> = list.as_array().unwrap().iter().map(|c| c["call"]["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes, vec!["no_answer", "answered"], "newest first, refused calls absent");

    for typed in ["020-1234567", "+31 20 123 4567", "0031201234567"] {
        let found = ok_json(d, &["calls", "lookup", typed, "--region", "NL", "--json"]);
        assert_eq!(found["e164"], "+31201234567", "{typed}");
        assert_eq!(found["people"][0]["id"], p["id"], "{typed}");
    }
    assert_eq!(ok_json(d, &["calls", "lookup", "+49 30 1234567", "--json"])["people"], serde_json::json!([]));

    let m = ok_json(d, &["support", "metrics", "--from", "2025-03-03", "--to", "2025-03-09", "--json"]);
    let t = &m["calls"]["total"];
    assert_eq!(
        (t["calls"].as_i64(), t["answered"].as_i64(), t["answered_share"].as_f64()),
        (Some(2), Some(1), Some(0.5))
    );
    assert_eq!((t["avg_talk_secs"].as_i64(), t["avg_wait_secs"].as_i64()), (Some(125), Some(30)));
    assert_eq!(m["calls"]["agents"][0]["agent"], "mia");
    let csv = relata(d, &["support", "metrics", "--from", "2025-03-03", "--to", "2025-03-09", "--csv", "calls"]);
    let text = String::from_utf8_lossy(&csv.stdout);
    assert_eq!(text.lines().nth(1), Some("total,,2,1,1,2,1,0.5000,125,30"));
    assert_eq!(text.lines().nth(2), Some("agent,mia,2,1,1,2,1,0.5000,125,30"));
}

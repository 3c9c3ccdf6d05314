//! `relata import csv|json FILE --entity signups` end to end: consents, refused claims, the segment,
//! campaign and welcome cadence, a dry run, the text summary and undo.

use serde_json::json;

use super::commands::{ok_json, relata};

#[test]
fn signups_import_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let filter = d.join("none.json");
    std::fs::write(&filter, json!({"field": "city", "op": "eq", "value": "Nowhere"}).to_string()).unwrap();
    let seg = ok_json(
        d,
        &["segments", "add", "--name", "Subscribers", "--filter-file", filter.to_str().unwrap(), "--static"],
    );
    ok_json(d, &["campaigns", "add", "--name", "Welcome", "--channel", "email", "--purpose", "newsletter"]);
    ok_json(d, &["people", "add", "--first-name", "Anna", "--email", "anna@example.com"]);
    let csv = d.join("form.csv");
    std::fs::write(
        &csv,
        "E-mailadres,Voornaam,Toestemming,Aanmelddatum\n\
         anna@example.com,Anna,ja,2025-03-01 10:00\n\
         bo@example.com,Bo,ja,\n",
    )
    .unwrap();
    let seg_id = seg["id"].to_string();
    let args = [
        "import",
        "csv",
        csv.to_str().unwrap(),
        "--entity",
        "signups",
        "--source",
        "website",
        "--timezone",
        "Europe/Amsterdam",
        "--segment",
        &seg_id,
        "--campaign",
        "welcome",
        "--cadence",
        "New lead follow-up",
    ];
    let dry = ok_json(d, &[&args[..], &["--dry-run", "--json"]].concat());
    assert_eq!(dry["signups"]["consents_recorded"], 1);
    assert!(dry["batch_id"].is_null());
    let report = ok_json(d, &[&args[..], &["--json"]].concat());
    let s = &report["signups"];
    assert_eq!(
        (s["created"].as_u64(), s["merged"].as_u64(), s["consents_recorded"].as_u64()),
        (Some(1), Some(1), Some(1))
    );
    assert_eq!(s["consents_refused"][0]["row"], 3);
    assert_eq!(s["consents_refused"][0]["reason"], "missing_time");
    assert_eq!(
        (s["segment_joined"].as_u64(), s["campaign_joined"].as_u64(), s["cadences_started"].as_u64()),
        (Some(2), Some(2), Some(2))
    );
    let members = ok_json(d, &["segments", "members", &seg_id, "--json"]);
    assert_eq!(members.as_array().map(Vec::len), Some(2));
    let undone = ok_json(d, &["import", "undo", &report["batch_id"].to_string()]);
    assert!(undone["deleted"].as_u64().unwrap() >= 1 + 1 + 2 + 2 + 2);
    assert_eq!(ok_json(d, &["segments", "members", &seg_id, "--json"]).as_array().map(Vec::len), Some(0));
    // JSON input, with the text summary; an unknown purpose stops the import before it writes.
    let file = d.join("form.json");
    std::fs::write(
        &file,
        json!([{"email": "cy@example.com", "consent": "yes", "timestamp": "2025-01-02T03:04:05Z"}]).to_string(),
    )
    .unwrap();
    let out = relata(d, &["import", "json", file.to_str().unwrap(), "--entity", "signups"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("signups: new people 1, merged into existing 0, consents recorded 1"), "{text}");
    let bad = relata(d, &["import", "json", file.to_str().unwrap(), "--entity", "signups", "--purpose", "cats"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("field: purpose"));
}

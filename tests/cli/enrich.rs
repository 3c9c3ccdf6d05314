//! `relata people add --email` with nothing else, then `relata enrich person|all|undo`.

use super::commands::{ok_json, relata};

#[test]
fn a_person_from_an_email_address_enriched_applied_and_undone() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let p = ok_json(d, &["people", "add", "--email", "jan.de.vries@tulp-bloemen.nl", "--phone", "+31 6 12345678"]);
    let id = p["id"].to_string();
    assert_eq!((p["first_name"].as_str(), p["phones"][0]["value"].as_str()), (Some(""), Some("+31612345678")));

    let proposed = ok_json(d, &["enrich", "person", &id, "--json"]);
    let proposals = proposed["proposals"].as_array().unwrap();
    let get = |field: &str| {
        let p = proposals.iter().find(|p| p["field"] == field).unwrap_or_else(|| panic!("no {field}: {proposed}"));
        assert!(p["source"].is_string() && p["confidence"].is_number(), "{p}");
        p["value"].as_str().unwrap().to_string()
    };
    assert_eq!(get("first_name"), "Jan");
    assert_eq!(get("last_name"), "de Vries");
    assert_eq!(get("company_domain"), "tulp-bloemen.nl");
    assert_eq!(get("company_name"), "Tulp Bloemen");
    assert_eq!(get("free_mail"), "false");
    assert_eq!(get("country"), "NL");
    assert_eq!(get("timezone"), "Europe/Amsterdam");
    assert_eq!(ok_json(d, &["people", "get", &id])["first_name"], "", "proposing changes nothing");

    let applied = ok_json(d, &["enrich", "person", &id, "--apply", "--json"]);
    assert_eq!(applied["filled"].as_array().unwrap().len(), 5, "{applied}");
    let after = ok_json(d, &["people", "get", &id]);
    assert_eq!(after["display_name"], "Jan de Vries");
    assert_eq!(after["company_name"], "Tulp Bloemen");
    assert_eq!(after["address"]["country"], "NL");

    let undone = ok_json(d, &["enrich", "undo", &id]);
    assert_eq!(undone["cleared"].as_array().unwrap().len(), 5, "{undone}");
    assert_eq!(ok_json(d, &["people", "get", &id])["display_name"], "jan.de.vries@tulp-bloemen.nl");

    ok_json(d, &["people", "add", "--email", "søren.kierkegaard@filosofi.dk"]);
    let all = relata(d, &["enrich", "all", "--apply"]);
    assert_eq!(all.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    assert_eq!((report["people"].as_u64(), report["with_proposals"].as_u64()), (Some(2), Some(2)), "{report}");
    assert!(String::from_utf8_lossy(&all.stderr).contains("enriching 2 of 2 people"));
    let missing = relata(d, &["enrich", "person", "999"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).starts_with("error: "));
}

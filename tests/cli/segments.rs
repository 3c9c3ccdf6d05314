//! `relata segments`: add (dynamic and static), list, count, members, check, pin, update, remove, and refusals.

use serde_json::json;

use super::commands::{ok_json, relata};

fn write(dir: &std::path::Path, name: &str, v: serde_json::Value) -> String {
    let path = dir.join(name);
    std::fs::write(&path, v.to_string()).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn segments_add_count_members_check_and_refuse_bad_filters() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (first, tag, lifecycle) in [("Ann", "vip", "customer"), ("Bob", "vip", "lead"), ("Cy", "other", "customer")] {
        ok_json(
            d,
            &["people", "add", "--first-name", first, "--last-name", "Seg", "--tag", tag, "--lifecycle", lifecycle],
        );
    }
    let vip = write(d, "vip.json", json!({"all": [{"field": "tags", "op": "contains", "value": "VIP"}]}));
    let customers = write(
        d,
        "customers.json",
        json!({"any": [{"field": "lifecycle", "op": "eq", "value": "customer"}, {"not": {"field": "tags", "op": "is_not_empty"}}]}),
    );
    assert_eq!(ok_json(d, &["segments", "check", "--filter-file", &vip]), json!({"count": 2}));
    let dynamic = ok_json(d, &["segments", "add", "--name", "VIPs", "--filter-file", &vip]);
    assert_eq!(
        (dynamic["is_static"].clone(), dynamic["filter"]["all"][0]["value"].clone()),
        (json!(false), json!("VIP"))
    );
    let snapshot = ok_json(d, &["segments", "add", "--name", "Customers now", "--filter-file", &customers, "--static"]);
    assert_eq!(snapshot["is_static"], true);
    let id = |v: &serde_json::Value| v["id"].as_i64().unwrap().to_string();
    assert_eq!(ok_json(d, &["segments", "count", &id(&dynamic), "--json"]), json!({"count": 2}));
    assert_eq!(ok_json(d, &["segments", "count", &id(&snapshot), "--json"]), json!({"count": 2}));

    ok_json(
        d,
        &["people", "add", "--first-name", "Dee", "--last-name", "Seg", "--tag", "VIP", "--lifecycle", "customer"],
    );
    assert_eq!(ok_json(d, &["segments", "count", &id(&dynamic), "--json"]), json!({"count": 3}));
    assert_eq!(ok_json(d, &["segments", "count", &id(&snapshot), "--json"]), json!({"count": 2}));
    let members = ok_json(d, &["segments", "members", &id(&dynamic), "--json"]);
    let names: Vec<&str> = members.as_array().unwrap().iter().map(|p| p["first_name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Ann", "Bob", "Dee"]);
    let table = relata(d, &["segments", "members", &id(&snapshot)]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("Ann Seg") && text.contains("Cy Seg") && text.contains("(2 of 2)"), "{text}");

    ok_json(d, &["segments", "pin", &id(&snapshot)]);
    let list = ok_json(d, &["segments", "list", "--json"]);
    assert_eq!((list[0]["name"].clone(), list[0]["pinned"].clone()), (json!("Customers now"), json!(true)));
    let fields = ok_json(d, &["segments", "fields"]);
    assert!(fields.as_array().unwrap().iter().any(|f| f["name"] == "deals.won_value" && f["kind"] == "money"));

    // Refusals name the condition; nothing is saved.
    let bad = write(
        d,
        "bad.json",
        json!({"all": [{"field": "city", "op": "eq", "value": "x"}, {"any": [{"field": "score", "op": "gt", "value": "high"}]}]}),
    );
    let out = relata(d, &["segments", "add", "--name", "Bad", "--filter-file", &bad]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.starts_with("error: all[1].any[0]: gt needs a number"), "{err}");
    let garbage = write(d, "garbage.json", json!({"field": "city", "op": "like", "value": "x"}));
    let out = relata(d, &["segments", "check", "--filter-file", &garbage]);
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: "), "{out:?}");
    assert_eq!(ok_json(d, &["segments", "list", "--json"]).as_array().map(Vec::len), Some(2));
    let out = relata(d, &["segments", "count", "999", "--json"]);
    assert_eq!(out.status.code(), Some(1));

    // Saved again with a new name and filter: the static segment takes a new snapshot.
    let dee = write(d, "dee.json", json!({"field": "first_name", "op": "eq", "value": "Dee"}));
    let args = ["segments", "update", &id(&snapshot), "--name", "Dee only", "--filter-file", &dee, "--static"];
    let updated = ok_json(d, &args);
    assert_eq!((updated["name"].clone(), updated["pinned"].clone()), (json!("Dee only"), json!(false)));
    assert_eq!(ok_json(d, &["segments", "count", &id(&snapshot), "--json"]), json!({"count": 1}));

    ok_json(d, &["segments", "remove", &id(&snapshot)]);
    assert_eq!(ok_json(d, &["segments", "list", "--json"]).as_array().map(Vec::len), Some(1));
}

#[test]
fn segments_bulk_tags_owns_adds_to_a_campaign_and_exports() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut ids = Vec::new();
    for (first, tag) in [("Ann", "vip"), ("Bob", "vip"), ("Cy", "other")] {
        let p = ok_json(d, &["people", "add", "--first-name", first, "--last-name", "Bulk", "--tag", tag]);
        ids.push(p["id"].as_i64().unwrap().to_string());
    }
    let vip = write(d, "vip.json", json!({"field": "tags", "op": "contains", "value": "vip"}));
    let seg = ok_json(d, &["segments", "add", "--name", "VIPs", "--filter-file", &vip]);
    let seg = seg["id"].as_i64().unwrap().to_string();
    let r = ok_json(d, &["segments", "bulk", &seg, "--tag", "Fair", "--json"]);
    assert_eq!(r, json!({"selected": 2, "changed": 2, "skipped": 0}));
    let r = ok_json(d, &["segments", "bulk", &seg, "--owner", "Maria", "--exclude", &ids[1], "--json"]);
    assert_eq!(r, json!({"selected": 1, "changed": 1, "skipped": 0}));
    let ann = ok_json(d, &["people", "get", &ids[0]]);
    assert_eq!((ann["owner"].clone(), ann["tags"].clone()), (json!("Maria"), json!(["vip", "Fair"])));
    let r = ok_json(d, &["segments", "bulk", &seg, "--cadence", "New lead follow-up", "--json"]);
    assert_eq!(r["changed"], 2);
    let r = ok_json(d, &["segments", "bulk", &seg, "--cadence", "New lead follow-up", "--json"]);
    assert_eq!((r["changed"].clone(), r["skipped"].clone()), (json!(0), json!(2)));

    let out = relata(d, &["segments", "bulk", &seg, "--tag", " ", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: "), "{out:?}");
    let out = relata(d, &["segments", "bulk", &seg, "--campaign", "Nope"]);
    assert_eq!(out.status.code(), Some(1));
    let out = relata(d, &["segments", "bulk", &seg, "--tag", "a", "--untag", "b"]);
    assert_eq!(out.status.code(), Some(2), "one action at a time");

    let file = d.join("vips.vcf");
    let args = ["segments", "export", &seg, "--format", "vcard", "--exclude", &ids[0], "--out", file.to_str().unwrap()];
    assert_eq!(ok_json(d, &args)["count"], 1);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("Bob") && !text.contains("Ann"), "{text}");
}

//! `relata analytics ...` on the hand-computed history of `tests/fixtures/analytics/history.sql` (the
//! working is in tests/core/analytics.rs).

use serde_json::json;

use super::commands::{ok_json, relata};
use std::sync::Arc;

use relata_core::clock::ManualClock;
use relata_core::store::Store;

use super::support::{repo_root, T0};

/// A plaintext store with the history; the CLI encrypts it in place when it first opens it.
fn history() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path(), Arc::new(ManualClock::new(T0))).unwrap());
    let sql = std::fs::read_to_string(repo_root().join("tests/fixtures/analytics/history.sql")).unwrap();
    rusqlite::Connection::open(dir.path().join("relata.db")).unwrap().execute_batch(&sql).unwrap();
    dir
}

#[test]
fn analytics_prints_each_figure_as_json() {
    let dir = history();
    let d = dir.path();
    let r = ok_json(d, &["analytics", "retention", "--period", "quarter", "--json"]);
    assert_eq!(r, json!({"cohorts": [{"cohort": "2024-Q1", "size": 5, "retention": [1.0, 0.2, 0.0, 0.0, 0.4]}]}));
    let monthly = ok_json(d, &["analytics", "retention", "--json", "--from", "2024-03-01"]);
    assert_eq!(monthly["cohorts"][0]["cohort"], "2024-03");

    let rev = ok_json(d, &["analytics", "revenue", "--json", "--from", "2024-02-01", "--to", "2024-02-29"]);
    assert_eq!(rev["months"][0]["month"], "2024-02");
    let eur = rev["currencies"].as_array().unwrap().iter().find(|c| c["currency"] == "EUR").unwrap().clone();
    assert_eq!((eur["net_minor"].clone(), eur["average_per_customer_minor"].clone()), (json!(12500), json!(5500)));

    let churn = ok_json(d, &["analytics", "churn", "--from", "2025-01-01", "--to", "2025-03-10", "--json"]);
    assert_eq!((churn["customers_at_start"].clone(), churn["customers_lost"].clone()), (json!(5), json!(3)));
    let wide = ok_json(d, &["analytics", "churn", "--from", "2025-01-01", "--to", "2025-03-10", "--window", "400"]);
    assert_eq!(wide["customers_lost"], 1);

    let clv = ok_json(d, &["analytics", "clv", "--limit", "1", "--owner", "kim", "--json"]);
    let eur = clv["currencies"].as_array().unwrap().iter().find(|c| c["currency"] == "EUR").unwrap().clone();
    assert_eq!((eur["top"][0]["name"].clone(), eur["top"][0]["profit_minor"].clone()), (json!("Ann Ash"), json!(7200)));
    assert_eq!(eur["top"].as_array().unwrap().len(), 1);

    let funnel = ok_json(d, &["analytics", "funnel", "--json"]);
    assert_eq!(
        funnel["pipelines"][0]["weighted_forecast"],
        json!([{"currency": "DKK", "minor": 7500}, {"currency": "EUR", "minor": 9000}])
    );
    assert_eq!(funnel["lifecycle"][2], json!({"stage": "customer", "people": 2, "share": 0.4}));
}

#[test]
fn analytics_refuses_bad_periods() {
    let dir = tempfile::tempdir().unwrap();
    let out = relata(dir.path(), &["analytics", "revenue", "--from", "2024-02-30"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("(field: from)"));
    let out = relata(dir.path(), &["analytics", "retention", "--period", "week"]);
    assert_eq!(out.status.code(), Some(2));
    // An empty store has no figures, and that is not an error.
    assert_eq!(ok_json(dir.path(), &["analytics", "retention", "--json"]), json!({"cohorts": []}));
}

#[test]
fn analytics_filters_by_source_and_segment() {
    let dir = history();
    let d = dir.path();
    // Sources: Ann and Cas web, Bob fair. The CLI has encrypted nothing yet: the store is plaintext here.
    let conn = rusqlite::Connection::open(d.join("relata.db")).unwrap();
    conn.execute_batch("UPDATE people SET source = CASE id WHEN 1 THEN 'web' WHEN 2 THEN 'fair' WHEN 3 THEN 'web' END")
        .unwrap();
    drop(conn);
    // Web: Ann's EUR orders net 17000; Cas's are DKK.
    let rev = ok_json(d, &["analytics", "revenue", "--source", "web", "--json"]);
    let eur = rev["currencies"].as_array().unwrap().iter().find(|c| c["currency"] == "EUR").unwrap().clone();
    assert_eq!((eur["net_minor"].clone(), eur["customers"].clone()), (json!(17000), json!(1)));
    let funnel = ok_json(d, &["analytics", "funnel", "--source", "fair", "--pipeline", "1", "--json"]);
    assert_eq!(funnel["lifecycle"][2], json!({"stage": "customer", "people": 1, "share": 1.0}));
    let out = relata(d, &["analytics", "clv", "--segment", "999"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("(field: segment_id)"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn conversion_by_segment_source_and_campaign() {
    let dir = history();
    let d = dir.path();
    let filter = d.join("customers.json");
    std::fs::write(&filter, r#"{"field": "lifecycle", "op": "eq", "value": "customer"}"#).unwrap();
    let seg = ok_json(d, &["segments", "add", "--name", "Customers", "--filter-file", filter.to_str().unwrap()]);
    // Ann and Bob are customers, created on 2025-03-10.
    let rows = ok_json(d, &["analytics", "conversion", "--by", "segment", "--json"]);
    let row = &rows[0];
    assert_eq!((row["key"].clone(), row["segment_id"].clone()), (json!("Customers"), seg["id"].clone()), "{rows}");
    assert_eq!((row["leads"].clone(), row["customers"].clone(), row["rate"].clone()), (json!(2), json!(2), json!(1.0)));
    let before = ok_json(d, &["analytics", "conversion", "--by", "segment", "--to", "2025-03-09", "--json"]);
    assert_eq!((before[0]["leads"].clone(), before[0]["rate"].clone()), (json!(0), json!(null)));
    let all = ok_json(d, &["analytics", "conversion", "--json"]);
    assert_eq!(all["by_segment"], rows);
    assert_eq!(all["by_source"], ok_json(d, &["analytics", "conversion", "--by", "source"]));
    assert!(all["by_campaign"].is_array());
}

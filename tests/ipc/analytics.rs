//! The Dashboard's one command over IPC on the hand-computed history of tests/fixtures/analytics (the
//! working is in tests/core/analytics.rs), and its filter errors as structured fields.

use serde_json::json;

use crate::harness;

#[test]
fn analytics_dashboard_returns_every_figure_for_the_filters() {
    let h = harness();
    let sql = std::fs::read_to_string(crate::root().join("tests/fixtures/analytics/history.sql")).unwrap();
    rusqlite::Connection::open(h.dir().join("relata.db")).unwrap().execute_batch(&sql).unwrap();

    let all = h.invoke("analytics_dashboard", json!({ "filter": {}, "period": "quarter" })).unwrap();
    assert_eq!(
        all["retention"],
        json!({"cohorts": [{"cohort": "2024-Q1", "size": 5, "retention": [1.0, 0.2, 0.0, 0.0, 0.4]}]})
    );
    assert_eq!(all["funnel"]["lifecycle"][2]["people"], 2);
    assert_eq!(all["clv"]["currencies"][1]["top"][0]["name"], "Ann Ash");

    let filter = json!({ "from": "2025-01-01", "to": "2025-03-10", "owner": null, "pipeline_id": null });
    let period = h.invoke("analytics_dashboard", json!({ "filter": filter, "period": "month" })).unwrap();
    assert_eq!(
        (period["churn"]["customers_at_start"].clone(), period["churn"]["customers_lost"].clone()),
        (json!(5), json!(3))
    );
    let months: Vec<&str> =
        period["revenue"]["months"].as_array().unwrap().iter().map(|m| m["month"].as_str().unwrap()).collect();
    assert_eq!(months, ["2025-01", "2025-02", "2025-03"]);

    let bad = h.invoke("analytics_dashboard", json!({ "filter": { "to": "March" }, "period": "month" })).unwrap_err();
    assert_eq!((bad["code"].clone(), bad["field"].clone()), (json!("invalid_date"), json!("to")));
}

#[test]
fn the_filter_pickers_and_an_unknown_segment_over_ipc() {
    let h = harness();
    let sql = std::fs::read_to_string(crate::root().join("tests/fixtures/analytics/history.sql")).unwrap();
    rusqlite::Connection::open(h.dir().join("relata.db")).unwrap().execute_batch(&sql).unwrap();
    let options = h.invoke("analytics_filter_options", json!({})).unwrap();
    assert_eq!(options, json!({ "owners": ["kim", "lars"], "sources": [] }));
    let filter = json!({ "segment_id": 999, "source": "web" });
    let err = h.invoke("analytics_dashboard", json!({ "filter": filter, "period": "month" })).unwrap_err();
    assert_eq!((err["code"].as_str(), err["field"].as_str()), (Some("not_found"), Some("segment_id")));
    // An old caller without the new fields still works: they default to none. Kim's Ann, Cas and Dee have
    // no source, and all three have orders.
    let all = h.invoke("analytics_dashboard", json!({ "filter": { "owner": "kim" }, "period": "month" })).unwrap();
    let row = json!({ "key": "", "campaign_id": null, "segment_id": null, "leads": 3, "customers": 3, "won": 0, "rate": 1.0 });
    assert_eq!(all["conversion"]["by_source"], json!([row]));
}

#[test]
fn conversion_alone_over_ipc_equals_the_dashboards() {
    let h = harness();
    let sql = std::fs::read_to_string(crate::root().join("tests/fixtures/analytics/history.sql")).unwrap();
    rusqlite::Connection::open(h.dir().join("relata.db")).unwrap().execute_batch(&sql).unwrap();
    let filter = json!({ "owner": "kim" });
    let alone = h.invoke("analytics_conversion", json!({ "filter": filter })).unwrap();
    let dashboard = h.invoke("analytics_dashboard", json!({ "filter": filter, "period": "month" })).unwrap();
    assert_eq!(alone, dashboard["conversion"]);
    assert_eq!(alone["by_source"][0]["leads"], json!(3));
    let bad = h.invoke("analytics_conversion", json!({ "filter": { "from": "soon" } })).unwrap_err();
    assert_eq!((bad["code"].as_str(), bad["field"].as_str()), (Some("invalid_date"), Some("from")));
}

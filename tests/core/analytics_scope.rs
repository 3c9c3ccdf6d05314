//! The source and segment filters on the hand-worked history of tests/fixtures/analytics/history.sql (the
//! unfiltered working is in tests/core/analytics.rs). Added here: sources Ann web, Bob fair, Cas web, Eve
//! web (Dee none), and the deals' people D1 Ann, D2 Cas, D3 Eve, D4 Bob (D5 none). Owners: Ann, Cas, Dee kim;
//! Bob, Eve and the company Acme lars.

use relata_core::domain::{Filter, SegmentInput};
use relata_core::error::ErrorCode;
use relata_core::services::analytics::*;
use relata_core::services::segments;
use serde_json::json;

use super::support::*;

fn history() -> Env {
    let e = env();
    let sql = std::fs::read_to_string(repo_root().join("tests/fixtures/analytics/history.sql")).unwrap();
    e.raw().execute_batch(&sql).unwrap();
    e.raw()
        .execute_batch(
            "UPDATE people SET source = CASE id WHEN 1 THEN 'web' WHEN 2 THEN 'fair' WHEN 3 THEN ' web' WHEN 5 THEN 'web' END;
             UPDATE deals SET person_id = CASE title WHEN 'D1' THEN 1 WHEN 'D2' THEN 3 WHEN 'D3' THEN 5 WHEN 'D4' THEN 2 END;",
        )
        .unwrap();
    e
}

fn segment(e: &Env, name: &str, filter: serde_json::Value, is_static: bool) -> i64 {
    let filter: Filter = serde_json::from_value(filter).unwrap();
    segments::add(&e.store, SegmentInput { name: name.into(), filter, is_static, pinned: false }).unwrap().id
}

fn by_source(s: &str) -> AnalyticsFilter {
    AnalyticsFilter { source: Some(s.into()), ..Default::default() }
}

fn amount(currency: &str, minor: i64) -> Amount {
    Amount { currency: currency.into(), minor }
}

fn reached(f: &FunnelReport) -> Vec<i64> {
    f.pipelines[0].stages.iter().map(|s| s.reached).collect()
}

fn lifecycle(f: &FunnelReport) -> Vec<i64> {
    f.lifecycle.iter().map(|l| l.people).collect()
}

#[test]
fn the_source_filter_keeps_those_peoples_orders_deals_and_stages() {
    let e = history();
    let d = dashboard(&e.store, &by_source("web"), Period::Quarter).unwrap();
    // Web: Ann, Cas (stored as " web": sources compare trimmed) and Eve: customer, lead, qualified.
    assert_eq!(lifecycle(&d.funnel), [1, 1, 1, 0]);
    // Their deals D1 (qualification, open), D3 (meeting, lost), D2 (proposal, open): reached 3, 2, 1, 0;
    // forecast D1 10000 × 10 % + D2 20000 × 40 % = 9000 EUR, and D5's DKK is gone.
    assert_eq!(reached(&d.funnel), [3, 2, 1, 0]);
    assert_eq!((d.funnel.pipelines[0].won_deals, d.funnel.pipelines[0].lost_deals), (0, 1));
    assert_eq!(d.funnel.pipelines[0].weighted_forecast, vec![amount("EUR", 9000)]);
    // Orders: Ann EUR 10000 + 5000 − 2000 + 4000 = 17000 (cost 6000 + 3000 − 1200 + 2000 = 9800); Cas DKK
    // 50000 + 20000 (cost 45000). Acme's company order and the anonymous sale drop out; D4 (Bob) is not won.
    let eur = d.revenue.currencies.iter().find(|c| c.currency == "EUR").unwrap();
    assert_eq!((eur.net_minor, eur.cost_minor, eur.anonymous_minor, eur.customers), (17000, 9800, 0, 1));
    assert_eq!((eur.average_per_customer_minor, eur.won_deals_minor), (Some(17000), 0));
    let dkk = d.revenue.currencies.iter().find(|c| c.currency == "DKK").unwrap();
    assert_eq!((dkk.net_minor, dkk.cost_minor, dkk.customers), (70000, 45000, 1));
    // Cohorts: Ann and Cas both start in 2024-Q1; Ann orders again in Q2, Cas does not.
    assert_eq!(d.retention.cohorts.len(), 1);
    assert_eq!((d.retention.cohorts[0].size, d.retention.cohorts[0].retention.clone()), (2, vec![1.0, 0.5]));
    // Profit: Ann 17000 − 9800 = 7200 EUR.
    let clv_eur = d.clv.currencies.iter().find(|c| c.currency == "EUR").unwrap();
    assert_eq!((clv_eur.customers, clv_eur.profit_minor, clv_eur.top[0].name.as_str()), (1, 7200, "Ann Ash"));

    // Churn over 2025-01-01..2025-03-10 (window 365): Ann and Cas were active on 2024-12-31; Cas's last
    // order (2024-03-03) is older than 2024-03-11, so one of two is lost.
    let churned = churn(
        &e.store,
        &AnalyticsFilter { from: Some("2025-01-01".into()), to: Some("2025-03-10".into()), ..by_source("web") },
        365,
    )
    .unwrap();
    assert_eq!((churned.customers_at_start, churned.customers_lost), (2, 1));
    // A source nobody has counts nothing.
    let none = dashboard(&e.store, &by_source("radio"), Period::Month).unwrap();
    assert!(none.revenue.months.is_empty() && none.retention.cohorts.is_empty());
    assert_eq!(lifecycle(&none.funnel), [0, 0, 0, 0]);
}

#[test]
fn the_segment_filter_uses_dynamic_and_static_members() {
    let e = history();
    // Dynamic "owner is lars": Bob and Eve (Acme is a company: its order drops out).
    let lars = segment(&e, "Lars", json!({"field": "owner", "op": "eq", "value": "lars"}), false);
    let f = AnalyticsFilter { segment_id: Some(lars), ..Default::default() };
    let d = dashboard(&e.store, &f, Period::Month).unwrap();
    assert_eq!(lifecycle(&d.funnel), [0, 1, 1, 0]);
    // D3 (Eve) lost at meeting, D4 (Bob) won: reached 2, 2, 1, 1; win rate ½.
    assert_eq!(reached(&d.funnel), [2, 2, 1, 1]);
    assert_eq!(d.funnel.pipelines[0].win_rate, Some(0.5));
    // Bob: EUR 8000 + 3000 (cost 5000 + 1000), and D4's 20000 won.
    let eur = d.revenue.currencies.iter().find(|c| c.currency == "EUR").unwrap();
    assert_eq!((eur.net_minor, eur.cost_minor, eur.customers, eur.won_deals_minor), (11000, 6000, 1, 20000));
    assert_eq!(d.revenue.currencies.len(), 1);

    // With the source as well: web ∩ lars = Eve, who has no orders and one lost deal.
    let both = AnalyticsFilter { source: Some("web".into()), ..f };
    let d = dashboard(&e.store, &both, Period::Month).unwrap();
    assert_eq!(lifecycle(&d.funnel), [0, 1, 0, 0]);
    assert_eq!(reached(&d.funnel), [1, 1, 0, 0]);
    assert!(d.revenue.months.is_empty());

    // A static segment keeps the people it matched when saved, even after they no longer match.
    let ann_dee = json!({"any": [{"field": "first_name", "op": "eq", "value": "Ann"},
                                 {"field": "first_name", "op": "eq", "value": "Dee"}]});
    let fixed = segment(&e, "Ann and Dee", ann_dee, true);
    e.raw().execute_batch("UPDATE people SET first_name = 'Anna' WHERE id = 1").unwrap();
    let r = revenue(&e.store, &AnalyticsFilter { segment_id: Some(fixed), ..Default::default() }).unwrap();
    // Ann 17000 + Dee 6000 + 1000 EUR.
    let eur = r.currencies.iter().find(|c| c.currency == "EUR").unwrap();
    assert_eq!((eur.net_minor, eur.customers), (24000, 2));
}

#[test]
fn an_unknown_segment_is_not_found_on_segment_id() {
    let e = history();
    let f = AnalyticsFilter { segment_id: Some(999), ..Default::default() };
    assert_err(dashboard(&e.store, &f, Period::Month), ErrorCode::NotFound, Some("segment_id"));
    assert_err(funnel_report(&e.store, &f), ErrorCode::NotFound, Some("segment_id"));
}

#[test]
fn the_filter_options_list_owners_and_sources_in_use() {
    let e = history();
    let o = filter_options(&e.store).unwrap();
    assert_eq!(o.owners, ["kim", "lars"]);
    assert_eq!(o.sources, ["fair", "web"]);
}

#[test]
fn conversion_by_source_and_campaign() {
    let e = history();
    // Spring: Ann added 2024-03-01, Eve 2024-01-01, Bob 2025-03-10 00:00 UTC; Autumn: Dee added 2025-02-01.
    e.raw()
        .execute_batch(
            "INSERT INTO campaigns (id, name, name_key, channel, purpose, currency, created_at, updated_at) VALUES
                 (1, 'Spring', 'spring', 'email', 'newsletter', 'EUR', 0, 0),
                 (2, 'Autumn', 'autumn', 'email', 'newsletter', 'EUR', 0, 0);
             INSERT INTO campaign_members (campaign_id, person_id, added_at) VALUES
                 (1, 1, 1709251200000), (1, 5, 1704067200000), (1, 2, 1741564800000), (2, 4, 1738368000000);",
        )
        .unwrap();
    let row = |r: &ConversionRow| (r.key.clone(), r.leads, r.customers, r.won);
    let all = conversion(&e.store, &AnalyticsFilter::default()).unwrap();
    // Web: Ann (customer), Cas (a lead with orders), Eve (no order, lost deal): 2 of 3. No source: Dee (her
    // orders). Fair: Bob, a customer with the won D4. Most leads first, then by source.
    let sources: Vec<_> = all.by_source.iter().map(row).collect();
    assert_eq!(sources, [("web".into(), 3, 2, 0), ("".into(), 1, 1, 0), ("fair".into(), 1, 1, 1)]);
    assert_eq!(all.by_source[0].rate, Some(2.0 / 3.0));
    // Spring: Ann ordered after she was added (O4, 2024-04-01), Eve never, Bob won D4 after he was added
    // (his orders are older). Autumn: Dee's last order (2025-01-15) is before she was added.
    let campaigns: Vec<_> = all.by_campaign.iter().map(row).collect();
    assert_eq!(campaigns, [("Autumn".into(), 1, 0, 0), ("Spring".into(), 3, 2, 1)]);
    assert_eq!((all.by_campaign[0].rate, all.by_campaign[1].campaign_id), (Some(0.0), Some(1)));

    // The source filter keeps Ann and Eve of Spring; the period keeps members added in 2025 (Bob, Dee).
    let web = conversion(&e.store, &by_source("web")).unwrap();
    assert_eq!(web.by_campaign.iter().map(row).collect::<Vec<_>>(), [("Spring".into(), 2, 1, 0)]);
    let year = AnalyticsFilter { from: Some("2025-01-01".into()), to: Some("2025-12-31".into()), ..Default::default() };
    let in_2025 = conversion(&e.store, &year).unwrap();
    assert_eq!(
        in_2025.by_campaign.iter().map(row).collect::<Vec<_>>(),
        [("Autumn".into(), 1, 0, 0), ("Spring".into(), 1, 1, 1)]
    );
}

#[test]
fn conversion_by_segment_counts_each_segments_leads_pinned_first() {
    let e = history();
    let customers = segment(&e, "Customers", json!({"field": "lifecycle", "op": "eq", "value": "customer"}), true);
    // " web" (Cas) is not "web" to the segment's text comparison: Ann and Eve.
    let web = segment(&e, "Web", json!({"field": "source", "op": "eq", "value": "web"}), false);
    segments::set_pinned(&e.store, web, true).unwrap();
    let row = |r: &ConversionRow| (r.key.clone(), r.segment_id, r.leads, r.customers, r.won);
    let all = conversion(&e.store, &AnalyticsFilter::default()).unwrap();
    // Web: Ann (customer) and Eve (no order, a lost deal). Customers: Ann, and Bob with the won D4.
    assert_eq!(
        all.by_segment.iter().map(row).collect::<Vec<_>>(),
        [("Web".into(), Some(web), 2, 1, 0), ("Customers".into(), Some(customers), 2, 2, 1)]
    );
    assert_eq!((all.by_segment[0].rate, all.by_segment[1].rate), (Some(0.5), Some(1.0)));
    // The owner filter keeps kim's Ann; a period before everyone's creation keeps no lead.
    let kim = conversion(&e.store, &AnalyticsFilter { owner: Some("kim".into()), ..Default::default() }).unwrap();
    assert_eq!(
        kim.by_segment.iter().map(|r| (r.leads, r.customers, r.won)).collect::<Vec<_>>(),
        [(1, 1, 0), (1, 1, 0)]
    );
    let early = AnalyticsFilter { to: Some("2024-12-31".into()), ..Default::default() };
    let none = conversion(&e.store, &early).unwrap();
    assert!(none.by_segment.iter().all(|r| r.leads == 0 && r.rate.is_none()));
    // At most 20 rows: the pinned segment stays first.
    for i in 0..20 {
        segment(&e, &format!("z{i:02}"), json!({"all": []}), false);
    }
    let many = conversion(&e.store, &AnalyticsFilter::default()).unwrap();
    assert_eq!(many.by_segment.len(), MAX_SEGMENTS);
    assert_eq!((many.by_segment[0].segment_id, many.by_segment[1].segment_id), (Some(web), Some(customers)));
    assert_eq!(many.by_segment[2].leads, 5);
}

#[test]
fn the_source_filter_and_its_picker_read_the_source_index_not_the_people_table() {
    let e = history();
    let plan = |sql: &str| -> String {
        let conn = e.raw();
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows: Vec<String> = stmt.query_map([], |r| r.get(3)).unwrap().map(Result::unwrap).collect();
        rows.join("; ")
    };
    let scope = plan("SELECT p.id FROM people p WHERE p.deleted_at IS NULL AND trim(p.source) = 'web'");
    assert!(scope.contains("USING INDEX people_source"), "{scope}");
    let picker = plan("SELECT DISTINCT trim(source) FROM people WHERE deleted_at IS NULL");
    assert!(
        picker.contains("USING INDEX people_source") || picker.contains("USING COVERING INDEX people_source"),
        "{picker}"
    );
}

/// The Dashboard runs its six figures side by side on their own readers: what it shows equals each figure
/// called on its own, under every filter (the scoped ones fill a temporary table per reader).
#[test]
fn the_dashboard_side_by_side_equals_each_figure_alone() {
    let e = history();
    let lars = segment(&e, "Lars", json!({"field": "owner", "op": "eq", "value": "lars"}), false);
    let filters = [
        AnalyticsFilter::default(),
        by_source("web"),
        AnalyticsFilter { segment_id: Some(lars), ..Default::default() },
        AnalyticsFilter { owner: Some("kim".into()), ..Default::default() },
        AnalyticsFilter { from: Some("2024-02-01".into()), to: Some("2024-06-30".into()), ..Default::default() },
    ];
    for f in &filters {
        for period in [Period::Month, Period::Quarter] {
            let alone = Dashboard {
                funnel: funnel_report(&e.store, f).unwrap(),
                revenue: revenue(&e.store, f).unwrap(),
                churn: churn(&e.store, f, DEFAULT_INACTIVITY_DAYS).unwrap(),
                retention: retention(&e.store, f, period).unwrap(),
                clv: clv(&e.store, f, 10).unwrap(),
                conversion: conversion(&e.store, f).unwrap(),
            };
            assert_eq!(dashboard(&e.store, f, period).unwrap(), alone, "{f:?} {period:?}");
        }
    }
    // A bad filter is the figures' structured error, not a panic in a thread.
    let bad = AnalyticsFilter { to: Some("2024-02-30".into()), ..Default::default() };
    assert_err(dashboard(&e.store, &bad, Period::Month), ErrorCode::InvalidDate, Some("to"));
}

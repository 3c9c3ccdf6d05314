//! The Dashboard cards' queries read what migration 0045 made for them: covering indexes (no table row per
//! person, deal or order), in the order they group by (no temp b-tree), and the pickers one seek per value.

use std::sync::Arc;

use super::super::{conversion, funnel, options, won};
use crate::clock::ManualClock;
use crate::store::Store;

/// SQLite's plan for `sql`, one line per step.
fn plan(sql: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), Arc::new(ManualClock::new(0))).unwrap();
    store
        .read(|conn| {
            crate::services::id_sets::reset(conn, "analytics_scope")?;
            let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
            // The plan does not depend on the values: bind NULL to every parameter.
            let nulls = std::iter::repeat_n(rusqlite::types::Value::Null, stmt.parameter_count());
            let rows = stmt.query_map(rusqlite::params_from_iter(nulls), |r| r.get(3))?;
            Ok(rows.collect::<Result<Vec<String>, _>>()?.join("; "))
        })
        .unwrap()
}

#[track_caller]
fn covered_in_order(sql: &str, index: &str) {
    let plan = plan(sql);
    assert!(plan.contains(&format!("USING COVERING INDEX {index}")), "{plan}");
    assert!(!plan.contains("TEMP B-TREE"), "{plan}");
}

#[test]
fn the_people_and_deal_cards_read_covering_indexes_without_sorting() {
    covered_in_order(funnel::LIFECYCLE, "people_analytics");
    covered_in_order(funnel::DEAL_STAGES, "deals_analytics");
    covered_in_order(&conversion::leads(), "people_analytics");
    covered_in_order(conversion::WON, "deals_won_person");
    covered_in_order(won::ALL, "deals_won");
}

#[test]
fn campaign_members_outcomes_are_looked_up_in_covering_indexes() {
    let plan = plan(&conversion::campaigns());
    assert!(plan.contains("USING COVERING INDEX orders_bought (person_id=?"), "{plan}");
    assert!(plan.contains("USING COVERING INDEX deals_won_person (person_id=?"), "{plan}");
}

#[test]
fn the_pickers_seek_from_one_value_to_the_next() {
    for (table, index, expr) in [
        ("people", "people_owner", "owner"),
        ("companies", "companies_owner", "owner"),
        ("deals", "deals_owner", "owner"),
        ("people", "people_source", "trim(source)"),
    ] {
        let plan = plan(&options::distinct(&format!("{table} INDEXED BY {index}"), expr));
        assert!(plan.contains(&format!("USING INDEX {index} (")), "{plan}");
        assert!(!plan.contains(&format!("SCAN {table}")), "{plan}");
        assert!(!plan.contains("TEMP B-TREE"), "{plan}");
    }
}

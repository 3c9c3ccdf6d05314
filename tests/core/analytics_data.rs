//! A random store for the analytics equality tests (`analytics_equal*.rs`): few distinct names, owners,
//! sources and amounts, so that ties, trimmed duplicates, company-only and anonymous orders, returns, drafts,
//! deleted rows and deals with and without their own probability all occur; and the figures' filters with
//! the oracle's view of them (the period in milliseconds and the people in scope).

use chrono::NaiveDate;
use relata_core::clock::system_zone;
use relata_core::domain::{Filter, Id, SegmentInput};
use relata_core::rng::Rng;
use relata_core::services::analytics::AnalyticsFilter;
use relata_core::services::segments;
use rusqlite::{params, Connection};
use serde_json::json;

use super::support::*;

const DAY: i64 = 86_400_000;
/// 2024-01-01T00:00:00Z.
const BASE: i64 = 1_704_067_200_000;

fn maybe<'a>(rng: &mut Rng, items: &[Option<&'a str>]) -> Option<&'a str> {
    *rng.pick(items)
}

/// The store: 120 people, 12 companies, 600 orders, 240 deals, 3 campaigns with members and 3 segments.
pub fn store(seed: u64) -> Env {
    let e = env();
    let mut rng = Rng::new(seed);
    let owners = [Some("kim"), Some("lars"), None, Some(" kim"), Some(""), Some("ole")];
    let mut conn = e.raw();
    let tx = conn.transaction().unwrap();
    for id in 1..=120i64 {
        let (first, last) = (*rng.pick(&["Ann", "Bob", "Ann ", "", "Åse"]), *rng.pick(&["Ash", "Birch", ""]));
        let source =
            maybe(&mut rng, &[Some("web"), Some(" web"), Some("Web"), Some(""), None, Some("fair "), Some("ads")]);
        tx.execute(
            "INSERT INTO people (id, first_name, last_name, sort_name, owner, source, lifecycle, created_at,
                                 updated_at, deleted_at) VALUES (?1, ?2, ?3, lower(?2 || ' ' || ?3), ?4, ?5, ?6, ?7, ?7, ?8)",
            params![
                id,
                first,
                last,
                maybe(&mut rng, &owners),
                source,
                rng.pick(&["lead", "qualified", "customer", "churned", "partner"]),
                BASE + rng.range(0, 700) * DAY + rng.range(0, DAY - 1),
                rng.chance(8).then_some(T0),
            ],
        )
        .unwrap();
    }
    for id in 1..=12i64 {
        let name = *rng.pick(&["Ann Ash", "Acme", "Bob Birch", "Zeta"]);
        tx.execute(
            "INSERT INTO companies (id, name, name_key, sort_name, owner, created_at, updated_at, deleted_at)
             VALUES (?1, ?2, lower(?2), lower(?2), ?3, 0, 0, ?4)",
            params![id, name, maybe(&mut rng, &owners), rng.chance(8).then_some(T0)],
        )
        .unwrap();
    }
    for id in 1..=600i64 {
        let (person, company) = match rng.below(10) {
            0 => (None, None),
            1 | 2 => (None, Some(rng.range(1, 12))),
            _ => (Some(rng.range(1, 120)), rng.chance(30).then(|| rng.range(1, 12))),
        };
        let kind = *rng.pick(&["order", "invoice", "order", "credit_note"]);
        let sign = if kind == "credit_note" { -1 } else { 1 };
        // NOK is sold anonymously only: a currency without a customer.
        let currency = if person.is_none() && company.is_none() && rng.chance(50) {
            "NOK"
        } else {
            *rng.pick(&["EUR", "EUR", "DKK", "SEK"])
        };
        let at = BASE + rng.range(0, 700) * DAY + DAY / 2;
        let day = chrono::DateTime::from_timestamp_millis(at).unwrap().format("%Y-%m-%d").to_string();
        tx.execute(
            "INSERT INTO orders (id, number, number_key, kind, status, person_id, company_id, ordered_at, ordered_on,
                                 currency, net_minor, cost_minor, created_at, updated_at, deleted_at)
             VALUES (?1, 'O' || ?1, 'o' || ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0, 0, ?11)",
            params![
                id,
                kind,
                rng.pick(&["paid", "paid", "confirmed", "draft", "cancelled"]),
                person,
                company,
                at / 1000,
                day,
                currency,
                sign * rng.pick(&[1000, 2000, 3000]),
                sign * rng.pick(&[0, 500, 1000]),
                rng.chance(5).then_some(T0),
            ],
        )
        .unwrap();
    }
    let stages: Vec<(Id, Id)> = tx
        .prepare("SELECT pipeline_id, id FROM stages ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for id in 1..=240i64 {
        let (pipeline, stage) = *rng.pick(&stages);
        let status = *rng.pick(&["open", "open", "won", "lost"]);
        let created = BASE + rng.range(0, 700) * DAY + rng.range(0, DAY - 1);
        tx.execute(
            "INSERT INTO deals (id, title, value_minor, currency, pipeline_id, stage_id, probability, status,
                                closed_at, person_id, owner, position, created_at, updated_at, deleted_at)
             VALUES (?1, 'D' || ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?1, ?11, ?11, ?12)",
            params![
                id,
                rng.pick(&[0, 1000, 2500, 3333]),
                rng.pick(&["EUR", "DKK"]),
                pipeline,
                stage,
                rng.pick(&[None, Some(0), Some(30), Some(100)]),
                status,
                (status != "open").then(|| created + rng.range(0, 90) * DAY),
                rng.chance(85).then(|| rng.range(1, 120)),
                maybe(&mut rng, &owners),
                created,
                rng.chance(5).then_some(T0),
            ],
        )
        .unwrap();
    }
    for id in 1..=3i64 {
        tx.execute(
            "INSERT INTO campaigns (id, name, name_key, channel, purpose, currency, created_at, updated_at)
             VALUES (?1, ?2, ?3, 'email', 'marketing', 'EUR', 0, 0)",
            params![id, ["Spring", "Autumn", "Spring"][id as usize - 1], format!("c{id}")],
        )
        .unwrap();
        for person in 1..=120i64 {
            if rng.chance(30) {
                let added = BASE + rng.range(0, 700) * DAY;
                tx.execute(
                    "INSERT INTO campaign_members (campaign_id, person_id, added_at) VALUES (?1, ?2, ?3)",
                    params![id, person, added],
                )
                .unwrap();
            }
        }
    }
    tx.commit().unwrap();
    for (name, filter, is_static) in [
        ("Kim", json!({"field": "owner", "op": "eq", "value": "kim"}), false),
        ("Customers", json!({"field": "lifecycle", "op": "eq", "value": "customer"}), true),
        ("Web", json!({"field": "source", "op": "eq", "value": "web"}), false),
    ] {
        let filter: Filter = serde_json::from_value(filter).unwrap();
        segments::add(&e.store, SegmentInput { name: name.into(), filter, is_static, pinned: false }).unwrap();
    }
    e
}

/// The filters every equality test runs: none, a period, an owner, a source, a segment, a pipeline, and all
/// of a period, an owner and a source at once.
pub fn filters(conn: &Connection) -> Vec<AnalyticsFilter> {
    let sales: Id = conn.query_row("SELECT id FROM pipelines ORDER BY position, id", [], |r| r.get(0)).unwrap();
    let segment: Id = conn.query_row("SELECT id FROM segments WHERE name = 'Kim'", [], |r| r.get(0)).unwrap();
    let none = AnalyticsFilter::default();
    let period = AnalyticsFilter { from: Some("2024-06-01".into()), to: Some("2025-03-31".into()), ..none.clone() };
    vec![
        none.clone(),
        period.clone(),
        AnalyticsFilter { owner: Some("kim".into()), ..none.clone() },
        AnalyticsFilter { source: Some("web".into()), ..none.clone() },
        AnalyticsFilter { segment_id: Some(segment), ..none.clone() },
        AnalyticsFilter { pipeline_id: Some(sales), ..none.clone() },
        AnalyticsFilter { owner: Some("lars".into()), source: Some("fair".into()), ..period },
    ]
}

/// The filter's period as `[start, end)` milliseconds (local midnights), as the figures compute it.
pub fn ms_bounds(f: &AnalyticsFilter) -> (i64, i64) {
    let midnight = |day: &str| {
        let d = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
        d.and_hms_opt(0, 0, 0).unwrap().and_local_timezone(system_zone()).earliest().unwrap().timestamp_millis()
    };
    let start = f.from.as_deref().map_or(i64::MIN, midnight);
    let end = f.to.as_deref().map_or(i64::MAX, |d| midnight(d) + DAY);
    (start, end)
}

/// Fills `temp.analytics_scope` on `conn` the way the figures do (live people of the source and the
/// segment); answers the scope flag.
pub fn scope(conn: &Connection, f: &AnalyticsFilter) -> bool {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS analytics_scope (id INTEGER PRIMARY KEY); DELETE FROM temp.analytics_scope;",
    )
    .unwrap();
    if f.source.is_none() && f.segment_id.is_none() {
        return false;
    }
    let mut sql = String::from("INSERT INTO temp.analytics_scope SELECT p.id FROM people p WHERE p.deleted_at IS NULL");
    let mut values: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(id) = f.segment_id {
        let members = segments::members_condition(conn, id, T0).unwrap();
        sql.push_str(&format!(" AND ({})", members.sql));
        values.extend(members.params);
    }
    if let Some(source) = &f.source {
        sql.push_str(" AND trim(p.source) = ?");
        values.push(source.clone().into());
    }
    conn.execute(&sql, rusqlite::params_from_iter(values)).unwrap();
    true
}

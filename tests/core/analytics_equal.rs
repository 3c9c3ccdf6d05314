//! The restructured Dashboard cards give exactly what the SQL before them gave (commit f262000, kept here as
//! the oracle) on random stores (`analytics_data.rs`), under every filter: the funnel's lifecycle counts and
//! per-stage aggregates, conversion by source, campaign and segment, the filter pickers, and CLV's order with
//! its ties (equal profit, equal names, a person and a company of the same name).

use std::collections::BTreeMap;

use relata_core::services::analytics::*;
use relata_core::services::segments;
use rusqlite::types::Value;
use rusqlite::Connection;

use super::analytics_data::{filters, ms_bounds, scope, store};

const SEEDS: [u64; 3] = [1, 17, 4242];

/// The rows of `sql` with the parameters, each as its values.
fn rows(conn: &Connection, sql: &str, params: Vec<Value>) -> Vec<Vec<Value>> {
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| (0..n).map(|i| r.get(i)).collect());
    rows.unwrap().collect::<Result<_, _>>().unwrap()
}

fn int(v: &Value) -> i64 {
    match v {
        Value::Integer(i) => *i,
        other => panic!("not an integer: {other:?}"),
    }
}

fn txt(v: &Value) -> Option<String> {
    match v {
        Value::Text(t) => Some(t.clone()),
        Value::Null => None,
        other => panic!("not a text: {other:?}"),
    }
}

/// `?1..?4` of the people and deal queries: the period, the owner (trimmed, empty is none), the scope flag.
fn people_params(conn: &Connection, f: &AnalyticsFilter) -> Vec<Value> {
    let (start, end) = ms_bounds(f);
    let owner = f.owner.as_deref().map(str::trim).filter(|o| !o.is_empty()).map(String::from);
    vec![start.into(), end.into(), owner.into(), i64::from(scope(conn, f)).into()]
}

fn amounts(map: &BTreeMap<String, i64>) -> Vec<Amount> {
    map.iter().map(|(c, m)| Amount { currency: c.clone(), minor: *m }).collect()
}

/// Half away from zero, as the figures round money.
fn div_round(a: i64, b: i64) -> i64 {
    let (q, r) = (a / b, a % b);
    if 2 * r.abs() >= b.abs() {
        q + a.signum() * b.signum()
    } else {
        q
    }
}

#[test]
fn the_funnel_counts_as_the_sql_before() {
    for seed in SEEDS {
        let e = store(seed);
        let conn = e.raw();
        for f in filters(&conn) {
            let report = funnel_report(&e.store, &f).unwrap();
            let p = people_params(&conn, &f);
            let counts: BTreeMap<String, i64> = rows(
                &conn,
                "SELECT lifecycle, COUNT(*) FROM people WHERE deleted_at IS NULL AND created_at >= ?1 AND created_at < ?2
                   AND (?3 IS NULL OR owner = ?3) AND (?4 = 0 OR id IN (SELECT id FROM temp.analytics_scope))
                 GROUP BY lifecycle",
                p.clone(),
            )
            .iter()
            .map(|r| (txt(&r[0]).unwrap(), int(&r[1])))
            .collect();
            let total: i64 = counts.values().sum();
            for share in &report.lifecycle {
                let key = serde_json::to_value(share.stage).unwrap().as_str().unwrap().to_string();
                let want = counts.get(&key).copied().unwrap_or(0);
                assert_eq!(share.people, want, "seed {seed} {f:?} {key}");
                assert_eq!(share.share, (total != 0).then(|| want as f64 / total as f64));
            }
            for pipe in &report.pipelines {
                let mut q = vec![pipe.pipeline_id.into()];
                q.extend(p.clone());
                let old = rows(
                    &conn,
                    "SELECT s.id, s.name, s.probability, d.status, d.currency, COUNT(d.id), SUM(d.value_minor),
                            SUM(d.value_minor * COALESCE(d.probability, s.probability))
                     FROM stages s LEFT JOIN deals d ON d.stage_id = s.id AND d.deleted_at IS NULL
                          AND d.created_at >= ?2 AND d.created_at < ?3 AND (?4 IS NULL OR d.owner = ?4)
                          AND (?5 = 0 OR d.person_id IN (SELECT id FROM temp.analytics_scope))
                     WHERE s.pipeline_id = ?1
                     GROUP BY s.id, d.status, d.currency ORDER BY s.position, s.id",
                    q,
                );
                let (mut won, mut lost) = (0, 0);
                let mut stages: Vec<(i64, i64, BTreeMap<String, i64>)> = Vec::new();
                let mut forecast: BTreeMap<String, i64> = BTreeMap::new();
                for r in &old {
                    if stages.last().is_none_or(|s| s.0 != int(&r[0])) {
                        stages.push((int(&r[0]), 0, BTreeMap::new()));
                    }
                    let (Some(status), Some(currency)) = (txt(&r[3]), txt(&r[4])) else { continue };
                    let last = stages.len() - 1;
                    match status.as_str() {
                        "open" => {
                            stages[last].1 += int(&r[5]);
                            *stages[last].2.entry(currency.clone()).or_default() += int(&r[6]);
                            *forecast.entry(currency).or_default() += int(&r[7]);
                        }
                        "won" => won += int(&r[5]),
                        _ => lost += int(&r[5]),
                    }
                }
                assert_eq!((pipe.won_deals, pipe.lost_deals), (won, lost), "seed {seed} {f:?}");
                let got: Vec<_> =
                    pipe.stages.iter().map(|s| (s.stage_id, s.open_deals, s.open_value.clone())).collect();
                let want: Vec<_> = stages.iter().map(|(id, n, v)| (*id, *n, amounts(v))).collect();
                assert_eq!(got, want, "seed {seed} {f:?}");
                let weighted = forecast.into_iter().map(|(c, v)| (c, div_round(v, 100))).collect();
                assert_eq!(pipe.weighted_forecast, amounts(&weighted), "seed {seed} {f:?}");
            }
        }
    }
}

/// A conversion row from the old SQL's (key, campaign, leads, customers, won).
fn conversion_row(r: &[Value], segment_id: Option<i64>) -> ConversionRow {
    let (leads, customers) = (int(&r[2]), int(&r[3]));
    ConversionRow {
        key: txt(&r[0]).unwrap(),
        campaign_id: match r[1] {
            Value::Integer(i) => Some(i),
            _ => None,
        },
        segment_id,
        leads,
        customers,
        won: int(&r[4]),
        rate: (leads != 0).then(|| customers as f64 / leads as f64),
    }
}

const ORDERED: &str = "EXISTS (SELECT 1 FROM orders o WHERE o.person_id = p.id AND o.deleted_at IS NULL
    AND o.status IN ('confirmed', 'paid') AND o.kind <> 'credit_note'";
const WON: &str =
    "EXISTS (SELECT 1 FROM deals d WHERE d.person_id = p.id AND d.deleted_at IS NULL AND d.status = 'won'";
const KEPT: &str = "p.deleted_at IS NULL AND (?3 IS NULL OR p.owner = ?3)
    AND (?4 = 0 OR p.id IN (SELECT id FROM temp.analytics_scope))";

#[test]
fn conversion_counts_as_the_sql_before() {
    let mut campaign_rows = 0;
    for seed in SEEDS {
        let e = store(seed);
        let conn = e.raw();
        for f in filters(&conn) {
            let report = conversion(&e.store, &f).unwrap();
            let p = people_params(&conn, &f);
            let by_source = rows(
                &conn,
                &format!(
                    "WITH l AS (SELECT COALESCE(trim(p.source), '') AS key, p.lifecycle = 'customer' OR {ORDERED}) AS cust,
                                       {WON}) AS won
                                FROM people p WHERE p.created_at >= ?1 AND p.created_at < ?2 AND {KEPT})
                     SELECT key, NULL, COUNT(*), SUM(cust OR won), SUM(won) FROM l GROUP BY key ORDER BY COUNT(*) DESC, key"
                ),
                p.clone(),
            );
            let want: Vec<_> = by_source.iter().map(|r| conversion_row(r, None)).collect();
            assert_eq!(report.by_source, want, "seed {seed} {f:?}");
            let by_campaign = rows(
                &conn,
                &format!(
                    "WITH l AS (SELECT c.name AS key, c.id AS cid, {ORDERED} AND o.ordered_at * 1000 >= m.added_at) AS cust,
                                       {WON} AND d.closed_at >= m.added_at) AS won
                                FROM campaign_members m JOIN campaigns c ON c.id = m.campaign_id
                                JOIN people p ON p.id = m.person_id
                                WHERE m.added_at >= ?1 AND m.added_at < ?2 AND {KEPT})
                     SELECT key, cid, COUNT(*), SUM(cust OR won), SUM(won) FROM l GROUP BY cid ORDER BY key, cid"
                ),
                p.clone(),
            );
            let want: Vec<_> = by_campaign.iter().map(|r| conversion_row(r, None)).collect();
            assert_eq!(report.by_campaign, want, "seed {seed} {f:?}");
            campaign_rows += report.by_campaign.len();
            let listed =
                rows(&conn, "SELECT id, name FROM segments ORDER BY pinned DESC, name_key, id LIMIT 20", vec![]);
            let mut want = Vec::new();
            for seg in &listed {
                let members = segments::members_condition(&conn, int(&seg[0]), e.store.clock().now_ms()).unwrap();
                let mut q = p.clone();
                q.extend(members.params);
                let r = &rows(
                    &conn,
                    &format!(
                        "WITH l AS (SELECT p.lifecycle = 'customer' OR {ORDERED}) AS cust, {WON}) AS won FROM people p
                                    WHERE p.created_at >= ?1 AND p.created_at < ?2 AND {KEPT} AND ({}))
                         SELECT NULL, NULL, COUNT(*), COALESCE(SUM(cust OR won), 0), COALESCE(SUM(won), 0) FROM l",
                        members.sql
                    ),
                    q,
                )[0];
                let mut row =
                    conversion_row(&[seg[1].clone(), Value::Null, r[2].clone(), r[3].clone(), r[4].clone()], None);
                row.segment_id = Some(int(&seg[0]));
                want.push(row);
            }
            assert_eq!(report.by_segment, want, "seed {seed} {f:?}");
        }
    }
    assert!(campaign_rows > 0);
}

#[test]
fn the_pickers_list_what_the_sql_before_listed() {
    for seed in SEEDS {
        let e = store(seed);
        let conn = e.raw();
        let texts = |sql: &str| {
            let mut out: Vec<String> = rows(&conn, sql, vec![])
                .iter()
                .filter_map(|r| txt(&r[0]))
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect();
            out.sort();
            out.dedup();
            out
        };
        let want = FilterOptions {
            owners: texts(
                "SELECT owner FROM people WHERE deleted_at IS NULL
                 UNION SELECT owner FROM companies WHERE deleted_at IS NULL
                 UNION SELECT owner FROM deals WHERE deleted_at IS NULL",
            ),
            sources: texts("SELECT DISTINCT trim(source) FROM people WHERE deleted_at IS NULL"),
        };
        assert_eq!(filter_options(&e.store).unwrap(), want, "seed {seed}");
        assert!(want.owners.contains(&"kim".to_string()) && want.sources.contains(&"fair".to_string()));
    }
}

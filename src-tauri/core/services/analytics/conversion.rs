//! Conversion by source, by segment and by campaign: of the leads, how many became customers and how many
//! won a deal.

use serde::Serialize;
use specta::Type;

use super::filter::{resolve, AnalyticsFilter};
use super::orders::ratio;
use super::scope;
use crate::clock::Millis;
use crate::domain::Id;
use crate::error::AppResult;
use crate::services::segments;
use crate::store::Store;

/// The most segments the report has a row for: the pinned ones first, then by name.
pub const MAX_SEGMENTS: usize = 20;

/// One source or campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ConversionRow {
    /// The source (empty for people without one), the segment's or the campaign's name.
    pub key: String,
    pub campaign_id: Option<Id>,
    pub segment_id: Option<Id>,
    pub leads: i64,
    /// Leads who became customers: see docs/analytics.md.
    pub customers: i64,
    /// Leads with a won deal.
    pub won: i64,
    /// customers ÷ leads.
    pub rate: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Type)]
pub struct ConversionReport {
    /// Most leads first, then by source.
    pub by_source: Vec<ConversionRow>,
    /// By campaign name.
    pub by_campaign: Vec<ConversionRow>,
    /// Per segment (the pinned ones first, then by name; at most `MAX_SEGMENTS`): the leads of the period
    /// who are its members now, counted as by source.
    pub by_segment: Vec<ConversionRow>,
}

/// Whether person `p` has a counted order (not a return) and a won deal, with `after` (an SQL expression in
/// milliseconds) only those at or after it.
fn outcomes(after: Option<&str>) -> (String, String) {
    let (o, d) = after.map_or_else(Default::default, |a| {
        (format!(" AND o.ordered_at * 1000 >= {a}"), format!(" AND d.closed_at >= {a}"))
    });
    (
        format!(
            "EXISTS (SELECT 1 FROM orders o WHERE o.person_id = p.id AND o.deleted_at IS NULL
                     AND o.status IN ('confirmed', 'paid') AND o.kind <> 'credit_note'{o})"
        ),
        format!(
            "EXISTS (SELECT 1 FROM deals d WHERE d.person_id = p.id AND d.deleted_at IS NULL AND d.status = 'won'{d})"
        ),
    )
}

/// The people the owner, source and segment filters keep (`?3` owner, `?4` the scope flag).
const KEPT: &str = "p.deleted_at IS NULL AND (?3 IS NULL OR p.owner = ?3)
    AND (?4 = 0 OR p.id IN (SELECT id FROM temp.analytics_scope))";

/// By source: people created in the period; a customer when their lifecycle is `customer` or they have a
/// counted order or a won deal at any time. By campaign: members added in the period; a customer when they
/// ordered or won a deal after they were added (the lifecycle has no date, so it is not read).
pub fn conversion(store: &Store, filter: &AnalyticsFilter) -> AppResult<ConversionReport> {
    let f = resolve(filter)?;
    let (start, end) = f.ms_bounds();
    let now = store.clock().now_ms();
    let (ordered, won) = outcomes(None);
    let sources = format!(
        "WITH l AS (SELECT COALESCE(trim(p.source), '') AS key, p.lifecycle = 'customer' OR {ordered} AS cust,
                           {won} AS won
                    FROM people p WHERE p.created_at >= ?1 AND p.created_at < ?2 AND {KEPT})
         SELECT key, NULL, COUNT(*), SUM(cust OR won), SUM(won) FROM l GROUP BY key ORDER BY COUNT(*) DESC, key"
    );
    let (ordered, won) = outcomes(Some("m.added_at"));
    let campaigns = format!(
        "WITH l AS (SELECT c.name AS key, c.id AS cid, {ordered} AS cust, {won} AS won
                    FROM campaign_members m JOIN campaigns c ON c.id = m.campaign_id JOIN people p ON p.id = m.person_id
                    WHERE m.added_at >= ?1 AND m.added_at < ?2 AND {KEPT})
         SELECT key, cid, COUNT(*), SUM(cust OR won), SUM(won) FROM l GROUP BY cid ORDER BY key, cid"
    );
    store.read(|conn| {
        let scoped = scope::prepare(conn, &f, now)?;
        let rows = |sql: &str| -> AppResult<Vec<ConversionRow>> {
            let mut stmt = conn.prepare_cached(sql)?;
            let found = stmt.query_map((start, end, &f.owner, scoped), |r| {
                let (leads, customers): (i64, i64) = (r.get(2)?, r.get(3)?);
                Ok(ConversionRow {
                    key: r.get(0)?,
                    campaign_id: r.get(1)?,
                    segment_id: None,
                    leads,
                    customers,
                    won: r.get(4)?,
                    rate: ratio(customers, leads),
                })
            })?;
            Ok(found.collect::<Result<_, _>>()?)
        };
        let by_segment = by_segment(conn, (start, end), &f.owner, scoped, now)?;
        Ok(ConversionReport { by_source: rows(&sources)?, by_campaign: rows(&campaigns)?, by_segment })
    })
}

/// One row per segment: the leads (as by source) who are the segment's members now.
fn by_segment(
    conn: &rusqlite::Connection,
    (start, end): (Millis, Millis),
    owner: &Option<String>,
    scoped: bool,
    now: Millis,
) -> AppResult<Vec<ConversionRow>> {
    let listed: Vec<(Id, String)> = {
        let mut stmt =
            conn.prepare_cached("SELECT id, name FROM segments ORDER BY pinned DESC, name_key, id LIMIT ?1")?;
        let rows = stmt.query_map([MAX_SEGMENTS as i64], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    let (ordered, won) = outcomes(None);
    let mut out = Vec::with_capacity(listed.len());
    for (id, name) in listed {
        // The members' condition numbers its parameters after ?4 (anonymous ones follow the highest).
        let members = segments::members_condition(conn, id, now)?;
        let sql = format!(
            "WITH l AS (SELECT p.lifecycle = 'customer' OR {ordered} AS cust, {won} AS won FROM people p
                        WHERE p.created_at >= ?1 AND p.created_at < ?2 AND {KEPT} AND ({}))
             SELECT COUNT(*), COALESCE(SUM(cust OR won), 0), COALESCE(SUM(won), 0) FROM l",
            members.sql
        );
        let mut params: Vec<rusqlite::types::Value> =
            vec![start.into(), end.into(), owner.clone().into(), i64::from(scoped).into()];
        params.extend(members.params);
        let (leads, customers, won): (i64, i64, i64) = conn
            .prepare(&sql)?
            .query_row(rusqlite::params_from_iter(params), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        let rate = ratio(customers, leads);
        out.push(ConversionRow { key: name, campaign_id: None, segment_id: Some(id), leads, customers, won, rate });
    }
    Ok(out)
}

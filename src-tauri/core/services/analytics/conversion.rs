//! Conversion by source, by segment and by campaign: of the leads, how many became customers and how many
//! won a deal.

use rusqlite::types::{Type as SqlType, Value, ValueRef};
use rusqlite::Connection;
use serde::Serialize;
use specta::Type;

use super::facts;
use super::filter::{resolve, AnalyticsFilter};
use super::funnel::Lifecycles;
use super::orders::{ratio, scan, Bounds};
use super::scope;
use super::slots::IdSet;
use crate::clock::Millis;
use crate::domain::Id;
use crate::error::AppResult;
use crate::services::scoring::pass::FastMap;
use crate::services::segments;
use crate::store::Store;

#[cfg(test)]
#[path = "plans.rs"]
mod plans;

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

/// Campaign members' outcomes after they were added (`m.added_at`, milliseconds): a counted order that is not
/// a return, and a won deal. Both read the covering indexes `orders_bought` and `deals_won_person`.
const ORDERED_AFTER: &str = "EXISTS (SELECT 1 FROM orders o WHERE o.person_id = p.id AND o.deleted_at IS NULL
    AND o.status IN ('confirmed', 'paid') AND o.kind <> 'credit_note' AND o.ordered_at * 1000 >= m.added_at)";
const WON_AFTER: &str = "EXISTS (SELECT 1 FROM deals d WHERE d.person_id = p.id AND d.deleted_at IS NULL
    AND d.status = 'won' AND d.closed_at >= m.added_at)";

/// The people the owner, source and segment filters keep (`?3` owner, `?4` the scope flag).
const KEPT: &str = "p.deleted_at IS NULL AND (?3 IS NULL OR p.owner = ?3)
    AND (?4 = 0 OR p.id IN (SELECT id FROM temp.analytics_scope))";

/// The leads of the period (`?1..?2`, milliseconds) and the filters: id, lifecycle and the source as stored
/// (trimmed in Rust, like SQL's `trim`: spaces only), from the covering index `people_analytics` (no table
/// row). The same people as the funnel's [`super::funnel::LIFECYCLE`] counts.
pub(super) fn leads() -> String {
    format!(
        "SELECT p.id, p.lifecycle, p.source
         FROM people p INDEXED BY people_analytics WHERE p.created_at >= ?1 AND p.created_at < ?2 AND {KEPT}"
    )
}

/// By source: people created in the period; a customer when their lifecycle is `customer` or they have a
/// counted order or a won deal at any time. By campaign: members added in the period; a customer when they
/// ordered or won a deal after they were added (the lifecycle has no date, so it is not read).
pub fn conversion(store: &Store, filter: &AnalyticsFilter) -> AppResult<ConversionReport> {
    Ok(with_lifecycles(store, filter)?.0)
}

/// The report, and the leads counted per lifecycle on the way: the funnel's people per stage for the same
/// filters, so the Dashboard reads its million people once.
pub(super) fn with_lifecycles(store: &Store, filter: &AnalyticsFilter) -> AppResult<(ConversionReport, Lifecycles)> {
    let f = resolve(filter)?;
    let (start, end) = f.ms_bounds();
    let now = store.clock().now_ms();
    facts::refresh(store);
    store.read(|conn| {
        let scoped = scope::prepare(conn, &f, now)?;
        let params = (start, end, &f.owner, scoped);
        let mut stmt = conn.prepare_cached(&campaigns())?;
        let by_campaign = stmt
            .query_map(params, |r| {
                let tally = Tally { leads: r.get(2)?, customers: r.get(3)?, won: r.get(4)? };
                Ok(tally.row(r.get(0)?, r.get(1)?, None))
            })?
            .collect::<Result<_, _>>()?;
        let outcomes = Outcomes::read(conn)?;
        let (by_source, lifecycles) = by_source(conn, &outcomes, params)?;
        let by_segment = by_segment(conn, &outcomes, params, now)?;
        Ok((ConversionReport { by_source, by_campaign, by_segment }, lifecycles))
    })
}

/// Per campaign (by name): the members added in the period whom the filters keep, and their outcomes after.
pub(super) fn campaigns() -> String {
    format!(
        "WITH l AS (SELECT c.name AS key, c.id AS cid, {ORDERED_AFTER} AS cust, {WON_AFTER} AS won
                    FROM campaign_members m JOIN campaigns c ON c.id = m.campaign_id JOIN people p ON p.id = m.person_id
                    WHERE m.added_at >= ?1 AND m.added_at < ?2 AND {KEPT})
         SELECT key, cid, COUNT(*), SUM(cust OR won), SUM(won) FROM l GROUP BY cid ORDER BY key, cid"
    )
}

/// The filters' parameters `?1..?4`: the period in milliseconds, the owner, the scope flag.
type Params<'a> = (Millis, Millis, &'a Option<String>, bool);

/// The people with a won deal, from the covering index `deals_won_person`.
pub(super) const WON: &str = "SELECT person_id FROM deals INDEXED BY deals_won_person
    WHERE person_id IS NOT NULL AND deleted_at IS NULL AND status = 'won'";

/// Who became a customer by an order or a deal at any time: the people with a counted order that is not a
/// return (from the kept order months, as every order figure reads them; see `orders::scan`), and those
/// with a won deal. Read once per report instead of two lookups per lead, into bitmaps by id that stay in
/// the cache while a million leads are looked up.
struct Outcomes {
    bought: IdSet,
    won: IdSet,
}

impl Outcomes {
    fn read(conn: &Connection) -> AppResult<Outcomes> {
        let mut bought = IdSet::default();
        let every = Bounds { from: "0000-01-01", to: "9999-12-31", owner: None, scoped: false };
        scan(conn, &every, |o| {
            if let Some(person) = o.cust.filter(|c| *c > 0 && !o.ret) {
                bought.insert(person);
            }
        })?;
        let mut won = IdSet::default();
        let mut stmt = conn.prepare_cached(WON)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            won.insert(r.get(0)?);
        }
        Ok(Outcomes { bought, won })
    }

    /// Counts one lead: a customer by lifecycle, order or won deal; won by a won deal.
    fn count(&self, tally: &mut Tally, id: Id, lifecycle_customer: bool) {
        let won = self.won.contains(id);
        tally.leads += 1;
        tally.customers += i64::from(lifecycle_customer || won || self.bought.contains(id));
        tally.won += i64::from(won);
    }
}

/// One row's counts.
#[derive(Default)]
struct Tally {
    leads: i64,
    customers: i64,
    won: i64,
}

impl Tally {
    fn row(self, key: String, campaign_id: Option<Id>, segment_id: Option<Id>) -> ConversionRow {
        let rate = ratio(self.customers, self.leads);
        ConversionRow {
            key,
            campaign_id,
            segment_id,
            leads: self.leads,
            customers: self.customers,
            won: self.won,
            rate,
        }
    }
}

/// One row per trimmed source of the leads, most leads first, then by source, and the leads per lifecycle:
/// one pass over the index.
fn by_source(conn: &Connection, outcomes: &Outcomes, params: Params) -> AppResult<(Vec<ConversionRow>, Lifecycles)> {
    let mut stmt = conn.prepare_cached(&leads())?;
    let mut rows = stmt.query(params)?;
    // Keyed by the bytes as stored: a text is checked for UTF-8 once, when its key is new.
    let mut index: FastMap<Vec<u8>, usize> = FastMap::default();
    let mut tallies: Vec<(String, Tally)> = Vec::new();
    // A handful of lifecycles, and the leads come by lifecycle: the last one is looked at first.
    let mut lifecycles: Vec<(String, i64)> = Vec::new();
    let mut last = usize::MAX;
    while let Some(r) = rows.next()? {
        let lifecycle = bytes(r.get_ref(1)?);
        if lifecycles.get(last).is_none_or(|(l, _)| l.as_bytes() != lifecycle) {
            last = match lifecycles.iter().position(|(l, _)| l.as_bytes() == lifecycle) {
                Some(at) => at,
                None => {
                    lifecycles.push((text(lifecycle, 1)?, 0));
                    lifecycles.len() - 1
                }
            };
        }
        lifecycles[last].1 += 1;
        let customer = lifecycle == b"customer";
        // COALESCE(trim(source), ''), without a copy of the text per row.
        let key = trim_spaces(bytes(r.get_ref(2)?));
        let i = match index.get(key) {
            Some(i) => *i,
            None => {
                index.insert(key.to_vec(), tallies.len());
                tallies.push((text(key, 2)?, Tally::default()));
                tallies.len() - 1
            }
        };
        outcomes.count(&mut tallies[i].1, r.get(0)?, customer);
    }
    tallies.sort_by(|(ak, a), (bk, b)| b.leads.cmp(&a.leads).then_with(|| ak.cmp(bk)));
    let rows = tallies.into_iter().map(|(key, t)| t.row(key, None, None)).collect();
    Ok((rows, lifecycles.into_iter().collect()))
}

/// A text column's bytes, borrowed; NULL (or any other type) as empty.
fn bytes(v: ValueRef<'_>) -> &[u8] {
    match v {
        ValueRef::Text(t) => t,
        _ => &[],
    }
}

/// SQL's `trim`: spaces only, both ends.
fn trim_spaces(mut b: &[u8]) -> &[u8] {
    while let [b' ', rest @ ..] = b {
        b = rest;
    }
    while let [rest @ .., b' '] = b {
        b = rest;
    }
    b
}

/// Column `column`'s bytes as text, or the error SQLite's own conversion gives.
fn text(b: &[u8], column: usize) -> rusqlite::Result<String> {
    String::from_utf8(b.to_vec())
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(column, SqlType::Text, e.into()))
}

/// One row per segment: the leads (as by source) who are the segment's members now.
fn by_segment(conn: &Connection, outcomes: &Outcomes, params: Params, now: Millis) -> AppResult<Vec<ConversionRow>> {
    let listed: Vec<(Id, String)> = {
        let mut stmt =
            conn.prepare_cached("SELECT id, name FROM segments ORDER BY pinned DESC, name_key, id LIMIT ?1")?;
        let rows = stmt.query_map([MAX_SEGMENTS as i64], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    let (start, end, owner, scoped) = params;
    let mut out = Vec::with_capacity(listed.len());
    for (id, name) in listed {
        // The members' condition numbers its parameters after ?4 (anonymous ones follow the highest).
        let members = segments::members_condition(conn, id, now)?;
        let sql = format!(
            "SELECT p.id, p.lifecycle = 'customer' FROM people p
             WHERE p.created_at >= ?1 AND p.created_at < ?2 AND {KEPT} AND ({})",
            members.sql
        );
        let mut values: Vec<Value> = vec![start.into(), end.into(), owner.clone().into(), i64::from(scoped).into()];
        values.extend(members.params);
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(values))?;
        let mut tally = Tally::default();
        while let Some(r) = rows.next()? {
            outcomes.count(&mut tally, r.get(0)?, r.get(1)?);
        }
        out.push(tally.row(name, None, Some(id)));
    }
    Ok(out)
}

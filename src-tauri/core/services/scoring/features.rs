//! What a lead looks like to the scorer: every built-in attribute, its tags, its custom fields and counts
//! from its timeline, loaded for a range of ids with one query per table (so a full rescore reads each
//! table once, in id order).
//!
//! A closed (converted or lost) lead is seen as it was when last edited, normally its closing, so the model
//! does not learn from activity logged afterwards; an open lead is seen as of now. Activity counts and the
//! last touch leave notes out: a note records something, it does not reach the lead (and the scorer's own
//! "became hot" note must not raise the score it reports).

use std::collections::HashMap;

use rusqlite::Connection;

use super::pass::{Pass, Text};
use super::related;
use crate::domain::{CustomFieldKind, Id, LeadStatus, ScoreBand};
use crate::error::AppResult;
use crate::services::records::parse_enum;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(Text),
    Number(f64),
    /// Tags: several levels at once; never empty (no tags is a missing value).
    Set(Vec<Text>),
}

impl Value {
    pub fn display(&self) -> String {
        match self {
            Value::Text(s) => s.to_string(),
            Value::Number(n) => format!("{}", (n * 100.0).round() / 100.0),
            Value::Set(v) => v.join(", "),
        }
    }
}

/// Built-in attributes, in schema order; custom fields follow as `custom.<key>`.
pub const BUILT_IN: &[&str] = &[
    "source",
    "owner",
    "job_title",
    "city",
    "region",
    "country",
    "language",
    "preferred_channel",
    "company_industry",
    "company_size",
    "has_email",
    "has_phone",
    "tag",
    "activities_total",
    "activities_30d",
    "inbound_total",
    "days_since_touch",
];
pub(super) const HAS_EMAIL: usize = 10;
pub(super) const TAG: usize = 12;
pub(super) const ACTIVITIES: usize = 13;

/// The attribute names of this store (built-ins plus the person custom fields).
pub struct Schema {
    pub names: Vec<String>,
    pub(super) custom: HashMap<Id, (usize, CustomFieldKind)>,
}

impl Schema {
    pub fn load(conn: &Connection) -> AppResult<Schema> {
        let mut names: Vec<String> = BUILT_IN.iter().map(|s| s.to_string()).collect();
        let mut custom = HashMap::new();
        let mut stmt = conn.prepare_cached(
            "SELECT id, key, kind FROM custom_field_defs WHERE entity = 'person' ORDER BY position, id",
        )?;
        let defs = stmt.query_map([], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
        for def in defs {
            let (id, key, kind) = def?;
            custom.insert(id, (names.len(), parse_enum(&kind)?));
            names.push(format!("custom.{key}"));
        }
        Ok(Schema { names, custom })
    }

    #[cfg(test)]
    pub fn from_names(names: &[&str]) -> Schema {
        Schema { names: names.iter().map(|s| s.to_string()).collect(), custom: HashMap::new() }
    }

    pub fn index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }
}

#[derive(Debug, Clone)]
pub struct Lead {
    pub id: Id,
    /// For training, the outcome (see `load_range`).
    pub status: LeadStatus,
    pub created_at: i64,
    pub score: Option<i32>,
    pub band: Option<ScoreBand>,
    pub days_since_touch: f64,
    /// One slot per schema attribute; None is a missing value.
    pub values: Vec<Option<Value>>,
}

impl Lead {
    pub fn converted(&self) -> Option<bool> {
        match self.status {
            LeadStatus::Converted => Some(true),
            LeadStatus::Lost => Some(false),
            LeadStatus::Open => None,
        }
    }
}

/// The moment a lead is looked at (see the module comment), as SQL over `people p` and `?3` = now.
const AS_OF: &str = "CASE WHEN p.lead_status IN ('converted', 'lost') THEN MIN(p.updated_at, ?3) ELSE ?3 END";

/// For training: each person's live deals in the range, summed up (won, lost and still open).
const DEALS: &str = "(SELECT person_id, MAX(status = 'won') AS won, SUM(status = 'lost') AS lost,
                             SUM(status = 'open') AS open, MAX(closed_at) AS closed_at
                      FROM deals WHERE deleted_at IS NULL AND person_id BETWEEN ?1 AND ?2 GROUP BY person_id)";
/// Whether the outcome comes from the person's deals: a won deal makes a person converted whatever the
/// lead status says; deals that were all lost make a person without a closed lead status lost.
const BY_DEAL: &str = "(COALESCE(d.won, 0) OR (p.lead_status IS NOT 'converted' AND p.lead_status IS NOT 'lost'
                       AND d.lost > 0 AND d.open = 0))";

/// Live leads with ids in `lo..=hi`, in id order. With `closed_only`, the people with a known outcome
/// instead (converted or lost leads, and people whose deals were won or lost, see `BY_DEAL`), each with that
/// outcome as its status and seen as of its closing. Without it, people in the range who are no longer
/// leads but still have a score are added to `pass.stale` (the same scan finds them).
pub fn load_range(
    conn: &Connection,
    schema: &Schema,
    pass: &mut Pass,
    (lo, hi): (Id, Id),
    now: i64,
    closed_only: bool,
) -> AppResult<Vec<Lead>> {
    let (status, as_of, deals, filter) = if closed_only {
        (
            format!("CASE WHEN d.won THEN 'converted' WHEN {BY_DEAL} THEN 'lost' ELSE p.lead_status END"),
            format!("CASE WHEN {BY_DEAL} THEN MIN(COALESCE(d.closed_at, p.updated_at), ?3) ELSE {AS_OF} END"),
            format!("LEFT JOIN {DEALS} d ON d.person_id = p.id"),
            format!("p.deleted_at IS NULL AND (p.lead_status IN ('converted', 'lost') OR {BY_DEAL})"),
        )
    } else {
        let filter =
            "((p.deleted_at IS NULL AND p.lead_status IS NOT NULL) OR (p.lead_status IS NULL AND p.score IS NOT NULL))";
        ("p.lead_status".into(), AS_OF.into(), String::new(), filter.into())
    };
    // Only the columns the scorer reads; a lead's company is found in `pass`, not joined per lead.
    let sql = format!(
        "SELECT p.id, {status}, p.created_at, p.score, p.score_band, {as_of}, p.company_id, p.source, p.owner,
                p.job_title, p.city, p.region, p.country, p.language, p.preferred_channel
         FROM people p {deals}
         WHERE p.id BETWEEN ?1 AND ?2 AND {filter}
         ORDER BY p.id"
    );
    let width = schema.names.len();
    let mut leads = Vec::new();
    let mut as_of = Vec::new();
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(rusqlite::params![lo, hi, now])?;
    while let Some(r) = rows.next()? {
        let Some(status) = r.get_ref(1)?.as_str_or_null().map_err(rusqlite::Error::from)? else {
            pass.stale.push(r.get(0)?);
            continue;
        };
        let status = match status {
            "open" => LeadStatus::Open,
            "converted" => LeadStatus::Converted,
            "lost" => LeadStatus::Lost,
            other => parse_enum(other)?,
        };
        let band = match r.get_ref(4)?.as_str_or_null().map_err(rusqlite::Error::from)? {
            None => None,
            Some("hot") => Some(ScoreBand::Hot),
            Some("warm") => Some(ScoreBand::Warm),
            Some("cold") => Some(ScoreBand::Cold),
            Some(other) => Some(parse_enum(other)?),
        };
        let mut values = vec![None; width];
        for (slot, col) in (0..8).zip(7..) {
            values[slot] = pass.text_at(r, col)?.map(Value::Text);
        }
        let [industry, size] = pass.company(conn, r.get(6)?)?;
        (values[8], values[9]) = (industry.map(Value::Text), size.map(Value::Text));
        as_of.push(r.get::<_, i64>(5)?);
        leads.push(Lead {
            id: r.get(0)?,
            status,
            created_at: r.get(2)?,
            score: r.get(3)?,
            band,
            days_since_touch: 0.0,
            values,
        });
    }
    drop(rows);
    drop(stmt);
    // The other tables are read only between the first and last lead found (closed leads are usually the
    // older ones, so a training read skips the open leads' custom values and activities).
    if leads.is_empty() {
        return Ok(leads);
    }
    let part = related::Part::new(&leads, as_of);
    related::add_contacts(conn, pass, &part, &mut leads)?;
    related::add_activity_counts(conn, &part, &mut leads)?;
    related::add_tags(conn, pass, &part, &mut leads)?;
    related::add_custom(conn, schema, pass, &part, &mut leads)?;
    Ok(leads)
}

/// The smallest and largest lead id, for walking the table in ranges.
pub fn id_bounds(conn: &Connection) -> AppResult<Option<(Id, Id)>> {
    let (lo, hi): (Option<Id>, Option<Id>) =
        conn.prepare_cached("SELECT MIN(id), MAX(id) FROM people")?.query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(lo.zip(hi))
}

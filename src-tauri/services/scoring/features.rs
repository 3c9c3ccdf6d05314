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

use crate::domain::{CustomFieldKind, Id};
use crate::error::AppResult;
use crate::services::records::parse_enum;

const DAY_MS: f64 = 86_400_000.0;
const RECENT_MS: i64 = 30 * 86_400_000;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    /// Tags: several levels at once; never empty (no tags is a missing value).
    Set(Vec<String>),
}

impl Value {
    pub fn display(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Number(n) => format!("{}", (n * 100.0).round() / 100.0),
            Value::Set(v) => v.join(", "),
        }
    }
}

/// Built-in attributes, in schema order; custom fields follow as `custom.<key>`.
const BUILT_IN: &[&str] = &[
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
const TAG: usize = 12;
const ACTIVITIES: usize = 13;

/// The attribute names of this store (built-ins plus the person custom fields).
pub struct Schema {
    pub names: Vec<String>,
    custom: HashMap<Id, (usize, CustomFieldKind)>,
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
    pub name: String,
    pub owner: Option<String>,
    /// "open", "converted" or "lost".
    pub status: String,
    pub created_at: i64,
    pub score: Option<i32>,
    pub band: Option<String>,
    pub days_since_touch: f64,
    /// One slot per schema attribute; None is a missing value.
    pub values: Vec<Option<Value>>,
}

impl Lead {
    pub fn converted(&self) -> Option<bool> {
        match self.status.as_str() {
            "converted" => Some(true),
            "lost" => Some(false),
            _ => None,
        }
    }
}

/// The moment a lead is looked at (see the module comment), as SQL over `people p` and `?3` = now.
const AS_OF: &str = "CASE WHEN p.lead_status IN ('converted', 'lost') THEN MIN(p.updated_at, ?3) ELSE ?3 END";

/// Live leads with ids in `lo..=hi`, in id order; with `closed_only`, just the converted and lost ones.
pub fn load_range(
    conn: &Connection,
    schema: &Schema,
    (lo, hi): (Id, Id),
    now: i64,
    closed_only: bool,
) -> AppResult<Vec<Lead>> {
    let status_filter = if closed_only { "IN ('converted', 'lost')" } else { "IS NOT NULL" };
    let sql = format!(
        "SELECT p.id, trim(p.first_name || ' ' || p.last_name), p.owner, p.lead_status, p.created_at, p.score,
                p.score_band, {AS_OF}, p.source, p.owner, p.job_title, p.city, p.region, p.country, p.language,
                p.preferred_channel, c.industry, c.size,
                EXISTS (SELECT 1 FROM person_emails e WHERE e.person_id = p.id),
                EXISTS (SELECT 1 FROM person_phones f WHERE f.person_id = p.id)
         FROM people p LEFT JOIN companies c ON c.id = p.company_id AND c.deleted_at IS NULL
         WHERE p.id BETWEEN ?1 AND ?2 AND p.deleted_at IS NULL AND p.lead_status {status_filter}
         ORDER BY p.id"
    );
    let width = schema.names.len();
    let mut leads = Vec::new();
    let mut as_of = Vec::new();
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(rusqlite::params![lo, hi, now])?;
    while let Some(r) = rows.next()? {
        let mut values = vec![None; width];
        for (slot, col) in (0..8).zip(8..) {
            values[slot] = r.get::<_, Option<String>>(col)?.filter(|s| !s.is_empty()).map(Value::Text);
        }
        for slot in [8, 9] {
            values[slot] = r.get::<_, Option<String>>(slot + 8)?.filter(|s| !s.is_empty()).map(Value::Text);
        }
        values[10] = Some(Value::Text(r.get::<_, bool>(18)?.to_string()));
        values[11] = Some(Value::Text(r.get::<_, bool>(19)?.to_string()));
        let created_at: i64 = r.get(4)?;
        as_of.push(r.get::<_, i64>(7)?);
        leads.push(Lead {
            id: r.get(0)?,
            name: r.get(1)?,
            owner: r.get(2)?,
            status: r.get(3)?,
            created_at,
            score: r.get(5)?,
            band: r.get(6)?,
            days_since_touch: 0.0,
            values,
        });
    }
    // The other tables are read only between the first and last lead found (closed leads are usually the
    // older ones, so a training read skips the open leads' custom values and activities).
    let (Some(first), Some(last)) = (leads.first().map(|l| l.id), leads.last().map(|l| l.id)) else {
        return Ok(leads);
    };
    let pos: HashMap<Id, usize> = leads.iter().enumerate().map(|(i, l)| (l.id, i)).collect();
    add_activity_counts(conn, (first, last), now, &pos, &mut leads, &as_of)?;
    add_tags(conn, (first, last), &pos, &mut leads)?;
    add_custom(conn, schema, (first, last), &pos, &mut leads, &as_of)?;
    Ok(leads)
}

fn add_activity_counts(
    conn: &Connection,
    (lo, hi): (Id, Id),
    now: i64,
    pos: &HashMap<Id, usize>,
    leads: &mut [Lead],
    as_of: &[i64],
) -> AppResult<()> {
    let sql = format!(
        "SELECT a.person_id, COUNT(*), SUM(a.occurred_at > ({AS_OF}) - ?4), SUM(a.direction IS 'inbound'),
                MAX(a.occurred_at)
         FROM activities a JOIN people p ON p.id = a.person_id
         WHERE a.person_id BETWEEN ?1 AND ?2 AND a.deleted_at IS NULL AND a.kind <> 'note'
               AND a.occurred_at <= ({AS_OF})
         GROUP BY a.person_id"
    );
    let mut last_touch: Vec<i64> = leads.iter().map(|l| l.created_at).collect();
    let mut counts = vec![(0i64, 0i64, 0i64); leads.len()];
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(rusqlite::params![lo, hi, now, RECENT_MS])?;
    while let Some(r) = rows.next()? {
        if let Some(&i) = pos.get(&r.get::<_, Id>(0)?) {
            counts[i] = (r.get(1)?, r.get(2)?, r.get(3)?);
            last_touch[i] = last_touch[i].max(r.get(4)?);
        }
    }
    for (i, lead) in leads.iter_mut().enumerate() {
        let (total, recent, inbound) = counts[i];
        lead.days_since_touch = ((as_of[i] - last_touch[i]) as f64 / DAY_MS).max(0.0);
        lead.values[ACTIVITIES] = Some(Value::Number(total as f64));
        lead.values[ACTIVITIES + 1] = Some(Value::Number(recent as f64));
        lead.values[ACTIVITIES + 2] = Some(Value::Number(inbound as f64));
        lead.values[ACTIVITIES + 3] = Some(Value::Number(lead.days_since_touch.floor()));
    }
    Ok(())
}

fn add_tags(conn: &Connection, (lo, hi): (Id, Id), pos: &HashMap<Id, usize>, leads: &mut [Lead]) -> AppResult<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT g.record_id, t.name FROM taggings g JOIN tags t ON t.id = g.tag_id
         WHERE g.entity = 'person' AND g.record_id BETWEEN ?1 AND ?2",
    )?;
    let mut rows = stmt.query([lo, hi])?;
    while let Some(r) = rows.next()? {
        if let Some(&i) = pos.get(&r.get::<_, Id>(0)?) {
            let tag: String = r.get(1)?;
            match &mut leads[i].values[TAG] {
                Some(Value::Set(tags)) => tags.push(tag),
                slot => *slot = Some(Value::Set(vec![tag])),
            }
        }
    }
    Ok(())
}

fn add_custom(
    conn: &Connection,
    schema: &Schema,
    (lo, hi): (Id, Id),
    pos: &HashMap<Id, usize>,
    leads: &mut [Lead],
    as_of: &[i64],
) -> AppResult<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT record_id, def_id, value FROM custom_values WHERE entity = 'person' AND record_id BETWEEN ?1 AND ?2",
    )?;
    let mut rows = stmt.query([lo, hi])?;
    while let Some(r) = rows.next()? {
        let (Some(&i), Some(&(slot, kind))) = (pos.get(&r.get::<_, Id>(0)?), schema.custom.get(&r.get::<_, Id>(1)?))
        else {
            continue;
        };
        let raw = r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
        leads[i].values[slot] = custom_value(kind, scalar(raw)?, as_of[i]);
    }
    Ok(())
}

/// A stored value (JSON text) read without building a JSON tree for the common shapes: a full rescore reads
/// one per lead and custom field.
fn scalar(raw: &str) -> AppResult<serde_json::Value> {
    let plain = raw.len() >= 2 && raw.starts_with('"') && raw.ends_with('"') && !raw.contains('\\');
    Ok(match raw {
        "true" => serde_json::Value::Bool(true),
        "false" => serde_json::Value::Bool(false),
        _ if plain => serde_json::Value::String(raw[1..raw.len() - 1].to_string()),
        _ => match (raw.parse::<i64>(), raw.parse::<f64>().ok().and_then(serde_json::Number::from_f64)) {
            (Ok(i), _) => serde_json::Value::Number(i.into()),
            (_, Some(n)) => serde_json::Value::Number(n),
            _ => serde_json::from_str(raw)?,
        },
    })
}

/// Numbers stay numbers; a date becomes its age in days at the lead's moment; the rest are levels.
fn custom_value(kind: CustomFieldKind, json: serde_json::Value, as_of: i64) -> Option<Value> {
    match (kind, json) {
        (CustomFieldKind::Number, serde_json::Value::Number(n)) => n.as_f64().map(Value::Number),
        (CustomFieldKind::Date, serde_json::Value::String(s)) => {
            let day = chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()?;
            let ms = day.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis();
            Some(Value::Number(((as_of - ms) as f64 / DAY_MS).floor()))
        }
        (_, serde_json::Value::Bool(b)) => Some(Value::Text(b.to_string())),
        (_, serde_json::Value::String(s)) if !s.trim().is_empty() => Some(Value::Text(s)),
        (_, serde_json::Value::Number(n)) => Some(Value::Text(n.to_string())),
        _ => None,
    }
}

/// The smallest and largest lead id, for walking the table in ranges.
pub fn id_bounds(conn: &Connection) -> AppResult<Option<(Id, Id)>> {
    let (lo, hi): (Option<Id>, Option<Id>) =
        conn.prepare_cached("SELECT MIN(id), MAX(id) FROM people")?.query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(lo.zip(hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_values_read_like_json() {
        for raw in ["true", "false", "\"saas\"", "12.5", "-3", "\"say \\\"hi\\\"\"", "null"] {
            let json: serde_json::Value = serde_json::from_str(raw).unwrap();
            for kind in [CustomFieldKind::Number, CustomFieldKind::Text] {
                assert_eq!(custom_value(kind, scalar(raw).unwrap(), 0), custom_value(kind, json.clone(), 0), "{raw}");
            }
        }
    }
}

//! The parts of a lead kept in other tables (e-mail and phone presence, timeline counts, tags, custom
//! values), read for a whole range of leads with one scan per table and merged in by id. No per-lead query
//! and no join back to `people`: the moment a lead is seen as of (see `features`) is already known here.

use rusqlite::Connection;

use super::features::{Lead, Schema, Value, ACTIVITIES, HAS_EMAIL, TAG};
use super::pass::Pass;
use crate::domain::{CustomFieldKind, Id};
use crate::error::AppResult;

const DAY_MS: f64 = 86_400_000.0;
const RECENT_MS: i64 = 30 * 86_400_000;

/// The leads of one range: their ids (ascending, for the lookups) and the instant each is seen as of.
pub struct Part {
    ids: Vec<Id>,
    as_of: Vec<i64>,
}

impl Part {
    pub fn new(leads: &[Lead], as_of: Vec<i64>) -> Part {
        Part { ids: leads.iter().map(|l| l.id).collect(), as_of }
    }

    /// Rows of other tables are read between the first and the last lead (inclusive).
    fn bounds(&self) -> [Id; 2] {
        [self.ids[0], self.ids[self.ids.len() - 1]]
    }

    fn cursor(&self) -> Cursor<'_> {
        Cursor { ids: &self.ids, at: 0 }
    }
}

/// Finds leads by id for the rows of one scan. Each scan walks an index that starts with the person's id,
/// so the next row's lead is at or after the last one's: a step, not a search (a search if not).
struct Cursor<'a> {
    ids: &'a [Id],
    /// Every id before it is smaller than the last id looked up.
    at: usize,
}

impl Cursor<'_> {
    fn find(&mut self, id: Id) -> Option<usize> {
        if self.at > 0 && self.ids[self.at - 1] >= id {
            return self.ids.binary_search(&id).ok();
        }
        while self.ids.get(self.at).is_some_and(|&x| x < id) {
            self.at += 1;
        }
        (self.ids.get(self.at) == Some(&id)).then_some(self.at)
    }
}

pub fn add_contacts(conn: &Connection, pass: &mut Pass, part: &Part, leads: &mut [Lead]) -> AppResult<()> {
    let (yes, no) = (pass.text("true"), pass.text("false"));
    for (slot, table) in [(HAS_EMAIL, "person_emails"), (HAS_EMAIL + 1, "person_phones")] {
        let mut has = vec![false; leads.len()];
        // The primary key starts with person_id: this walks it in order, without touching the values.
        let sql = format!("SELECT DISTINCT person_id FROM {table} WHERE person_id BETWEEN ?1 AND ?2");
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(part.bounds())?;
        let mut at = part.cursor();
        while let Some(r) = rows.next()? {
            if let Some(i) = at.find(r.get(0)?) {
                has[i] = true;
            }
        }
        for (lead, has) in leads.iter_mut().zip(has) {
            lead.values[slot] = Some(Value::Text(if has { yes.clone() } else { no.clone() }));
        }
    }
    Ok(())
}

/// Activities (notes left out) up to each lead's moment: how many, how many in the 30 days before it,
/// how many inbound, and the last one. Reads only the `activities_scoring` index.
pub fn add_activity_counts(conn: &Connection, part: &Part, leads: &mut [Lead]) -> AppResult<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT person_id, occurred_at, direction IS 'inbound' FROM activities INDEXED BY activities_scoring
         WHERE person_id BETWEEN ?1 AND ?2 AND deleted_at IS NULL AND kind <> 'note'",
    )?;
    let mut last_touch: Vec<i64> = leads.iter().map(|l| l.created_at).collect();
    let mut counts = vec![(0u32, 0u32, 0u32); leads.len()];
    let mut rows = stmt.query(part.bounds())?;
    let mut cursor = part.cursor();
    while let Some(r) = rows.next()? {
        let Some(i) = cursor.find(r.get(0)?) else { continue };
        let (at, inbound): (i64, bool) = (r.get(1)?, r.get(2)?);
        let as_of = part.as_of[i];
        if at > as_of {
            continue;
        }
        let c = &mut counts[i];
        c.0 += 1;
        c.1 += u32::from(at > as_of - RECENT_MS);
        c.2 += u32::from(inbound);
        last_touch[i] = last_touch[i].max(at);
    }
    for (i, lead) in leads.iter_mut().enumerate() {
        let (total, recent, inbound) = counts[i];
        lead.days_since_touch = ((part.as_of[i] - last_touch[i]) as f64 / DAY_MS).max(0.0);
        lead.values[ACTIVITIES] = Some(Value::Number(total.into()));
        lead.values[ACTIVITIES + 1] = Some(Value::Number(recent.into()));
        lead.values[ACTIVITIES + 2] = Some(Value::Number(inbound.into()));
        lead.values[ACTIVITIES + 3] = Some(Value::Number(lead.days_since_touch.floor()));
    }
    Ok(())
}

/// Tag names come from `pass` (a handful of tags, a million taggings: no join per row).
pub fn add_tags(conn: &Connection, pass: &mut Pass, part: &Part, leads: &mut [Lead]) -> AppResult<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT record_id, tag_id FROM taggings WHERE entity = 'person' AND record_id BETWEEN ?1 AND ?2",
    )?;
    let mut rows = stmt.query(part.bounds())?;
    let mut at = part.cursor();
    while let Some(r) = rows.next()? {
        let Some(i) = at.find(r.get(0)?) else { continue };
        let Some(tag) = pass.tag(conn, r.get(1)?)? else { continue };
        match &mut leads[i].values[TAG] {
            Some(Value::Set(tags)) => tags.push(tag),
            slot => *slot = Some(Value::Set(vec![tag])),
        }
    }
    Ok(())
}

pub fn add_custom(
    conn: &Connection,
    schema: &Schema,
    pass: &mut Pass,
    part: &Part,
    leads: &mut [Lead],
) -> AppResult<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT record_id, def_id, value FROM custom_values WHERE entity = 'person' AND record_id BETWEEN ?1 AND ?2",
    )?;
    let mut rows = stmt.query(part.bounds())?;
    let mut at = part.cursor();
    while let Some(r) = rows.next()? {
        let (Some(i), Some(&(slot, kind))) = (at.find(r.get(0)?), schema.custom.get(&r.get::<_, Id>(1)?)) else {
            continue;
        };
        let raw = r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
        leads[i].values[slot] = custom_value(pass, kind, raw, part.as_of[i])?;
    }
    Ok(())
}

/// A stored value (JSON text) read without building a JSON tree for the common shapes: a full rescore reads
/// one per lead and custom field.
fn scalar(raw: &str) -> AppResult<serde_json::Value> {
    Ok(match raw {
        "true" => serde_json::Value::Bool(true),
        "false" => serde_json::Value::Bool(false),
        _ if plain(raw).is_some() => serde_json::Value::String(raw[1..raw.len() - 1].to_string()),
        _ => match (raw.parse::<i64>(), raw.parse::<f64>().ok().and_then(serde_json::Number::from_f64)) {
            (Ok(i), _) => serde_json::Value::Number(i.into()),
            (_, Some(n)) => serde_json::Value::Number(n),
            _ => serde_json::from_str(raw)?,
        },
    })
}

/// A stored value as the scorer sees it. A plain string (the usual choice or text) becomes a level
/// straight from the stored text, without an allocation.
fn custom_value(pass: &mut Pass, kind: CustomFieldKind, raw: &str, as_of: i64) -> AppResult<Option<Value>> {
    if let (Some(s), false) = (plain(raw), kind == CustomFieldKind::Date) {
        return Ok((!s.trim().is_empty()).then(|| Value::Text(pass.text(s))));
    }
    Ok(from_json(pass, kind, scalar(raw)?, as_of))
}

/// The text of a JSON string without escapes.
fn plain(raw: &str) -> Option<&str> {
    let plain = raw.len() >= 2 && raw.starts_with('"') && raw.ends_with('"') && !raw.contains('\\');
    plain.then(|| &raw[1..raw.len() - 1])
}

/// Numbers stay numbers; a date becomes its age in days at the lead's moment; the rest are levels.
fn from_json(pass: &mut Pass, kind: CustomFieldKind, json: serde_json::Value, as_of: i64) -> Option<Value> {
    match (kind, json) {
        (CustomFieldKind::Number, serde_json::Value::Number(n)) => n.as_f64().map(Value::Number),
        (CustomFieldKind::Date, serde_json::Value::String(s)) => {
            let day = chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()?;
            let ms = day.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis();
            Some(Value::Number(((as_of - ms) as f64 / DAY_MS).floor()))
        }
        (_, serde_json::Value::Bool(b)) => Some(Value::Text(pass.text(if b { "true" } else { "false" }))),
        (_, serde_json::Value::String(s)) if !s.trim().is_empty() => Some(Value::Text(pass.text(&s))),
        (_, serde_json::Value::Number(n)) => Some(Value::Text(pass.text(&n.to_string()))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_steps_forward_and_searches_backward() {
        let ids = [3, 5, 9, 12];
        let mut at = Cursor { ids: &ids, at: 0 };
        let found: Vec<Option<usize>> = [1, 3, 3, 4, 9, 9, 5, 12, 13, 3].iter().map(|&id| at.find(id)).collect();
        assert_eq!(found, [None, Some(0), Some(0), None, Some(2), Some(2), Some(1), Some(3), None, Some(0)]);
    }

    #[test]
    fn stored_values_read_like_json() {
        let pass = &mut Pass::few();
        let day = 86_400_000;
        for raw in ["true", "false", "\"saas\"", "12.5", "-3", "\"say \\\"hi\\\"\"", "null", "\" \"", "\"1970-01-03\""]
        {
            let json: serde_json::Value = serde_json::from_str(raw).unwrap();
            for kind in [CustomFieldKind::Number, CustomFieldKind::Text, CustomFieldKind::Choice, CustomFieldKind::Date]
            {
                let fast = custom_value(pass, kind, raw, 5 * day).unwrap();
                assert_eq!(fast, from_json(pass, kind, json.clone(), 5 * day), "{raw} as {kind:?}");
            }
        }
    }
}

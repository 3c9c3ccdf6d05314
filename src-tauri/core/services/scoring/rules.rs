//! User scoring rules: stored conditions on any lead attribute that add or remove score points.

use rusqlite::{Connection, Row};

use super::features::{Lead, Schema, Value};
use crate::domain::{Id, RuleOp, ScoringRule, ScoringRuleInput};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::records::{enum_str, parse_enum};
use crate::services::validate::{self as v, NAME_MAX, SHORT_MAX};

/// A rule adds or removes at most this many points.
pub const MAX_POINTS: i64 = 100;

/// A rule ready to test leads against: the attribute resolved to a schema slot, numbers parsed once.
pub struct Compiled {
    pub rule: ScoringRule,
    slot: Option<usize>,
    number: Option<f64>,
    lower: Option<String>,
}

impl Compiled {
    pub fn new(rule: ScoringRule, schema: &Schema) -> Compiled {
        let slot = schema.index(&rule.attribute);
        let number = rule.value.as_deref().and_then(parse_number);
        let lower = rule.value.as_deref().map(|s| s.trim().to_lowercase());
        Compiled { rule, slot, number, lower }
    }

    pub fn matches(&self, lead: &Lead) -> bool {
        let value = self.slot.and_then(|s| lead.values[s].as_ref());
        let want = self.lower.as_deref().unwrap_or("");
        let texts = |f: &dyn Fn(&str) -> bool| match value {
            Some(Value::Text(s)) => f(&s.to_lowercase()),
            Some(Value::Set(tags)) => tags.iter().any(|t| f(&t.to_lowercase())),
            Some(Value::Number(_)) | None => false,
        };
        // Equality is checked for every lead on every rescore: ASCII text needs no lower-cased copy.
        let same = |s: &str| if s.is_ascii() { s.eq_ignore_ascii_case(want) } else { s.to_lowercase() == want };
        let equal = || match value {
            Some(Value::Number(n)) => self.number == Some(*n),
            Some(Value::Text(s)) => same(s),
            Some(Value::Set(tags)) => tags.iter().any(|t| same(t)),
            None => false,
        };
        let compare = |f: fn(f64, f64) -> bool| match (value, self.number) {
            (Some(Value::Number(n)), Some(x)) => f(*n, x),
            _ => false,
        };
        match self.rule.op {
            RuleOp::IsSet => value.is_some(),
            RuleOp::IsEmpty => value.is_none(),
            RuleOp::Eq => equal(),
            RuleOp::Ne => !equal(),
            RuleOp::Contains => texts(&|s| s.contains(want)),
            RuleOp::Gt => compare(|a, b| a > b),
            RuleOp::Gte => compare(|a, b| a >= b),
            RuleOp::Lt => compare(|a, b| a < b),
            RuleOp::Lte => compare(|a, b| a <= b),
        }
    }
}

fn parse_number(s: &str) -> Option<f64> {
    s.trim().replace(',', ".").parse::<f64>().ok().filter(|n| n.is_finite())
}

const COLUMNS: &str = "id, name, attribute, op, value, points, enabled";

fn from_row(r: &Row) -> rusqlite::Result<ScoringRule> {
    Ok(ScoringRule {
        id: r.get(0)?,
        name: r.get(1)?,
        attribute: r.get(2)?,
        op: parse_enum(&r.get::<_, String>(3)?)?,
        value: r.get(4)?,
        points: r.get(5)?,
        enabled: r.get(6)?,
        match_count: 0,
    })
}

/// Every rule, oldest first (match counts left at 0; the service fills them in).
pub fn load_all(conn: &Connection) -> AppResult<Vec<ScoringRule>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM scoring_rules ORDER BY id"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Validates and writes a rule (insert when `id` is None) and returns its id.
pub fn save(tx: &Connection, schema: &Schema, id: Option<Id>, input: &ScoringRuleInput, now: i64) -> AppResult<Id> {
    let attribute = v::required("attribute", &input.attribute, SHORT_MAX)?;
    if schema.index(&attribute).is_none() {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "attribute",
            format!("unknown attribute \"{attribute}\"; one of: {}", schema.names.join(", ")),
        ));
    }
    let op = input.op.unwrap_or(RuleOp::Eq);
    let value = v::optional("value", input.value.as_deref(), SHORT_MAX)?;
    match (op, value.as_deref()) {
        (RuleOp::IsSet | RuleOp::IsEmpty, _) => {}
        (_, None) => return Err(AppError::field(ErrorCode::Required, "value", "this condition needs a value")),
        (RuleOp::Gt | RuleOp::Gte | RuleOp::Lt | RuleOp::Lte, Some(s)) if parse_number(s).is_none() => {
            return Err(AppError::field(ErrorCode::InvalidValue, "value", "this comparison needs a number"))
        }
        _ => {}
    }
    v::range("points", input.points.into(), -MAX_POINTS, MAX_POINTS)?;
    if input.points == 0 {
        return Err(AppError::field(ErrorCode::OutOfRange, "points", "a rule must add or remove some points"));
    }
    let name = match v::text("name", &input.name, NAME_MAX)? {
        n if n.is_empty() => format!("{attribute} {} {}", enum_str(&op), value.as_deref().unwrap_or("")).trim().into(),
        n => n,
    };
    let params =
        rusqlite::params![name, attribute, enum_str(&op), value, input.points, input.enabled.unwrap_or(true), now, id];
    match id {
        Some(id) => {
            let n = tx
                .prepare_cached(
                    "UPDATE scoring_rules SET name = ?1, attribute = ?2, op = ?3, value = ?4, points = ?5,
                     enabled = ?6, updated_at = ?7 WHERE id = ?8",
                )?
                .execute(params)?;
            if n == 0 {
                return Err(AppError::not_found("scoring rule", id));
            }
            Ok(id)
        }
        None => Ok(tx
            .prepare_cached(
                "INSERT INTO scoring_rules (id, name, attribute, op, value, points, enabled, created_at, updated_at)
                 VALUES (?8, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) RETURNING id",
            )?
            .query_row(params, |r| r.get(0))?),
    }
}

pub fn remove(tx: &Connection, id: Id) -> AppResult<()> {
    if tx.prepare_cached("DELETE FROM scoring_rules WHERE id = ?1")?.execute([id])? == 0 {
        return Err(AppError::not_found("scoring rule", id));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(attribute: &str, op: RuleOp, value: Option<&str>) -> ScoringRule {
        let (name, value) = (String::new(), value.map(str::to_string));
        ScoringRule { id: 1, name, attribute: attribute.into(), op, value, points: 5, enabled: true, match_count: 0 }
    }

    #[test]
    fn conditions_compare_text_without_case_tags_by_membership_and_numbers_as_numbers() {
        let schema = Schema::from_names(&["source", "tag", "activities_30d", "owner"]);
        let values = vec![
            Some(Value::Text("Referral".into())),
            Some(Value::Set(vec!["VIP".into(), "fair".into()])),
            Some(Value::Number(3.0)),
            None,
        ];
        let lead = Lead {
            id: 1,
            status: crate::domain::LeadStatus::Open,
            created_at: 0,
            score: None,
            band: None,
            days_since_touch: 0.0,
            values,
        };
        let check = |attribute, op, value| Compiled::new(rule(attribute, op, value), &schema).matches(&lead);
        assert!(check("source", RuleOp::Eq, Some("referral")));
        assert!(check("source", RuleOp::Contains, Some("FER")));
        assert!(check("tag", RuleOp::Eq, Some("vip")) && !check("tag", RuleOp::Eq, Some("vi")));
        assert!(check("activities_30d", RuleOp::Gte, Some("3")) && !check("activities_30d", RuleOp::Gt, Some("3")));
        assert!(check("activities_30d", RuleOp::Eq, Some("3,0")) && check("activities_30d", RuleOp::Lt, Some("3.5")));
        assert!(check("owner", RuleOp::IsEmpty, None) && !check("owner", RuleOp::IsSet, None));
        assert!(check("owner", RuleOp::Ne, Some("sam")) && !check("owner", RuleOp::Gt, Some("0")));
        // A rule on a field that no longer exists matches nothing.
        assert!(!check("custom.gone", RuleOp::Eq, Some("x")));
    }
}

//! Compiles a filter tree to one SQL condition over `people p`, with every value bound as a parameter. The
//! only SQL text is this file's; field names select fixed expressions from the catalogue. A condition may
//! give NULL where its value is missing: that only matters under `not`, which treats it as false.

use chrono::{DateTime, Duration, NaiveDate};
use rusqlite::types::Value;
use rusqlite::Connection;

use super::catalogue::{self, Source};
use super::likely::Likely;
use super::sources;
use crate::clock::Millis;
use crate::domain::money::{exponent, minor_digits, parse_amount};
use crate::domain::{Condition, FieldKind, Filter, FilterOp, FilterValue};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::campaigns::responses as campaigns;
use crate::services::tasks::escape_like;

/// Deeper trees and more conditions are refused: nobody edits such a filter, and SQLite has limits.
pub const MAX_DEPTH: usize = 16;
pub const MAX_CONDITIONS: usize = 200;
const DAY_MS: i64 = 86_400_000;
const MAX_DAYS: f64 = 36_600.0;

/// A SQL condition over `people p` and its parameters, in order.
#[derive(Debug, Clone, Default)]
pub struct Compiled {
    pub sql: String,
    pub params: Vec<Value>,
}

/// What the condition is for, which decides how SQLite should drive the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// Counting every match: a tag condition drives the loop from the tag's index.
    Count,
    /// A page in the list's order: the sort index drives the loop and stops at the page's end; tags and
    /// columns are only tested (driving from a common tag or lifecycle would read and sort all its people
    /// for one page; a very rare value makes the walk long instead).
    Page,
}

struct Cx<'a> {
    conn: &'a Connection,
    now: Millis,
    usage: Use,
    conditions: usize,
    likely: Likely,
    out: Compiled,
}

/// Checks `filter` against the catalogue and compiles it; a bad part is refused with its path in the tree
/// (`all[1].any[0]`) as the error's field.
pub fn compile(conn: &Connection, filter: &Filter, now: Millis, usage: Use) -> AppResult<Compiled> {
    let mut cx = Cx { conn, now, usage, conditions: 0, likely: Likely::default(), out: Compiled::default() };
    node(&mut cx, filter, "", 0)?;
    Ok(cx.out)
}

fn child(path: &str, part: &str) -> String {
    if path.is_empty() {
        part.to_string()
    } else {
        format!("{path}.{part}")
    }
}

pub(super) fn bad(path: &str, message: String) -> AppError {
    let field = if path.is_empty() { "filter" } else { path };
    AppError::field(ErrorCode::InvalidValue, field, format!("{field}: {message}"))
}

fn node(cx: &mut Cx, filter: &Filter, path: &str, depth: usize) -> AppResult<()> {
    if depth > MAX_DEPTH {
        return Err(bad(path, format!("the filter nests deeper than {MAX_DEPTH} levels")));
    }
    let (parts, word, join, empty) = match filter {
        Filter::All { all } => (all, "all", " AND ", "1"),
        Filter::Any { any } => (any, "any", " OR ", "0"),
        Filter::Not { not } => {
            cx.out.sql.push_str("NOT COALESCE((");
            node(cx, not, &child(path, "not"), depth + 1)?;
            cx.out.sql.push_str("), 0)");
            return Ok(());
        }
        Filter::Condition(c) => {
            cx.conditions += 1;
            if cx.conditions > MAX_CONDITIONS {
                return Err(bad(path, format!("the filter has more than {MAX_CONDITIONS} conditions")));
            }
            return condition(cx, c, path);
        }
    };
    if parts.is_empty() {
        cx.out.sql.push_str(empty);
        return Ok(());
    }
    cx.out.sql.push('(');
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            cx.out.sql.push_str(join);
        }
        node(cx, part, &child(path, &format!("{word}[{i}]")), depth + 1)?;
    }
    cx.out.sql.push(')');
    Ok(())
}

fn condition(cx: &mut Cx, c: &Condition, path: &str) -> AppResult<()> {
    let Some(resolved) = catalogue::resolve(cx.conn, &c.field)? else {
        return Err(bad(path, format!("there is no field \"{}\"", c.field)));
    };
    let field = resolved.field;
    if !field.ops.contains(&c.op) {
        return Err(bad(path, format!("{} does not take the operator {}", c.field, op_name(c.op))));
    }
    let value = Checked::new(field.kind, c.op, c.value.as_ref(), &field.choices, path)?;
    if c.op == FilterOp::Ne {
        // "Not equal" is exactly the negation of "equal": people without a value are not equal.
        cx.out.sql.push_str("NOT COALESCE((");
        emit(cx, &resolved.source, field.kind, FilterOp::Eq, value, path)?;
        cx.out.sql.push_str("), 0)");
        return Ok(());
    }
    emit(cx, &resolved.source, field.kind, c.op, value, path)
}

pub(crate) fn op_name(op: FilterOp) -> String {
    crate::services::records::enum_str(&op)
}

/// A condition's value, checked against the field's kind and the operator.
#[derive(Clone)]
pub(crate) enum Checked {
    None,
    Bool(bool),
    Number(f64),
    Text(String),
    List(Vec<String>),
    /// Days for `within_last_days`.
    Days(i64),
    /// Money: minor units and the currency.
    Money(i64, String),
}

impl Checked {
    fn new(
        kind: FieldKind,
        op: FilterOp,
        v: Option<&FilterValue>,
        choices: &[String],
        path: &str,
    ) -> AppResult<Checked> {
        use FilterOp::*;
        let wrong = |what: &str| bad(path, format!("{} needs {what}", op_name(op)));
        let choice = |s: &String| {
            if kind == FieldKind::Choice && !choices.is_empty() && !choices.contains(s) {
                Err(bad(path, format!("\"{s}\" is not one of {}", choices.join(", "))))
            } else {
                Ok(())
            }
        };
        Ok(match (op, v) {
            (IsEmpty | IsNotEmpty, None) => Checked::None,
            (IsEmpty | IsNotEmpty, Some(_)) => return Err(wrong("no value")),
            (WithinLastDays, Some(FilterValue::Number(n))) if n.fract() == 0.0 && (0.0..=MAX_DAYS).contains(n) => {
                Checked::Days(*n as i64)
            }
            (WithinLastDays, _) => return Err(wrong("a whole number of days (0 to 36600)")),
            (In, Some(FilterValue::List(list))) if !list.is_empty() => {
                list.iter().try_for_each(choice)?;
                Checked::List(list.clone())
            }
            (In, _) => return Err(wrong("a non-empty list of texts")),
            (_, v) => match (kind, v) {
                (FieldKind::Boolean, Some(FilterValue::Bool(b))) => Checked::Bool(*b),
                (FieldKind::Boolean, _) => return Err(wrong("true or false")),
                (FieldKind::Number, Some(FilterValue::Number(n))) if n.is_finite() => Checked::Number(*n),
                (FieldKind::Number, _) => return Err(wrong("a number")),
                (FieldKind::Money, Some(FilterValue::Text(t))) => {
                    money(t).ok_or_else(|| wrong("an amount with its currency, like \"5000 EUR\""))?
                }
                (FieldKind::Money, _) => return Err(wrong("an amount with its currency, like \"5000 EUR\"")),
                (FieldKind::Date | FieldKind::Time, Some(FilterValue::Text(t))) if date(t).is_some() => {
                    Checked::Text(date(t).map_or_else(String::new, |d| d.to_string()))
                }
                (FieldKind::Date | FieldKind::Time, _) => return Err(wrong("a date (YYYY-MM-DD)")),
                (
                    FieldKind::Text | FieldKind::Choice | FieldKind::Tags | FieldKind::Product,
                    Some(FilterValue::Text(t)),
                ) => {
                    choice(t)?;
                    Checked::Text(t.clone())
                }
                (FieldKind::Text | FieldKind::Choice | FieldKind::Tags | FieldKind::Product, _) => {
                    return Err(wrong("a text"))
                }
            },
        })
    }
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

fn money(s: &str) -> Option<Checked> {
    let (amount, currency) = s.trim().rsplit_once(' ')?;
    let currency = currency.trim().to_uppercase();
    minor_digits(&currency)?;
    let minor = parse_amount(amount).ok()?.to_minor(exponent(&currency), "value").ok()?;
    Some(Checked::Money(minor, currency))
}

/// Midnight (UTC) at the start of `d`, in milliseconds.
fn day_start(d: NaiveDate) -> Millis {
    d.and_hms_opt(0, 0, 0).map_or(0, |t| t.and_utc().timestamp_millis())
}

fn today(now: Millis) -> NaiveDate {
    DateTime::from_timestamp_millis(now).map_or(NaiveDate::MIN, |t| t.date_naive())
}

pub(crate) fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

pub(crate) fn texts(list: &[String], f: impl Fn(&str) -> String) -> Vec<Value> {
    list.iter().map(|s| Value::Text(f(s))).collect()
}

fn emit(cx: &mut Cx, source: &Source, kind: FieldKind, op: FilterOp, value: Checked, path: &str) -> AppResult<()> {
    use FilterOp::*;
    let (sql, params): (String, Vec<Value>) = match (source, op, &value) {
        (Source::Tags, IsEmpty | IsNotEmpty, _) => {
            let not = if op == IsEmpty { "NOT " } else { "" };
            (format!("{not}EXISTS (SELECT 1 FROM taggings g WHERE g.entity = 'person' AND g.record_id = p.id)"), vec![])
        }
        (Source::Tags, Contains, Checked::Text(t)) => {
            (tagged(cx.usage, "= ?"), vec![Value::Text(t.trim().to_lowercase())])
        }
        (Source::Tags, In, Checked::List(l)) => {
            (tagged(cx.usage, &format!("IN ({})", placeholders(l.len()))), texts(l, |s| s.trim().to_lowercase()))
        }
        (Source::Consent(purpose), Eq, Checked::Bool(b)) => {
            let not = if *b { "" } else { "NOT " };
            (
                format!(
                    "{not}EXISTS (SELECT 1 FROM consents c WHERE c.person_id = p.id AND c.purpose = ? \
                     AND c.status = 'given' AND NOT EXISTS (SELECT 1 FROM consents n WHERE n.person_id = c.person_id \
                     AND n.channel = c.channel AND n.purpose = c.purpose AND (n.at > c.at OR (n.at = c.at AND n.id > c.id))))"
                ),
                vec![Value::Text(purpose.clone())],
            )
        }
        (Source::DealStage, Eq | In, _) => {
            let list = listed(value);
            (
                format!(
                    "EXISTS (SELECT 1 FROM deals d JOIN stages s ON s.id = d.stage_id WHERE d.person_id = p.id \
                     AND d.deleted_at IS NULL AND s.name IN ({}))",
                    placeholders(list.len())
                ),
                texts(&list, str::to_string),
            )
        }
        (Source::CampaignMember | Source::CampaignResponse(_), Eq | In, _) => {
            let list = listed(value);
            let response = match source {
                Source::CampaignResponse(r) => format!(" AND {} IS NOT NULL", campaigns::response_at(*r)),
                _ => String::new(),
            };
            (
                format!(
                    "EXISTS (SELECT 1 FROM campaign_members m {} WHERE m.person_id = p.id AND c.name IN ({}){response})",
                    campaigns::MEMBER_JOINS,
                    placeholders(list.len())
                ),
                texts(&list, str::to_string),
            )
        }
        (Source::UpsellLikely, Eq | In, _) => {
            (cx.likely.condition(cx.conn, cx.now, cx.usage, &listed(value), path)?, vec![])
        }
        (Source::OrderProduct, Eq | In | Contains | StartsWith, _) => {
            // The same test on the product's name and on its SKU.
            let (test, params) = compare("{}", FieldKind::Text, op, value, cx.now);
            (sources::bought(&test), params.iter().chain(&params).cloned().collect())
        }
        _ => match sources::scalar(source, &value, cx.usage) {
            Some((expr, mut params)) => {
                let (test, more) = compare(&expr, kind, op, value, cx.now);
                params.extend(more);
                (test, params)
            }
            None => return Err(bad(path, format!("the operator {} does not fit this field", op_name(op)))),
        },
    };
    cx.out.sql.push_str(&sql);
    cx.out.params.extend(params);
    Ok(())
}

/// The texts of an `eq` (one) or an `in` (the list).
fn listed(value: Checked) -> Vec<String> {
    match value {
        Checked::Text(t) => vec![t],
        Checked::List(l) => l,
        _ => vec![],
    }
}

fn tagged(usage: Use, test: &str) -> String {
    // A unary + keeps SQLite from driving the loop by this term.
    let id = if usage == Use::Page { "+p.id" } else { "p.id" };
    format!(
        "{id} IN (SELECT g.record_id FROM taggings g JOIN tags t ON t.id = g.tag_id \
         WHERE g.entity = 'person' AND t.key {test})"
    )
}

/// A test of the scalar `expr` (which appears once, so its parameters come first).
fn compare(expr: &str, kind: FieldKind, op: FilterOp, value: Checked, now: Millis) -> (String, Vec<Value>) {
    use FilterOp::*;
    let text = kind == FieldKind::Text;
    match (op, value) {
        (IsEmpty, _) if text => (format!("COALESCE({expr}, '') = ''"), vec![]),
        (IsNotEmpty, _) if text => (format!("COALESCE({expr}, '') <> ''"), vec![]),
        (IsEmpty, _) => (format!("{expr} IS NULL"), vec![]),
        (IsNotEmpty, _) => (format!("{expr} IS NOT NULL"), vec![]),
        (Eq, Checked::Text(t)) if text => (format!("{expr} = ? COLLATE NOCASE"), vec![Value::Text(t)]),
        (In, Checked::List(l)) if text => {
            (format!("{expr} COLLATE NOCASE IN ({})", placeholders(l.len())), texts(&l, str::to_string))
        }
        (In, Checked::List(l)) => (format!("{expr} IN ({})", placeholders(l.len())), texts(&l, str::to_string)),
        (Contains, Checked::Text(t)) => {
            (format!("{expr} LIKE ? ESCAPE '\\'"), vec![Value::Text(format!("%{}%", escape_like(&t)))])
        }
        (StartsWith, Checked::Text(t)) => {
            (format!("{expr} LIKE ? ESCAPE '\\'"), vec![Value::Text(format!("{}%", escape_like(&t)))])
        }
        (WithinLastDays, Checked::Days(n)) if kind == FieldKind::Time => {
            (format!("{expr} BETWEEN ? AND ?"), vec![Value::Integer(now - n * DAY_MS), Value::Integer(now)])
        }
        (WithinLastDays, Checked::Days(n)) => {
            let to = today(now);
            let from = to - Duration::days(n);
            (format!("{expr} BETWEEN ? AND ?"), vec![Value::Text(from.to_string()), Value::Text(to.to_string())])
        }
        (Before | After, Checked::Text(t)) if kind == FieldKind::Time => {
            let d = date(&t).unwrap_or(NaiveDate::MIN);
            match op {
                Before => (format!("{expr} < ?"), vec![Value::Integer(day_start(d))]),
                _ => (format!("{expr} >= ?"), vec![Value::Integer(day_start(d) + DAY_MS)]),
            }
        }
        (op, value) => {
            let sign = match op {
                Lt | Before => "<",
                Lte => "<=",
                Gt | After => ">",
                Gte => ">=",
                _ => "=",
            };
            let param = match value {
                Checked::Bool(b) => Value::Integer(b.into()),
                Checked::Number(n) => Value::Real(n),
                Checked::Money(minor, _) => Value::Integer(minor),
                Checked::Text(t) => Value::Text(t),
                _ => Value::Null,
            };
            (format!("{expr} {sign} ?"), vec![param])
        }
    }
}

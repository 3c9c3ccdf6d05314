//! Suggested rules: attribute values whose conversion rate differs clearly from the baseline.
//!
//! For each text level (and each tag) and for the top and bottom quartile of each number, the closed leads
//! with that value give a conversion rate with a 95% Wilson interval. A value is suggested when it has at
//! least `MIN_LEADS` leads and its interval excludes the baseline; the strongest are those whose interval
//! lies furthest from it (so a small sample needs a bigger difference).

use std::collections::HashMap;

use super::features::{Lead, Schema, Value};
use super::metrics::wilson;
use crate::count::saturating_i32;
use crate::domain::{RuleOp, RuleSuggestion};

pub const MIN_LEADS: usize = 10;
pub const MAX_SUGGESTIONS: usize = 12;

type Candidate = (String, RuleOp, String, Vec<bool>);

pub fn suggestions(schema: &Schema, leads: &[Lead]) -> Vec<RuleSuggestion> {
    let outcomes: Vec<bool> = leads.iter().filter_map(Lead::converted).collect();
    if outcomes.is_empty() {
        return Vec::new();
    }
    let baseline = outcomes.iter().filter(|&&c| c).count() as f64 / outcomes.len() as f64;
    let closed: Vec<(&Lead, bool)> = leads.iter().filter_map(|l| l.converted().map(|c| (l, c))).collect();
    let mut candidates: Vec<Candidate> = Vec::new();
    for (slot, name) in schema.names.iter().enumerate() {
        let mut levels: HashMap<String, (String, Vec<bool>)> = HashMap::new();
        let mut numbers: Vec<(f64, bool)> = Vec::new();
        for &(lead, won) in &closed {
            match &lead.values[slot] {
                Some(Value::Text(s)) => {
                    levels.entry(s.to_lowercase()).or_insert_with(|| (s.to_string(), vec![])).1.push(won)
                }
                Some(Value::Set(tags)) => {
                    for t in tags {
                        levels.entry(t.to_lowercase()).or_insert_with(|| (t.to_string(), vec![])).1.push(won);
                    }
                }
                Some(Value::Number(x)) => numbers.push((*x, won)),
                None => {}
            }
        }
        for (_, (shown, wins)) in levels {
            candidates.push((name.clone(), RuleOp::Eq, shown, wins));
        }
        candidates.extend(quartile_candidates(name, &mut numbers));
    }
    let mut out: Vec<(f64, RuleSuggestion)> = candidates
        .into_iter()
        .filter(|c| c.3.len() >= MIN_LEADS)
        .filter_map(|(attribute, op, value, wins)| {
            let n = wins.len() as f64;
            let converted = wins.iter().filter(|&&w| w).count() as f64;
            let (low, high) = wilson(converted, n);
            let distance = (low - baseline).max(baseline - high);
            (distance > 0.0).then(|| {
                let rate = converted / n;
                let s = RuleSuggestion {
                    attribute,
                    op,
                    value,
                    // A suggestion's counts are only shown; saturating keeps listing them total.
                    leads: saturating_i32(wins.len()),
                    converted: saturating_i32(wins.iter().filter(|&&w| w).count()),
                    rate,
                    rate_low: low,
                    rate_high: high,
                    baseline,
                    lift: if baseline > 0.0 { rate / baseline } else { 0.0 },
                    suggested_points: ((rate - baseline) * 100.0).round().clamp(-100.0, 100.0) as i32,
                };
                (distance, s)
            })
        })
        .collect();
    out.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.attribute.cmp(&b.1.attribute)));
    out.into_iter().take(MAX_SUGGESTIONS).map(|(_, s)| s).filter(|s| s.suggested_points != 0).collect()
}

/// "At least the upper quartile" and "at most the lower quartile" of a number, when those differ.
fn quartile_candidates(name: &str, numbers: &mut [(f64, bool)]) -> Vec<Candidate> {
    if numbers.len() < 2 * MIN_LEADS {
        return Vec::new();
    }
    numbers.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (q1, q3) = (numbers[numbers.len() / 4].0, numbers[numbers.len() * 3 / 4].0);
    if q1 == q3 {
        return Vec::new();
    }
    let pick = |f: &dyn Fn(f64) -> bool| numbers.iter().filter(|(x, _)| f(*x)).map(|(_, w)| *w).collect();
    vec![
        (name.to_string(), RuleOp::Gte, trim_number(q3), pick(&|x| x >= q3)),
        (name.to_string(), RuleOp::Lte, trim_number(q1), pick(&|x| x <= q1)),
    ]
}

fn trim_number(x: f64) -> String {
    Value::Number(x).display()
}

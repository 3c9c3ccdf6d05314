//! Turns leads into model rows: numbers standardised (clipped at ±5 sd) with a missing indicator, text
//! one-hot encoded with rare levels pooled into "other" and a missing indicator, tags as several levels.
//! An attribute that is empty (or constant) everywhere gets no column at all.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::features::{Lead, Schema, Value};
use super::logistic::{Logistic, SparseRow};
use super::pass::{FastMap, Text};

/// A level needs this many leads (or 1% of them, whichever is more) to get its own column.
const MIN_LEVEL_COUNT: usize = 5;
/// The most levels one attribute gets; the rest are "other".
const MAX_LEVELS: usize = 30;
const CLIP: f64 = 5.0;

pub const OTHER: &str = "(other)";
pub const MISSING: &str = "(missing)";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Encoding {
    Numeric { mean: f64, sd: f64, column: Option<usize>, missing: Option<usize> },
    Levels { levels: HashMap<String, usize>, other: Option<usize>, missing: Option<usize> },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Encoder {
    /// Attribute name → encoding; looked up by name so adding a custom field never shifts columns.
    pub attributes: Vec<(String, Encoding)>,
    /// For each column, its attribute and level (None for a scaled number).
    pub columns: Vec<(String, Option<String>)>,
}

impl Encoder {
    pub fn fit(schema: &Schema, leads: &[&Lead]) -> Encoder {
        let mut enc = Encoder { attributes: Vec::new(), columns: Vec::new() };
        let n = leads.len();
        let min_count = MIN_LEVEL_COUNT.max(n / 100);
        for (slot, name) in schema.names.iter().enumerate() {
            let present: Vec<&Value> = leads.iter().filter_map(|l| l.values[slot].as_ref()).collect();
            if present.is_empty() {
                continue;
            }
            let any_missing = present.len() < n;
            let numbers: Vec<f64> =
                present.iter().filter_map(|v| if let Value::Number(x) = v { Some(*x) } else { None }).collect();
            let encoding = if numbers.len() == present.len() {
                let mean = numbers.iter().sum::<f64>() / numbers.len() as f64;
                let sd = (numbers.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / numbers.len() as f64).sqrt();
                let column = (sd > 1e-9).then(|| enc.column(name, None));
                let missing = any_missing.then(|| enc.column(name, Some(MISSING)));
                Encoding::Numeric { mean, sd, column, missing }
            } else {
                let mut counts: HashMap<&str, usize> = HashMap::new();
                for v in &present {
                    for level in levels_of(v) {
                        *counts.entry(&**level).or_default() += 1;
                    }
                }
                let mut frequent: Vec<(&str, usize)> = counts.into_iter().filter(|&(_, c)| c >= min_count).collect();
                frequent.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
                frequent.truncate(MAX_LEVELS);
                let pooled =
                    present.iter().any(|v| levels_of(v).iter().any(|l| !frequent.iter().any(|(f, _)| *f == &**l)));
                let levels = frequent.iter().map(|(l, _)| (l.to_string(), enc.column(name, Some(l)))).collect();
                let other = pooled.then(|| enc.column(name, Some(OTHER)));
                let missing = any_missing.then(|| enc.column(name, Some(MISSING)));
                Encoding::Levels { levels, other, missing }
            };
            enc.attributes.push((name.clone(), encoding));
        }
        enc
    }

    fn column(&mut self, name: &str, level: Option<&str>) -> usize {
        self.columns.push((name.to_string(), level.map(str::to_string)));
        self.columns.len() - 1
    }

    /// For each encoded attribute, its slot in `schema` (None when the field has since been deleted).
    pub fn slots(&self, schema: &Schema) -> Vec<Option<usize>> {
        self.attributes.iter().map(|(name, _)| schema.index(name)).collect()
    }

    /// The sparse row of a lead; `slots` comes from [`Encoder::slots`] for the same schema.
    pub fn row(&self, slots: &[Option<usize>], lead: &Lead) -> SparseRow {
        let mut row = SparseRow::new();
        for ((_, encoding), slot) in self.attributes.iter().zip(slots) {
            let value = slot.and_then(|s| lead.values[s].as_ref());
            match (encoding, value) {
                (Encoding::Numeric { mean, sd, column, .. }, Some(Value::Number(x))) => {
                    if let Some(c) = column {
                        row.push((*c, ((x - mean) / sd).clamp(-CLIP, CLIP)));
                    }
                }
                (Encoding::Levels { levels, other, .. }, Some(v)) => {
                    let mut pooled = false;
                    for level in levels_of(v) {
                        match levels.get(&**level) {
                            Some(&c) => row.push((c, 1.0)),
                            None => pooled = true,
                        }
                    }
                    if let (true, Some(c)) = (pooled, other) {
                        row.push((*c, 1.0));
                    }
                }
                (Encoding::Numeric { missing, .. } | Encoding::Levels { missing, .. }, _) => {
                    if let Some(c) = missing {
                        row.push((*c, 1.0));
                    }
                }
            }
        }
        row
    }
}

/// The model's weights folded into the encoding: a lead's logit from its values, without building its
/// row. Terms are added in the row's order, so the result is the same number as `Logistic::logit` of
/// [`Encoder::row`] (a unit test holds the two together).
pub struct Weighted {
    intercept: f64,
    /// Per encoded attribute: its schema slot and its terms.
    attributes: Vec<(Option<usize>, Terms)>,
}

enum Terms {
    Numeric { mean: f64, sd: f64, weight: Option<f64>, missing: Option<f64> },
    Levels { levels: FastMap<String, f64>, other: Option<f64>, missing: Option<f64> },
}

impl Weighted {
    pub fn new(encoder: &Encoder, model: &Logistic, slots: &[Option<usize>]) -> Weighted {
        let w = |c: &Option<usize>| c.map(|c| model.weights.get(c).copied().unwrap_or(0.0));
        let attributes = encoder
            .attributes
            .iter()
            .zip(slots)
            .map(|((_, encoding), &slot)| {
                let terms = match encoding {
                    Encoding::Numeric { mean, sd, column, missing } => {
                        Terms::Numeric { mean: *mean, sd: *sd, weight: w(column), missing: w(missing) }
                    }
                    Encoding::Levels { levels, other, missing } => Terms::Levels {
                        levels: levels.iter().map(|(l, &c)| (l.clone(), w(&Some(c)).unwrap_or(0.0))).collect(),
                        other: w(other),
                        missing: w(missing),
                    },
                };
                (slot, terms)
            })
            .collect();
        Weighted { intercept: model.intercept, attributes }
    }

    pub fn logit(&self, lead: &Lead) -> f64 {
        let mut sum = 0.0;
        for (slot, terms) in &self.attributes {
            let value = slot.and_then(|s| lead.values[s].as_ref());
            match (terms, value) {
                (Terms::Numeric { mean, sd, weight, .. }, Some(Value::Number(x))) => {
                    if let Some(w) = weight {
                        sum += w * ((x - mean) / sd).clamp(-CLIP, CLIP);
                    }
                }
                (Terms::Levels { levels, other, .. }, Some(v)) => {
                    let mut pooled = false;
                    for level in levels_of(v) {
                        match levels.get(&**level) {
                            Some(w) => sum += w,
                            None => pooled = true,
                        }
                    }
                    if let (true, Some(w)) = (pooled, other) {
                        sum += w;
                    }
                }
                (Terms::Numeric { missing, .. } | Terms::Levels { missing, .. }, _) => {
                    if let Some(w) = missing {
                        sum += w;
                    }
                }
            }
        }
        self.intercept + sum
    }
}

/// The levels a value stands for: one text, or every tag of a set (numbers have none).
fn levels_of(v: &Value) -> &[Text] {
    match v {
        Value::Text(s) => std::slice::from_ref(s),
        Value::Set(tags) => tags,
        Value::Number(_) => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead(values: Vec<Option<Value>>) -> Lead {
        let (id, status) = (0, crate::domain::LeadStatus::Lost);
        Lead { id, status, created_at: 0, score: None, band: None, days_since_touch: 0.0, values }
    }

    #[test]
    fn pools_rare_levels_flags_missing_and_drops_empty_or_constant_columns() {
        let schema = Schema::from_names(&["source", "empty", "constant", "budget", "tag"]);
        let text = |s: &str| Some(Value::Text(s.into()));
        let leads: Vec<Lead> = (0..20)
            .map(|i| {
                let source = if i < 12 {
                    text("web")
                } else if i < 19 {
                    text("event")
                } else {
                    text("fax")
                };
                let budget = (i % 4 != 0).then_some(Value::Number(i as f64));
                let tags = (i % 2 == 0).then(|| Value::Set(vec!["vip".into(), format!("rare{i}").into()]));
                lead(vec![source, None, Some(Value::Number(1.0)), budget, tags])
            })
            .collect();
        let refs: Vec<&Lead> = leads.iter().collect();
        let enc = Encoder::fit(&schema, &refs);
        let names: Vec<(&str, Option<&str>)> = enc.columns.iter().map(|(a, l)| (a.as_str(), l.as_deref())).collect();
        assert_eq!(
            names,
            vec![
                ("source", Some("web")),
                ("source", Some("event")),
                ("source", Some(OTHER)),
                ("budget", None),
                ("budget", Some(MISSING)),
                ("tag", Some("vip")),
                ("tag", Some(OTHER)),
                ("tag", Some(MISSING)),
            ]
        );
        let slots = enc.slots(&schema);
        // "fax" is pooled; the missing budget is flagged; a lead without tags has the tag's missing flag.
        let row = enc.row(&slots, &leads[19]);
        assert_eq!(row.iter().map(|&(c, _)| c).collect::<Vec<_>>(), vec![2, 3, 7]);
        let row = enc.row(&slots, &leads[4]);
        assert_eq!(row.iter().map(|&(c, _)| c).collect::<Vec<_>>(), vec![0, 4, 5, 6]);

        // Folded weights give every lead the logit of its row, to the bit; a weight the model lacks is 0.
        let weights = (0..enc.columns.len() - 1).map(|c| (c as f64 * 0.37).sin()).collect();
        let model = Logistic { intercept: -0.3, weights };
        let weighted = Weighted::new(&enc, &model, &slots);
        for l in &leads {
            assert_eq!(weighted.logit(l).to_bits(), model.logit(&enc.row(&slots, l)).to_bits(), "{l:?}");
        }
    }
}

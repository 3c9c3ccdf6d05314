//! The 0–100 score of one lead and its explanation (see the formula in the module doc of `scoring`).

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::encode::{Encoder, Weighted, MISSING};
use super::features::{Lead, Schema};
use super::logistic::{sigmoid, Logistic};
use super::rules::{self, Compiled};
use crate::domain::{Contribution, ContributionKind, ScoreBand, ScoreExplanation};
use crate::error::AppResult;

pub const HOT: i32 = 70;
pub const WARM: i32 = 40;
/// Without a model, rules start from this neutral score.
pub const RULES_ONLY_BASE: f64 = 50.0;
/// Days without a touch before the score starts to decay, and the half-life after that.
pub const GRACE_DAYS: f64 = 14.0;
pub const HALF_LIFE_DAYS: f64 = 30.0;
/// Model attributes shown in an explanation.
const TOP_ATTRIBUTES: usize = 6;

/// What training stores: the encoder and the fitted weights over its columns.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredModel {
    pub encoder: Encoder,
    pub model: Logistic,
}

pub fn band(score: i32) -> ScoreBand {
    match score {
        s if s >= HOT => ScoreBand::Hot,
        s if s >= WARM => ScoreBand::Warm,
        _ => ScoreBand::Cold,
    }
}

/// 1 within the grace period, then halving every `HALF_LIFE_DAYS`.
pub fn decay(days_since_touch: f64) -> f64 {
    0.5_f64.powf((days_since_touch - GRACE_DAYS).max(0.0) / HALF_LIFE_DAYS)
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    pub score: Option<i32>,
    pub band: Option<ScoreBand>,
    pub probability: Option<f64>,
    pub rule_points: i32,
    pub decay: f64,
}

pub struct Scorer {
    pub schema: Schema,
    model: Option<(StoredModel, Vec<Option<usize>>)>,
    /// The model folded for scoring many leads (see `Weighted`).
    weighted: Option<Weighted>,
    rules: Vec<Compiled>,
}

impl Scorer {
    /// The current model (if trained) and the enabled rules.
    pub fn load(conn: &Connection) -> AppResult<Scorer> {
        let schema = Schema::load(conn)?;
        let stored: Option<String> = conn
            .prepare_cached("SELECT model FROM scoring_model WHERE id = 1")?
            .query_row([], |r| r.get(0))
            .optional()?;
        let model = match stored {
            Some(json) => {
                let m: StoredModel = serde_json::from_str(&json)?;
                let slots = m.encoder.slots(&schema);
                Some((m, slots))
            }
            None => None,
        };
        let rules =
            rules::load_all(conn)?.into_iter().filter(|r| r.enabled).map(|r| Compiled::new(r, &schema)).collect();
        let weighted = model.as_ref().map(|(m, slots)| Weighted::new(&m.encoder, &m.model, slots));
        Ok(Scorer { schema, model, weighted, rules })
    }

    /// Neither a model nor an enabled rule: every lead's score is none.
    pub fn is_empty(&self) -> bool {
        self.model.is_none() && self.rules.is_empty()
    }

    pub fn score(&self, lead: &Lead) -> Scored {
        let probability = self.weighted.as_ref().map(|w| sigmoid(w.logit(lead)));
        let rule_points: i32 = self.rules.iter().filter(|r| r.matches(lead)).map(|r| r.rule.points).sum();
        let decay = decay(lead.days_since_touch);
        let base = match probability {
            Some(p) => Some(100.0 * p),
            None if !self.rules.is_empty() => Some(RULES_ONLY_BASE),
            None => None,
        };
        let score = base.map(|b| ((b + f64::from(rule_points)).clamp(0.0, 100.0) * decay).round() as i32);
        Scored { score, band: score.map(band), probability, rule_points, decay }
    }

    pub fn explain(&self, lead: &Lead) -> ScoreExplanation {
        let s = self.score(lead);
        let mut model_parts = Vec::new();
        if let Some((m, slots)) = &self.model {
            let row = m.encoder.row(slots, lead);
            let z = m.model.logit(&row);
            let mut by_attribute: Vec<(String, f64)> = Vec::new();
            for &(c, x) in &row {
                let name = &m.encoder.columns[c].0;
                let part = m.model.weights[c] * x;
                match by_attribute.iter_mut().find(|(n, _)| n == name) {
                    Some((_, sum)) => *sum += part,
                    None => by_attribute.push((name.clone(), part)),
                }
            }
            for (attribute, part) in by_attribute {
                // The score points this attribute is worth: the score with it minus the score without it.
                let points = 100.0 * (sigmoid(z) - sigmoid(z - part));
                let value = self.schema.index(&attribute).and_then(|i| lead.values[i].as_ref()).map(|v| v.display());
                model_parts.push(contribution(
                    ContributionKind::Model,
                    attribute,
                    value.or(Some(MISSING.into())),
                    points,
                ));
            }
        }
        model_parts.sort_by(|a, b| b.points.abs().total_cmp(&a.points.abs()));
        model_parts.retain(|c| c.points != 0.0);
        model_parts.truncate(TOP_ATTRIBUTES);
        let mut parts = model_parts;
        for r in self.rules.iter().filter(|r| r.matches(lead)) {
            let value = r.rule.value.clone();
            let mut c = contribution(ContributionKind::Rule, r.rule.attribute.clone(), value, r.rule.points.into());
            (c.rule_id, c.rule_name) = (Some(r.rule.id), Some(r.rule.name.clone()));
            parts.push(c);
        }
        if let (Some(score), true) = (s.score, s.decay < 1.0) {
            let before = f64::from(score) / s.decay;
            let days = Some(lead.days_since_touch.floor().to_string());
            parts.push(contribution(
                ContributionKind::Decay,
                "days_since_touch".into(),
                days,
                f64::from(score) - before,
            ));
        }
        parts.sort_by(|a, b| b.points.abs().total_cmp(&a.points.abs()));
        ScoreExplanation {
            person_id: lead.id,
            score: s.score,
            band: s.band,
            probability: s.probability,
            rule_points: s.rule_points,
            decay: s.decay,
            days_since_touch: lead.days_since_touch,
            contributions: parts,
        }
    }
}

fn contribution(kind: ContributionKind, attribute: String, value: Option<String>, points: f64) -> Contribution {
    Contribution { kind, attribute, value, points: (points * 10.0).round() / 10.0, rule_id: None, rule_name: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_and_decay() {
        assert_eq!(
            (band(70), band(69), band(40), band(39)),
            (ScoreBand::Hot, ScoreBand::Warm, ScoreBand::Warm, ScoreBand::Cold)
        );
        assert_eq!(decay(0.0), 1.0);
        assert_eq!(decay(GRACE_DAYS), 1.0);
        assert!((decay(GRACE_DAYS + HALF_LIFE_DAYS) - 0.5).abs() < 1e-12);
    }
}

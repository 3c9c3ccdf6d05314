//! Lead scoring records: rules, the trained model's summary, suggestions and per-lead explanations.
//! Explanations are structured (attribute, value, points) so the UI words them in every language.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{CustomValues, Id, LeadStatus, Millis};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ScoreBand {
    Hot,
    Warm,
    Cold,
}

impl ScoreBand {
    pub const ALL: [ScoreBand; 3] = [Self::Hot, Self::Warm, Self::Cold];
}

/// How a rule compares a lead's attribute with its value. Text comparisons ignore case; `eq` on `tag`
/// means "has the tag"; `gt`..`lte` need a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RuleOp {
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
    Contains,
    IsSet,
    IsEmpty,
}

/// A user rule: when `attribute op value` holds for a lead, `points` are added to its score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ScoringRule {
    pub id: Id,
    pub name: String,
    /// An attribute name as listed by the explanation: `source`, `tag`, `activities_30d`, `custom.<key>`, ...
    pub attribute: String,
    pub op: RuleOp,
    pub value: Option<String>,
    /// -100..=100 score points.
    pub points: i32,
    pub enabled: bool,
    /// Live leads the condition holds for now.
    pub match_count: i32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct ScoringRuleInput {
    /// Empty means a name made from the condition.
    pub name: String,
    pub attribute: String,
    pub op: Option<RuleOp>,
    pub value: Option<String>,
    pub points: i32,
    pub enabled: Option<bool>,
}

/// An attribute value whose conversion rate differs from the baseline, with a 95% Wilson interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RuleSuggestion {
    pub attribute: String,
    pub op: RuleOp,
    pub value: String,
    /// Closed leads with this value, and how many of them converted.
    pub leads: i32,
    pub converted: i32,
    pub rate: f64,
    pub rate_low: f64,
    pub rate_high: f64,
    pub baseline: f64,
    /// rate / baseline.
    pub lift: f64,
    /// The points a rule made from this suggestion would give (signed, from the rate difference).
    pub suggested_points: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CalibrationBin {
    pub predicted: f64,
    pub observed: f64,
    pub count: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RocPoint {
    pub fpr: f64,
    pub tpr: f64,
}

/// One attribute's weight in the model, summed over its levels (largest |weight| of its levels).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct AttributeWeight {
    pub attribute: String,
    pub level: Option<String>,
    pub weight: f64,
}

/// What the last training produced, measured on a held-out time split (the newest leads).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ModelSummary {
    pub trained_at: Millis,
    /// Closed leads trained on, and how many converted.
    pub rows: i32,
    pub converted: i32,
    pub features: i32,
    /// Rows in the held-out split and the model's AUC on them.
    pub holdout_rows: i32,
    pub auc: f64,
    pub calibration: Vec<CalibrationBin>,
    pub roc: Vec<RocPoint>,
    pub top_weights: Vec<AttributeWeight>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct TrainReport {
    pub model: ModelSummary,
    pub suggestions: Vec<RuleSuggestion>,
    /// Leads rescored after training.
    pub rescored: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ContributionKind {
    /// The model's view of an attribute, relative to an average lead.
    Model,
    /// A user rule that matched.
    Rule,
    /// Points lost to inactivity.
    Decay,
}

/// One reason for a score: "attribute = value changed the score by points".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Contribution {
    pub kind: ContributionKind,
    pub attribute: String,
    pub value: Option<String>,
    /// Score points (positive raised the score), one decimal.
    pub points: f64,
    pub rule_id: Option<Id>,
    pub rule_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ScoreExplanation {
    pub person_id: Id,
    pub score: Option<i32>,
    pub band: Option<ScoreBand>,
    /// The model's conversion probability (None without a trained model).
    pub probability: Option<f64>,
    pub rule_points: i32,
    /// The inactivity multiplier applied (1 = none).
    pub decay: f64,
    pub days_since_touch: f64,
    /// Largest first by absolute points.
    pub contributions: Vec<Contribution>,
}

/// A lead as `relata leads list` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct LeadRow {
    pub id: Id,
    pub name: String,
    pub external_id: Option<String>,
    pub lead_status: Option<LeadStatus>,
    pub score: Option<i32>,
    pub band: Option<ScoreBand>,
    pub custom: CustomValues,
}

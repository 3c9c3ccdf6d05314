use serde::{Deserialize, Serialize};
use specta::Type;

use super::{CustomValues, Id, Millis};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DealStatus {
    #[default]
    Open,
    Won,
    Lost,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Stage {
    pub id: Id,
    pub pipeline_id: Id,
    pub name: String,
    /// Set on seeded stages until renamed, so the UI can show the name in the user's language.
    pub system_key: Option<String>,
    pub position: i32,
    /// Default win probability in percent for deals in this stage.
    pub probability: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Pipeline {
    pub id: Id,
    pub name: String,
    pub system_key: Option<String>,
    pub position: i32,
    pub stages: Vec<Stage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Deal {
    pub id: Id,
    pub title: String,
    /// Money in minor units (cents, øre): never a float.
    pub value_minor: i64,
    /// ISO 4217 code, upper case ("EUR", "DKK", ...).
    pub currency: String,
    pub pipeline_id: Id,
    pub stage_id: Id,
    /// Local calendar date `YYYY-MM-DD`.
    pub expected_close: Option<String>,
    /// Percent; `None` means the stage's default.
    pub probability: Option<i32>,
    pub status: DealStatus,
    pub lost_reason: Option<String>,
    pub closed_at: Option<Millis>,
    pub person_id: Option<Id>,
    pub person_name: Option<String>,
    pub company_id: Option<Id>,
    pub company_name: Option<String>,
    pub owner: Option<String>,
    /// Order within its stage column on the board.
    pub position: i32,
    pub custom: CustomValues,
    pub created_at: Millis,
    pub updated_at: Millis,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct DealInput {
    pub title: String,
    pub value_minor: i64,
    /// Empty means the default currency from settings.
    pub currency: String,
    /// `None` picks the first pipeline.
    pub pipeline_id: Option<Id>,
    /// `None` picks the pipeline's first stage.
    pub stage_id: Option<Id>,
    pub expected_close: Option<String>,
    pub probability: Option<i32>,
    pub status: DealStatus,
    /// Required when the status is lost.
    pub lost_reason: Option<String>,
    pub person_id: Option<Id>,
    pub company_id: Option<Id>,
    pub owner: Option<String>,
    pub custom: CustomValues,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct DealsQuery {
    pub pipeline_id: Option<Id>,
    pub stage_id: Option<Id>,
    pub status: Option<DealStatus>,
    pub person_id: Option<Id>,
    pub company_id: Option<Id>,
    pub search: Option<String>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// Drag on the board: put the deal into `stage_id` before the deal at `index` (or last).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct DealMove {
    pub stage_id: Id,
    pub index: Option<i32>,
}

/// One board column: the stage, its open deals in order, their count and summed value per currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct BoardColumn {
    pub stage: Stage,
    pub deals: Vec<Deal>,
    pub count: i64,
    pub totals: Vec<MoneyTotal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct MoneyTotal {
    pub currency: String,
    pub value_minor: i64,
}

impl Deal {
    /// The input that saves this deal unchanged: the base of a partial update.
    pub fn to_input(&self) -> DealInput {
        DealInput {
            title: self.title.clone(),
            value_minor: self.value_minor,
            currency: self.currency.clone(),
            pipeline_id: Some(self.pipeline_id),
            stage_id: Some(self.stage_id),
            expected_close: self.expected_close.clone(),
            probability: self.probability,
            status: self.status,
            lost_reason: self.lost_reason.clone(),
            person_id: self.person_id,
            company_id: self.company_id,
            owner: self.owner.clone(),
            custom: self.custom.clone(),
        }
    }
}

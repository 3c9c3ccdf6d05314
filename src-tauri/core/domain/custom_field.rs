use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Entity, Id};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CustomFieldKind {
    Text,
    Number,
    Date,
    Boolean,
    Choice,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CustomFieldDef {
    pub id: Id,
    pub entity: Entity,
    /// Stable machine key derived from the label at creation ("Contract end" -> "contract_end").
    pub key: String,
    pub label: String,
    pub kind: CustomFieldKind,
    /// The allowed values of a choice field, in display order.
    pub choices: Vec<String>,
    pub position: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CustomFieldInput {
    pub entity: Entity,
    pub label: String,
    pub kind: CustomFieldKind,
    #[serde(default)]
    pub choices: Vec<String>,
}

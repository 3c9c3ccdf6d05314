//! Segments: saved filters over people. The filter is one typed tree, shared by segments, smart lists and
//! automation (see docs/segments.md); the core compiles it to SQL, the UI never sends SQL.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Id, Millis, PeopleQuery};

/// A filter over people: a group (`{"all": [...]}` or `{"any": [...]}`), a negation (`{"not": X}`) or a
/// condition (`{"field": F, "op": OP, "value": V}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(untagged)]
pub enum Filter {
    /// Every part matches (an empty group matches everyone).
    All {
        all: Vec<Filter>,
    },
    /// At least one part matches (an empty group matches no one).
    Any {
        any: Vec<Filter>,
    },
    Not {
        not: Box<Filter>,
    },
    Condition(Condition),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Condition {
    /// A field of the catalogue (`segments::catalogue`), e.g. "city", "custom.contract_end", "consent.newsletter".
    pub field: String,
    pub op: FilterOp,
    /// Absent for `is_empty` and `is_not_empty`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<FilterValue>,
}

/// A condition's value: what fits depends on the field's kind (see docs/segments.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(untagged)]
pub enum FilterValue {
    Bool(bool),
    Number(f64),
    Text(String),
    List(Vec<String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum FilterOp {
    Eq,
    Ne,
    Lt,
    Lte,
    Gt,
    Gte,
    In,
    /// Text: contains the value (case-insensitive); tags: has the tag.
    Contains,
    StartsWith,
    IsEmpty,
    IsNotEmpty,
    Before,
    After,
    WithinLastDays,
}

/// What a field holds, which decides its operators and the type of its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// Free text; comparisons ignore the case of A-Z.
    Text,
    /// One of `choices`.
    Choice,
    Number,
    /// A sum of money in one currency; the value is "AMOUNT CUR", e.g. "5000 EUR".
    Money,
    /// A calendar date (`YYYY-MM-DD`), as custom date fields hold.
    Date,
    /// A point in time; the value is a `YYYY-MM-DD` date (UTC) or, for `within_last_days`, a number of days.
    Time,
    Boolean,
    Tags,
    /// A product, named by its SKU (the editor offers a product picker).
    Product,
}

/// One field of the filter catalogue, as the editor offers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct FilterField {
    pub name: String,
    pub kind: FieldKind,
    pub ops: Vec<FilterOp>,
    /// The allowed values of a choice field (empty: any text).
    pub choices: Vec<String>,
    /// The i18n key of the field's label ("segments.field.city"); custom fields and consent purposes carry
    /// their own `label` instead.
    pub label_key: String,
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Segment {
    pub id: Id,
    pub name: String,
    pub filter: Filter,
    /// A static segment is a snapshot: the people who matched when it was saved.
    pub is_static: bool,
    /// Shown in the navigation with its count.
    pub pinned: bool,
    pub created_at: Millis,
    pub updated_at: Millis,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct SegmentInput {
    pub name: String,
    pub filter: Filter,
    #[serde(default)]
    pub is_static: bool,
    #[serde(default)]
    pub pinned: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SegmentCount {
    pub count: i64,
}

/// The people a bulk action or export applies to: every member of a segment, or everyone the people list
/// shows for `query` (its filters and search; resolved in the core, so a large selection never crosses IPC),
/// minus `exclude`; or else exactly `ids`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct PeopleSelection {
    pub segment_id: Option<Id>,
    /// The people list's filter (the People page's search, tag, lifecycle, ...; its sort, page size and
    /// cursor do not matter). Ignored when `segment_id` is given.
    pub query: Option<PeopleQuery>,
    /// The people picked one by one (ignored when `segment_id` or `query` is given).
    pub ids: Vec<Id>,
    /// People unticked after selecting the whole segment or list.
    pub exclude: Vec<Id>,
}

/// What a bulk action does to each selected person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BulkAction {
    AddTag {
        tag: String,
    },
    RemoveTag {
        tag: String,
    },
    /// An empty owner clears it.
    SetOwner {
        owner: String,
    },
    StartCadence {
        cadence_id: Id,
    },
    AddToCampaign {
        campaign_id: Id,
    },
}

/// A bulk action's outcome: `changed` people were changed; `skipped` had it already (the tag, the owner, a
/// running cadence, the campaign membership); `selected` is how many the selection held.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BulkResult {
    pub selected: u32,
    pub changed: u32,
    pub skipped: u32,
}

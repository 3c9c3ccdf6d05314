use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use specta::Type;

pub use crate::clock::Millis;

/// Row ids are SQLite rowids; they stay far below 2^53, so they cross IPC as plain numbers.
pub type Id = i64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    Person,
    Company,
    Deal,
    Activity,
    Task,
    /// An order, invoice or credit note (issue 17): in the trash and the audit trail like the others.
    Order,
}

impl Entity {
    pub const ALL: [Entity; 6] =
        [Entity::Person, Entity::Company, Entity::Deal, Entity::Activity, Entity::Task, Entity::Order];

    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Person => "person",
            Entity::Company => "company",
            Entity::Deal => "deal",
            Entity::Activity => "activity",
            Entity::Task => "task",
            Entity::Order => "order",
        }
    }

    pub fn parse(s: &str) -> Option<Entity> {
        Entity::ALL.into_iter().find(|e| e.as_str() == s)
    }
}

/// What a view shows, as the store reports changes: each committed write names the topics whose tables it
/// touched (`store::changes::topics_of`), and every view refetches on its own topics. The record kinds come
/// first and are spelled like `Entity`; the rest are the app's other data (mail, templates, the team).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    Person,
    Company,
    Deal,
    Activity,
    Task,
    /// Mail accounts, the outbox and synced messages.
    Mail,
    /// Message templates.
    Template,
    /// The team workspace: sync state and conflicts.
    Team,
    /// Service desk tickets, their events, calendars and SLA policies.
    Ticket,
    /// Saved segments of people.
    Segment,
    /// Products, orders and their lines (purchase history, analytics, upsell).
    Order,
    /// Automation rules and their run history.
    Rule,
    /// Marketing campaigns: members, costs, sends and A/B tests.
    Campaign,
}

impl Topic {
    pub const ALL: [Topic; 13] = [
        Topic::Person,
        Topic::Company,
        Topic::Deal,
        Topic::Activity,
        Topic::Task,
        Topic::Mail,
        Topic::Template,
        Topic::Team,
        Topic::Ticket,
        Topic::Segment,
        Topic::Order,
        Topic::Rule,
        Topic::Campaign,
    ];
}

impl From<Entity> for Topic {
    fn from(e: Entity) -> Topic {
        match e {
            Entity::Person => Topic::Person,
            Entity::Company => Topic::Company,
            Entity::Deal => Topic::Deal,
            Entity::Activity => Topic::Activity,
            Entity::Task => Topic::Task,
            Entity::Order => Topic::Order,
        }
    }
}

/// One page of a keyset-paginated list. `next_cursor` is opaque to callers.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
    /// Number of rows matching the filter (all pages); a lower bound when `total_exact` is false (a search
    /// matching more rows than are worth counting).
    pub total: i64,
    pub total_exact: bool,
}

/// An email address or phone number with a free label ("work", "home", "mobile", ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct LabeledValue {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct Address {
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: Option<String>,
}

/// A custom field's value. Dates are `YYYY-MM-DD` text; choices are the choice's text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(untagged)]
pub enum CustomValue {
    Bool(bool),
    Number(f64),
    Text(String),
}

/// Custom values keyed by the field's `key`.
pub type CustomValues = BTreeMap<String, CustomValue>;

/// A hit in the global (command palette) search.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct SearchHit {
    pub entity: Entity,
    pub id: Id,
    pub title: String,
    pub subtitle: Option<String>,
}

/// A record in the trash.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct TrashItem {
    pub entity: Entity,
    pub id: Id,
    pub title: String,
    pub deleted_at: Millis,
}

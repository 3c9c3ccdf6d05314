use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Address, CustomValues, Id, Millis};

/// Head-count buckets, shown as 1–10, 11–50, 51–250, 251–1000 and 1000+.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CompanySize {
    Micro,
    Small,
    Medium,
    Large,
    Enterprise,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Company {
    pub id: Id,
    pub name: String,
    /// Lower-case host name without scheme, e.g. "example.nl".
    pub domain: Option<String>,
    pub industry: Option<String>,
    pub size: Option<CompanySize>,
    pub address: Address,
    /// Normalised like a person's phone.
    pub phone: Option<String>,
    /// An http(s) URL.
    pub website: Option<String>,
    pub owner: Option<String>,
    pub tags: Vec<String>,
    pub custom: CustomValues,
    pub created_at: Millis,
    pub updated_at: Millis,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct CompanyInput {
    pub name: String,
    pub domain: Option<String>,
    pub industry: Option<String>,
    pub size: Option<CompanySize>,
    pub address: Address,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub owner: Option<String>,
    pub tags: Vec<String>,
    pub custom: CustomValues,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CompanyRow {
    pub id: Id,
    pub name: String,
    pub domain: Option<String>,
    pub industry: Option<String>,
    pub size: Option<CompanySize>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub owner: Option<String>,
    pub tags: Vec<String>,
    pub people_count: i64,
    pub open_deals_count: i64,
    pub created_at: Millis,
    pub updated_at: Millis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CompanySort {
    #[default]
    Name,
    Industry,
    CreatedAt,
    UpdatedAt,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct CompaniesQuery {
    pub search: Option<String>,
    pub tag: Option<String>,
    pub owner: Option<String>,
    pub industry: Option<String>,
    pub sort: CompanySort,
    pub desc: bool,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

impl Company {
    /// The input that saves this company unchanged: the base of a partial update.
    pub fn to_input(&self) -> CompanyInput {
        CompanyInput {
            name: self.name.clone(),
            domain: self.domain.clone(),
            industry: self.industry.clone(),
            size: self.size,
            address: self.address.clone(),
            phone: self.phone.clone(),
            website: self.website.clone(),
            owner: self.owner.clone(),
            tags: self.tags.clone(),
            custom: self.custom.clone(),
        }
    }
}

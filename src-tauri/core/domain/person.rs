use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Address, CustomValues, Id, LabeledValue, Millis, ScoreBand};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Lifecycle {
    #[default]
    Lead,
    Qualified,
    Customer,
    Churned,
}

impl Lifecycle {
    pub const ALL: [Lifecycle; 4] = [Self::Lead, Self::Qualified, Self::Customer, Self::Churned];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum LeadStatus {
    Open,
    Converted,
    Lost,
}

impl LeadStatus {
    pub const ALL: [LeadStatus; 3] = [Self::Open, Self::Converted, Self::Lost];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ContactChannel {
    Email,
    Phone,
    Sms,
    Chat,
    Visit,
    Post,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct SocialProfile {
    /// "linkedin", "x", "mastodon", "website", ... (free text, lower-cased)
    pub network: String,
    /// An http(s) URL.
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Person {
    pub id: Id,
    pub first_name: String,
    pub last_name: String,
    /// Lower-cased; the first is the primary address.
    pub emails: Vec<LabeledValue>,
    /// In E.164 (`+31612345678`) when they parse; the first is the primary number.
    pub phones: Vec<LabeledValue>,
    /// The phones kept as typed because they are not a valid number (the UI flags them); derived on load.
    #[serde(default)]
    pub unparsed_phones: Vec<String>,
    pub address: Address,
    pub socials: Vec<SocialProfile>,
    pub company_id: Option<Id>,
    pub company_name: Option<String>,
    pub job_title: Option<String>,
    pub owner: Option<String>,
    pub tags: Vec<String>,
    pub source: Option<String>,
    pub preferred_channel: Option<ContactChannel>,
    /// BCP 47 language tag, e.g. "nl" or "de-AT".
    pub language: Option<String>,
    pub lifecycle: Lifecycle,
    /// Set for leads (open by default), kept when the lead converts or is lost.
    pub lead_status: Option<LeadStatus>,
    pub external_id: Option<String>,
    pub custom: CustomValues,
    pub created_at: Millis,
    pub updated_at: Millis,
    /// How the person is shown: "First Last", else their first email, else their external id (see
    /// `services::people::name`).
    pub display_name: String,
}

/// What a create or a full update sends. Absent optional fields are cleared on update.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct PersonInput {
    pub first_name: String,
    pub last_name: String,
    pub emails: Vec<LabeledValue>,
    pub phones: Vec<LabeledValue>,
    pub address: Address,
    pub socials: Vec<SocialProfile>,
    /// Links an existing company; wins over `company_name`.
    pub company_id: Option<Id>,
    /// Links the company of that name (case-insensitive), creating it when there is none.
    pub company_name: Option<String>,
    pub job_title: Option<String>,
    pub owner: Option<String>,
    pub tags: Vec<String>,
    pub source: Option<String>,
    pub preferred_channel: Option<ContactChannel>,
    pub language: Option<String>,
    pub lifecycle: Lifecycle,
    pub lead_status: Option<LeadStatus>,
    pub external_id: Option<String>,
    pub custom: CustomValues,
}

/// A row of the people list: what the table shows, cheap to load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct PersonRow {
    pub id: Id,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company_id: Option<Id>,
    pub company_name: Option<String>,
    pub job_title: Option<String>,
    pub owner: Option<String>,
    pub tags: Vec<String>,
    pub lifecycle: Lifecycle,
    pub lead_status: Option<LeadStatus>,
    pub city: Option<String>,
    /// The lead score 0..=100 (None until the lead has been scored).
    pub score: Option<i32>,
    pub score_band: Option<ScoreBand>,
    pub created_at: Millis,
    pub updated_at: Millis,
    /// As `Person::display_name`.
    pub display_name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PersonSort {
    #[default]
    Name,
    Company,
    Lifecycle,
    CreatedAt,
    UpdatedAt,
    /// Unscored people sort below every score.
    Score,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct PeopleQuery {
    /// Prefix search over names, emails, phones and company name.
    pub search: Option<String>,
    pub tag: Option<String>,
    pub owner: Option<String>,
    pub lifecycle: Option<Lifecycle>,
    pub lead_status: Option<LeadStatus>,
    pub company_id: Option<Id>,
    /// Only people scored at least this much.
    pub min_score: Option<i32>,
    pub score_band: Option<ScoreBand>,
    pub sort: PersonSort,
    pub desc: bool,
    /// Page size, 1..=500 (default 100).
    pub limit: Option<u32>,
    pub cursor: Option<String>,
    /// Only the people in this saved segment (a CSV or vCard export of a segment uses the list this way).
    pub segment_id: Option<Id>,
    /// Only these people (a bulk selection's export); `None` means no such restriction.
    pub ids: Option<Vec<Id>>,
    /// Never these people (a whole segment selected, minus the ones unticked).
    pub exclude: Vec<Id>,
}

impl Person {
    /// The input that saves this person unchanged: the base of a partial update (change some fields, send
    /// the rest as they are).
    pub fn to_input(&self) -> PersonInput {
        PersonInput {
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            emails: self.emails.clone(),
            phones: self.phones.clone(),
            address: self.address.clone(),
            socials: self.socials.clone(),
            company_id: self.company_id,
            company_name: None,
            job_title: self.job_title.clone(),
            owner: self.owner.clone(),
            tags: self.tags.clone(),
            source: self.source.clone(),
            preferred_channel: self.preferred_channel,
            language: self.language.clone(),
            lifecycle: self.lifecycle,
            lead_status: self.lead_status,
            external_id: self.external_id.clone(),
            custom: self.custom.clone(),
        }
    }
}

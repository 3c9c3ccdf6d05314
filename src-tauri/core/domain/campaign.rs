//! Campaigns (issue 16): a marketing effort with a channel, a consent purpose, a budget and cost entries,
//! members snapshotted from a segment, consent-aware sending through the outbox, A/B tests and a report.
//! Money in minor units of the campaign's currency.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Id, Millis};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CampaignChannel {
    #[default]
    Email,
    Event,
    Social,
    Ads,
    Print,
    Other,
}

impl CampaignChannel {
    pub const ALL: [CampaignChannel; 6] = [
        CampaignChannel::Email,
        CampaignChannel::Event,
        CampaignChannel::Social,
        CampaignChannel::Ads,
        CampaignChannel::Print,
        CampaignChannel::Other,
    ];
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct CampaignInput {
    pub name: String,
    pub channel: CampaignChannel,
    pub goal: Option<String>,
    /// The consent purpose a member needs a valid consent for before anything is sent to them.
    pub purpose: String,
    /// The period, as ISO dates (YYYY-MM-DD).
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub owner: Option<String>,
    pub budget_minor: Option<i64>,
    /// ISO 4217; the app's default currency when empty.
    pub currency: String,
    /// A member converts when they win a deal within this many days of being sent to (default 30).
    pub conversion_days: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Campaign {
    pub id: Id,
    pub name: String,
    pub channel: CampaignChannel,
    pub goal: Option<String>,
    pub purpose: String,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub owner: Option<String>,
    pub budget_minor: Option<i64>,
    pub currency: String,
    pub conversion_days: u32,
    pub members: i64,
    pub cost_minor: i64,
    pub created_at: Millis,
    pub updated_at: Millis,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct CampaignCostInput {
    /// YYYY-MM-DD.
    pub spent_on: String,
    pub amount_minor: i64,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CampaignCost {
    pub id: Id,
    pub campaign_id: Id,
    pub spent_on: String,
    pub amount_minor: i64,
    pub note: Option<String>,
}

/// A member and their responses, each with its time (`None`: not yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CampaignMember {
    pub person_id: Id,
    pub name: String,
    pub email: Option<String>,
    /// The A/B variant (0-based) of a test member; `None` for the rest.
    pub variant: Option<u32>,
    pub added_at: Millis,
    /// Queued through the outbox (its message id), and when the server accepted it.
    pub outbox_id: Option<Id>,
    pub queued_at: Option<Millis>,
    pub sent_at: Option<Millis>,
    pub bounced_at: Option<Millis>,
    pub replied_at: Option<Millis>,
    pub unsubscribed_at: Option<Millis>,
    pub converted_at: Option<Millis>,
}

/// A member's response to a campaign, as the member list, the report and the segments' `campaigns.<response>`
/// fields read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberResponse {
    Sent,
    Bounced,
    Replied,
    Unsubscribed,
    Converted,
}

impl MemberResponse {
    pub const ALL: [MemberResponse; 5] =
        [Self::Sent, Self::Bounced, Self::Replied, Self::Unsubscribed, Self::Converted];

    /// The response's name in field names: `campaigns.replied`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sent => "sent",
            Self::Bounced => "bounced",
            Self::Replied => "replied",
            Self::Unsubscribed => "unsubscribed",
            Self::Converted => "converted",
        }
    }
}

/// Why a member gets nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    NoAddress,
    Bouncing,
    Unsubscribed,
    NoConsent,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SendRecipient {
    pub person_id: Id,
    pub name: String,
    pub email: String,
    pub variant: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SkippedMember {
    pub person_id: Id,
    pub name: String,
    pub reason: SkipReason,
}

/// Who a send reaches and who it skips (a dry run stops here); `queued` counts the messages queued now
/// (0 in a dry run, and for members queued by an earlier send, who are in `already_sent`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SendPlan {
    pub recipients: Vec<SendRecipient>,
    pub skipped: Vec<SkippedMember>,
    pub already_sent: u32,
    pub queued: u32,
    pub dry_run: bool,
}

/// Which members a send covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case", tag = "kind", content = "variant")]
pub enum SendScope {
    /// Every member (a campaign without an A/B test).
    #[default]
    All,
    /// The A/B test portion, each member with their variant.
    Test,
    /// The members outside the test portion, with this variant (the winner, or the user's pick).
    Rest(u32),
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct SendRequest {
    pub campaign_id: Id,
    /// The template (by name) of a campaign without an A/B test.
    pub template: Option<String>,
    /// The account to send from; the only account when `None`.
    pub account_id: Option<Id>,
    pub scope: SendScope,
    pub dry_run: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AbMetric {
    #[default]
    Reply,
    Conversion,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AbVariantInput {
    /// The template by name.
    pub template: String,
    /// Replaces the template's subject when set.
    pub subject: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AbTestInput {
    pub variants: Vec<AbVariantInput>,
    /// The share of members in the test, in percent (1–100).
    pub test_percent: u32,
    pub metric: AbMetric,
    /// The metric counts within this many days of sending.
    pub window_days: u32,
    /// The split's seed; a fresh one when `None`. Recorded either way.
    pub seed: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct AbVariantResult {
    pub variant: u32,
    pub template: String,
    pub subject: Option<String>,
    pub n: u32,
    pub successes: u32,
    pub rate: f64,
    /// The 95 % Wilson score interval of the rate.
    pub low: f64,
    pub high: f64,
    /// Two-sided p-value against the leading variant (`None` for the leader itself).
    pub p_value: Option<f64>,
    pub method: Option<AbTestMethod>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AbTestMethod {
    ZTest,
    Fisher,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct AbReport {
    pub campaign_id: Id,
    pub metric: AbMetric,
    pub window_days: u32,
    pub seed: i64,
    pub test_percent: u32,
    pub variants: Vec<AbVariantResult>,
    /// The variant with the highest rate (the lowest number on a tie); `None` before anything was sent.
    pub leader: Option<u32>,
    /// The leader, only when it beats every other variant with p < 0.05 (Bonferroni: p < 0.05 / (k − 1)).
    pub winner: Option<u32>,
    /// Whether the rest was sent, and with which variant.
    pub rest_variant: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AttributionModel {
    FirstTouch,
    #[default]
    LastTouch,
    Linear,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CampaignReport {
    pub campaign_id: Id,
    pub model: AttributionModel,
    pub currency: String,
    pub members: u32,
    /// Messages queued through the outbox; `sent` counts those the server accepted.
    pub queued: u32,
    pub sent: u32,
    pub bounced: u32,
    pub replied: u32,
    pub unsubscribed: u32,
    pub converted: u32,
    /// Leads (first replies) and won deals credited to this campaign by `model` (fractions under linear).
    pub leads: f64,
    pub won_deals: f64,
    /// Credited revenue of won deals in the campaign's currency (deals in other currencies are not counted).
    pub revenue_minor: i64,
    pub cost_minor: i64,
    pub cost_per_lead_minor: Option<i64>,
    pub cost_per_acquisition_minor: Option<i64>,
    /// (revenue − cost) / cost; `None` without cost.
    pub return_on_spend: Option<f64>,
    /// Library documents the campaign's messages carried, per document (most sent first).
    pub documents_sent: Vec<super::DocumentSendCount>,
}

/// Where a campaign's send stands on this desktop (its outbox): how many of the messages it queued are
/// still waiting, were accepted by the server or failed for good, how many members were not queued
/// (`skipped`: skipped for a reason, or joined since the send), and whether the send is paused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SendProgress {
    pub campaign_id: Id,
    pub name: String,
    /// Messages this desktop queued for the campaign: `queued + sent + failed`.
    pub total: u32,
    /// Waiting in the outbox (queued, or in flight).
    pub queued: u32,
    pub sent: u32,
    pub failed: u32,
    /// Live members without a send record (skipped by the send, or added after it).
    pub skipped: u32,
    /// The outbox takes none of the campaign's waiting messages until it is resumed.
    pub paused: bool,
    /// Something is still waiting (`queued > 0`).
    pub running: bool,
}

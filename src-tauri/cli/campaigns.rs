//! `relata campaigns ...`: campaigns, their costs and members, consent-aware sending, A/B tests and the report
//! (docs/campaigns.md).

use clap::{Args, Subcommand};

use super::mail::pick_account;
use super::output::{self, enum_arg, opt};
use relata_core::domain::money::{self, Amount};
use relata_core::domain::{
    AbMetric, AbTestInput, AbVariantInput, AttributionModel, CampaignChannel, CampaignCostInput, CampaignInput, Id,
    SendRequest, SendScope,
};
use relata_core::error::{AppError, AppResult, ErrorCode};
use relata_core::services::campaigns::{self, abtest, progress, report, send};
use relata_core::services::settings;
use relata_core::store::Store;

const CHANNELS: &[&str] = &["email", "event", "social", "ads", "print", "other"];
const MODELS: &[&str] = &["first_touch", "last_touch", "linear"];

#[derive(Debug, Subcommand)]
pub enum CampaignsCmd {
    /// Add a campaign and print it as JSON.
    Add(AddCampaign),
    /// List campaigns (a table, or JSON with --json).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add a cost entry in the campaign's currency and print it as JSON.
    Cost {
        id: Id,
        /// The amount, e.g. 250.00 (a comma works as the decimal separator too).
        #[arg(long, value_parser = money::parse_amount)]
        amount: Amount,
        /// YYYY-MM-DD.
        #[arg(long)]
        date: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// With --segment: add the segment's people now (a snapshot) and print {"added": N}. Without: list the
    /// members with their responses.
    Members {
        id: Id,
        #[arg(long, value_name = "SID")]
        segment: Option<Id>,
        #[arg(long)]
        json: bool,
    },
    /// Queue one message per member through the outbox in their language; members without consent for the
    /// purpose, unsubscribed, bouncing or without an address are skipped and listed. Prints the plan as JSON.
    Send(SendArgs),
    /// The campaign report (members, responses, leads, won deals, revenue, cost per lead and acquisition,
    /// return on spend) as JSON.
    Report {
        id: Id,
        /// How leads and won deals are credited to campaigns (default: last_touch).
        #[arg(long, value_parser = enum_arg::<AttributionModel>(MODELS))]
        model: Option<AttributionModel>,
        /// Accepted for symmetry: the report is always JSON.
        #[arg(long)]
        json: bool,
    },
    /// With --variant (2 to 4 times): set up an A/B test and split the members. Prints the A/B results as
    /// JSON (variants with n, successes, rate, interval, p_value; winner or null).
    Abtest(AbArgs),
    /// Pause the campaign's send: the outbox sender takes none of its waiting messages (one in flight
    /// finishes). Prints the progress as JSON.
    Pause { id: Id },
    /// Resume a paused send (within the account's rate limits). Prints the progress as JSON.
    Resume { id: Id },
    /// Where the send stands in this desktop's outbox: total, queued, sent, failed, skipped, paused.
    Progress {
        id: Id,
        /// Accepted for symmetry: the output is always JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct AddCampaign {
    #[arg(long)]
    name: String,
    #[arg(long, value_parser = enum_arg::<CampaignChannel>(CHANNELS), default_value = "email")]
    channel: CampaignChannel,
    /// The consent purpose members need a valid consent for.
    #[arg(long)]
    purpose: String,
    #[arg(long)]
    goal: Option<String>,
    #[arg(long)]
    owner: Option<String>,
    /// The period, YYYY-MM-DD.
    #[arg(long)]
    starts: Option<String>,
    #[arg(long)]
    ends: Option<String>,
    #[arg(long, value_parser = money::parse_amount)]
    budget: Option<Amount>,
    /// ISO 4217 code (default: the currency from settings).
    #[arg(long)]
    currency: Option<String>,
    /// A member converts by winning a deal within this many days of the campaign reaching them (default 30).
    #[arg(long)]
    conversion_days: Option<u32>,
}

#[derive(Debug, Args)]
pub struct SendArgs {
    id: Id,
    /// The template by name (not with an A/B test, whose variants name theirs).
    #[arg(long, value_name = "NAME")]
    template: Option<String>,
    /// List who would be sent and who skipped, and queue nothing.
    #[arg(long)]
    dry_run: bool,
    /// The account to send from (needed when there is more than one).
    #[arg(long, value_name = "NAME")]
    account: Option<String>,
    /// Send the A/B test portion, each member their variant.
    #[arg(long, conflicts_with_all = ["rest", "template"])]
    test: bool,
    /// Send the members outside the A/B test this variant (0-based; the winner, or your pick).
    #[arg(long, value_name = "VARIANT", conflicts_with = "template")]
    rest: Option<u32>,
}

#[derive(Debug, Args)]
pub struct AbArgs {
    id: Id,
    /// A variant: a template name, optionally with a subject: "NAME" or "NAME:SUBJECT".
    #[arg(long = "variant", value_name = "TEMPLATE[:SUBJECT]")]
    variants: Vec<String>,
    /// The share of members in the test, in percent.
    #[arg(long, default_value_t = 20)]
    percent: u32,
    #[arg(long, value_parser = enum_arg::<AbMetric>(&["reply", "conversion"]), default_value = "reply")]
    metric: AbMetric,
    /// The metric counts within this many days of sending.
    #[arg(long, default_value_t = 7)]
    days: u32,
    /// The split's seed (recorded; default: the current time).
    #[arg(long)]
    seed: Option<i64>,
    /// Accepted for symmetry: the output is always JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(store: &Store, cmd: CampaignsCmd) -> AppResult<()> {
    match cmd {
        CampaignsCmd::Add(a) => output::json(&campaigns::add(store, input(store, a)?)?),
        CampaignsCmd::List { json } => {
            let rows = campaigns::list(store)?;
            let total = rows.len() as i64;
            output::list(json, rows, total, &["ID", "NAME", "CHANNEL", "PURPOSE", "MEMBERS", "COST"], |c| {
                vec![
                    c.id.to_string(),
                    c.name,
                    serde_json::to_value(c.channel)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                    c.purpose,
                    c.members.to_string(),
                    money::format_minor(c.cost_minor, &c.currency),
                ]
            })
        }
        CampaignsCmd::Cost { id, amount, date, note } => {
            let currency = campaigns::get(store, id)?.currency;
            let amount_minor = amount.to_minor(money::exponent(&currency), "amount")?;
            output::json(&campaigns::add_cost(store, id, CampaignCostInput { spent_on: date, amount_minor, note })?)
        }
        CampaignsCmd::Members { id, segment: Some(segment), .. } => {
            let added = campaigns::add_members_from_segment(store, id, segment)?;
            output::json(&serde_json::json!({ "added": added }))
        }
        CampaignsCmd::Members { id, segment: None, json } => {
            let rows = campaigns::members(store, id)?;
            let total = rows.len() as i64;
            let when = |t: Option<i64>| t.map(output::time).unwrap_or_default();
            output::list(json, rows, total, &["PERSON", "NAME", "EMAIL", "SENT", "REPLIED", "BOUNCED"], |m| {
                vec![
                    m.person_id.to_string(),
                    m.name,
                    opt(&m.email),
                    when(m.sent_at),
                    when(m.replied_at),
                    when(m.bounced_at),
                ]
            })
        }
        CampaignsCmd::Send(a) => {
            let account_id =
                if a.dry_run && a.account.is_none() { None } else { Some(pick_account(store, a.account.as_deref())?) };
            let scope = match (a.test, a.rest) {
                (true, _) => SendScope::Test,
                (false, Some(v)) => SendScope::Rest(v),
                (false, None) => SendScope::All,
            };
            let req = SendRequest { campaign_id: a.id, template: a.template, account_id, scope, dry_run: a.dry_run };
            output::json(&send::send(store, &req)?)
        }
        CampaignsCmd::Report { id, model, .. } => output::json(&report::report(store, id, model.unwrap_or_default())?),
        CampaignsCmd::Abtest(a) if a.variants.is_empty() => match abtest::report(store, a.id)? {
            Some(r) => output::json(&r),
            None => Err(AppError::new(ErrorCode::NotFound, format!("campaign {} has no A/B test", a.id))),
        },
        CampaignsCmd::Abtest(a) => {
            let variants = a
                .variants
                .iter()
                .map(|v| match v.split_once(':') {
                    Some((t, s)) => AbVariantInput { template: t.trim().into(), subject: Some(s.trim().into()) },
                    None => AbVariantInput { template: v.trim().into(), subject: None },
                })
                .collect();
            let input =
                AbTestInput { variants, test_percent: a.percent, metric: a.metric, window_days: a.days, seed: a.seed };
            output::json(&abtest::setup(store, a.id, input)?)
        }
        CampaignsCmd::Pause { id } => output::json(&progress::pause(store, id)?),
        CampaignsCmd::Resume { id } => output::json(&progress::resume(store, id)?),
        CampaignsCmd::Progress { id, .. } => output::json(&progress::progress(store, id)?),
    }
}

fn input(store: &Store, a: AddCampaign) -> AppResult<CampaignInput> {
    let currency = match a.currency {
        Some(c) => c,
        None => settings::get(store)?.default_currency,
    };
    let budget_minor = a.budget.map(|b| b.to_minor(money::exponent(&currency), "budget")).transpose()?;
    Ok(CampaignInput {
        name: a.name,
        channel: a.channel,
        goal: a.goal,
        purpose: a.purpose,
        starts_on: a.starts,
        ends_on: a.ends,
        owner: a.owner,
        budget_minor,
        currency,
        conversion_days: a.conversion_days,
    })
}

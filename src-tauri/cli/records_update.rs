//! `relata companies update ID` and `relata deals update ID`: only the given fields change (an empty value
//! clears an optional text; a list option given once or more replaces that list).

use clap::Args;

use super::output;
use relata_core::domain::money::{self, Amount};
use relata_core::domain::Id;
use relata_core::error::{AppError, AppResult, ErrorCode};
use relata_core::services::{companies, deals, pipelines, validate};
use relata_core::store::Store;

/// A given optional text: "" clears it.
pub fn set(target: &mut Option<String>, given: Option<String>) {
    if let Some(v) = given {
        *target = (!v.is_empty()).then_some(v);
    }
}

#[derive(Debug, Args)]
pub struct UpdateCompany {
    id: Id,
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    domain: Option<String>,
    #[arg(long)]
    website: Option<String>,
    #[arg(long)]
    industry: Option<String>,
    #[arg(long)]
    phone: Option<String>,
    /// The owning team user ("" makes the company unassigned).
    #[arg(long)]
    owner: Option<String>,
    /// A tag (repeatable; replaces the company's tags).
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    #[arg(long)]
    street: Option<String>,
    #[arg(long)]
    postal_code: Option<String>,
    #[arg(long)]
    city: Option<String>,
    #[arg(long)]
    region: Option<String>,
    #[arg(long)]
    country: Option<String>,
}

pub fn company(store: &Store, u: UpdateCompany) -> AppResult<()> {
    let mut c = companies::get(store, u.id)?.to_input();
    if let Some(name) = u.name {
        c.name = name;
    }
    if !u.tags.is_empty() {
        c.tags = u.tags;
    }
    for (target, given) in [
        (&mut c.domain, u.domain),
        (&mut c.website, u.website),
        (&mut c.industry, u.industry),
        (&mut c.phone, u.phone),
        (&mut c.owner, u.owner),
        (&mut c.address.street, u.street),
        (&mut c.address.postal_code, u.postal_code),
        (&mut c.address.city, u.city),
        (&mut c.address.region, u.region),
        (&mut c.address.country, u.country),
    ] {
        set(target, given);
    }
    output::json(&companies::update(store, u.id, c)?)
}

#[derive(Debug, Args)]
pub struct UpdateDeal {
    id: Id,
    #[arg(long)]
    title: Option<String>,
    /// The amount, e.g. 1234.50, in the deal's currency (or the one given with --currency).
    #[arg(long, value_parser = money::parse_amount)]
    value: Option<Amount>,
    #[arg(long)]
    currency: Option<String>,
    /// The stage's name or id in the deal's pipeline.
    #[arg(long, value_name = "NAME_OR_ID")]
    stage: Option<String>,
    /// The person's id (0 unlinks).
    #[arg(long, value_name = "ID")]
    person: Option<Id>,
    /// The company's id (0 unlinks).
    #[arg(long, value_name = "ID")]
    company: Option<Id>,
    /// The owning team user ("" makes the deal unassigned).
    #[arg(long)]
    owner: Option<String>,
    /// YYYY-MM-DD ("" clears it).
    #[arg(long)]
    expected_close: Option<String>,
    /// 0 to 100.
    #[arg(long)]
    probability: Option<i32>,
    #[arg(long)]
    lost_reason: Option<String>,
}

pub fn deal(store: &Store, u: UpdateDeal) -> AppResult<()> {
    let mut d = deals::get(store, u.id)?.to_input();
    if let Some(title) = u.title {
        d.title = title;
    }
    if let Some(c) = u.currency.as_deref() {
        d.currency = validate::currency("currency", c)?;
    }
    if let Some(value) = u.value {
        d.value_minor = value.to_minor(money::exponent(&d.currency), "value")?;
    }
    if let Some(key) = u.stage.as_deref() {
        let all = pipelines::list(store)?;
        let pipeline = all.iter().find(|p| Some(p.id) == d.pipeline_id);
        let stage = pipeline.and_then(|p| {
            p.stages.iter().find(|s| {
                s.id.to_string() == key.trim()
                    || s.name.eq_ignore_ascii_case(key.trim())
                    || s.system_key.as_deref().is_some_and(|k| k.eq_ignore_ascii_case(key.trim()))
            })
        });
        let stage = stage.ok_or_else(|| {
            AppError::field(ErrorCode::NotFound, "stage", format!("the deal's pipeline has no stage \"{key}\""))
        })?;
        d.stage_id = Some(stage.id);
    }
    if let Some(p) = u.person {
        d.person_id = (p != 0).then_some(p);
    }
    if let Some(c) = u.company {
        d.company_id = (c != 0).then_some(c);
    }
    if u.probability.is_some() {
        d.probability = u.probability;
    }
    set(&mut d.owner, u.owner);
    set(&mut d.expected_close, u.expected_close);
    set(&mut d.lost_reason, u.lost_reason);
    output::json(&deals::update(store, u.id, d)?)
}

//! `relata people update ID`: only the given fields change (an empty value clears an optional field; a
//! list option given once or more replaces that list).

use clap::Args;

use super::output::{self, enum_arg};
use super::people::LIFECYCLES;
use super::records_update::set;
use relata_core::domain::{ContactChannel, Id, LabeledValue, LeadStatus, Lifecycle, PersonInput};
use relata_core::error::AppResult;
use relata_core::services::people;
use relata_core::store::Store;

const LEAD_STATUSES: &[&str] = &["open", "converted", "lost"];
const CHANNELS: &[&str] = &["email", "phone", "sms", "chat", "visit", "post"];

#[derive(Debug, Args)]
pub struct UpdatePerson {
    id: Id,
    #[arg(long)]
    first_name: Option<String>,
    #[arg(long)]
    last_name: Option<String>,
    /// An email address (repeatable; replaces the person's emails, the first is the primary one).
    #[arg(long = "email", value_name = "EMAIL")]
    emails: Vec<String>,
    /// A phone number (repeatable; replaces the person's phones).
    #[arg(long = "phone", value_name = "PHONE")]
    phones: Vec<String>,
    /// The company's name; it is created when there is none of that name ("" unlinks).
    #[arg(long)]
    company: Option<String>,
    /// A tag (repeatable; replaces the person's tags).
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// The owning team user (their workspace user name; "" makes the person unassigned).
    #[arg(long)]
    owner: Option<String>,
    #[arg(long, value_parser = enum_arg::<Lifecycle>(LIFECYCLES))]
    lifecycle: Option<Lifecycle>,
    #[arg(long, value_parser = enum_arg::<LeadStatus>(LEAD_STATUSES))]
    lead_status: Option<LeadStatus>,
    #[arg(long, value_parser = enum_arg::<ContactChannel>(CHANNELS))]
    preferred_channel: Option<ContactChannel>,
    #[arg(long)]
    external_id: Option<String>,
    #[arg(long)]
    job_title: Option<String>,
    #[arg(long)]
    source: Option<String>,
    /// BCP 47 language tag, e.g. "nl" or "de-AT".
    #[arg(long)]
    language: Option<String>,
    #[arg(long)]
    street: Option<String>,
    #[arg(long)]
    postal_code: Option<String>,
    #[arg(long)]
    city: Option<String>,
    #[arg(long)]
    region: Option<String>,
    /// ISO 3166-1 alpha-2 code.
    #[arg(long)]
    country: Option<String>,
}

fn labeled(values: Vec<String>) -> Vec<LabeledValue> {
    values.into_iter().map(|value| LabeledValue { label: String::new(), value }).collect()
}

pub fn run(store: &Store, u: UpdatePerson) -> AppResult<()> {
    let mut p: PersonInput = people::get(store, u.id)?.to_input();
    if let Some(v) = u.first_name {
        p.first_name = v;
    }
    if let Some(v) = u.last_name {
        p.last_name = v;
    }
    if !u.emails.is_empty() {
        p.emails = labeled(u.emails);
    }
    if !u.phones.is_empty() {
        p.phones = labeled(u.phones);
    }
    if let Some(name) = u.company {
        p.company_id = None;
        p.company_name = (!name.is_empty()).then_some(name);
    }
    if !u.tags.is_empty() {
        p.tags = u.tags;
    }
    set(&mut p.owner, u.owner);
    p.lifecycle = u.lifecycle.unwrap_or(p.lifecycle);
    p.lead_status = u.lead_status.or(p.lead_status);
    p.preferred_channel = u.preferred_channel.or(p.preferred_channel);
    set(&mut p.external_id, u.external_id);
    set(&mut p.job_title, u.job_title);
    set(&mut p.source, u.source);
    set(&mut p.language, u.language);
    set(&mut p.address.street, u.street);
    set(&mut p.address.postal_code, u.postal_code);
    set(&mut p.address.city, u.city);
    set(&mut p.address.region, u.region);
    set(&mut p.address.country, u.country);
    output::json(&people::update(store, u.id, p)?)
}

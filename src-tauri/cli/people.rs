use clap::{Args, Subcommand};

use super::output::{self, enum_arg, opt};
use relata_core::domain::{Id, LabeledValue, Lifecycle, PeopleQuery, PersonInput, PersonRow};
use relata_core::error::AppResult;
use relata_core::services::import::merge;
use relata_core::services::people;
use relata_core::store::Store;

pub const LIFECYCLES: &[&str] = &["lead", "qualified", "customer", "churned"];

#[derive(Debug, Subcommand)]
pub enum PeopleCmd {
    /// Add a person and print it as JSON.
    Add(AddPerson),
    /// List people (a table, or JSON with --json).
    List(ListPeople),
    /// Print one person as JSON.
    Get { id: Id },
    /// Change some of a person's fields (only the given ones) and print the person as JSON.
    Update(Box<super::people_update::UpdatePerson>),
    /// Move a person to the trash.
    Delete { id: Id },
    /// Merge person FROM into person INTO: INTO keeps its values and gains FROM's emails, phones, tags,
    /// activities, tasks and deals; FROM is deleted.
    Merge { from: Id, into: Id },
}

#[derive(Debug, Args)]
pub struct AddPerson {
    #[arg(long, default_value = "")]
    first_name: String,
    #[arg(long, default_value = "")]
    last_name: String,
    /// An email address (repeatable; the first is the primary one).
    #[arg(long = "email", value_name = "EMAIL")]
    emails: Vec<String>,
    /// A phone number (repeatable).
    #[arg(long = "phone", value_name = "PHONE")]
    phones: Vec<String>,
    /// The company's name; it is created when there is none of that name.
    #[arg(long)]
    company: Option<String>,
    /// A tag (repeatable).
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    #[arg(long)]
    owner: Option<String>,
    #[arg(long, value_parser = enum_arg::<Lifecycle>(LIFECYCLES))]
    lifecycle: Option<Lifecycle>,
    /// The person's id in another system (a person needs a name, an email or this).
    #[arg(long)]
    external_id: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListPeople {
    /// Prefix search over names, emails, phones and company names.
    #[arg(long)]
    search: Option<String>,
    #[arg(long)]
    tag: Option<String>,
    /// At most this many rows (default: all).
    #[arg(long)]
    limit: Option<u32>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(store: &Store, cmd: PeopleCmd) -> AppResult<()> {
    match cmd {
        PeopleCmd::Add(a) => {
            let labeled = |values: Vec<String>| {
                values.into_iter().map(|value| LabeledValue { label: String::new(), value }).collect()
            };
            let input = PersonInput {
                first_name: a.first_name,
                last_name: a.last_name,
                emails: labeled(a.emails),
                phones: labeled(a.phones),
                company_name: a.company,
                tags: a.tags,
                owner: a.owner,
                lifecycle: a.lifecycle.unwrap_or_default(),
                external_id: a.external_id,
                ..Default::default()
            };
            output::json(&people::create(store, input)?)
        }
        PeopleCmd::List(l) => {
            let (rows, total) = output::collect(l.limit, |cursor, limit| {
                let q = PeopleQuery {
                    search: l.search.clone(),
                    tag: l.tag.clone(),
                    limit: Some(limit),
                    cursor,
                    ..Default::default()
                };
                people::list(store, &q)
            })?;
            print_rows(l.json, rows, total)
        }
        PeopleCmd::Get { id } => output::json(&people::get(store, id)?),
        PeopleCmd::Update(u) => super::people_update::run(store, *u),
        PeopleCmd::Delete { id } => {
            people::delete(store, id)?;
            output::json(&serde_json::json!({ "deleted": { "entity": "person", "id": id } }))
        }
        PeopleCmd::Merge { from, into } => output::json(&merge::merge_people(store, from, into)?),
    }
}

/// People rows as the people list prints them: a table, or JSON with `json`.
pub fn print_rows(json: bool, rows: Vec<PersonRow>, total: i64) -> AppResult<()> {
    output::list(json, rows, total, &["ID", "NAME", "EMAIL", "PHONE", "COMPANY", "TAGS"], |p| {
        vec![
            p.id.to_string(),
            p.display_name.clone(),
            opt(&p.email),
            opt(&p.phone),
            opt(&p.company_name),
            p.tags.join(", "),
        ]
    })
}

use clap::{Args, Subcommand};

use super::output::{self, opt};
use relata_core::domain::{CompaniesQuery, CompanyInput};
use relata_core::error::AppResult;
use relata_core::services::companies;
use relata_core::store::Store;

#[derive(Debug, Subcommand)]
pub enum CompaniesCmd {
    /// Add a company and print it as JSON.
    Add(AddCompany),
    /// List companies (a table, or JSON with --json).
    List(ListCompanies),
    /// Change some of a company's fields (only the given ones) and print it as JSON.
    Update(Box<super::records_update::UpdateCompany>),
}

#[derive(Debug, Args)]
pub struct AddCompany {
    #[arg(long)]
    name: String,
    /// The web domain, e.g. example.nl.
    #[arg(long)]
    domain: Option<String>,
    #[arg(long)]
    website: Option<String>,
    #[arg(long)]
    industry: Option<String>,
    #[arg(long)]
    phone: Option<String>,
    #[arg(long)]
    owner: Option<String>,
    /// A tag (repeatable).
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ListCompanies {
    /// Prefix search over name, domain, industry and city.
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

pub fn run(store: &Store, cmd: CompaniesCmd) -> AppResult<()> {
    match cmd {
        CompaniesCmd::Add(a) => {
            let input = CompanyInput {
                name: a.name,
                domain: a.domain,
                website: a.website,
                industry: a.industry,
                phone: a.phone,
                owner: a.owner,
                tags: a.tags,
                ..Default::default()
            };
            output::json(&companies::create(store, input)?)
        }
        CompaniesCmd::Update(u) => super::records_update::company(store, *u),
        CompaniesCmd::List(l) => {
            let (rows, total) = output::collect(l.limit, |cursor, limit| {
                let q = CompaniesQuery {
                    search: l.search.clone(),
                    tag: l.tag.clone(),
                    limit: Some(limit),
                    cursor,
                    ..Default::default()
                };
                companies::list(store, &q)
            })?;
            output::list(l.json, rows, total, &["ID", "NAME", "DOMAIN", "INDUSTRY", "PEOPLE", "OPEN DEALS"], |c| {
                vec![
                    c.id.to_string(),
                    c.name,
                    opt(&c.domain),
                    opt(&c.industry),
                    c.people_count.to_string(),
                    c.open_deals_count.to_string(),
                ]
            })
        }
    }
}

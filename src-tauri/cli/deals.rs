use clap::{Args, Subcommand};

use super::output::{self, opt};
use relata_core::domain::money::{self, Amount};
use relata_core::domain::{DealInput, DealsQuery, Id, Pipeline, Stage};
use relata_core::error::{AppError, AppResult, ErrorCode};
use relata_core::services::{deals, pipelines, records, settings, validate};
use relata_core::store::Store;

#[derive(Debug, Subcommand)]
pub enum DealsCmd {
    /// Add a deal and print it as JSON.
    Add(AddDeal),
    /// List deals, newest first (a table, or JSON with --json).
    List(ListDeals),
    /// Change some of a deal's fields (only the given ones) and print it as JSON.
    Update(Box<super::records_update::UpdateDeal>),
}

#[derive(Debug, Args)]
pub struct AddDeal {
    #[arg(long)]
    title: String,
    /// The amount, e.g. 1234.50 (a comma works as the decimal separator too).
    #[arg(long, value_parser = money::parse_amount)]
    value: Amount,
    /// ISO 4217 code (default: the currency from settings).
    #[arg(long)]
    currency: Option<String>,
    /// The pipeline's name or id (default: the first pipeline).
    #[arg(long, value_name = "NAME_OR_ID")]
    pipeline: Option<String>,
    /// The stage's name or id (default: the pipeline's first stage).
    #[arg(long, value_name = "NAME")]
    stage: Option<String>,
    #[arg(long, value_name = "ID")]
    person: Option<Id>,
    #[arg(long, value_name = "ID")]
    company: Option<Id>,
}

#[derive(Debug, Args)]
pub struct ListDeals {
    /// At most this many rows (default: all).
    #[arg(long)]
    limit: Option<u32>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(store: &Store, cmd: DealsCmd) -> AppResult<()> {
    match cmd {
        DealsCmd::Add(a) => {
            let currency = match a.currency.as_deref() {
                Some(c) => validate::currency("currency", c)?,
                None => settings::get(store)?.default_currency,
            };
            let value_minor = a.value.to_minor(money::exponent(&currency), "value")?;
            let all = pipelines::list(store)?;
            let pipeline = match a.pipeline.as_deref() {
                Some(p) => Some(find(&all, p, |p: &Pipeline| (p.id, &p.name, &p.system_key)).ok_or_else(|| {
                    AppError::field(ErrorCode::NotFound, "pipeline", format!("there is no pipeline \"{p}\""))
                })?),
                None => None,
            };
            let stage_id = match a.stage.as_deref() {
                Some(s) => {
                    let stages = pipeline.or(all.first()).map(|p| p.stages.as_slice()).unwrap_or_default();
                    Some(find(stages, s, |st: &Stage| (st.id, &st.name, &st.system_key)).map(|st| st.id).ok_or_else(
                        || AppError::field(ErrorCode::NotFound, "stage", format!("the pipeline has no stage \"{s}\"")),
                    )?)
                }
                None => None,
            };
            let input = DealInput {
                title: a.title,
                value_minor,
                currency,
                pipeline_id: pipeline.map(|p| p.id),
                stage_id,
                person_id: a.person,
                company_id: a.company,
                ..Default::default()
            };
            output::json(&deals::create(store, input)?)
        }
        DealsCmd::Update(u) => super::records_update::deal(store, *u),
        DealsCmd::List(l) => {
            let (rows, total) = output::collect(l.limit, |cursor, limit| {
                deals::list(store, &DealsQuery { limit: Some(limit), cursor, ..Default::default() })
            })?;
            if l.json {
                return output::json(&rows);
            }
            let all = pipelines::list(store)?;
            let stage_name = |id: Id| {
                all.iter().flat_map(|p| &p.stages).find(|s| s.id == id).map(|s| s.name.clone()).unwrap_or_default()
            };
            let cells = rows
                .into_iter()
                .map(|d| {
                    vec![
                        d.id.to_string(),
                        d.title.clone(),
                        money::format_minor(d.value_minor, &d.currency),
                        stage_name(d.stage_id),
                        records::enum_str(&d.status),
                        opt(&d.company_name.or(d.person_name)),
                    ]
                })
                .collect();
            output::table(&["ID", "TITLE", "VALUE", "STAGE", "STATUS", "WITH"], cells, total);
            Ok(())
        }
    }
}

/// Finds by id (when `key` is a number), else by name or system key, ignoring case.
fn find<'a, T>(items: &'a [T], key: &str, fields: impl Fn(&T) -> (Id, &String, &Option<String>)) -> Option<&'a T> {
    let key = key.trim();
    let id: Option<Id> = key.parse().ok();
    items.iter().find(|item| {
        let (item_id, name, system_key) = fields(item);
        Some(item_id) == id
            || name.to_lowercase() == key.to_lowercase()
            || system_key.as_deref().is_some_and(|k| k.eq_ignore_ascii_case(key))
    })
}

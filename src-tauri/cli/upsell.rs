//! `relata upsell suggest|list|evaluate|checkins|likely`: upsell suggestions, their measured hit rates
//! against the best-seller baseline, check-ins due and customers likely to buy a product (docs/upsell.md).
//! The output is always JSON.

use clap::{Args, Subcommand};

use super::output;
use relata_core::domain::Id;
use relata_core::error::AppResult;
use relata_core::services::orders::products;
use relata_core::services::people;
use relata_core::services::upsell::{self, Params};
use relata_core::store::Store;

#[derive(Debug, Subcommand)]
pub enum UpsellCmd {
    /// Products one person has not bought, ranked, each with its reason.
    Suggest {
        #[arg(long)]
        person: Id,
        #[arg(long, default_value_t = 10)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Every customer with a purchase history and their suggestions.
    List {
        #[arg(long, default_value_t = 10)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Trains on the orders before the cutoff and reports the hit rates at 5 and 10 of the model and of
    /// the best sellers, over the customers who bought again after it.
    Evaluate {
        /// First day of the test window (YYYY-MM-DD); training uses the orders before it.
        #[arg(long)]
        cutoff: String,
        /// End of the test window (exclusive; default: no end).
        #[arg(long)]
        until: Option<String>,
        #[command(flatten)]
        params: ParamArgs,
        #[arg(long)]
        json: bool,
    },
    /// Customers who have not ordered for longer than their usual interval.
    Checkins {
        #[arg(long, default_value_t = 100)]
        limit: u32,
        /// Creates a task for each of them (for the person's owner, due today), except for customers who
        /// already have an open check-in task; prints `{"task_ids": [...], "skipped": N}`.
        #[arg(long)]
        create_tasks: bool,
        #[arg(long)]
        json: bool,
    },
    /// Customers likely to buy a product they have not bought yet.
    Likely {
        /// The product's SKU.
        #[arg(long)]
        sku: String,
        #[arg(long, default_value_t = 100)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
}

/// The model's knobs, for tuning on a validation split (defaults: `Params::default()`).
#[derive(Debug, Args)]
pub struct ParamArgs {
    #[arg(long)]
    shrink: Option<f32>,
    #[arg(long)]
    popularity: Option<f32>,
    #[arg(long)]
    recency: Option<f32>,
    #[arg(long)]
    half_life_days: Option<f32>,
    #[arg(long)]
    neighbours: Option<usize>,
}

impl ParamArgs {
    fn params(&self) -> Params {
        let d = Params::default();
        Params {
            shrink: self.shrink.unwrap_or(d.shrink),
            popularity: self.popularity.unwrap_or(d.popularity),
            recency: self.recency.unwrap_or(d.recency),
            half_life_days: self.half_life_days.unwrap_or(d.half_life_days),
            neighbours: self.neighbours.unwrap_or(d.neighbours),
            ..d
        }
    }
}

pub fn run(store: &Store, cmd: UpsellCmd) -> AppResult<()> {
    match cmd {
        UpsellCmd::Suggest { person, limit, .. } => {
            people::get(store, person)?;
            let model = upsell::build(store, Params::default())?;
            output::json(&upsell::suggest(&model, person, limit))
        }
        UpsellCmd::List { limit, .. } => {
            let model = upsell::build(store, Params::default())?;
            output::json(&upsell::list(store, &model, limit)?)
        }
        UpsellCmd::Evaluate { cutoff, until, params, .. } => {
            output::json(&upsell::evaluate(store, &cutoff, until.as_deref(), params.params())?)
        }
        UpsellCmd::Checkins { limit, create_tasks: true, .. } => {
            output::json(&upsell::create_tasks(store, None, limit as usize)?)
        }
        UpsellCmd::Checkins { limit, .. } => output::json(&upsell::checkins(store, limit as usize)?),
        UpsellCmd::Likely { sku, limit, .. } => {
            let product = products::get_by_sku(store, &sku)?;
            let model = upsell::build(store, Params::default())?;
            output::json(&upsell::likely_buyers(&model, product.id, limit as usize))
        }
    }
}

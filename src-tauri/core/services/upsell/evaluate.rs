//! The model measured, not assumed: trained on the orders before a cutoff, it suggests products to every
//! customer who had a history before the cutoff and bought again on or after it; a hit at k is at least one
//! of the first k suggestions among the products they bought after the cutoff and had not bought before.
//! The baseline is the same figure for "the best sellers they have not bought". The two windows never
//! overlap: nothing dated on or after the cutoff reaches the training history.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::Serialize;
use specta::Type;

use super::history::{History, Window};
use super::model::{Model, Params};
use crate::domain::Id;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::validate;
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Type)]
pub struct HitRates {
    pub at5: f64,
    pub at10: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Evaluation {
    pub cutoff: String,
    /// The end of the test window (exclusive), when one was given.
    pub until: Option<String>,
    /// Customers with a history before the cutoff who bought again in the test window.
    pub customers: u32,
    /// Of those, the ones who bought at least one product new to them (only these can be hit).
    pub customers_with_new_products: u32,
    pub model: HitRates,
    pub baseline: HitRates,
    /// Customers and products in the training history.
    pub train_customers: u32,
    pub train_products: u32,
}

/// Evaluates the model with `params` on the split at `cutoff` (test window up to `until`, exclusive).
pub fn evaluate(store: &Store, cutoff: &str, until: Option<&str>, params: Params) -> AppResult<Evaluation> {
    let cutoff = validate::date("cutoff", cutoff)?;
    let until = until.map(|u| validate::date("until", u)).transpose()?;
    if until.as_deref().is_some_and(|u| u <= cutoff.as_str()) {
        return Err(AppError::field(ErrorCode::InvalidValue, "until", "the test window must end after the cutoff"));
    }
    let (train, test) = store.read(|conn| {
        let train = History::load(conn, &Window { from: None, before: Some(cutoff.clone()) })?;
        let test = History::load(conn, &Window { from: Some(cutoff.clone()), before: until.clone() })?;
        Ok((train, test))
    })?;
    let now = NaiveDate::parse_from_str(&cutoff, "%Y-%m-%d")
        .map_err(|e| AppError::internal(e.to_string()))?
        .and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp());
    let model = Model::build(train, params, now);
    Ok(score_split(&model, &test, cutoff, until))
}

fn score_split(model: &Model, test: &History, cutoff: String, until: Option<String>) -> Evaluation {
    let best = model.best_sellers();
    let (mut customers, mut with_new) = (0u32, 0u32);
    let (mut model_hits, mut base_hits) = ([0u32; 2], [0u32; 2]);
    for (t, &person) in test.customers.iter().enumerate() {
        let Some(c) = model.history.customer_index(person) else { continue };
        customers += 1;
        let before: HashSet<Id> =
            model.history.bought(c).iter().map(|&(p, _)| model.history.products[p as usize].id).collect();
        let new: HashSet<Id> = test
            .bought(t)
            .iter()
            .map(|&(p, _)| test.products[p as usize].id)
            .filter(|id| !before.contains(id))
            .collect();
        if new.is_empty() {
            continue;
        }
        with_new += 1;
        let hit_at = |items: &[u32], k: usize| {
            items.iter().take(k).any(|&p| new.contains(&model.history.products[p as usize].id))
        };
        let ours = model.suggest_items(c, 10);
        let base = model.best_sellers_for(&best, c, 10);
        for (i, k) in [5, 10].into_iter().enumerate() {
            model_hits[i] += u32::from(hit_at(&ours, k));
            base_hits[i] += u32::from(hit_at(&base, k));
        }
    }
    let rate = |hits: u32| if customers == 0 { 0.0 } else { f64::from(hits) / f64::from(customers) };
    Evaluation {
        cutoff,
        until,
        customers,
        customers_with_new_products: with_new,
        model: HitRates { at5: rate(model_hits[0]), at10: rate(model_hits[1]) },
        baseline: HitRates { at5: rate(base_hits[0]), at10: rate(base_hits[1]) },
        train_customers: model.history.customer_count() as u32,
        train_products: model.history.products.len() as u32,
    }
}

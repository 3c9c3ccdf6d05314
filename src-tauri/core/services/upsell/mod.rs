//! Upsell and cross-sell (issue 17): per customer, products they have not bought, ranked by a model learned
//! from every customer's purchase history (item-to-item co-occurrence with a shrunk cosine, blended with
//! popularity and recency), each with its reason as data; the model's evaluation against the best-seller
//! baseline; customers likely to buy a product; and suggested check-ins. Method and figures: docs/upsell.md.
//! The model is derived from the order history whenever it is needed and never stored; the only write is
//! creating check-in tasks.

mod checkin_tasks;
mod checkins;
mod evaluate;
mod history;
mod likely;
mod model;
mod suggest;

pub use checkin_tasks::{create_tasks, CheckInTasks};
pub use checkins::{checkins, CheckIn};
pub use evaluate::{evaluate, Evaluation, HitRates};
pub use history::{History, ProductMeta, Window};
pub use likely::{likely_buyers, ranked_in_top, LikelyBuyer, LIKELY_TOP};
pub use model::{Model, Neighbour, Params};
pub use suggest::{ProductRef, Reason, Suggestion};

use std::sync::{Arc, Mutex};

use serde::Serialize;
use specta::Type;

use crate::domain::Id;
use crate::error::AppResult;
use crate::store::Store;

/// The most suggestions one call returns.
pub const MAX_LIMIT: u32 = 100;

/// Builds the model from every counted order, measuring recency from the store's clock.
pub fn build(store: &Store, params: Params) -> AppResult<Model> {
    let now = store.clock().now_ms();
    store.read(|conn| build_in(conn, params, now))
}

/// Builds the model on a connection the caller holds, recency measured from `now` (milliseconds).
pub fn build_in(conn: &rusqlite::Connection, params: Params, now: crate::clock::Millis) -> AppResult<Model> {
    let history = History::load(conn, &Window::default())?;
    Ok(Model::build(history, params, now / 1000))
}

fn clamp(limit: u32) -> usize {
    limit.clamp(1, MAX_LIMIT) as usize
}

/// Suggestions for one person (none without a history).
pub fn suggest(model: &Model, person: Id, limit: u32) -> Vec<Suggestion> {
    model.suggest(person, clamp(limit))
}

/// One customer's suggestions, as `relata upsell list` prints them.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct CustomerSuggestions {
    pub person_id: Id,
    pub external_id: Option<String>,
    pub suggestions: Vec<Suggestion>,
}

/// Every customer with a history and their suggestions, by person id.
pub fn list(store: &Store, model: &Model, limit: u32) -> AppResult<Vec<CustomerSuggestions>> {
    let external: std::collections::HashMap<Id, Option<String>> = store.read(|conn| {
        let mut stmt = conn.prepare_cached("SELECT id, external_id FROM people WHERE deleted_at IS NULL")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    })?;
    Ok(model
        .history
        .customers
        .iter()
        .filter_map(|&person| {
            let external_id = external.get(&person)?.clone();
            Some(CustomerSuggestions { person_id: person, external_id, suggestions: suggest(model, person, limit) })
        })
        .collect())
}

/// A built model kept between calls (the app's person page), rebuilt after the order history changed.
#[derive(Default)]
pub struct Cache {
    model: Mutex<Option<Arc<Model>>>,
}

impl Cache {
    /// The cached model, built first when there is none.
    pub fn get(&self, store: &Store) -> AppResult<Arc<Model>> {
        let mut slot = self.model.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(model) = slot.as_ref() {
            return Ok(model.clone());
        }
        let model = Arc::new(build(store, Params::default())?);
        *slot = Some(model.clone());
        Ok(model)
    }

    /// Forgets the model (call when `Topic::Order` changed).
    pub fn invalidate(&self) {
        *self.model.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

//! "Customers likely to buy product Y": the customers who have not bought Y, ranked by how strongly their
//! recent products point to it (the same neighbour similarities the suggestions sum); and the customers
//! whose own suggestions rank Y among the first `LIKELY_TOP` (the segment field `upsell.likely`).

use serde::Serialize;
use specta::Type;

use super::model::{recent, Model};
use crate::domain::Id;

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct LikelyBuyer {
    pub person_id: Id,
    pub score: f64,
}

/// How far down a customer's suggestions a product may rank for the customer to count as likely to buy it
/// (the segment field `upsell.likely`).
pub const LIKELY_TOP: usize = 10;

/// The customers (person ids, ascending) whose first `top` suggestions hold the product `product_id`:
/// exactly `suggest(person, top)` containing it, so they have not bought it. None when the product cannot
/// be suggested (nobody bought it yet, or it is inactive or deleted).
pub fn ranked_in_top(model: &Model, product_id: Id, top: usize) -> Vec<Id> {
    let Some(y) = model.history.products.iter().position(|p| p.id == product_id) else { return Vec::new() };
    let y = y as u32;
    let Some(rank) = model.by_prior.iter().position(|&p| p == y) else { return Vec::new() };
    // The products whose neighbour lists hold y: only anchors among them add to y's score.
    let n = model.history.products.len();
    let points: Vec<bool> = (0..n as u32).map(|a| model.neighbours_of(a).iter().any(|nb| nb.item == y)).collect();
    let mut out = Vec::new();
    for (c, &person) in model.history.customers.iter().enumerate() {
        let bought = model.history.bought(c);
        if bought.binary_search_by_key(&y, |&(p, _)| p).is_ok() {
            continue;
        }
        // Without an anchor pointing to y its score is its prior, and every product before it by prior that
        // the customer has not bought scores at least as much and ranks first: skip when `top` of those exist.
        let related = recent(bought, model.params.max_anchors).iter().any(|&a| points[a as usize]);
        if !related && rank >= top + bought.len() {
            continue;
        }
        if model.suggest_items(c, top).contains(&y) {
            out.push(person);
        }
    }
    out
}

/// Up to `limit` customers most likely to buy the product `product_id`, strongest first; none when nobody
/// bought it yet (the model knows nothing of it).
pub fn likely_buyers(model: &Model, product_id: Id, limit: usize) -> Vec<LikelyBuyer> {
    let Some(y) = model.history.products.iter().position(|p| p.id == product_id) else { return Vec::new() };
    let y = y as u32;
    // Similarity is symmetric, so y's neighbours are the products that point to y.
    let mut sim = vec![0f32; model.history.products.len()];
    for nb in model.neighbours_of(y) {
        sim[nb.item as usize] = nb.sim;
    }
    let mut out: Vec<LikelyBuyer> = Vec::new();
    for (c, &person) in model.history.customers.iter().enumerate() {
        let bought = model.history.bought(c);
        if bought.binary_search_by_key(&y, |&(p, _)| p).is_ok() {
            continue;
        }
        let score: f32 = recent(bought, model.params.max_anchors).iter().map(|&a| sim[a as usize]).sum();
        if score > 0.0 {
            out.push(LikelyBuyer { person_id: person, score: f64::from(score) });
        }
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.person_id.cmp(&b.person_id)));
    out.truncate(limit);
    out
}

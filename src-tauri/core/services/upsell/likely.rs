//! "Customers likely to buy product Y": the customers who have not bought Y, ranked by how strongly their
//! recent products point to it (the same neighbour similarities the suggestions sum).

use serde::Serialize;
use specta::Type;

use super::model::{recent, Model};
use crate::domain::Id;

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct LikelyBuyer {
    pub person_id: Id,
    pub score: f64,
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

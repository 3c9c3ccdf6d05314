//! A customer's suggestions: products they have not bought, scored by the sum of their neighbours'
//! similarities to the customer's recent products plus the product's popularity-and-recency prior, each
//! with its reason as data (the UI words it in the user's language).

use std::collections::HashMap;

use serde::Serialize;
use specta::Type;

use super::model::{recent, Model};
use crate::domain::Id;

/// A product named in a reason.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ProductRef {
    pub product_id: Id,
    pub sku: String,
    pub name: String,
}

/// Why a product is suggested. With anchors: "bought A and B; `co_buyers` customers who bought A also
/// bought this" (A is `anchors[0]`, the strongest). Without: a best seller, bought by `buyers` customers.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Reason {
    /// The customer's products that point to this one most strongly (at most two), strongest first.
    pub anchors: Vec<ProductRef>,
    /// Customers who bought the first anchor and this product.
    pub co_buyers: u32,
    /// Customers who bought this product.
    pub buyers: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Suggestion {
    pub product_id: Id,
    pub sku: String,
    pub name: String,
    pub score: f64,
    pub reason: Reason,
}

/// A candidate while scoring: the similarity sum and the two strongest anchors `(product, sim, co)`.
#[derive(Default, Clone, Copy)]
struct Acc {
    sum: f32,
    top: [Option<(u32, f32, u32)>; 2],
}

impl Acc {
    fn add(&mut self, anchor: u32, sim: f32, co: u32) {
        self.sum += sim;
        let entry = Some((anchor, sim, co));
        match self.top {
            [None, _] => self.top[0] = entry,
            [Some(first), _] if sim > first.1 => self.top = [entry, Some(first)],
            [_, None] => self.top[1] = entry,
            [_, Some(second)] if sim > second.1 => self.top[1] = entry,
            _ => {}
        }
    }
}

impl Model {
    /// The ranked dense products for the customer who bought `bought`, with their accumulators.
    fn ranked(&self, bought: &[(u32, i64)], limit: usize) -> Vec<(u32, f32, Acc)> {
        let owned = |p: u32| bought.binary_search_by_key(&p, |&(q, _)| q).is_ok();
        let mut acc: HashMap<u32, Acc> = HashMap::new();
        for anchor in recent(bought, self.params.max_anchors) {
            for nb in self.neighbours_of(anchor) {
                if !owned(nb.item) && self.history.products[nb.item as usize].sellable {
                    acc.entry(nb.item).or_default().add(anchor, nb.sim, nb.co_buyers);
                }
            }
        }
        // Best sellers compete too: enough of them that `limit` remain after removing what was bought.
        for &p in self.by_prior.iter().filter(|&&p| !owned(p)).take(limit) {
            acc.entry(p).or_default();
        }
        let mut scored: Vec<(u32, f32, Acc)> =
            acc.into_iter().map(|(p, a)| (p, a.sum + self.prior[p as usize], a)).collect();
        scored.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        scored.truncate(limit);
        scored
    }

    /// The dense products suggested to customer `c` (dense), best first.
    pub fn suggest_items(&self, c: usize, limit: usize) -> Vec<u32> {
        self.ranked(self.history.bought(c), limit).into_iter().map(|(p, _, _)| p).collect()
    }

    /// Suggestions for a person; a person without a history gets none.
    pub fn suggest(&self, person: Id, limit: usize) -> Vec<Suggestion> {
        let Some(c) = self.history.customer_index(person) else { return Vec::new() };
        self.ranked(self.history.bought(c), limit)
            .into_iter()
            .map(|(p, score, acc)| {
                let meta = &self.history.products[p as usize];
                let anchors = acc.top.iter().flatten().map(|&(a, _, _)| self.product_ref(a)).collect();
                Suggestion {
                    product_id: meta.id,
                    sku: meta.sku.clone(),
                    name: meta.name.clone(),
                    score: f64::from(score),
                    reason: Reason {
                        anchors,
                        co_buyers: acc.top[0].map_or(0, |(_, _, co)| co),
                        buyers: self.buyers[p as usize],
                    },
                }
            })
            .collect()
    }

    fn product_ref(&self, p: u32) -> ProductRef {
        let meta = &self.history.products[p as usize];
        ProductRef { product_id: meta.id, sku: meta.sku.clone(), name: meta.name.clone() }
    }

    /// The baseline: the best sellers (by buyers) customer `c` has not bought.
    pub fn best_sellers_for(&self, by_buyers: &[u32], c: usize, limit: usize) -> Vec<u32> {
        let bought = self.history.bought(c);
        by_buyers
            .iter()
            .copied()
            .filter(|&p| bought.binary_search_by_key(&p, |&(q, _)| q).is_err())
            .take(limit)
            .collect()
    }

    /// Sellable products by number of buyers, most first (the baseline's order).
    pub fn best_sellers(&self) -> Vec<u32> {
        let mut all: Vec<u32> =
            (0..self.buyers.len() as u32).filter(|&p| self.history.products[p as usize].sellable).collect();
        all.sort_by(|&a, &b| self.buyers[b as usize].cmp(&self.buyers[a as usize]).then(a.cmp(&b)));
        all
    }
}

//! Item-to-item co-occurrence over customers' histories, with shrinkage, blended with popularity and
//! recency. Built in one pass over the histories with a dense scratch counter per product (no pair
//! sort), keeping only the strongest neighbours of each product.

use super::history::History;

/// The knobs of the model. The defaults were tuned on a validation split (see docs/upsell.md).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Shrink term of the cosine: `co / (sqrt(n_a × n_b) + shrink)` damps pairs seen by few customers.
    pub shrink: f32,
    /// Weight of popularity (share of customers who bought the product, 0..1).
    pub popularity: f32,
    /// Weight of recency (buyers weighted by how recently they bought, 0..1).
    pub recency: f32,
    /// Half-life of a purchase in the recency weight, in days.
    pub half_life_days: f32,
    /// Neighbours kept per product.
    pub neighbours: usize,
    /// Of a customer's history, only the most recent this many products count for co-occurrence (heavy
    /// buyers would otherwise dominate the build time and the counts).
    pub max_basket: usize,
    /// Of a customer's history, the most recent this many products are the anchors of their suggestions.
    pub max_anchors: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            shrink: 20.0,
            popularity: 0.05,
            recency: 0.1,
            half_life_days: 90.0,
            neighbours: 50,
            max_basket: 100,
            max_anchors: 50,
        }
    }
}

/// A product related to another one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Neighbour {
    pub item: u32,
    pub sim: f32,
    /// Customers who bought both.
    pub co_buyers: u32,
}

/// The learned model: the histories it was built from, per product its buyers, its blended
/// popularity-and-recency prior and its neighbours (`neighbours[offsets[p]..offsets[p + 1]]`, strongest
/// first), and the products by prior, strongest first.
#[derive(Debug, Clone)]
pub struct Model {
    pub history: History,
    pub params: Params,
    pub buyers: Vec<u32>,
    pub prior: Vec<f32>,
    pub offsets: Vec<u32>,
    pub neighbours: Vec<Neighbour>,
    pub by_prior: Vec<u32>,
}

impl Model {
    /// Builds the model; `now_secs` is the moment recency is measured from.
    pub fn build(history: History, params: Params, now_secs: i64) -> Model {
        let n = history.products.len();
        let buyers = buyer_counts(&history, n);
        let prior = priors(&history, &buyers, &params, now_secs);
        let mut by_prior: Vec<u32> = (0..n as u32).filter(|&p| history.products[p as usize].sellable).collect();
        by_prior.sort_by(|&a, &b| prior[b as usize].total_cmp(&prior[a as usize]).then(a.cmp(&b)));
        let (offsets, neighbours) = neighbours(&history, &buyers, &params);
        Model { history, params, buyers, prior, offsets, neighbours, by_prior }
    }

    pub fn neighbours_of(&self, p: u32) -> &[Neighbour] {
        &self.neighbours[self.offsets[p as usize] as usize..self.offsets[p as usize + 1] as usize]
    }
}

fn buyer_counts(history: &History, n: usize) -> Vec<u32> {
    let mut buyers = vec![0u32; n];
    for &(p, _) in &history.items {
        buyers[p as usize] += 1;
    }
    buyers
}

/// `popularity × buyers / max buyers + recency × decayed buyers / max decayed buyers`.
fn priors(history: &History, buyers: &[u32], params: &Params, now_secs: i64) -> Vec<f32> {
    let mut decayed = vec![0f32; buyers.len()];
    let half_life = f64::from(params.half_life_days.max(1.0)) * 86_400.0;
    for &(p, at) in &history.items {
        let age = (now_secs - at).max(0) as f64;
        decayed[p as usize] += 0.5f64.powf(age / half_life) as f32;
    }
    let max_buyers = buyers.iter().copied().max().unwrap_or(0).max(1) as f32;
    let max_decayed = decayed.iter().copied().fold(0f32, f32::max).max(f32::MIN_POSITIVE);
    buyers
        .iter()
        .zip(&decayed)
        .map(|(&b, &d)| params.popularity * b as f32 / max_buyers + params.recency * d / max_decayed)
        .collect()
}

/// The most recent `max` products of a customer's history.
pub(super) fn recent(bought: &[(u32, i64)], max: usize) -> Vec<u32> {
    if bought.len() <= max {
        return bought.iter().map(|&(p, _)| p).collect();
    }
    let mut by_time: Vec<(u32, i64)> = bought.to_vec();
    by_time.select_nth_unstable_by(max - 1, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    by_time[..max].iter().map(|&(p, _)| p).collect()
}

/// Per product, the top neighbours by shrunk cosine. The baskets (each customer's recent products) are
/// inverted into product → customers; for each product a dense counter collects the co-buyers of every
/// other product, so the work is the sum of the squared basket sizes, with no sort of pairs.
fn neighbours(history: &History, buyers: &[u32], params: &Params) -> (Vec<u32>, Vec<Neighbour>) {
    let n = buyers.len();
    let baskets: Vec<Vec<u32>> =
        (0..history.customer_count()).map(|c| recent(history.bought(c), params.max_basket)).collect();
    let mut by_product: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (c, basket) in baskets.iter().enumerate() {
        for &p in basket {
            by_product[p as usize].push(c as u32);
        }
    }
    let mut counts = vec![0u32; n];
    let mut touched: Vec<u32> = Vec::new();
    let mut offsets = Vec::with_capacity(n + 1);
    let mut out: Vec<Neighbour> = Vec::new();
    offsets.push(0u32);
    for a in 0..n {
        for &c in &by_product[a] {
            for &b in &baskets[c as usize] {
                if b as usize != a {
                    if counts[b as usize] == 0 {
                        touched.push(b);
                    }
                    counts[b as usize] += 1;
                }
            }
        }
        let mut list: Vec<Neighbour> = touched
            .iter()
            .map(|&b| {
                let co = counts[b as usize];
                let norm = (f64::from(buyers[a]) * f64::from(buyers[b as usize])).sqrt() as f32;
                Neighbour { item: b, sim: co as f32 / (norm + params.shrink), co_buyers: co }
            })
            .collect();
        for &b in &touched {
            counts[b as usize] = 0;
        }
        touched.clear();
        let by_strength = |x: &Neighbour, y: &Neighbour| y.sim.total_cmp(&x.sim).then(x.item.cmp(&y.item));
        if list.len() > params.neighbours && params.neighbours > 0 {
            list.select_nth_unstable_by(params.neighbours - 1, by_strength);
            list.truncate(params.neighbours);
        }
        list.sort_unstable_by(by_strength);
        out.extend(list);
        offsets.push(out.len() as u32);
    }
    (offsets, out)
}

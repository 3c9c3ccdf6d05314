//! The upsell model: building it from every order line, and one customer's suggestions from the built model.

use super::Ctx;
use crate::bench::figure::{Figure, Goal};
use crate::bench::stats::{time_each, time_ms};
use relata_core::error::AppResult;
use relata_core::services::upsell::{self, Params};

const NOTE: &str = "services::upsell: the counted lines read once into (customer, product, last bought) with \
                    dense integer ids, per product the co-buyers counted in a dense scratch array over the \
                    inverted baskets (the 100 most recent products of each customer), the 50 strongest \
                    neighbours kept per product.";

pub fn build(ctx: &Ctx) -> AppResult<Figure> {
    let (ms, model) = time_ms(|| upsell::build(ctx.store, Params::default()))?;
    Ok(Figure::timed(
        "upsell_build",
        "upsell: build the model from all orders",
        Goal::MaxMs { ms: 10_000.0, ratio: None },
        ms,
        None,
    )
    .detail(format!(
        "{} customers, {} products, {} neighbour links",
        model.history.customer_count(),
        model.history.products.len(),
        model.neighbours.len()
    ))
    .note(NOTE))
}

pub fn suggest(ctx: &Ctx) -> AppResult<Figure> {
    let model = upsell::build(ctx.store, Params::default())?;
    // Every 1 in n customers, up to 1000, heavy buyers (the low ids) included.
    let customers = &model.history.customers;
    let step = (customers.len() / 1000).max(1);
    let sample: Vec<_> = customers.iter().step_by(step).take(1000).copied().collect();
    let t = time_each(&sample, |&person| Ok(upsell::suggest(&model, person, 10)))?;
    Ok(Figure::timed(
        "upsell_suggest",
        "upsell: 10 suggestions for one customer, p95",
        Goal::MaxMs { ms: 5.0, ratio: None },
        t.p95(),
        None,
    )
    .detail(format!("{} customers sampled from a built model (not timed)", sample.len()))
    .note(NOTE))
}

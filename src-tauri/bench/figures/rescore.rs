//! Full rescore of every lead through the scoring service.

use super::Ctx;
use crate::bench::figure::{Figure, Goal};
use crate::bench::stats::time_ms;
use crate::error::AppResult;
use crate::services::scoring;

pub const GOAL: Goal = Goal::MaxMs { ms: 2000.0, ratio: None };

/// Rules only (no model is trained on generated data): every lead is read with its features and its
/// score written back, in one pass.
pub fn measure(ctx: &Ctx) -> AppResult<Figure> {
    let (ms, leads) = time_ms(|| scoring::rescore_all(ctx.store, &|_, _| {}))?;
    Ok(Figure::timed("rescore", "full rescore of all leads", GOAL, ms, None)
        .detail(format!("{leads} leads rescored through services::scoring::rescore_all")))
}

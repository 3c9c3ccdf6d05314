//! Full rescore of every lead through the scoring service.

use std::sync::atomic::AtomicBool;

use super::Ctx;
use crate::bench::figure::{Figure, Goal};
use crate::bench::stats::time_ms;
use crate::error::AppResult;
use crate::services::scoring;

pub const GOAL: Goal = Goal::MaxMs { ms: 2000.0, ratio: None };

/// A model is trained on the dataset's converted and lost leads and every stored score is cleared first
/// (neither timed; both stay in the dataset), so the timed pass is the rescore that follows a training:
/// every lead read, scored by the model and written. A second pass, where nothing changed, is what the
/// daily rescore costs when time moved too little to change a score.
pub fn measure(ctx: &Ctx) -> AppResult<Figure> {
    let (train_ms, _) = time_ms(|| scoring::train_model(ctx.store))?;
    ctx.store.write(|tx| {
        tx.execute("UPDATE people SET score = NULL, score_band = NULL WHERE score IS NOT NULL", [])?;
        Ok(())
    })?;
    let never = AtomicBool::new(false);
    let (ms, first) = time_ms(|| scoring::rescore_all(ctx.store, &|_, _| {}, &never))?;
    let (again_ms, again) = time_ms(|| scoring::rescore_all(ctx.store, &|_, _| {}, &never))?;
    Ok(Figure::timed("rescore", "full rescore of all leads", GOAL, ms, None)
        .detail(format!(
            "{} leads rescored and {} written through services::scoring::rescore_all after training on the \
         dataset ({train_ms:.0} ms, not timed); again with nothing changed: {again_ms:.0} ms, {} written",
            first.leads, first.changed, again.changed
        ))
        .note(
            "A reader thread reads each related table once per range of ids and scores in memory while one write \
         transaction writes only the changed scores. A pass that writes nothing costs nearly as much: the time \
         is in reading the features and encoding them (per-level hash lookups, strings per lead), not in the \
         UPDATEs.",
        ))
}

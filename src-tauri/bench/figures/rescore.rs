//! Full rescore of every lead through the scoring service.

use super::Ctx;
use crate::bench::figure::{Figure, Goal};
use crate::error::AppResult;

pub const GOAL: Goal = Goal::MaxMs { ms: 2000.0, ratio: None };

/// Wiring: `let (ms, _) = stats::time_ms(|| services::scoring::rescore_all(ctx.store))?;` and return
/// `Figure::timed(KEY, NAME, GOAL, ms, None)`.
pub fn measure(_ctx: &Ctx) -> AppResult<Figure> {
    Ok(Figure::pending(
        "rescore",
        "full rescore of all leads",
        "ms",
        GOAL,
        "lead scoring (services::scoring::rescore_all)",
    )
    .note("Waits for the scoring service; one UPDATE per lead in one transaction is the expected shape."))
}

//! CSV import of the dataset's people through the import service, against a raw prepared INSERT loop.

use super::Ctx;
use crate::bench::figure::{Figure, Goal};
use crate::error::AppResult;

pub const GOAL: Goal = Goal::MinRate { rows_per_s: 250_000.0, ratio: 0.5 };

/// Wiring: export the people to a CSV in a temp dir, time `services::import::import_file(store, path,
/// options, progress, cancel)` into a fresh store and a prepared INSERT loop in one transaction into
/// another, then `Figure::rate(KEY, NAME, GOAL, rows / product_s, Some(rows / raw_s))`.
pub fn measure(_ctx: &Ctx) -> AppResult<Figure> {
    Ok(Figure::pending(
        "import",
        "CSV import of all people",
        "rows/s",
        GOAL,
        "the import service (services::import::import_file)",
    )
    .note("Waits for the import service."))
}

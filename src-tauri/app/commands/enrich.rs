//! Enrichment of a person from their email address: what it proposes, filling the empty fields, and undo;
//! and "Enrich all" over every person as a background job with progress.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use tauri::State;

use super::exclusive::Exclusive;
use crate::app::events::{EnrichAllFinished, EnrichAllProgress, JobEvent};
use crate::app::state::AppState;
use relata_core::domain::*;
use relata_core::services::enrich;
use relata_core::{AppError, AppResult};

/// What enrichment proposes for a person, and what it filled in before (nothing is changed).
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn enrich_person(state: State<'_, AppState>, id: Id) -> AppResult<Enrichment> {
    state.run(move |s| enrich::person(s, id)).await
}

/// Fills the person's empty fields from the confident proposals (never what was typed), in one transaction.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn enrich_apply(state: State<'_, AppState>, id: Id) -> AppResult<Enrichment> {
    state.run(move |s| enrich::apply(s, id)).await
}

/// Clears what enrichment filled in (fields the user changed since stay); returns the fields cleared.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn enrich_undo(state: State<'_, AppState>, id: Id) -> AppResult<Vec<String>> {
    state.run(move |s| enrich::undo(s, id)).await
}

/// The "Enrich all" under way, one at a time.
static ENRICHING: Exclusive = Exclusive::new();
const PROGRESS_INTERVAL: Duration = Duration::from_millis(200);

/// Starts filling every person's empty fields from their email address in the background (one transaction
/// per person) and answers at once. `EnrichAllProgress` events say how far it is and `EnrichAllFinished`
/// brings the report; the store announces the people it changed. A second start while one runs is refused
/// with `conflict`.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn enrich_all_start(state: State<'_, AppState>) -> AppResult<()> {
    let store = state.opened()?;
    let claim = crate::app::state::traced(ENRICHING.claim("enrichment of all people is already running"))?;
    let listener = state.job_listener();
    tauri::async_runtime::spawn_blocking(move || {
        let started = Instant::now();
        let mut last: Option<Instant> = None;
        let mut progress = |done: u32, total: u32| {
            // The first and the last always, and in between at most five a second.
            if done == total || last.is_none_or(|l| l.elapsed() >= PROGRESS_INTERVAL) {
                last = Some(Instant::now());
                listener(JobEvent::EnrichAll(EnrichAllProgress { done, total }));
            }
        };
        // A panic inside still ends with a report (an `internal` error), so the UI never waits forever.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            enrich::all(&store, true, &claim.cancel, &mut progress)
        }))
        .unwrap_or_else(|_| Err(AppError::internal("enrich all stopped unexpectedly")));
        let cancelled = claim.cancel.load(Ordering::Relaxed);
        // Free the slot before telling the UI, so a start right after the report is accepted.
        drop(claim);
        let finished = match result {
            Ok(report) => {
                tracing::info!(
                    people = report.people,
                    filled = report.filled,
                    cancelled,
                    ms = started.elapsed().as_millis() as u64,
                    "enrich all ended"
                );
                EnrichAllFinished { report, cancelled, error: None }
            }
            Err(e) => {
                tracing::warn!(code = ?e.code, "enrich all failed");
                EnrichAllFinished { report: EnrichAllReport::default(), cancelled, error: Some(e) }
            }
        };
        listener(JobEvent::EnrichAllFinished(finished));
    });
    Ok(())
}

/// Asks the running "Enrich all" to stop after the person at hand (what it filled stays, and can be undone
/// per person). `false` when none is running.
#[tauri::command]
#[specta::specta]
#[tracing::instrument(skip_all, fields(code))]
pub async fn enrich_all_cancel() -> AppResult<bool> {
    Ok(ENRICHING.cancel())
}

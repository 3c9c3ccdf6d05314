//! Training: fit on the closed leads, measure on a held-out time split, refit on everything and store.

use super::encode::Encoder;
use super::features::{Lead, Schema};
use super::logistic::{self, Logistic};
use super::metrics;
use super::score::StoredModel;
use crate::count::checked_i32;
use crate::domain::{AttributeWeight, ModelSummary};
use crate::error::{AppError, AppResult, ErrorCode};

/// Fewer closed leads than this, or fewer than `MIN_PER_CLASS` of either outcome, cannot be learned from.
pub const MIN_ROWS: usize = 30;
pub const MIN_PER_CLASS: usize = 5;
/// The newest fifth of the closed leads (by creation) is held out to measure the model.
const HOLDOUT_FRACTION: f64 = 0.2;
/// The L2 penalty on standardised columns: enough to keep separable levels finite, small next to 30+ rows.
pub const LAMBDA: f64 = 1.0;
const ROC_POINTS: usize = 20;
const TOP_WEIGHTS: usize = 10;

/// Refuses data a model cannot be learned from, with a message saying what is missing.
pub fn check_trainable(leads: &[Lead]) -> AppResult<()> {
    let converted = leads.iter().filter(|l| l.converted() == Some(true)).count();
    let lost = leads.len() - converted;
    let fail = |msg: String| Err(AppError::field(ErrorCode::InvalidValue, "lead_status", msg));
    if leads.is_empty() {
        return fail(
            "there are no leads with a known outcome to learn from: mark past leads as converted or \
                     lost, close their deals as won or lost, or import your history"
                .into(),
        );
    }
    if converted == 0 || lost == 0 {
        let which = if lost == 0 { "converted" } else { "lost" };
        return fail(format!(
            "all {} leads with a known outcome are {which}; training needs both converted and lost leads",
            leads.len()
        ));
    }
    if leads.len() < MIN_ROWS || converted.min(lost) < MIN_PER_CLASS {
        return fail(format!(
            "too few leads to learn from: {} with a known outcome ({converted} converted, {lost} lost); at least \
             {MIN_ROWS}, with {MIN_PER_CLASS} of each outcome, are needed",
            leads.len()
        ));
    }
    Ok(())
}

fn fit(schema: &Schema, leads: &[&Lead]) -> AppResult<StoredModel> {
    let encoder = Encoder::fit(schema, leads);
    let slots = encoder.slots(schema);
    let rows: Vec<_> = leads.iter().map(|l| encoder.row(&slots, l)).collect();
    let y: Vec<bool> = leads.iter().map(|l| l.converted() == Some(true)).collect();
    let model = logistic::fit(&rows, &y, encoder.columns.len(), LAMBDA)?;
    Ok(StoredModel { encoder, model })
}

/// Measures on a held-out split, then refits on every closed lead. `leads` must pass `check_trainable`.
pub fn train(schema: &Schema, leads: &[Lead], now: i64) -> AppResult<(StoredModel, ModelSummary)> {
    check_trainable(leads)?;
    let mut ordered: Vec<&Lead> = leads.iter().collect();
    ordered.sort_by_key(|l| (l.created_at, l.id));
    let cut = ordered.len() - ((ordered.len() as f64 * HOLDOUT_FRACTION).ceil() as usize).max(1);
    let (mut train_part, mut holdout) = (ordered[..cut].to_vec(), ordered[cut..].to_vec());
    // A time split whose newest leads all share one outcome cannot rank anything: hold out every fifth
    // lead instead.
    let both = |part: &[&Lead]| {
        part.iter().any(|l| l.converted() == Some(true)) && part.iter().any(|l| l.converted() == Some(false))
    };
    if !both(&holdout) || !both(&train_part) {
        (train_part, holdout) = (Vec::new(), Vec::new());
        for (i, l) in ordered.iter().enumerate() {
            if i % 5 == 4 {
                holdout.push(*l)
            } else {
                train_part.push(*l)
            }
        }
    }
    let measured = fit(schema, &train_part)?;
    let slots = measured.encoder.slots(schema);
    let pred: Vec<f64> = holdout.iter().map(|l| measured.model.predict(&measured.encoder.row(&slots, l))).collect();
    let y: Vec<bool> = holdout.iter().map(|l| l.converted() == Some(true)).collect();
    let auc = metrics::auc(&pred, &y).unwrap_or(0.5);
    let bins = if holdout.len() >= 200 { 10 } else { 5 };

    let final_model = fit(schema, &ordered)?;
    let converted = leads.iter().filter(|l| l.converted() == Some(true)).count();
    // Checked: the summary is stored with the model, which is not written when a count does not fit.
    let summary = ModelSummary {
        trained_at: now,
        rows: checked_i32(leads.len(), "leads with a known outcome")?,
        converted: checked_i32(converted, "converted leads")?,
        features: checked_i32(final_model.encoder.columns.len(), "model features")?,
        holdout_rows: checked_i32(holdout.len(), "held-out leads")?,
        auc,
        calibration: metrics::calibration(&pred, &y, bins),
        roc: metrics::roc(&pred, &y, ROC_POINTS),
        top_weights: top_weights(&final_model.encoder, &final_model.model),
    };
    Ok((final_model, summary))
}

fn top_weights(encoder: &Encoder, model: &Logistic) -> Vec<AttributeWeight> {
    let mut all: Vec<AttributeWeight> = encoder
        .columns
        .iter()
        .zip(&model.weights)
        .map(|((attribute, level), &weight)| AttributeWeight {
            attribute: attribute.clone(),
            level: level.clone(),
            weight,
        })
        .collect();
    all.sort_by(|a, b| b.weight.abs().total_cmp(&a.weight.abs()));
    all.truncate(TOP_WEIGHTS);
    all
}

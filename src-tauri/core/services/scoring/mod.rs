//! Lead scoring: a model learned from the leads' own won/lost history, user rules, and a 0–100 score
//! stored on each lead (`people.score`, `people.score_band`).
//!
//! # The score
//! ```text
//! base  = 100 · p            p = the model's conversion probability (logistic regression)
//!       = 50                 without a trained model but with rules (neutral start)
//!       = none               with neither: the lead stays unscored
//! raw   = clamp(base + Σ points of the enabled rules that match, 0, 100)
//! decay = 1 for up to 14 days since the last touch, then halving every 30 days
//! score = round(raw · decay);  band: hot ≥ 70, warm ≥ 40, cold below
//! ```
//! Rule points are therefore plain score points ("+10 for source = referral" adds 10), and the model's part
//! is its probability in percent. The last touch is the latest non-note activity, or the lead's creation.
//!
//! # The model
//! L2-regularised logistic regression (`logistic`) on every attribute (`features`): text levels one-hot
//! with rare ones pooled, numbers standardised, missing indicators (`encode`). It is trained on the people
//! with a known outcome, converted (1) or lost (0): leads marked converted or lost, and the people of won or
//! lost deals. A person with a won deal counts as converted (whatever the lead status says); one whose deals
//! were all lost, with none open, counts as lost unless the lead status says converted. Each is seen as it was
//! at its closing. The model is measured on the newest fifth held out (AUC, calibration, ROC), then refitted
//! on all of them. An explanation gives each attribute's share in score points: the model's score minus
//! the score without that attribute's terms (a number at the average, no level), plus each matching rule
//! and the points lost to decay.
//!
//! # Keeping scores current
//! Creating or editing a lead, or logging, editing or deleting one of its activities, rescores that lead in
//! the same transaction; a rule change rescores every lead in the rule's transaction; training rescores
//! every lead ([`rescore_all`], reading on two threads while writing the changed scores on a third, with
//! progress and a cancel flag), and the app rescores every lead once a day so inactivity decays
//! ([`spawn_daily`]). A lead whose band goes from warm or cold to hot (while open)
//! gets a follow-up task for its owner and a note on its timeline, once per crossing.

mod daily;
mod encode;
mod features;
mod logistic;
mod metrics;
pub(crate) mod pass;
mod related;
mod rescore;
pub(crate) use rescore::rescore_all_in;
mod rules;
mod score;
mod score_index;
mod suggest;
mod train;

use std::sync::atomic::AtomicBool;

use rusqlite::Connection;

use crate::domain::{
    Id, LeadRow, LeadStatus, ModelSummary, RuleSuggestion, ScoreExplanation, ScoringRule, ScoringRuleInput, TrainReport,
};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::records::{enum_str, parse_opt_enum};
use crate::store::Store;
use features::{Lead, Schema};
use pass::Pass;
use score::Scorer;

pub use daily::{rescore_if_due, spawn_daily, RESCORE_EVERY_MS};
pub use encode::{MISSING, OTHER};
pub use features::BUILT_IN as BUILT_IN_ATTRIBUTES;
pub use rescore::{rescore_all, Rescored};
pub(crate) use rescore::{rescore_ids, rescore_person};
pub use rules::MAX_POINTS;

/// Trains the model on every person with a known outcome (see the module doc), stores it, and rescores
/// every lead.
/// Fails with a clear `InvalidValue` error (field `lead_status`) when there are too few closed leads or
/// only one outcome among them. Meant to run off the UI thread; it takes the writer only to store the model
/// and for each rescore batch.
pub fn train(store: &Store) -> AppResult<TrainReport> {
    let (model, suggestions) = train_model(store)?;
    let rescored = rescore_all(store, &|_, _| {}, &AtomicBool::new(false))?;
    Ok(report(model, suggestions, rescored))
}

/// A training's report, for callers that run [`train_model`] and [`rescore_all`] themselves.
/// The rescored count saturates: the scores are committed by now, so refusing a count too large for the
/// report would fail a rescore that succeeded.
pub fn report(model: ModelSummary, suggestions: Vec<RuleSuggestion>, rescored: Rescored) -> TrainReport {
    TrainReport { model, suggestions, rescored: crate::count::saturating_i32(rescored.leads) }
}

/// The first half of [`train`]: fits, measures and stores the model without rescoring anyone (callers that
/// report progress or time the two steps run [`rescore_all`] themselves).
pub fn train_model(store: &Store) -> AppResult<(ModelSummary, Vec<RuleSuggestion>)> {
    let now = store.clock().now_ms();
    let (schema, leads) = store.read(|conn| {
        let schema = Schema::load(conn)?;
        let leads = all_leads(conn, &schema, now, true)?;
        Ok((schema, leads))
    })?;
    let (model, summary) = train::train(&schema, &leads, now)?;
    let suggestions = suggest::suggestions(&schema, &leads);
    store.write(|tx| {
        tx.prepare_cached(
            "INSERT INTO scoring_model (id, trained_at, model, summary) VALUES (1, ?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET trained_at = ?1, model = ?2, summary = ?3",
        )?
        .execute(rusqlite::params![now, serde_json::to_string(&model)?, serde_json::to_string(&summary)?])?;
        Ok(())
    })?;
    Ok((summary, suggestions))
}

/// The last training's summary, or None before the first training.
pub fn model_summary(store: &Store) -> AppResult<Option<ModelSummary>> {
    store.read(|conn| {
        let json: Option<String> = rusqlite::OptionalExtension::optional(
            conn.prepare_cached("SELECT summary FROM scoring_model WHERE id = 1")?.query_row([], |r| r.get(0)),
        )?;
        Ok(json.map(|j| serde_json::from_str(&j)).transpose()?)
    })
}

/// Attribute values that separate converted from lost leads (see `suggest`).
pub fn suggestions(store: &Store) -> AppResult<Vec<RuleSuggestion>> {
    let now = store.clock().now_ms();
    store.read(|conn| {
        let schema = Schema::load(conn)?;
        let leads = all_leads(conn, &schema, now, true)?;
        Ok(suggest::suggestions(&schema, &leads))
    })
}

/// Why a lead has its score: the model's largest attribute shares, the matching rules and the decay.
pub fn explain(store: &Store, person_id: Id) -> AppResult<ScoreExplanation> {
    let now = store.clock().now_ms();
    store.read(|conn| {
        let scorer = Scorer::load(conn)?;
        let range = (person_id, person_id);
        let lead = features::load_range(conn, &scorer.schema, &mut Pass::few(), range, now, false)?.pop();
        match lead {
            Some(lead) => Ok(scorer.explain(&lead)),
            None if crate::services::records::is_live(conn, crate::domain::Entity::Person, person_id)? => {
                Err(AppError::field(ErrorCode::InvalidValue, "id", format!("person {person_id} is not a lead")))
            }
            None => Err(AppError::not_found("person", person_id)),
        }
    })
}

/// The rules with how many live leads each matches now.
pub fn list_rules(store: &Store) -> AppResult<Vec<ScoringRule>> {
    let now = store.clock().now_ms();
    store.read(|conn| {
        let schema = Schema::load(conn)?;
        let compiled: Vec<rules::Compiled> =
            rules::load_all(conn)?.into_iter().map(|r| rules::Compiled::new(r, &schema)).collect();
        let mut counts = vec![0; compiled.len()];
        let mut pass = Pass::all(conn)?;
        for_each_range(conn, |range| {
            for lead in features::load_range(conn, &schema, &mut pass, range, now, false)? {
                for (count, rule) in counts.iter_mut().zip(&compiled) {
                    *count += i32::from(rule.matches(&lead));
                }
            }
            Ok(())
        })?;
        Ok(compiled.into_iter().zip(counts).map(|(c, n)| ScoringRule { match_count: n, ..c.rule }).collect())
    })
}

/// Adds a rule and rescores every lead in the same transaction.
pub fn add_rule(store: &Store, input: ScoringRuleInput) -> AppResult<ScoringRule> {
    write_rule(store, None, input)
}

pub fn update_rule(store: &Store, id: Id, input: ScoringRuleInput) -> AppResult<ScoringRule> {
    write_rule(store, Some(id), input)
}

pub fn remove_rule(store: &Store, id: Id) -> AppResult<()> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        rules::remove(tx, id)?;
        rescore::rescore_all_in(tx, now)?;
        Ok(())
    })
}

fn write_rule(store: &Store, id: Option<Id>, input: ScoringRuleInput) -> AppResult<ScoringRule> {
    let now = store.clock().now_ms();
    let id = store.write(|tx| {
        let schema = Schema::load(tx)?;
        let id = rules::save(tx, &schema, id, &input, now)?;
        rescore::rescore_all_in(tx, now)?;
        Ok(id)
    })?;
    list_rules(store)?.into_iter().find(|r| r.id == id).ok_or_else(|| AppError::not_found("scoring rule", id))
}

/// Leads (optionally of one status), best score first, with their custom fields.
pub fn list_leads(store: &Store, status: Option<LeadStatus>) -> AppResult<Vec<LeadRow>> {
    store.read(|conn| {
        let mut stmt = conn.prepare_cached(concat!(
            "SELECT p.id, ",
            crate::person_display_name!("p"),
            ", p.external_id, p.lead_status, p.score, p.score_band
                 FROM people p WHERE p.deleted_at IS NULL AND p.lead_status IS NOT NULL
                 AND (?1 IS NULL OR p.lead_status = ?1) ORDER BY COALESCE(p.score, -1) DESC, p.id"
        ))?;
        let status = status.map(|s| enum_str(&s));
        let rows = stmt.query_map([status], |r| {
            Ok(LeadRow {
                id: r.get(0)?,
                name: r.get(1)?,
                external_id: r.get(2)?,
                lead_status: parse_opt_enum(r.get(3)?)?,
                score: r.get(4)?,
                band: parse_opt_enum(r.get(5)?)?,
                custom: Default::default(),
            })
        })?;
        let mut leads = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        for lead in &mut leads {
            lead.custom = crate::services::custom::load(conn, crate::domain::Entity::Person, lead.id)?;
        }
        Ok(leads)
    })
}

fn for_each_range(conn: &Connection, mut f: impl FnMut((Id, Id)) -> AppResult<()>) -> AppResult<()> {
    if let Some((lo, hi)) = features::id_bounds(conn)? {
        for range in rescore::ranges(lo, hi) {
            f(range)?;
        }
    }
    Ok(())
}

fn all_leads(conn: &Connection, schema: &Schema, now: i64, closed_only: bool) -> AppResult<Vec<Lead>> {
    let mut leads = Vec::new();
    let mut pass = Pass::all(conn)?;
    for_each_range(conn, |range| {
        leads.extend(features::load_range(conn, schema, &mut pass, range, now, closed_only)?);
        Ok(())
    })?;
    Ok(leads)
}

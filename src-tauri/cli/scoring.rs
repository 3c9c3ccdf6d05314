//! `relata scoring ...` (train, rules) and `relata leads ...` (list, explain).

use std::sync::atomic::AtomicBool;
use std::time::Instant;

use clap::{Args, Subcommand};

use super::output::{self, enum_arg};
use relata_core::domain::{Id, LeadStatus, RuleOp, ScoringRuleInput};
use relata_core::error::AppResult;
use relata_core::services::records::enum_str;
use relata_core::services::scoring;
use relata_core::store::Store;

const STATUSES: &[&str] = &["open", "converted", "lost"];
const OPS: &[&str] = &["eq", "ne", "gt", "gte", "lt", "lte", "contains", "is_set", "is_empty"];

#[derive(Debug, Subcommand)]
pub enum ScoringCmd {
    /// Learn from converted and lost leads, rescore every lead, and print the AUC and suggested rules.
    Train {
        /// Print the full report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Rescore every lead now (with the stored model and rules) and print how many changed and how long it took.
    Rescore {
        #[arg(long)]
        json: bool,
    },
    /// List, add or remove scoring rules.
    #[command(subcommand)]
    Rules(RulesCmd),
}

#[derive(Debug, Subcommand)]
pub enum RulesCmd {
    /// List rules with how many leads each matches (a table, or JSON with --json).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add a rule ("attribute op value gives points") and print it as JSON.
    Add(AddRule),
    /// Remove a rule.
    Remove { id: Id },
}

#[derive(Debug, Args)]
pub struct AddRule {
    /// A lead attribute: source, owner, tag, activities_30d, days_since_touch, custom.<key>, ...
    #[arg(long)]
    attribute: String,
    #[arg(long, value_parser = enum_arg::<RuleOp>(OPS), default_value = "eq")]
    op: RuleOp,
    #[arg(long)]
    value: Option<String>,
    /// Score points, -100..=100.
    #[arg(long, allow_hyphen_values = true)]
    points: i32,
    #[arg(long, default_value = "")]
    name: String,
}

#[derive(Debug, Subcommand)]
pub enum LeadsCmd {
    /// List leads, best score first, with their custom fields.
    List {
        #[arg(long, value_parser = enum_arg::<LeadStatus>(STATUSES))]
        status: Option<LeadStatus>,
        #[arg(long)]
        json: bool,
    },
    /// Explain a lead's score: the attributes and rules that raised or lowered it.
    Explain {
        id: Id,
        #[arg(long)]
        json: bool,
    },
}

/// A full rescore, with a progress line on stderr for large stores.
fn rescore_with_progress(store: &Store) -> AppResult<scoring::Rescored> {
    let rescored = scoring::rescore_all(
        store,
        &|done, total| {
            if total >= 100_000 {
                eprint!("\rrescoring {done} of {total} leads");
            }
        },
        &AtomicBool::new(false),
    )?;
    if rescored.leads >= 100_000 {
        eprintln!();
    }
    Ok(rescored)
}

pub fn run(store: &Store, cmd: ScoringCmd) -> AppResult<()> {
    match cmd {
        ScoringCmd::Rescore { json } => {
            let started = Instant::now();
            let r = rescore_with_progress(store)?;
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            if json {
                output::json(&serde_json::json!({ "leads": r.leads, "changed": r.changed, "ms": ms.round() }))
            } else {
                output::out(&format!("{} leads rescored, {} changed, in {ms:.0} ms", r.leads, r.changed));
                Ok(())
            }
        }
        ScoringCmd::Train { json: true } => output::json(&scoring::train(store)?),
        ScoringCmd::Train { json: false } => {
            // The two steps are timed apart so a large store shows where the time goes.
            let started = Instant::now();
            let (model, suggestions) = scoring::train_model(store)?;
            let trained = started.elapsed();
            let started = Instant::now();
            let rescored = rescore_with_progress(store)?;
            let rescore_time = started.elapsed();
            let r = scoring::report(model, suggestions, rescored);
            let m = &r.model;
            output::out(&format!(
                "trained on {} leads ({} converted), {} features, in {:.2} s; AUC {:.3} on the newest {} leads",
                m.rows,
                m.converted,
                m.features,
                trained.as_secs_f64(),
                m.auc,
                m.holdout_rows
            ));
            output::out(&format!("{} leads rescored in {:.2} s", r.rescored, rescore_time.as_secs_f64()));
            let rows = r.suggestions.len() as i64;
            output::table(
                &["ATTRIBUTE", "OP", "VALUE", "LEADS", "RATE", "95% CI", "LIFT", "POINTS"],
                r.suggestions
                    .into_iter()
                    .map(|s| {
                        vec![
                            s.attribute,
                            enum_str(&s.op),
                            s.value,
                            s.leads.to_string(),
                            format!("{:.0}%", s.rate * 100.0),
                            format!("{:.0}–{:.0}%", s.rate_low * 100.0, s.rate_high * 100.0),
                            format!("{:.2}", s.lift),
                            format!("{:+}", s.suggested_points),
                        ]
                    })
                    .collect(),
                rows,
            );
            Ok(())
        }
        ScoringCmd::Rules(RulesCmd::List { json }) => {
            let rules = scoring::list_rules(store)?;
            let total = rules.len() as i64;
            output::list(json, rules, total, &["ID", "NAME", "CONDITION", "POINTS", "MATCHES", "ENABLED"], |r| {
                vec![
                    r.id.to_string(),
                    r.name,
                    format!("{} {} {}", r.attribute, enum_str(&r.op), r.value.unwrap_or_default()).trim().into(),
                    format!("{:+}", r.points),
                    r.match_count.to_string(),
                    r.enabled.to_string(),
                ]
            })
        }
        ScoringCmd::Rules(RulesCmd::Add(a)) => {
            let input = ScoringRuleInput {
                name: a.name,
                attribute: a.attribute,
                op: Some(a.op),
                value: a.value,
                points: a.points,
                enabled: Some(true),
            };
            output::json(&scoring::add_rule(store, input)?)
        }
        ScoringCmd::Rules(RulesCmd::Remove { id }) => {
            scoring::remove_rule(store, id)?;
            output::json(&serde_json::json!({ "removed": { "rule": id } }))
        }
    }
}

pub fn run_leads(store: &Store, cmd: LeadsCmd) -> AppResult<()> {
    match cmd {
        LeadsCmd::List { status, json } => {
            let leads = scoring::list_leads(store, status)?;
            let total = leads.len() as i64;
            output::list(json, leads, total, &["ID", "EXTERNAL_ID", "NAME", "STATUS", "SCORE", "BAND", "CUSTOM"], |l| {
                let custom: Vec<String> = l
                    .custom
                    .iter()
                    .map(|(k, v)| format!("{k}={}", serde_json::to_string(v).unwrap_or_default()))
                    .collect();
                vec![
                    l.id.to_string(),
                    l.external_id.unwrap_or_default(),
                    l.name,
                    l.lead_status.map(|s| enum_str(&s)).unwrap_or_default(),
                    l.score.map(|s| s.to_string()).unwrap_or_default(),
                    l.band.map(|b| enum_str(&b)).unwrap_or_default(),
                    custom.join(" "),
                ]
            })
        }
        LeadsCmd::Explain { id, json: true } => output::json(&scoring::explain(store, id)?),
        LeadsCmd::Explain { id, json: false } => {
            let e = scoring::explain(store, id)?;
            let band = e.band.map(|b| enum_str(&b)).unwrap_or_else(|| "unscored".into());
            let score = e.score.map(|s| s.to_string()).unwrap_or_else(|| "-".into());
            output::out(&format!("lead {}: score {score} ({band})", e.person_id));
            if let Some(p) = e.probability {
                output::out(&format!("model probability {:.1}%", p * 100.0));
            }
            for c in e.contributions {
                let what = c.rule_name.unwrap_or_else(|| match &c.value {
                    Some(v) => format!("{} = {v}", c.attribute),
                    None => c.attribute.clone(),
                });
                output::out(&format!("{:+6.1}  {}  ({})", c.points, what, enum_str(&c.kind)));
            }
            Ok(())
        }
    }
}

//! A synthetic lead history with a planted signal, shared by the core's scoring tests and the CLI's.

#![allow(dead_code)]

use relata_core::domain::*;
use relata_core::rng::Rng;
use relata_core::services::{custom_fields, people};

use super::support::*;

pub fn field(e: &Env, label: &str, kind: CustomFieldKind, choices: &[&str]) {
    let input = CustomFieldInput {
        entity: Entity::Person,
        label: label.into(),
        kind,
        choices: choices.iter().map(|c| c.to_string()).collect(),
    };
    custom_fields::create(&e.store, input).unwrap();
}

pub fn lead(first: &str, status: LeadStatus) -> PersonInput {
    PersonInput { lead_status: Some(status), owner: Some("sam".into()), ..person(first, "Lead") }
}

/// A customer who never was a lead has no lead status, so is never scored.
pub fn customer(first: &str, last: &str) -> PersonInput {
    PersonInput { lifecycle: Lifecycle::Customer, ..person(first, last) }
}

/// `n` closed leads, one hour apart. Planted: industry "saas" (+2.0 log-odds), budget (+1.2 per sd, missing
/// for a fifth of the leads) and source "event" (-1.0); `noise` and `coin` are independent of the outcome and
/// `empty` is never filled in.
pub fn history(e: &Env, n: usize, seed: u64) {
    field(e, "Industry", CustomFieldKind::Choice, &["saas", "retail", "gov"]);
    field(e, "Budget", CustomFieldKind::Number, &[]);
    field(e, "Noise", CustomFieldKind::Number, &[]);
    field(e, "Coin", CustomFieldKind::Boolean, &[]);
    field(e, "Empty", CustomFieldKind::Text, &[]);
    let mut rng = Rng::new(seed);
    for i in 0..n {
        let industry = *rng.pick(&["saas", "retail", "gov"]);
        let source = *rng.pick(&["web", "referral", "event"]);
        let budget = (rng.unit() - 0.5) * 2.0 * 3f64.sqrt(); // uniform with sd 1
        let has_budget = rng.unit() > 0.2;
        let logit = -0.8 + 2.0 * f64::from(industry == "saas") + 1.2 * if has_budget { budget } else { 0.0 }
            - 1.0 * f64::from(source == "event");
        let won = rng.unit() < 1.0 / (1.0 + (-logit).exp());
        let mut custom = CustomValues::new();
        custom.insert("industry".into(), CustomValue::Text(industry.into()));
        if has_budget {
            custom.insert("budget".into(), CustomValue::Number((budget * 1000.0 + 5000.0).round()));
        }
        custom.insert("noise".into(), CustomValue::Number((rng.unit() * 100.0).round()));
        custom.insert("coin".into(), CustomValue::Bool(rng.unit() < 0.5));
        let status = if won { LeadStatus::Converted } else { LeadStatus::Lost };
        let input = PersonInput { source: Some(source.into()), custom, ..lead(&format!("L{i}"), status) };
        people::create(&e.store, input).unwrap();
        e.clock.advance(HOUR);
    }
}

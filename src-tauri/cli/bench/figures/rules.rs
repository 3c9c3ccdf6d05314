//! Automation rules' overhead: what five enabled rules add to one write (the event the triggers log in the
//! write's transaction), and to a 100k-person CSV import, each against the same work without rules. The
//! rules run afterwards in the worker; its time per event is reported in the detail.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use super::import::{people_rows, write_csv};
use super::Ctx;
use crate::bench::figure::{Figure, Goal};
use crate::bench::stats::{time_each, time_ms};
use relata_core::clock::SystemClock;
use relata_core::domain::{PersonInput, RuleDef};
use relata_core::error::AppResult;
use relata_core::services::automation;
use relata_core::services::import::{self, ImportEntity, ImportOptions};
use relata_core::services::people;
use relata_core::store::Store;

/// At most this much added to one write.
pub const WRITE_GOAL: Goal = Goal::MaxMs { ms: 0.2, ratio: None };
/// An import with five rules takes at most 1.5 times as long as without (the ms bound only caps a run).
pub const IMPORT_GOAL: Goal = Goal::MaxMs { ms: 600_000.0, ratio: Some(1.5) };
const WRITES: usize = 300;

/// Five typical rules: a welcome task for signups (imported leads) in one city, a note when a lead becomes a
/// customer, a follow-up when a deal reaches Proposal, an alert when a lead turns hot, and a note when the
/// owner changes.
fn five_rules() -> AppResult<Vec<RuleDef>> {
    let task = |title: &str| serde_json::json!([{"type": "create_task", "title": title, "due_in_business_days": 2}]);
    let rules = serde_json::json!([
        {"name": "Welcome", "trigger": {"type": "signup_imported"},
         "conditions": {"field": "city", "op": "eq", "value": "Nowhere"}, "actions": task("Welcome {{ person.first_name }}")},
        {"name": "Customer", "trigger": {"type": "field_changed", "entity": "person", "field": "lifecycle", "to": "customer"},
         "actions": [{"type": "add_note", "body": "Became a customer"}]},
        {"name": "Proposal", "trigger": {"type": "deal_stage_changed", "to": "proposal"}, "actions": task("Follow up")},
        {"name": "Hot", "trigger": {"type": "score_band_entered", "band": "hot"}, "actions": [{"type": "notify", "message": "Hot lead"}]},
        {"name": "Owner", "trigger": {"type": "record_updated", "entity": "person", "fields": ["owner"]},
         "actions": [{"type": "add_note", "body": "New owner"}]}
    ]);
    Ok(serde_json::from_value(rules)?)
}

fn scratch_store(ctx: &Ctx, name: &str, rules: bool) -> AppResult<Store> {
    let dir = ctx.data_dir.join("bench-rules").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    let store = Store::open(&dir, Arc::new(SystemClock))?;
    if rules {
        automation::import(&store, &five_rules()?)?;
    }
    Ok(store)
}

/// p50 of one person update (a different job title each time) on a small store.
fn write_p50(store: &Store) -> AppResult<f64> {
    let p = people::create(
        store,
        PersonInput { first_name: "Bench".into(), last_name: "Write".into(), ..Default::default() },
    )?;
    let inputs: Vec<usize> = (0..WRITES).collect();
    let samples = time_each(&inputs, |i| {
        let input = PersonInput {
            first_name: "Bench".into(),
            last_name: "Write".into(),
            job_title: Some(format!("Title {i}")),
            ..Default::default()
        };
        people::update(store, p.id, input)
    })?;
    Ok(samples.p50())
}

pub fn single_write(ctx: &Ctx) -> AppResult<Figure> {
    let (plain, ruled) = (scratch_store(ctx, "write-plain", false)?, scratch_store(ctx, "write-rules", true)?);
    let without = write_p50(&plain)?;
    let with = write_p50(&ruled)?;
    let (run_ms, pass) = time_ms(|| automation::run_pending(&ruled, None))?;
    drop((plain, ruled));
    let _ = std::fs::remove_dir_all(ctx.data_dir.join("bench-rules"));
    // A difference below the timer's noise can come out negative; it is reported as 0.001 ms then.
    let added = (with - without).max(0.001);
    Ok(Figure::timed("rules_write", "one person update with five rules, added p50", WRITE_GOAL, added, None)
        .detail(format!(
            "update p50 {with:.3} ms with five enabled rules, {without:.3} ms without; the worker then evaluated \
             the {} events in {run_ms:.1} ms ({:.3} ms per event)",
            pass.events,
            run_ms / f64::from(pass.events.max(1))
        ))
        .note("The write pays one trigger insert into rule_events; matching and actions run in the worker."))
}

pub fn import(ctx: &Ctx) -> AppResult<Figure> {
    let rows = people_rows(ctx.store)?;
    let dir = ctx.data_dir.join("bench-rules");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("people.csv");
    write_csv(&file, &rows)?;
    // A signup import: with the rules on, each new person logs its creation and its signup.
    let options = ImportOptions { entity: ImportEntity::Leads, ..ImportOptions::default() };
    let run =
        |store: &Store| time_ms(|| import::import_file(store, &file, &options, &mut |_| {}, &AtomicBool::new(false)));
    let plain = scratch_store(ctx, "import-plain", false)?;
    let (without, _) = run(&plain)?;
    drop(plain);
    let ruled = scratch_store(ctx, "import-rules", true)?;
    let (with, report) = run(&ruled)?;
    let (worker_ms, pass) = time_ms(|| automation::run_pending(&ruled, None))?;
    drop(ruled);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(Figure::timed("rules_import", "CSV import of leads with five rules", IMPORT_GOAL, with, Some(without))
        .detail(format!(
            "{} people created; import {with:.0} ms with five enabled rules, {without:.0} ms without; the worker \
             then processed the {} events in {worker_ms:.0} ms",
            report.created, pass.events
        ))
        .note(
            "Each imported person logs its creation (a trigger) and its signup (one INSERT ... SELECT per id range at \
             the end) in the import's transaction; the rules run afterwards.",
        ))
}

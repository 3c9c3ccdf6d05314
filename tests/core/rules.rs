//! Automation rules: every trigger and action, conditions, exactly-once, loop protection and catch-up.

use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::automation::{self, engine::MAX_DEPTH};
use relata_core::services::{deals, people, pipelines};

use super::support::*;

fn rule(json: serde_json::Value) -> RuleDef {
    serde_json::from_value(json).expect("rule JSON")
}

fn add(e: &Env, json: serde_json::Value) -> Rule {
    automation::add(&e.store, &rule(json)).expect("add rule")
}

/// The rules but the built-in ones (seeded with every store).
pub fn user_rules(s: &relata_core::store::Store) -> Vec<Rule> {
    automation::list(s).unwrap().into_iter().filter(|r| r.builtin.is_none()).collect()
}

fn run(e: &Env) -> RulesPass {
    automation::run_once(&e.store, None).expect("run rules")
}

fn titles(e: &Env) -> Vec<String> {
    let raw = e.raw();
    let mut st = raw.prepare("SELECT title FROM tasks WHERE deleted_at IS NULL ORDER BY id").unwrap();
    st.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
}

fn welcome() -> serde_json::Value {
    serde_json::json!({"name": "Welcome", "trigger": {"type": "record_created", "entity": "person"},
        "conditions": null, "actions": [{"type": "create_task", "title": "Welcome call for {{ person.first_name }}",
        "due_in_business_days": 2}]})
}

#[test]
fn record_created_creates_one_task_from_the_template_due_in_business_days() {
    let e = env();
    let r = add(&e, welcome());
    // Counted from the change: T0 is a Monday, so due Wednesday at the same time; a Friday create, Tuesday.
    people::create(&e.store, person("Anna", "de Vries")).unwrap();
    e.clock.set(T0 + 4 * DAY);
    people::create(&e.store, person("Bo", "Berg")).unwrap();
    let pass = run(&e);
    // Two people created, and the two tasks the rule created (which match nothing).
    assert_eq!((pass.events, pass.runs, pass.failed), (4, 2, 0));
    assert_eq!(titles(&e), ["Welcome call for Anna", "Welcome call for Bo"]);
    let dues: Vec<i64> = {
        let raw = e.raw();
        let mut st = raw.prepare("SELECT due_at FROM tasks ORDER BY id").unwrap();
        st.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    assert_eq!(dues, [T0 + 2 * DAY, T0 + 8 * DAY]);
    // The task's own creation is an event too, but no rule matches it; nothing runs twice.
    run(&e);
    assert_eq!(titles(&e).len(), 2);
    assert_eq!(e.count("SELECT COUNT(*) FROM rule_events WHERE processed_at IS NULL"), 0);
    let history = automation::history(&e.store, r.id, 10).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].status, RunStatus::Done);
    assert!(history[0].actions[0].starts_with("task "), "{:?}", history[0].actions);
}

#[test]
fn no_enabled_rule_writes_no_events() {
    let e = env();
    let r = add(&e, welcome());
    automation::set_enabled(&e.store, r.id, false).unwrap();
    people::create(&e.store, person("Anna", "Visser")).unwrap();
    assert_eq!(e.count("SELECT COUNT(*) FROM rule_events"), 0);
}

fn stage_id(e: &Env, key: &str) -> Id {
    let all = pipelines::list(&e.store).unwrap();
    let p = all.into_iter().find(|p| p.system_key.as_deref() == Some("sales")).unwrap();
    p.stages.into_iter().find(|s| s.system_key.as_deref() == Some(key)).unwrap().id
}

#[test]
fn deal_stage_changed_to_proposal_creates_a_follow_up_linked_to_the_deal() {
    let e = env();
    add(
        &e,
        serde_json::json!({"name": "Proposal follow-up", "trigger": {"type": "deal_stage_changed", "to": "Proposal"},
        "actions": [{"type": "create_task", "title": "Follow up on {{ deal.title }}", "due_in_business_days": 2}]}),
    );
    let d =
        deals::create(&e.store, DealInput { title: "Big one".into(), value_minor: 5, ..Default::default() }).unwrap();
    deals::move_to(&e.store, d.id, DealMove { stage_id: stage_id(&e, "meeting"), index: None }).unwrap();
    run(&e);
    assert!(titles(&e).is_empty(), "moving to Meeting matches nothing");
    deals::move_to(&e.store, d.id, DealMove { stage_id: stage_id(&e, "proposal"), index: None }).unwrap();
    run(&e);
    assert_eq!(titles(&e), ["Follow up on Big one"]);
    assert_eq!(e.count("SELECT deal_id FROM tasks"), d.id);
}

#[test]
fn field_changed_from_to_tags_and_notes_the_person() {
    let e = env();
    add(
        &e,
        serde_json::json!({"name": "Won customer", "trigger": {"type": "field_changed", "entity": "person",
        "field": "lifecycle", "from": "lead", "to": "customer"},
        "actions": [{"type": "add_tag", "tag": "customer"}, {"type": "add_note", "body": "Became a customer: {{ person.last_name }}"}]}),
    );
    let p = people::create(&e.store, person("Jan", "Jansen")).unwrap();
    people::update(&e.store, p.id, PersonInput { lifecycle: Lifecycle::Qualified, ..person("Jan", "Jansen") }).unwrap();
    run(&e);
    assert_eq!(e.count("SELECT COUNT(*) FROM activities"), 0, "lead → qualified is not lead → customer");
    let q = people::create(&e.store, person("Kim", "Kok")).unwrap();
    people::update(&e.store, q.id, PersonInput { lifecycle: Lifecycle::Customer, ..person("Kim", "Kok") }).unwrap();
    run(&e);
    assert_eq!(people::get(&e.store, q.id).unwrap().tags, ["customer"]);
    assert_eq!(
        e.count("SELECT COUNT(*) FROM activities WHERE body = 'Became a customer: Kok' AND person_id IS NOT NULL"),
        1
    );
}

#[test]
fn updated_with_fields_deleted_and_conditions() {
    let e = env();
    add(
        &e,
        serde_json::json!({"name": "Owner changed", "trigger": {"type": "record_updated", "entity": "person", "fields": ["owner"]},
        "conditions": {"field": "city", "op": "eq", "value": "Utrecht"},
        "actions": [{"type": "notify", "message": "{{ person.first_name }} has a new owner"}]}),
    );
    add(
        &e,
        serde_json::json!({"name": "Gone", "trigger": {"type": "record_deleted", "entity": "person"},
        "actions": [{"type": "create_task", "title": "Check why {{ person.first_name }} was removed"}]}),
    );
    let mut utrecht = person("Ute", "Ulm");
    utrecht.address.city = Some("Utrecht".into());
    let a = people::create(&e.store, utrecht.clone()).unwrap();
    let b = people::create(&e.store, person("Piet", "Pot")).unwrap();
    people::update(&e.store, a.id, PersonInput { job_title: Some("CEO".into()), ..utrecht.clone() }).unwrap();
    people::update(&e.store, a.id, PersonInput { owner: Some("sam".into()), ..utrecht }).unwrap();
    people::update(&e.store, b.id, PersonInput { owner: Some("sam".into()), ..person("Piet", "Pot") }).unwrap();
    run(&e);
    // Only the owner change of the person in Utrecht notifies: a task reminding now.
    assert_eq!(titles(&e), ["Ute has a new owner"]);
    assert_eq!(e.count(&format!("SELECT COUNT(*) FROM tasks WHERE remind_at = {T0}")), 1);
    people::delete(&e.store, b.id).unwrap();
    run(&e);
    assert!(automation::list(&e.store).unwrap().iter().all(|r| r.enabled), "{:?}", automation::history(&e.store, 2, 1));
    assert_eq!(titles(&e), ["Ute has a new owner", "Check why Piet was removed"]);
}

#[test]
fn score_band_set_field_and_start_cadence() {
    let e = env();
    add(
        &e,
        serde_json::json!({"name": "Hot lead", "trigger": {"type": "score_band_entered", "band": "hot"},
        "actions": [{"type": "set_field", "field": "lead_status", "value": "lost"},
                    {"type": "start_cadence", "cadence": "new lead follow-up"}]}),
    );
    let p = people::create(&e.store, person("Hetty", "Heet")).unwrap();
    e.raw().execute("UPDATE people SET score = 90, score_band = 'hot' WHERE id = ?1", [p.id]).unwrap();
    run(&e);
    assert_eq!(people::get(&e.store, p.id).unwrap().lead_status, Some(LeadStatus::Lost));
    assert_eq!(titles(&e).len(), 4, "the default cadence has four steps: {:?}", titles(&e));
}

#[test]
fn a_failing_rule_is_paused_and_none_of_its_actions_stay() {
    let e = env();
    let r = add(
        &e,
        serde_json::json!({"name": "Broken", "trigger": {"type": "record_created", "entity": "person"},
        "actions": [{"type": "create_task", "title": "First"}, {"type": "start_cadence", "cadence": "No such cadence"}]}),
    );
    people::create(&e.store, person("Ad", "Aap")).unwrap();
    let pass = run(&e);
    assert_eq!(pass.failed, 1);
    assert!(titles(&e).is_empty(), "the first action is rolled back with the failing one");
    let r = automation::get(&e.store, r.id).unwrap();
    assert!(!r.enabled);
    let why = r.paused_reason.expect("a reason").to_string();
    assert!(why.contains("actions[1]") && why.contains("No such cadence"), "{why}");
    assert_eq!(automation::history(&e.store, r.id, 5).unwrap()[0].status, RunStatus::Failed);
    // Enabling it again clears the reason.
    assert_eq!(automation::set_enabled(&e.store, r.id, true).unwrap().paused_reason, None);
}

#[test]
fn rules_that_trigger_each_other_on_one_record_stop_in_the_same_chain() {
    let e = env();
    add(
        &e,
        serde_json::json!({"name": "A", "trigger": {"type": "record_updated", "entity": "person", "fields": ["owner"]},
        "actions": [{"type": "set_field", "field": "job_title", "value": "Buyer"}]}),
    );
    add(
        &e,
        serde_json::json!({"name": "B", "trigger": {"type": "record_updated", "entity": "person", "fields": ["job_title"]},
        "actions": [{"type": "set_field", "field": "owner", "value": "robot"}]}),
    );
    let p = people::create(&e.store, person("Lo", "Op")).unwrap();
    people::update(&e.store, p.id, PersonInput { owner: Some("me".into()), ..person("Lo", "Op") }).unwrap();
    run(&e);
    let got = people::get(&e.store, p.id).unwrap();
    assert_eq!((got.job_title.as_deref(), got.owner.as_deref()), (Some("Buyer"), Some("robot")));
    // A ran, B ran, then A on the same person in the same chain was skipped; both stay enabled.
    assert_eq!(
        automation::history(&e.store, user_rules(&e.store)[0].id, 5)
            .unwrap()
            .iter()
            .map(|r| r.status)
            .collect::<Vec<_>>(),
        [RunStatus::LoopSkipped, RunStatus::Done]
    );
    assert!(automation::list(&e.store).unwrap().iter().all(|r| r.enabled));
}

#[test]
fn a_chain_deeper_than_the_limit_pauses_the_rule() {
    let e = env();
    // Each task it creates is a new record, so only the depth limit stops it.
    let r = add(
        &e,
        serde_json::json!({"name": "Breeder", "trigger": {"type": "record_created", "entity": "task"},
        "actions": [{"type": "create_task", "title": "again"}]}),
    );
    relata_core::services::tasks::create(
        &e.store,
        TaskInput { title: "seed".into(), due_at: T0, ..Default::default() },
    )
    .unwrap();
    run(&e);
    assert_eq!(titles(&e).len() as i64, 1 + MAX_DEPTH);
    let r = automation::get(&e.store, r.id).unwrap();
    assert!(!r.enabled);
    assert!(r.paused_reason.unwrap() == RuleError::TooDeep { depth: MAX_DEPTH as u32 });
}

#[test]
fn a_schedule_missed_while_closed_fires_once() {
    let e = env();
    // Rule made at T0 (Monday 12:00 UTC): today's 08:00 has passed before the rule existed.
    add(
        &e,
        serde_json::json!({"name": "Morning", "trigger": {"type": "schedule", "at": "08:00", "weekdays_only": true},
        "actions": [{"type": "create_task", "title": "Plan the day"}]}),
    );
    run(&e);
    assert!(titles(&e).is_empty());
    // Closed for three days: Tuesday, Wednesday and Thursday 08:00 were missed; it fires once.
    e.clock.set(T0 + 3 * DAY);
    run(&e);
    run(&e);
    assert_eq!(titles(&e).len(), 1);
    // Friday 09:00 fires again; the weekend does not; Monday does.
    e.clock.set(T0 + 3 * DAY + 21 * HOUR);
    run(&e);
    e.clock.set(T0 + 6 * DAY);
    run(&e);
    assert_eq!(titles(&e).len(), 2);
    e.clock.set(T0 + 7 * DAY - 3 * HOUR);
    run(&e);
    assert_eq!(titles(&e).len(), 3);
}

#[test]
fn no_activity_fires_once_per_quiet_spell() {
    let e = env();
    add(
        &e,
        serde_json::json!({"name": "Quiet", "trigger": {"type": "no_activity_days", "entity": "person", "days": 7},
        "actions": [{"type": "create_task", "title": "Call {{ person.first_name }} again"}]}),
    );
    people::create(&e.store, person("Stil", "Le")).unwrap();
    e.clock.set(T0 + 6 * DAY);
    run(&e);
    assert!(titles(&e).is_empty());
    e.clock.set(T0 + 8 * DAY);
    run(&e);
    e.clock.set(T0 + 9 * DAY);
    run(&e);
    assert_eq!(titles(&e), ["Call Stil again"]);
}

#[test]
fn preview_counts_matches_of_the_last_thirty_days() {
    let e = env();
    let mut utrecht = person("Ute", "Ulm");
    utrecht.address.city = Some("Utrecht".into());
    people::create(&e.store, utrecht.clone()).unwrap();
    e.clock.set(T0 + 40 * DAY);
    people::create(&e.store, utrecht).unwrap();
    people::create(&e.store, person("Piet", "Pot")).unwrap();
    let mut def = rule(welcome());
    def.conditions =
        Some(serde_json::from_value(serde_json::json!({"field": "city", "op": "eq", "value": "Utrecht"})).unwrap());
    let p = automation::preview(&e.store, &def).unwrap();
    assert_eq!((p.matched, p.days, p.examples.len()), (1, 30, 1));
    assert!(titles(&e).is_empty(), "a preview does nothing");
}

#[test]
fn bad_rules_are_refused_with_their_field() {
    let e = env();
    let s = &e.store;
    let mut def = rule(welcome());
    def.actions.clear();
    assert_err(automation::add(s, &def), ErrorCode::Required, Some("actions"));
    let bad = rule(serde_json::json!({"name": "x", "trigger": {"type": "record_created", "entity": "deal"},
        "actions": [{"type": "set_field", "field": "lifecycle", "value": "customer"}]}));
    assert_err(automation::add(s, &bad), ErrorCode::InvalidValue, Some("actions[0].field"));
    let bad = rule(serde_json::json!({"name": "x", "trigger": {"type": "record_created", "entity": "person"},
        "actions": [{"type": "create_task", "title": "{{ oops"}]}));
    assert_err(automation::add(s, &bad), ErrorCode::Template, Some("actions[0].title"));
    let bad = rule(serde_json::json!({"name": "x", "trigger": {"type": "schedule", "at": "25:00"},
        "actions": [{"type": "create_task", "title": "t"}]}));
    assert_err(automation::add(s, &bad), ErrorCode::InvalidValue, Some("trigger.at"));
    assert!(user_rules(s).is_empty());
}

#[test]
fn export_import_round_trip_and_history_is_pruned_after_ninety_days() {
    let e = env();
    add(&e, welcome());
    let defs = automation::export(&e.store).unwrap();
    let again = automation::import(&e.store, &defs).unwrap();
    assert_eq!(again[0].def, defs[0]);
    people::create(&e.store, person("Old", "Run")).unwrap();
    run(&e);
    assert_eq!(e.count("SELECT COUNT(*) FROM rule_runs"), 2);
    e.clock.set(T0 + 91 * DAY);
    run(&e);
    assert_eq!(e.count("SELECT COUNT(*) FROM rule_runs"), 0);
    automation::remove(&e.store, user_rules(&e.store)[0].id).unwrap();
    assert_eq!(user_rules(&e.store).len(), 1);
}

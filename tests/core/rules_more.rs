//! Automation, part two: the SLA, date and email triggers, the actions that reach the outbox, tickets,
//! cadences, owners and segments, and the built-in rules (hot-lead alert, cadence stop on a reply) that the
//! user can turn off and edit.

use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::mail::{compose, parse, record};
use relata_core::services::{activities, automation, cadences, deals, people, scoring, segments, tasks, tickets};

use super::mail_server as srv;
use super::rules::user_rules;
use super::support::*;
use super::support_metrics::{office, open, Spec};

fn rule(json: serde_json::Value) -> RuleDef {
    serde_json::from_value(json).expect("rule JSON")
}

fn add(e: &Env, json: serde_json::Value) -> Rule {
    automation::add(&e.store, &rule(json)).expect("add rule")
}

fn run(e: &Env) -> RulesPass {
    automation::run_once(&e.store, None).expect("run rules")
}

fn titles(e: &Env) -> Vec<String> {
    let raw = e.raw();
    let mut st = raw.prepare("SELECT title FROM tasks WHERE deleted_at IS NULL ORDER BY id").unwrap();
    st.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
}

fn task(title: &str) -> serde_json::Value {
    serde_json::json!([{"type": "create_task", "title": title}])
}

#[test]
fn sla_warning_and_breach_fire_once_per_ticket_and_clock() {
    let e = env();
    let pid = office(&e);
    add(
        &e,
        serde_json::json!({"name": "W", "trigger": {"type": "sla_warning", "level": "warning"},
        "actions": task("Warned about ticket {{ ticket.number }}")}),
    );
    add(
        &e,
        serde_json::json!({"name": "B", "trigger": {"type": "sla_warning", "level": "breach"},
        "actions": task("Breach on ticket {{ ticket.number }} of {{ person.first_name }}")}),
    );
    let spec = Spec {
        opened: "2025-03-10T12:00:00Z",
        assignee: Some("bob"),
        channel: TicketChannel::Email,
        kind: TicketType::Question,
    };
    open(&e, pid, spec);
    run(&e);
    assert!(titles(&e).is_empty());
    e.clock.set(T0 + 30 * MINUTE);
    tickets::alerts::sweep(&e.store).unwrap();
    run(&e);
    e.clock.set(T0 + 40 * MINUTE);
    tickets::alerts::sweep(&e.store).unwrap();
    run(&e);
    assert_eq!(titles(&e), ["Warned about ticket 1"], "a warning fires once");
    e.clock.set(T0 + 61 * MINUTE);
    tickets::alerts::sweep(&e.store).unwrap();
    tickets::alerts::sweep(&e.store).unwrap();
    run(&e);
    assert_eq!(titles(&e), ["Warned about ticket 1", "Breach on ticket 1 of Ann"]);
    assert_eq!(e.count("SELECT COUNT(*) FROM tasks WHERE person_id IS NOT NULL"), 2);
}

#[test]
fn date_reached_fires_once_per_record_and_date_and_catches_up_once() {
    let e = env();
    // T0 is Monday 2025-03-10 12:00 UTC; two days before the 14th is the 12th.
    let r = add(
        &e,
        serde_json::json!({"name": "Close soon", "trigger": {"type": "date_reached", "entity": "deal",
        "field": "expected_close", "days_before": 2}, "actions": task("{{ deal.title }} closes on {{ deal.expected_close }}")}),
    );
    let input = DealInput {
        title: "Big one".into(),
        value_minor: 5,
        expected_close: Some("2025-03-14".into()),
        ..Default::default()
    };
    let d = deals::create(&e.store, input.clone()).unwrap();
    e.clock.set(T0 + DAY + HOUR);
    run(&e);
    assert!(titles(&e).is_empty(), "the 11th is too early");
    // The app was closed over the 12th; the next pass catches up once.
    e.clock.set(T0 + 3 * DAY + 2 * HOUR);
    run(&e);
    e.clock.set(T0 + 4 * DAY + 3 * HOUR);
    run(&e);
    assert_eq!(titles(&e), ["Big one closes on 2025-03-14"]);
    // A moved date fires again when its day comes.
    deals::update(&e.store, d.id, DealInput { expected_close: Some("2025-03-20".into()), ..input }).unwrap();
    e.clock.set(T0 + 8 * DAY + 4 * HOUR);
    run(&e);
    assert_eq!(titles(&e), ["Big one closes on 2025-03-14", "Big one closes on 2025-03-20"]);
    assert_eq!(automation::history(&e.store, r.id, 10).unwrap().len(), 2);
    let bad = rule(serde_json::json!({"name": "x", "trigger": {"type": "date_reached", "entity": "person",
        "field": "birthday"}, "actions": task("t")}));
    assert_err(automation::add(&e.store, &bad), ErrorCode::InvalidValue, Some("trigger.field"));
}

#[test]
fn an_email_received_and_a_reply_fire_their_rules() {
    let f = super::mail_compose::fixture();
    let e = &f.e;
    let mut p = person("Mette", "Jensen");
    p.emails = vec![lv("work", "mette@firma.dk")];
    let mette = people::create(&e.store, p).unwrap();
    add(
        e,
        serde_json::json!({"name": "Mail", "trigger": {"type": "email_received"},
        "actions": task("Mail from {{ person.first_name }}")}),
    );
    add(
        e,
        serde_json::json!({"name": "Replied", "trigger": {"type": "email_received", "replied": true},
        "actions": [{"type": "add_tag", "tag": "replied"}]}),
    );
    let sent = compose::queue_template(&e.store, f.account.id, mette.id, f.template.id, None).unwrap();
    let plain = srv::message("m1@firma.dk", "mette@firma.dk", "sales@relata.test", "Hi", "", "Hello.");
    let answer = format!("In-Reply-To: {}\r\n", sent.message_id);
    let reply = srv::message("m2@firma.dk", "mette@firma.dk", "sales@relata.test", "Re: Offer", &answer, "Yes.");
    let target = f.inbox_target(false);
    e.store
        .write(|tx| {
            record::record(tx, &target, 1, &parse::parse(&plain), T0)?;
            record::record(tx, &target, 2, &parse::parse(&reply), T0)
        })
        .unwrap();
    run(e);
    run(e);
    assert_eq!(titles(e), ["Mail from Mette", "Mail from Mette"]);
    assert_eq!(people::get(&e.store, mette.id).unwrap().tags, ["replied"]);
}

#[test]
fn send_email_create_ticket_set_owner_and_add_to_segment_act_once() {
    let f = super::mail_compose::fixture();
    let e = &f.e;
    let vip = SegmentInput {
        name: "VIP list".into(),
        filter: serde_json::from_value(serde_json::json!({"field": "city", "op": "eq", "value": "Nowhere"})).unwrap(),
        is_static: true,
        pinned: false,
    };
    let seg = segments::add(&e.store, vip).unwrap();
    add(
        e,
        serde_json::json!({"name": "Welcome", "trigger": {"type": "record_created", "entity": "person"},
        "actions": [{"type": "send_email", "template": "offer"},
                    {"type": "create_ticket", "subject": "Onboard {{ person.first_name }}", "priority": "high"},
                    {"type": "set_owner", "owner": "robot"},
                    {"type": "add_to_segment", "segment": "vip list"}]}),
    );
    let p = people::create(&e.store, PersonInput { emails: vec![lv("work", "ida@firma.dk")], ..person("Ida", "Holm") })
        .unwrap();
    run(e);
    run(e);
    assert_eq!(e.count(&format!("SELECT COUNT(*) FROM outbox WHERE person_id = {}", p.id)), 1);
    assert_eq!(e.count("SELECT COUNT(*) FROM outbox WHERE subject = 'Offer for Ida'"), 1);
    assert_eq!(
        e.count(&format!(
            "SELECT COUNT(*) FROM tickets WHERE subject = 'Onboard Ida' AND priority = 'high' AND person_id = {}",
            p.id
        )),
        1
    );
    assert_eq!(people::get(&e.store, p.id).unwrap().owner.as_deref(), Some("robot"));
    assert_eq!(
        e.count(&format!(
            "SELECT COUNT(*) FROM segment_members WHERE segment_id = {} AND person_id = {}",
            seg.id, p.id
        )),
        1
    );
    // Refused when saved: a template or segment that does not exist, a live segment.
    let bad = |action: serde_json::Value| {
        rule(
            serde_json::json!({"name": "x", "trigger": {"type": "record_created", "entity": "person"}, "actions": [action]}),
        )
    };
    let no_template = bad(serde_json::json!({"type": "send_email", "template": "nope"}));
    assert_err(automation::add(&e.store, &no_template), ErrorCode::NotFound, Some("actions[0].template"));
    let filter = serde_json::from_value(serde_json::json!({"field": "city", "op": "eq", "value": "Utrecht"})).unwrap();
    let live = SegmentInput { name: "Live".into(), filter, is_static: false, pinned: false };
    segments::add(&e.store, live).unwrap();
    let to_live = bad(serde_json::json!({"type": "add_to_segment", "segment": "Live"}));
    assert_err(automation::add(&e.store, &to_live), ErrorCode::InvalidValue, Some("actions[0].segment"));
}

fn inbound(person_id: Id) -> ActivityInput {
    ActivityInput {
        kind: ActivityKind::Email,
        direction: Some(Direction::Inbound),
        subject: "Re: info".into(),
        body: None,
        occurred_at: None,
        duration_secs: None,
        person_id: Some(person_id),
        company_id: None,
        deal_id: None,
    }
}

fn open_tasks(e: &Env, person_id: Id) -> usize {
    let q = TasksQuery { person_id: Some(person_id), ..Default::default() };
    tasks::list(&e.store, &q).unwrap().items.iter().filter(|t| t.done_at.is_none()).count()
}

#[test]
fn stop_cadence_stops_the_named_or_every_running_cadence() {
    let e = env();
    let c = cadences::find_by_name(&e.store, "New lead follow-up").unwrap();
    add(
        &e,
        serde_json::json!({"name": "Stop", "trigger": {"type": "record_updated", "entity": "person", "fields": ["job_title"]},
        "actions": [{"type": "stop_cadence", "cadence": "new lead follow-up"}]}),
    );
    let p = people::create(&e.store, person("Anna", "Lead")).unwrap();
    cadences::apply(&e.store, c.id, p.id, None).unwrap();
    run(&e);
    let before = open_tasks(&e, p.id);
    assert!(before > 0);
    e.clock.set(T0 + HOUR);
    people::update(&e.store, p.id, PersonInput { job_title: Some("CEO".into()), ..person("Anna", "Lead") }).unwrap();
    run(&e);
    assert_eq!(open_tasks(&e, p.id), 0);
    assert_eq!(e.count("SELECT COUNT(*) FROM cadence_runs WHERE stop_reason = 'rule'"), 1);
}

fn builtin(e: &Env, key: &str) -> Rule {
    automation::list(&e.store).unwrap().into_iter().find(|r| r.builtin.as_deref() == Some(key)).unwrap()
}

#[test]
fn the_built_in_rules_are_seeded_visible_and_cannot_be_removed_or_retriggered() {
    let e = env();
    let hot = builtin(&e, "hot_lead");
    let stop = builtin(&e, "cadence_stop_on_reply");
    assert!(hot.enabled && stop.enabled);
    assert!(user_rules(&e.store).is_empty());
    assert_err(automation::remove(&e.store, hot.id), ErrorCode::InvalidValue, Some("id"));
    let moved = RuleDef { trigger: Trigger::ScoreBandEntered { band: "warm".into() }, ..hot.def.clone() };
    assert_err(automation::update(&e.store, hot.id, &moved), ErrorCode::InvalidValue, Some("trigger"));
    assert!(automation::export(&e.store).unwrap().is_empty());
    // Being on does not turn the event log on: the built-in rules run on their own paths.
    people::create(&e.store, person("Anna", "Visser")).unwrap();
    assert_eq!(e.count("SELECT COUNT(*) FROM rule_events"), 0);
}

fn heat_up(e: &Env, first: &str) -> Id {
    let s = &e.store;
    let p = people::create(s, super::scoring_data::lead(first, LeadStatus::Open)).unwrap();
    let tagged = PersonInput { tags: vec!["vip".into()], ..super::scoring_data::lead(first, LeadStatus::Open) };
    people::update(s, p.id, tagged).unwrap();
    p.id
}

#[test]
fn the_hot_lead_alert_is_a_rule_off_stops_it_and_edited_actions_replace_it() {
    let e = env();
    let vip = ScoringRuleInput { attribute: "tag".into(), value: Some("VIP".into()), points: 30, ..Default::default() };
    scoring::add_rule(&e.store, vip).unwrap();
    let hot = builtin(&e, "hot_lead");
    let ada = heat_up(&e, "Ada");
    assert_eq!(open_tasks(&e, ada), 1, "as shipped: the follow-up");
    assert_eq!(automation::history(&e.store, hot.id, 10).unwrap().len(), 1);
    automation::set_enabled(&e.store, hot.id, false).unwrap();
    let bo = heat_up(&e, "Bo");
    assert_eq!(open_tasks(&e, bo), 0, "off: nothing");
    automation::set_enabled(&e.store, hot.id, true).unwrap();
    let edited = RuleDef {
        actions: rule(serde_json::json!({"name": "x", "trigger": {"type": "schedule", "at": "08:00"},
        "actions": task("Call {{ person.first_name }} today")}))
        .actions,
        ..hot.def.clone()
    };
    automation::update(&e.store, hot.id, &edited).unwrap();
    let cy = heat_up(&e, "Cy");
    let q = TasksQuery { person_id: Some(cy), ..Default::default() };
    let made: Vec<String> = tasks::list(&e.store, &q).unwrap().items.into_iter().map(|t| t.title).collect();
    assert_eq!(made, ["Call Cy today"]);
    let notes = activities::timeline(&e.store, &TimelineQuery { person_id: Some(cy), ..Default::default() }).unwrap();
    assert_eq!(notes.items.iter().filter(|a| a.kind == ActivityKind::Note).count(), 0, "edited: only its actions");
    assert_eq!(automation::history(&e.store, hot.id, 10).unwrap().len(), 2);
}

#[test]
fn the_cadence_stop_on_reply_is_a_rule_that_can_be_turned_off() {
    let e = env();
    let c = cadences::find_by_name(&e.store, "New lead follow-up").unwrap();
    let stop = builtin(&e, "cadence_stop_on_reply");
    automation::set_enabled(&e.store, stop.id, false).unwrap();
    let p = people::create(&e.store, person("Anna", "Lead")).unwrap();
    cadences::apply(&e.store, c.id, p.id, None).unwrap();
    let running = open_tasks(&e, p.id);
    e.clock.set(T0 + HOUR);
    activities::create(&e.store, inbound(p.id)).unwrap();
    assert_eq!(open_tasks(&e, p.id), running, "off: the reply stops nothing");
    automation::set_enabled(&e.store, stop.id, true).unwrap();
    activities::create(&e.store, inbound(p.id)).unwrap();
    assert_eq!(open_tasks(&e, p.id), 0, "on: the reply stops the series");
    let h = automation::history(&e.store, stop.id, 10).unwrap();
    assert_eq!((h.len(), h[0].status), (1, RunStatus::Done));
}

#[test]
fn date_reached_on_a_custom_date_field_of_a_person_fires_after_the_date_passed() {
    let e = env();
    let input = CustomFieldInput {
        entity: Entity::Person,
        label: "Contract end".into(),
        kind: CustomFieldKind::Date,
        choices: vec![],
    };
    relata_core::services::custom_fields::create(&e.store, input).unwrap();
    // Three days after the contract ended (the 11th): the 14th.
    add(
        &e,
        serde_json::json!({"name": "Ended", "trigger": {"type": "date_reached", "entity": "person",
        "field": "contract_end", "days_before": -3}, "actions": task("Renew {{ person.first_name }}")}),
    );
    let mut p = person("Lis", "Dahl");
    p.custom.insert("contract_end".into(), CustomValue::Text("2025-03-11".into()));
    people::create(&e.store, p).unwrap();
    e.clock.set(T0 + 3 * DAY + HOUR);
    run(&e);
    assert!(titles(&e).is_empty(), "the 13th is too early");
    e.clock.set(T0 + 4 * DAY + 2 * HOUR);
    run(&e);
    e.clock.set(T0 + 5 * DAY + 3 * HOUR);
    run(&e);
    assert_eq!(titles(&e), ["Renew Lis"]);
}

//! What the rule form is offered (services::ui_rules::rule_form, the bindings' RULE_FORM): every trigger and
//! action kind the core runs, spelled as their JSON; the fields a change trigger can name; and errors that
//! name the input a notification's message is typed in.

use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::{automation, ui_rules};

use super::support::*;

fn trigger(json: serde_json::Value) -> Trigger {
    serde_json::from_value(json).expect("trigger JSON")
}

fn action(json: serde_json::Value) -> Action {
    serde_json::from_value(json).expect("action JSON")
}

#[test]
fn the_form_lists_every_trigger_and_action_kind_as_their_json_spells_them() {
    use serde_json::json;
    let triggers = [
        trigger(json!({"type": "record_created", "entity": "person"})),
        trigger(json!({"type": "record_updated", "entity": "deal", "fields": ["owner"]})),
        trigger(json!({"type": "record_deleted", "entity": "order"})),
        trigger(json!({"type": "field_changed", "entity": "ticket", "field": "status", "to": "closed"})),
        trigger(json!({"type": "deal_stage_changed", "to": "proposal"})),
        trigger(json!({"type": "score_band_entered", "band": "hot"})),
        trigger(json!({"type": "schedule", "at": "08:00", "weekdays_only": true})),
        trigger(json!({"type": "no_activity_days", "entity": "person", "days": 14})),
        trigger(json!({"type": "sla_warning", "level": "breach"})),
        trigger(json!({"type": "date_reached", "entity": "deal", "field": "expected_close", "days_before": 3})),
        trigger(json!({"type": "email_received", "replied": true})),
        trigger(json!({"type": "signup_imported"})),
    ];
    let actions = [
        action(json!({"type": "create_task", "title": "t", "due_in_business_days": 2, "remind": true})),
        action(json!({"type": "notify", "message": "m"})),
        action(json!({"type": "add_note", "body": "b"})),
        action(json!({"type": "add_tag", "tag": "vip"})),
        action(json!({"type": "set_field", "field": "lifecycle", "value": "customer"})),
        action(json!({"type": "set_owner", "owner": "sam"})),
        action(json!({"type": "start_cadence", "cadence": "Onboarding"})),
        action(json!({"type": "stop_cadence"})),
        action(json!({"type": "send_email", "template": "Welcome"})),
        action(json!({"type": "create_ticket", "subject": "s", "priority": "high"})),
        action(json!({"type": "add_to_segment", "segment": "VIP"})),
        action(json!({"type": "add_to_campaign", "campaign": "Spring"})),
    ];
    let form = ui_rules::rule_form();
    let kinds: Vec<&str> = triggers.iter().map(Trigger::kind).collect();
    assert_eq!(kinds, form.triggers, "one of each trigger, in the form's order");
    for t in &triggers {
        assert_eq!(serde_json::to_value(t).unwrap()["type"], t.kind(), "kind() is the JSON's type");
    }
    let kinds: Vec<&str> = actions.iter().map(Action::kind).collect();
    assert_eq!(kinds, form.actions, "one of each action, in the form's order");
    for a in &actions {
        assert_eq!(serde_json::to_value(a).unwrap()["type"], a.kind(), "kind() is the JSON's type");
    }
    assert_eq!(form.settable["person"][0], "lifecycle");
    assert_eq!(form.date_columns["deal"], ["expected_close"]);
    assert_eq!(form.builtin_names["hot_lead"], "Hot lead alert");
    assert_eq!(form.builtin_names.len(), 2);
}

#[test]
fn change_triggers_can_name_the_logged_columns_of_each_entity() {
    let e = env();
    let fields = automation::fields(&e.store).unwrap();
    let entities: Vec<&str> = fields.keys().map(String::as_str).collect();
    assert_eq!(entities, ["company", "deal", "order", "person", "task", "ticket"]);
    assert!(fields["person"].iter().any(|f| f == "lifecycle"));
    assert!(fields["ticket"].iter().any(|f| f == "status"));
    assert!(fields["deal"].iter().any(|f| f == "stage_id"));
    for ignored in ["id", "updated_at", "deleted_at", "score"] {
        assert!(!fields["person"].iter().any(|f| f == ignored), "{ignored} is bookkeeping");
    }
}

#[test]
fn an_empty_notification_is_refused_at_its_message() {
    let e = env();
    let def: RuleDef = serde_json::from_value(serde_json::json!({"name": "n",
        "trigger": {"type": "record_created", "entity": "person"},
        "actions": [{"type": "add_tag", "tag": "x"}, {"type": "notify", "message": " "}]}))
    .unwrap();
    assert_err(automation::add(&e.store, &def), ErrorCode::Required, Some("actions[1].message"));
}

//! Automation rules that reach campaigns and imports: `add_to_campaign` (idempotent, consent recorded as a
//! send would see it, a missing campaign pausing the rule with a typed reason), the `signup_imported`
//! trigger (once per person a leads import created, logged in the import's transaction), and typed reasons.

use std::sync::atomic::AtomicBool;

use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::automation;
use relata_core::services::import::{self, DuplicatePolicy, ImportEntity, ImportOptions};
use relata_core::services::{campaigns, deals, gdpr, people};

use super::support::*;

fn add(e: &Env, json: serde_json::Value) -> Rule {
    automation::add(&e.store, &serde_json::from_value(json).expect("rule JSON")).expect("add rule")
}

fn run(e: &Env) -> RulesPass {
    automation::run_once(&e.store, None).expect("run rules")
}

fn campaign(e: &Env, name: &str) -> Campaign {
    let input =
        CampaignInput { name: name.into(), purpose: "newsletter".into(), currency: "EUR".into(), ..Default::default() };
    campaigns::add(&e.store, input).unwrap()
}

fn members(e: &Env, campaign: Id) -> Vec<Id> {
    let raw = e.raw();
    let mut st =
        raw.prepare("SELECT person_id FROM campaign_members WHERE campaign_id = ?1 ORDER BY person_id").unwrap();
    st.query_map([campaign], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
}

fn with_email(first: &str, email: &str) -> PersonInput {
    PersonInput { emails: vec![lv("work", email)], ..person(first, "Test") }
}

#[test]
fn add_to_campaign_adds_the_person_once_and_records_what_a_send_would_do() {
    let e = env();
    let c = campaign(&e, "Spring offer");
    // By name (any case), then by id: the second finds the person a member already.
    let r = add(
        &e,
        serde_json::json!({"name": "Join", "trigger": {"type": "record_created", "entity": "person"},
        "actions": [{"type": "add_to_campaign", "campaign": "spring OFFER"}, {"type": "add_to_campaign", "campaign": c.id}]}),
    );
    let anna = people::create(&e.store, with_email("Anna", "anna@example.com")).unwrap().id;
    let input = ConsentInput {
        person_id: anna,
        channel: ContactChannel::Email,
        purpose: "newsletter".into(),
        status: ConsentStatus::Given,
        at: Some(T0),
        source: Some("form".into()),
        note: None,
    };
    gdpr::add_consent(&e.store, input).unwrap();
    let bo = people::create(&e.store, person("Bo", "Berg")).unwrap().id;
    let eve = people::create(&e.store, with_email("Eve", "eve@example.com")).unwrap().id;
    let pass = run(&e);
    assert_eq!((pass.runs, pass.failed), (3, 0));
    assert_eq!(members(&e, c.id), [anna, bo, eve]);
    let history = automation::history(&e.store, r.id, 10).unwrap();
    let lines = |p: Id| history.iter().find(|h| h.record_id == p).unwrap().lines.clone();
    // Membership does not wait for consent (as adding from a segment); a send skips who it must.
    let joined = |p: Id, skipped: Option<SkipReason>| {
        vec![
            RunLine::AddedToCampaign { person: p, campaign: c.id, already: false, skipped },
            RunLine::AddedToCampaign { person: p, campaign: c.id, already: true, skipped },
        ]
    };
    assert_eq!(lines(anna), joined(anna, None));
    assert_eq!(lines(bo), joined(bo, Some(SkipReason::NoAddress)));
    assert_eq!(lines(eve), joined(eve, Some(SkipReason::NoConsent)));
    assert!(history[0].actions[0].contains("added to campaign"), "{:?}", history[0].actions);
    // A deal's person joins for a deal trigger; running again adds nobody twice.
    add(
        &e,
        serde_json::json!({"name": "Deal", "trigger": {"type": "record_created", "entity": "deal"},
        "actions": [{"type": "add_to_campaign", "campaign": c.id}]}),
    );
    let dan = people::create(&e.store, person("Dan", "Deal")).unwrap().id;
    deals::create(&e.store, DealInput { title: "D".into(), person_id: Some(dan), ..Default::default() }).unwrap();
    run(&e);
    run(&e);
    assert_eq!(members(&e, c.id), [anna, bo, eve, dan]);
    assert_eq!(e.count("SELECT COUNT(*) FROM campaign_members"), 4);
}

#[test]
fn a_missing_campaign_is_refused_on_save_and_pauses_the_rule_with_a_typed_reason() {
    let e = env();
    let def = |name: &str| {
        serde_json::json!({"name": "Join", "trigger": {"type": "record_created", "entity": "person"},
        "actions": [{"type": "add_tag", "tag": "x"}, {"type": "add_to_campaign", "campaign": name}]})
    };
    let refused = automation::add(&e.store, &serde_json::from_value(def("Nope")).unwrap()).unwrap_err();
    assert_eq!((refused.code, refused.field.as_deref()), (ErrorCode::NotFound, Some("actions[1].campaign")));
    let c = campaign(&e, "Spring");
    let r = add(&e, def("Spring"));
    campaigns::remove(&e.store, c.id).unwrap();
    let p = people::create(&e.store, person("Ad", "Aap")).unwrap();
    assert_eq!(run(&e).failed, 1);
    let r = automation::get(&e.store, r.id).unwrap();
    assert!(!r.enabled);
    let why = r.paused_reason.expect("a reason");
    match &why {
        RuleError::ActionFailed { action: Some(1), error, name: Some(name) } => {
            assert_eq!(
                (error.code, error.field.as_deref(), name.as_str()),
                (ErrorCode::NotFound, Some("campaign"), "Spring")
            );
        }
        other => panic!("{other:?}"),
    }
    // The CLI's English, and the stored JSON the UI words: {"code": "action_failed", ...}.
    assert_eq!(why.to_string(), "paused: actions[1] failed: no campaign is named \"Spring\"");
    let stored: serde_json::Value = serde_json::from_str(
        &e.raw().query_row("SELECT paused_reason FROM rules WHERE id = ?1", [r.id], |x| x.get::<_, String>(0)).unwrap(),
    )
    .unwrap();
    assert_eq!(
        (stored["code"].as_str(), stored["action"].as_u64(), stored["name"].as_str()),
        (Some("action_failed"), Some(1), Some("Spring"))
    );
    let run0 = &automation::history(&e.store, r.id, 5).unwrap()[0];
    assert_eq!((run0.status, run0.error.as_ref()), (RunStatus::Failed, Some(&why)));
    assert!(people::get(&e.store, p.id).unwrap().tags.is_empty(), "the tag is rolled back with the failed action");
    // A reason stored as text before reasons were typed reads back as text.
    e.raw().execute("UPDATE rules SET paused_reason = 'paused: old words' WHERE id = ?1", [r.id]).unwrap();
    let old = automation::get(&e.store, r.id).unwrap().paused_reason;
    assert_eq!(old, Some(RuleError::Text { text: "paused: old words".into() }));
    assert_eq!(automation::set_enabled(&e.store, r.id, true).unwrap().paused_reason, None);
}

fn import(e: &Env, path: &std::path::Path, entity: ImportEntity, dry_run: bool) -> import::ImportReport {
    let opts = ImportOptions { entity, dry_run, on_duplicate: DuplicatePolicy::Skip, ..Default::default() };
    import::import_file(&e.store, path, &opts, &mut |_| {}, &AtomicBool::new(false)).expect("import")
}

fn signups(e: &Env) -> i64 {
    e.count("SELECT COUNT(*) FROM rule_events WHERE json_extract(changes, '$.signal') = 'signup_imported'")
}

#[test]
fn signup_imported_fires_once_per_person_a_leads_import_created() {
    let e = env();
    let files = tempfile::tempdir().unwrap();
    let (five, three) = (files.path().join("five.csv"), files.path().join("three.csv"));
    write_people_csv(&five, 5);
    write_people_csv(&three, 3);
    // Saved while no rule has the trigger: a leads import logs no signals.
    let first = import(&e, &three, ImportEntity::Leads, false).batch_id.unwrap();
    assert_eq!(signups(&e), 0);
    let r = add(
        &e,
        serde_json::json!({"name": "Signup", "trigger": {"type": "signup_imported"},
        "actions": [{"type": "create_task", "title": "Call {{ person.first_name }}"}]}),
    );
    // A people import is no signup import; a dry run and a cancelled import leave no event.
    import(&e, &three, ImportEntity::People, false);
    import(&e, &five, ImportEntity::Leads, true);
    let cancelled = import::import_file(
        &e.store,
        &five,
        &ImportOptions { entity: ImportEntity::Leads, ..Default::default() },
        &mut |_| {},
        &AtomicBool::new(true),
    )
    .unwrap();
    assert!(cancelled.cancelled);
    assert_eq!(signups(&e), 0);
    // Five rows, three of them people already in the store (skipped): two signups.
    let report = import(&e, &five, ImportEntity::Leads, false);
    assert_eq!((report.created, report.skipped), (2, 3));
    assert_eq!(signups(&e), 2);
    // With a rule enabled the import keeps the automation log's triggers: each new person is logged.
    let created = "SELECT COUNT(*) FROM rule_events WHERE kind = 'created' AND entity = 'person'";
    assert_eq!(e.count(created), 2);
    let pass = run(&e);
    assert_eq!(pass.failed, 0);
    let titles: Vec<String> = {
        let raw = e.raw();
        let mut st = raw.prepare("SELECT title FROM tasks ORDER BY id").unwrap();
        st.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    assert_eq!(titles, ["Call Person3", "Call Person4"]);
    run(&e);
    assert_eq!(e.count("SELECT COUNT(*) FROM tasks"), 2, "each signup fires once");
    let history = automation::history(&e.store, r.id, 10).unwrap();
    assert_eq!(history.len(), 2);
    // The preview reads the batches: the two of this import and the three of the first leads import.
    let preview = automation::preview(&e.store, &automation::get(&e.store, r.id).unwrap().def).unwrap();
    assert_eq!(preview.matched, 5);
    // Undone, a batch's signups no longer count (the first one's, which only the batch tells).
    import::undo(&e.store, first).unwrap();
    assert_eq!(automation::preview(&e.store, &automation::get(&e.store, r.id).unwrap().def).unwrap().matched, 2);
}

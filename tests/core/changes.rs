//! The store records which record kinds every committed write changed, whoever wrote: services never say
//! it themselves, so none can forget (the app turns each announcement into one `DataChanged` event).

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use relata_core::domain::*;
use relata_core::services::{backup, people, reminders, scoring, tasks};

use super::scoring_data::lead;
use super::support::*;

type Heard = Arc<Mutex<Vec<Vec<Topic>>>>;

fn listen(e: &Env) -> Heard {
    let heard: Heard = Arc::default();
    let sink = heard.clone();
    e.store.on_change(Arc::new(move |entities: &[Topic]| sink.lock().unwrap().push(entities.to_vec())));
    heard
}

fn take(heard: &Heard) -> Vec<Vec<Topic>> {
    std::mem::take(&mut *heard.lock().unwrap())
}

#[test]
fn each_committed_write_announces_the_kinds_it_changed_once() {
    let e = env();
    let heard = listen(&e);
    let input = PersonInput { company_name: Some("Acme".into()), ..person("Ada", "Lovelace") };
    let p = people::create(&e.store, input).unwrap();
    assert_eq!(take(&heard), vec![vec![Topic::Person, Topic::Company]]);

    // A refused write commits nothing and announces nothing.
    assert!(people::create(&e.store, person("", "")).is_err());
    assert!(take(&heard).is_empty());

    let task = TaskInput { title: "Call".into(), person_id: Some(p.id), due_at: T0, ..Default::default() };
    let t = tasks::create(&e.store, task).unwrap();
    assert_eq!(take(&heard), vec![vec![Topic::Task]]);
    reminders::snooze(&e.store, t.id, T0 + HOUR).unwrap();
    tasks::set_done(&e.store, t.id, true).unwrap();
    assert_eq!(take(&heard), vec![vec![Topic::Task], vec![Topic::Task]]);
}

#[test]
fn the_daily_rescore_announces_the_hot_lead_task_and_note_it_made() {
    let e = env();
    let stale = ScoringRuleInput {
        attribute: "days_since_touch".into(),
        op: Some(RuleOp::Gte),
        value: Some("3".into()),
        points: 30,
        ..Default::default()
    };
    scoring::add_rule(&e.store, stale).unwrap();
    let p = people::create(&e.store, lead("Ada", LeadStatus::Open)).unwrap();
    scoring::rescore_if_due(&e.store, T0, &AtomicBool::new(false)).unwrap();
    let heard = listen(&e);
    e.clock.advance(4 * DAY);
    let (done, _) = scoring::rescore_if_due(&e.store, T0 + 4 * DAY, &AtomicBool::new(false)).unwrap();
    assert!(done.is_some_and(|d| d.changed > 0));
    let open = tasks::list(&e.store, &TasksQuery { person_id: Some(p.id), ..Default::default() }).unwrap();
    assert_eq!(open.items.len(), 1, "the lead turned hot and got a follow-up");
    let heard = take(&heard).concat();
    for kind in [Topic::Person, Topic::Task, Topic::Activity] {
        assert!(heard.contains(&kind), "{kind:?} missing from {heard:?}");
    }
}

#[test]
fn a_restore_announces_every_kind() {
    let e = env();
    people::create(&e.store, person("Ada", "Lovelace")).unwrap();
    let made = backup::create(&e.store).unwrap();
    let heard = listen(&e);
    backup::restore(&e.store, &made.id).unwrap();
    assert!(take(&heard).iter().any(|kinds| kinds == &Topic::ALL), "a restore replaces everything");
}

/// Tables whose rows no view shows: writing them announces nothing. Every other table must name its topics
/// in `store::changes::topics_of`, so a view of a new table cannot miss its changes.
const SHOWN_NOWHERE: &[&str] = &[
    "settings",
    "tags",
    "taggings",
    "custom_values",
    "cadences",
    "cadence_steps",
    "scoring_model",
    "import_batches",
    "import_records",
    "import_ranges",
    "audit_log",
    "audit_bulk_create",
    "people_search_backlog",
    "sync_unresolved",
    "rule_events",
    "rule_context",
    // Each ticket's SLA snapshot: a cache of what its events say, rebuilt in the writes that announce the
    // ticket (or lazily by a read), so announcing it again would only make views reload what they just read.
    "ticket_sla",
    "ticket_sla_meta",
    // The counted orders packed per month for analytics: derived from `orders` (whose writes announce Order),
    // and packed again by an analytics read, which must not make the Dashboard reload what it just read.
    "order_facts",
    "order_facts_dirty",
];

#[test]
fn every_table_names_its_topics_or_is_shown_nowhere() {
    let e = env();
    // Full-text indexes (virtual tables and their shadow tables) are search's, rebuilt from the records.
    let tables: Vec<String> = e
        .raw()
        .prepare(
            "SELECT t.name FROM sqlite_master t WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite_%'
               AND t.sql NOT LIKE 'CREATE VIRTUAL TABLE%'
               AND NOT EXISTS (SELECT 1 FROM sqlite_master v WHERE v.type = 'table'
                   AND v.sql LIKE 'CREATE VIRTUAL TABLE%' AND t.name LIKE v.name || '\\_%' ESCAPE '\\')
             ORDER BY t.name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let unaccounted: Vec<&String> = tables
        .iter()
        .filter(|t| relata_core::store::changes::topics_of(t).is_empty() && !SHOWN_NOWHERE.contains(&t.as_str()))
        .collect();
    assert!(unaccounted.is_empty(), "tables with no topics and not declared shown nowhere: {unaccounted:?}");
    for t in SHOWN_NOWHERE {
        assert!(tables.contains(&t.to_string()), "{t} is declared but is no table");
    }
}

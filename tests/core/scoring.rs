//! Lead scoring on synthetic histories made through the normal services, with a planted signal.

use std::sync::atomic::AtomicBool;

use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::{activities, people, scoring, tasks};

use super::scoring_data::*;
use super::support::*;

#[test]
fn training_recovers_the_planted_signal_and_ignores_noise() {
    let e = env();
    history(&e, 500, 11);
    let open = people::create(&e.store, lead("Open", LeadStatus::Open)).unwrap();
    let report = scoring::train(&e.store).unwrap();
    let m = &report.model;
    assert_eq!((m.rows, m.holdout_rows), (500, 100));
    // The planted log-odds give a Bayes-optimal AUC near 0.8. On 100 held-out leads the AUC's standard error
    // is about 0.045, so a model that found the signal stays above 0.68 (2.5 SE below 0.8), while one that
    // found nothing would sit at 0.5 ± 0.045 and fail.
    assert!(m.auc > 0.68, "AUC {}", m.auc);
    assert!(m.calibration.iter().map(|b| b.count).sum::<i32>() == 100);
    assert_eq!(m.roc.last().map(|p| (p.fpr, p.tpr)), Some((1.0, 1.0)));
    let weight = |attr: &str, level: Option<&str>| {
        m.top_weights.iter().find(|w| w.attribute == attr && w.level.as_deref() == level).map(|w| w.weight)
    };
    assert!(weight("custom.industry", Some("saas")).is_some_and(|w| w > 0.8), "{:?}", m.top_weights);
    assert!(weight("custom.budget", None).is_some_and(|w| w > 0.6), "{:?}", m.top_weights);
    // Noise columns are not among the strongest, or carry small weights if they are.
    for w in &m.top_weights {
        if w.attribute == "custom.noise" || w.attribute == "custom.coin" {
            assert!(w.weight.abs() < 0.35, "{w:?}");
        }
        assert_ne!(w.attribute, "custom.empty");
    }
    assert_eq!(report.rescored, 501);
    // The open lead is scored and explained; its missing budget shows as such.
    let explained = scoring::explain(&e.store, open.id).unwrap();
    let row = people::list(&e.store, &PeopleQuery { lead_status: Some(LeadStatus::Open), ..Default::default() })
        .unwrap()
        .items
        .remove(0);
    assert_eq!((row.score, row.score_band), (explained.score, explained.band));
    assert!(explained.probability.is_some());
    let budget = explained.contributions.iter().find(|c| c.attribute == "custom.budget");
    assert!(budget.is_none_or(|c| c.value.as_deref() == Some("(missing)")), "{budget:?}");
    assert!(scoring::model_summary(&e.store).unwrap().is_some_and(|s| s.auc == m.auc));
}

#[test]
fn suggestions_show_the_planted_levels_with_intervals() {
    let e = env();
    history(&e, 400, 5);
    let s = scoring::suggestions(&e.store).unwrap();
    let saas = s.iter().find(|s| s.attribute == "custom.industry" && s.value == "saas").expect("saas suggested");
    assert!(saas.lift > 1.3 && saas.rate_low > saas.baseline && saas.suggested_points > 0, "{saas:?}");
    let count = people::list(&e.store, &PeopleQuery { limit: Some(500), ..Default::default() })
        .unwrap()
        .items
        .iter()
        .filter(|p| p.lead_status.is_some())
        .count();
    assert_eq!(count, 400);
    assert!(saas.leads > 80 && saas.leads < 200 && saas.converted <= saas.leads, "{saas:?}");
    assert!(s.iter().all(|s| s.leads >= 10 && (s.rate_low > s.baseline || s.rate_high < s.baseline)));
    assert!(!s.iter().any(|s| s.attribute == "custom.noise" && s.lift > 1.5), "{s:?}");
}

#[test]
fn one_outcome_or_too_few_leads_is_a_clear_error() {
    let e = env();
    let err = scoring::train(&e.store).unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::InvalidValue, Some("lead_status")));
    assert!(err.message.contains("no leads with a known outcome"), "{}", err.message);
    for i in 0..40 {
        people::create(&e.store, lead(&format!("W{i}"), LeadStatus::Converted)).unwrap();
    }
    let err = scoring::train(&e.store).unwrap_err();
    assert!(err.message.contains("all 40 leads with a known outcome are converted"), "{}", err.message);
    for i in 0..3 {
        people::create(&e.store, lead(&format!("L{i}"), LeadStatus::Lost)).unwrap();
    }
    let err = scoring::train(&e.store).unwrap_err();
    assert!(err.message.contains("too few leads") && err.message.contains("3 lost"), "{}", err.message);
    assert!(scoring::model_summary(&e.store).unwrap().is_none());
}

#[test]
fn rules_validate_count_matches_and_rescore_every_lead() {
    let e = env();
    let s = &e.store;
    let mut ids = Vec::new();
    for (i, src) in ["referral", "web", "Referral", "web"].iter().enumerate() {
        let input = PersonInput { source: Some(src.to_string()), ..lead(&format!("P{i}"), LeadStatus::Open) };
        ids.push(people::create(s, input).unwrap().id);
    }
    people::create(s, customer("Not", "Alead")).unwrap();
    let bad = ScoringRuleInput { attribute: "shoe_size".into(), points: 5, ..Default::default() };
    assert_err(scoring::add_rule(s, bad), ErrorCode::InvalidValue, Some("attribute"));
    let bad = ScoringRuleInput { attribute: "source".into(), value: Some("x".into()), ..Default::default() };
    assert_err(scoring::add_rule(s, bad), ErrorCode::OutOfRange, Some("points"));
    let bad = ScoringRuleInput {
        attribute: "activities_30d".into(),
        op: Some(RuleOp::Gte),
        value: Some("many".into()),
        points: 5,
        ..Default::default()
    };
    assert_err(scoring::add_rule(s, bad), ErrorCode::InvalidValue, Some("value"));

    let rule = ScoringRuleInput {
        attribute: "source".into(),
        value: Some("referral".into()),
        points: 25,
        ..Default::default()
    };
    let rule = scoring::add_rule(s, rule).unwrap();
    assert_eq!((rule.match_count, rule.name.as_str()), (2, "source eq referral"));
    let scores: Vec<Option<i32>> = ids.iter().map(|&id| scoring::explain(s, id).unwrap().score).collect();
    assert_eq!(scores, vec![Some(75), Some(50), Some(75), Some(50)]);
    let lifelong =
        ScoringRuleInput { attribute: "source".into(), op: Some(RuleOp::IsEmpty), points: -10, ..Default::default() };
    assert_eq!(scoring::add_rule(s, lifelong).unwrap().match_count, 0);
    // Sorting by score puts the referrals first; the band filter picks them out.
    let q = PeopleQuery { sort: PersonSort::Score, desc: true, ..Default::default() };
    let rows = people::list(s, &q).unwrap().items;
    assert_eq!(rows.iter().map(|r| r.score).collect::<Vec<_>>(), vec![Some(75), Some(75), Some(50), Some(50), None]);
    let hot = people::list(s, &PeopleQuery { score_band: Some(ScoreBand::Hot), ..Default::default() }).unwrap();
    assert_eq!(hot.total, 2);
    scoring::remove_rule(s, rule.id).unwrap();
    assert_eq!(scoring::list_rules(s).unwrap().len(), 1);
    assert_eq!(scoring::explain(s, ids[0]).unwrap().score, Some(50));
    assert_err(scoring::remove_rule(s, rule.id), ErrorCode::NotFound, None);
}

fn open_tasks(e: &Env, person_id: Id) -> Vec<Task> {
    tasks::list(&e.store, &TasksQuery { person_id: Some(person_id), ..Default::default() }).unwrap().items
}

#[test]
fn crossing_into_hot_creates_one_task_per_crossing() {
    let e = env();
    let s = &e.store;
    let vip = ScoringRuleInput { attribute: "tag".into(), value: Some("VIP".into()), points: 30, ..Default::default() };
    scoring::add_rule(s, vip).unwrap();
    let p = people::create(s, lead("Ada", LeadStatus::Open)).unwrap();
    assert_eq!(people::list(s, &PeopleQuery::default()).unwrap().items[0].score_band, Some(ScoreBand::Warm));
    let tagged = PersonInput { tags: vec!["vip".into()], ..lead("Ada", LeadStatus::Open) };
    people::update(s, p.id, tagged.clone()).unwrap();
    let t = open_tasks(&e, p.id);
    assert_eq!(t.len(), 1);
    assert_eq!((t[0].owner.as_deref(), t[0].due_at), (Some("sam"), T0));
    let hot = SystemEvent::LeadHot { person: "Ada Lead".into(), score: 80, band: ScoreBand::Hot };
    assert_eq!(t[0].system_event.as_ref(), Some(&hot));
    let notes = activities::timeline(s, &TimelineQuery { person_id: Some(p.id), ..Default::default() }).unwrap();
    assert_eq!(notes.items.iter().filter(|a| a.kind == ActivityKind::Note).count(), 1);
    // Still hot: no new task. Cooling down and heating up again is a second crossing.
    people::update(s, p.id, tagged.clone()).unwrap();
    assert_eq!(open_tasks(&e, p.id).len(), 1);
    people::update(s, p.id, lead("Ada", LeadStatus::Open)).unwrap();
    people::update(s, p.id, tagged).unwrap();
    assert_eq!(open_tasks(&e, p.id).len(), 2);
    // A closed lead that turns hot gets no follow-up.
    let q = people::create(s, lead("Bo", LeadStatus::Lost)).unwrap();
    people::update(s, q.id, PersonInput { tags: vec!["vip".into()], ..lead("Bo", LeadStatus::Lost) }).unwrap();
    assert!(open_tasks(&e, q.id).is_empty());
}

/// The follow-up and the note are stored as what happened (a typed event with the name, score and band),
/// not as an English sentence: each reader sees them in their own language. Their text columns hold only
/// the lead's name; an edit makes the record the user's own text.
#[test]
fn the_hot_lead_task_and_note_store_a_typed_event_and_no_english_sentence() {
    let e = env();
    let s = &e.store;
    let vip = ScoringRuleInput { attribute: "tag".into(), value: Some("VIP".into()), points: 30, ..Default::default() };
    scoring::add_rule(s, vip).unwrap();
    let p = people::create(s, lead("Ada", LeadStatus::Open)).unwrap();
    people::update(s, p.id, PersonInput { tags: vec!["vip".into()], ..lead("Ada", LeadStatus::Open) }).unwrap();
    let raw = e.raw();
    let expected = serde_json::json!({ "kind": "lead_hot", "person": "Ada Lead", "score": 80, "band": "hot" });
    let (title, notes, event): (String, Option<String>, String) = raw
        .query_row("SELECT title, notes, system_event FROM tasks WHERE person_id = ?1", [p.id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!((title.as_str(), notes), ("Ada Lead", None));
    assert_eq!(serde_json::from_str::<serde_json::Value>(&event).unwrap(), expected);
    let (subject, body, event): (String, Option<String>, String) = raw
        .query_row(
            "SELECT subject, body, system_event FROM activities WHERE person_id = ?1 AND kind = 'note'",
            [p.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((subject.as_str(), body), ("Ada Lead", None));
    assert_eq!(serde_json::from_str::<serde_json::Value>(&event).unwrap(), expected);
    let note =
        &activities::timeline(s, &TimelineQuery { person_id: Some(p.id), ..Default::default() }).unwrap().items[0];
    let hot = SystemEvent::LeadHot { person: "Ada Lead".into(), score: 80, band: ScoreBand::Hot };
    assert_eq!(note.system_event.as_ref(), Some(&hot));
    // Tagging the new records is bookkeeping: the trail has their creates and no update.
    let trail = |action: &str| {
        e.count(&format!("SELECT COUNT(*) FROM audit_log WHERE entity IN ('task', 'activity') AND action = '{action}'"))
    };
    assert_eq!((trail("create"), trail("update")), (2, 0));
    // Edited, the task is the user's own text.
    let task = &open_tasks(&e, p.id)[0];
    let input = TaskInput {
        title: "Call Ada about the offer".into(),
        due_at: task.due_at,
        person_id: Some(p.id),
        ..Default::default()
    };
    let edited = tasks::update(s, task.id, input).unwrap();
    assert_eq!((edited.title.as_str(), edited.system_event), ("Call Ada about the offer", None));
}

#[test]
fn logging_an_activity_rescores_its_lead_and_inactivity_decays() {
    let e = env();
    let s = &e.store;
    let busy = ScoringRuleInput {
        attribute: "activities_30d".into(),
        op: Some(RuleOp::Gte),
        value: Some("1".into()),
        points: 20,
        ..Default::default()
    };
    scoring::add_rule(s, busy).unwrap();
    let p = people::create(s, lead("Cy", LeadStatus::Open)).unwrap();
    let score = |id| people::get(s, id).map(|_| scoring::explain(s, id).unwrap().score).unwrap();
    assert_eq!(score(p.id), Some(50));
    let call = ActivityInput {
        kind: ActivityKind::Call,
        direction: Some(Direction::Outbound),
        subject: "hi".into(),
        body: None,
        occurred_at: None,
        duration_secs: None,
        person_id: Some(p.id),
        company_id: None,
        deal_id: None,
    };
    let a = activities::create(s, call).unwrap();
    let row = |id| people::list(s, &PeopleQuery::default()).unwrap().items.into_iter().find(|r| r.id == id).unwrap();
    assert_eq!((row(p.id).score, row(p.id).score_band), (Some(70), Some(ScoreBand::Hot)));
    activities::delete(s, a.id).unwrap();
    assert_eq!(row(p.id).score, Some(50));
    // 74 days untouched = 60 days past the grace period = two half-lives.
    e.clock.advance(74 * DAY);
    scoring::rescore_all(s, &|_, _| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!(row(p.id).score, Some(13));
    let why = scoring::explain(s, p.id).unwrap();
    assert!(why.contributions.iter().any(|c| c.kind == ContributionKind::Decay && c.points < -30.0), "{why:?}");
}

#[test]
fn rescore_all_reports_progress_and_explain_refuses_non_leads() {
    let e = env();
    history(&e, 60, 3);
    let contact = people::create(&e.store, customer("Just", "Contact")).unwrap();
    scoring::train(&e.store).unwrap();
    let seen = std::cell::RefCell::new(Vec::new());
    let never = AtomicBool::new(false);
    let n = scoring::rescore_all(&e.store, &|done, total| seen.borrow_mut().push((done, total)), &never).unwrap();
    assert_eq!(n.leads, 60);
    assert_eq!(seen.borrow().last(), Some(&(60, 60)));
    assert_err(scoring::explain(&e.store, contact.id), ErrorCode::InvalidValue, Some("id"));
    assert_err(scoring::explain(&e.store, 9999), ErrorCode::NotFound, None);
}

#[test]
fn a_rescore_count_past_i32_reports_the_maximum_not_a_negative_number() {
    let e = env();
    history(&e, 40, 3);
    let (model, suggestions) = scoring::train_model(&e.store).unwrap();
    let huge = scoring::Rescored { leads: usize::MAX, changed: 0 };
    assert_eq!(scoring::report(model.clone(), suggestions.clone(), huge).rescored, i32::MAX);
    let beyond = scoring::Rescored { leads: i32::MAX as usize + 1, changed: 0 };
    assert_eq!(scoring::report(model, suggestions, beyond).rescored, i32::MAX);
}

//! Lead scoring beyond one lead: the full rescore against the one-lead path, deals as training outcomes, and
//! the daily rescore that lets scores decay.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use relata_core::clock::Clock;
use relata_core::domain::*;
use relata_core::services::{activities, custom_fields, deals, people, scoring};

use super::scoring_data::{customer, history, lead};
use super::support::*;

fn activity(person_id: Id, kind: ActivityKind, inbound: bool, at: i64) -> ActivityInput {
    ActivityInput {
        kind,
        direction: Some(if inbound { Direction::Inbound } else { Direction::Outbound }),
        subject: "touch".into(),
        body: None,
        occurred_at: Some(at),
        duration_secs: None,
        person_id: Some(person_id),
        company_id: None,
        deal_id: None,
    }
}

fn rules(s: &relata_core::store::Store) {
    for (attribute, op, value, points) in [
        ("activities_30d", RuleOp::Gte, "1", 10),
        ("tag", RuleOp::Eq, "vip", 15),
        ("inbound_total", RuleOp::Gte, "2", 5),
        ("company_industry", RuleOp::Eq, "saas", 7),
    ] {
        let input = ScoringRuleInput {
            attribute: attribute.into(),
            op: Some(op),
            value: Some(value.into()),
            points,
            ..Default::default()
        };
        scoring::add_rule(s, input).unwrap();
    }
}

/// Leads of every kind interleaved with contacts: e-mails, phones, companies, tags, activities before and
/// after a closed lead's closing (which its score must not see), notes, and a lead in the trash.
fn varied_leads(e: &Env) {
    let s = &e.store;
    let statuses = [LeadStatus::Open, LeadStatus::Open, LeadStatus::Converted, LeadStatus::Lost];
    let kinds = [ActivityKind::Call, ActivityKind::Email, ActivityKind::Meeting, ActivityKind::Note];
    for i in 0..150usize {
        let value = |v: String| LabeledValue { label: "work".into(), value: v };
        let input = PersonInput {
            emails: if i % 3 == 0 { vec![value(format!("l{i}@x.example"))] } else { vec![] },
            phones: if i % 4 == 0 { vec![value(format!("+31 20 555 {i:04}"))] } else { vec![] },
            company_name: (i % 5 == 0).then(|| format!("Company {}", i % 3)),
            tags: match i % 7 {
                0 => vec!["vip".into(), "fair".into()],
                1 | 2 => vec!["vip".into()],
                _ => vec![],
            },
            source: Some(["web", "referral", "event"][i % 3].into()),
            ..lead(&format!("O{i}"), statuses[i % 4])
        };
        let p = people::create(s, input).unwrap();
        let now = e.clock.now_ms();
        for k in 0..(i % 5) {
            // Some in the last 30 days, some older, one after the closing of a closed lead.
            let at = if k == 3 { now + 2 * DAY } else { now - ((k * 25 + i % 9) as i64) * DAY };
            activities::create(s, activity(p.id, kinds[(i + k) % 4], (i + k) % 3 == 0, at)).unwrap();
        }
        if i % 10 == 0 {
            people::create(s, customer(&format!("C{i}"), "Contact")).unwrap();
        }
        if i == 77 {
            people::delete(s, p.id).unwrap();
        }
        e.clock.advance(6 * HOUR);
    }
}

#[test]
fn the_full_rescore_gives_every_lead_the_score_of_the_one_lead_path() {
    let e = env();
    let s = &e.store;
    history(&e, 120, 21);
    varied_leads(&e);
    // Company attributes reach their leads: the full rescore reads the companies once, one lead looks its up.
    let sql = "UPDATE companies SET industry = CASE id % 2 WHEN 0 THEN 'saas' ELSE 'retail' END, size = '11-50'";
    assert!(e.raw().execute(sql, []).unwrap() > 1);
    rules(s);
    scoring::train(s).unwrap();
    // Time passes: activities leave the 30-day window and scores decay, so the rescore has work to do.
    e.clock.advance(20 * DAY);
    let done = scoring::rescore_all(s, &|_, _| {}, &AtomicBool::new(false)).unwrap();
    assert!(done.changed > 0, "{done:?}");
    let q = PeopleQuery { limit: Some(500), ..Default::default() };
    let leads: Vec<PersonRow> =
        people::list(s, &q).unwrap().items.into_iter().filter(|p| p.lead_status.is_some()).collect();
    assert_eq!(leads.len(), done.leads);
    for row in &leads {
        let one = scoring::explain(s, row.id).unwrap();
        assert_eq!((row.score, row.score_band), (one.score, one.band), "lead {}", row.id);
    }
    let rules = scoring::list_rules(s).unwrap();
    assert!(rules.iter().any(|r| r.attribute == "company_industry" && r.match_count > 0), "{rules:?}");
    let mut distinct: Vec<i32> = leads.iter().filter_map(|r| r.score).collect();
    distinct.sort();
    distinct.dedup();
    assert!(distinct.len() > 10, "scores barely differ: {distinct:?}");
    // Nothing changed since: a second pass writes nothing.
    assert_eq!(scoring::rescore_all(s, &|_, _| {}, &AtomicBool::new(false)).unwrap().changed, 0);

    // Someone who stopped being a lead without the scorer hearing of it loses the score at the next pass.
    let gone = leads.iter().find(|r| r.score.is_some()).unwrap().id;
    e.raw().execute("UPDATE people SET lead_status = NULL WHERE id = ?1", [gone]).unwrap();
    let done = scoring::rescore_all(s, &|_, _| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!((done.leads, done.changed), (leads.len() - 1, 0));
    let stored = e.raw().query_row("SELECT score, score_band FROM people WHERE id = ?1", [gone], |r| {
        Ok((r.get::<_, Option<i32>>(0)?, r.get::<_, Option<String>>(1)?))
    });
    assert_eq!(stored.unwrap(), (None, None));
}

#[test]
fn a_cancelled_rescore_writes_nothing() {
    let e = env();
    history(&e, 60, 4);
    for i in 0..20 {
        people::create(&e.store, lead(&format!("Open{i}"), LeadStatus::Open)).unwrap();
    }
    scoring::train(&e.store).unwrap();
    // Open leads decay; closed ones are seen as of their closing and keep their scores.
    e.clock.advance(90 * DAY);
    let cancel = AtomicBool::new(true);
    let err = scoring::rescore_all(&e.store, &|_, _| {}, &cancel).unwrap_err();
    assert!(err.message.contains("cancelled"), "{}", err.message);
    assert_eq!(scoring::rescore_all(&e.store, &|_, _| {}, &AtomicBool::new(false)).unwrap().changed, 20);
}

fn deal(person_id: Id, status: DealStatus) -> DealInput {
    DealInput {
        title: format!("Deal {person_id}"),
        value_minor: 100_000,
        status,
        lost_reason: (status == DealStatus::Lost).then(|| "price".into()),
        person_id: Some(person_id),
        ..Default::default()
    }
}

/// A person with a won deal counts as converted; one whose deals were all lost counts as lost; open deals
/// or a closed lead status keep the lead status's say.
#[test]
fn won_and_lost_deals_are_training_outcomes_for_their_people() {
    let e = env();
    let s = &e.store;
    let industry = CustomFieldInput {
        entity: Entity::Person,
        label: "Industry".into(),
        kind: CustomFieldKind::Choice,
        choices: vec!["saas".into(), "retail".into()],
    };
    custom_fields::create(s, industry).unwrap();
    let mut won = 0;
    for i in 0..60 {
        let saas = i % 2 == 0;
        let mut custom = CustomValues::new();
        custom.insert("industry".into(), CustomValue::Text(if saas { "saas" } else { "retail" }.into()));
        // Most are plain contacts: only their deals say how it went.
        let status = (i % 3 == 0).then_some(LeadStatus::Open);
        let p =
            people::create(s, PersonInput { lead_status: status, custom, ..person(&format!("D{i}"), "Deal") }).unwrap();
        let outcome = if saas == (i % 10 != 1) { DealStatus::Won } else { DealStatus::Lost };
        won += usize::from(outcome == DealStatus::Won);
        deals::create(s, deal(p.id, outcome)).unwrap();
        e.clock.advance(HOUR);
    }
    let lost_lead_won_deal = people::create(s, lead("Turned", LeadStatus::Lost)).unwrap();
    deals::create(s, deal(lost_lead_won_deal.id, DealStatus::Won)).unwrap();
    let converted_lead_lost_deal = people::create(s, lead("Kept", LeadStatus::Converted)).unwrap();
    deals::create(s, deal(converted_lead_lost_deal.id, DealStatus::Lost)).unwrap();
    let still_open = people::create(s, lead("Busy", LeadStatus::Open)).unwrap();
    deals::create(s, deal(still_open.id, DealStatus::Lost)).unwrap();
    deals::create(s, deal(still_open.id, DealStatus::Open)).unwrap();

    let report = scoring::train(s).unwrap();
    assert_eq!((report.model.rows, report.model.converted), (62, won as i32 + 2));
    let saas = report.model.top_weights.iter().find(|w| w.attribute == "custom.industry");
    let saas_weight = |w: &AttributeWeight| if w.level.as_deref() == Some("saas") { w.weight } else { -w.weight };
    assert!(saas.is_some_and(|w| saas_weight(w) > 0.5), "{:?}", report.model.top_weights);
}

#[tokio::test]
async fn the_daily_rescore_lets_scores_decay_once_a_day() {
    let e = env();
    let busy = ScoringRuleInput {
        attribute: "activities_30d".into(),
        op: Some(RuleOp::Gte),
        value: Some("1".into()),
        points: 20,
        ..Default::default()
    };
    scoring::add_rule(&e.store, busy).unwrap();
    let p = people::create(&e.store, lead("Dee", LeadStatus::Open)).unwrap();
    activities::create(&e.store, activity(p.id, ActivityKind::Call, false, e.clock.now_ms())).unwrap();
    let score = |s: &relata_core::store::Store| {
        people::list(s, &PeopleQuery::default()).unwrap().items.into_iter().find(|r| r.id == p.id).unwrap().score
    };
    assert_eq!(score(&e.store), Some(70));
    e.clock.advance(40 * DAY);
    let now = e.clock.now_ms();
    // The job's cancel flag (set at quit) stops the rescore; nothing is written, not even "rescored at".
    let cancelled = scoring::rescore_if_due(&e.store, now, &AtomicBool::new(true)).map(|_| ()).unwrap_err();
    assert_eq!((cancelled.code, score(&e.store)), (relata_core::ErrorCode::Conflict, Some(70)));
    let (done, next) = scoring::rescore_if_due(&e.store, now, &AtomicBool::new(false)).unwrap();
    // 40 days: out of the 30-day window (50 points) and 26 days past the grace period: 50 · 0.5^(26/30).
    assert_eq!((done.map(|d| d.changed), next, score(&e.store)), (Some(1), now + scoring::RESCORE_EVERY_MS, Some(27)));
    let later = scoring::rescore_if_due(&e.store, now + HOUR, &AtomicBool::new(false)).unwrap();
    assert_eq!(later, (None, now + scoring::RESCORE_EVERY_MS));

    // The loop: runs at once, tells the shell when scores changed, and stops on cancel.
    e.clock.advance(30 * DAY);
    let store = Arc::new(e.store);
    let clock: Arc<dyn relata_core::clock::Clock> = e.clock.clone();
    let sleeper = Arc::new(relata_core::services::jobs::SystemSleeper(clock.clone()));
    let timer = relata_core::services::jobs::Timer { clock, sleeper };
    let heard = Arc::new(AtomicUsize::new(0));
    let counter = heard.clone();
    let job = scoring::spawn_daily(&tokio::runtime::Handle::current(), timer, store.clone(), move |d| {
        counter.fetch_add(d.changed, Ordering::SeqCst);
    });
    for _ in 0..500 {
        if heard.load(Ordering::SeqCst) > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!((heard.load(Ordering::SeqCst), score(&store)), (1, Some(14)));
    tokio::time::timeout(std::time::Duration::from_secs(5), job.stop()).await.expect("stops on cancel");
}

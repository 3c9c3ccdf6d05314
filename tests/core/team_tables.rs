//! The tables registered after people, companies and deals travel between two desktops like them: consents
//! (a person's history, linked by the person's global id) and scoring rules (pulled rules rescore the leads).
//! Run under `bash .ci/with-postgres.sh`.

use relata_core::domain::*;
use relata_core::services::{gdpr, people, scoring};

use super::support::*;
use super::team_pg::*;

#[tokio::test]
async fn consents_travel_with_their_person_and_a_withdrawal_follows() {
    let pg = pg();
    let (db, a) = workspace(&pg).await;
    let (_, b) = member(&pg, &db, &a, "manager").await;
    let ann = people::create(&a.env.store, person("Ann", "Lee")).unwrap();
    let consent = |status| ConsentInput {
        person_id: ann.id,
        channel: ContactChannel::Email,
        purpose: "newsletter".into(),
        status,
        at: None,
        source: Some("signup form".into()),
        note: None,
    };
    gdpr::add_consent(&a.env.store, consent(ConsentStatus::Given)).unwrap();
    a.sync().await;
    b.sync().await;
    let on_b = b.local_id("people", &a.gid("people", ann.id)).expect("the person reached B");
    let got = gdpr::consents(&b.env.store, on_b).unwrap();
    assert_eq!(got.history.len(), 1, "{got:?}");
    let c = &got.history[0];
    assert_eq!(
        (c.person_id, c.channel, c.purpose.as_str(), c.status, c.source.as_deref()),
        (on_b, ContactChannel::Email, "newsletter", ConsentStatus::Given, Some("signup form"))
    );
    assert_eq!(b.pending(), 0, "what a pull wrote is not pushed back");

    // B records the withdrawal; A sees the person's current state change.
    b.env.clock.advance(MINUTE);
    gdpr::add_consent(&b.env.store, ConsentInput { person_id: on_b, ..consent(ConsentStatus::Withdrawn) }).unwrap();
    b.sync().await;
    a.sync().await;
    let on_a = gdpr::consents(&a.env.store, ann.id).unwrap();
    assert_eq!(on_a.history.len(), 2);
    assert_eq!(on_a.current.iter().map(|c| c.status).collect::<Vec<_>>(), vec![ConsentStatus::Withdrawn]);
}

#[tokio::test]
async fn scoring_rules_travel_and_rescore_the_leads_of_the_desktop_that_pulls_them() {
    let pg = pg();
    let (db, a) = workspace(&pg).await;
    let (_, b) = member(&pg, &db, &a, "manager").await;
    let lead =
        people::create(&a.env.store, PersonInput { source: Some("fair".into()), ..person("Lead", "One") }).unwrap();
    a.sync().await;
    b.sync().await;
    let on_b = b.local_id("people", &a.gid("people", lead.id)).unwrap();
    let score = |d: &Desk, id: i64| -> Option<i64> {
        d.env.raw().query_row("SELECT score FROM people WHERE id = ?1", [id], |r| r.get(0)).unwrap()
    };
    let before = score(&b, on_b);

    let rule = scoring::add_rule(
        &a.env.store,
        ScoringRuleInput {
            name: "Fair leads".into(),
            attribute: "source".into(),
            op: Some(RuleOp::Eq),
            value: Some("fair".into()),
            points: 30,
            enabled: Some(true),
        },
    )
    .unwrap();
    a.sync().await;
    b.sync().await;
    let rules = scoring::list_rules(&b.env.store).unwrap();
    assert_eq!(rules.len(), 1, "{rules:?}");
    assert_eq!((rules[0].name.as_str(), rules[0].points, rules[0].op), ("Fair leads", 30, RuleOp::Eq));
    assert_eq!(rules[0].match_count, 1);
    assert_eq!(score(&b, on_b), score(&a, lead.id), "B rescored its leads with the pulled rule");
    assert_ne!(score(&b, on_b), before, "the rule changed the score");

    // B changes the points; A gets them.
    b.env.clock.advance(MINUTE);
    let mine = &rules[0];
    let input = ScoringRuleInput {
        name: mine.name.clone(),
        attribute: mine.attribute.clone(),
        op: Some(mine.op),
        value: mine.value.clone(),
        points: -10,
        enabled: Some(true),
    };
    scoring::update_rule(&b.env.store, mine.id, input).unwrap();
    b.sync().await;
    a.sync().await;
    let on_a = scoring::list_rules(&a.env.store).unwrap();
    assert_eq!((on_a.len(), on_a[0].id, on_a[0].points), (1, rule.id, -10));
    assert_eq!(score(&a, lead.id), score(&b, on_b));
}

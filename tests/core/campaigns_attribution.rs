//! Attribution over real campaigns: an email campaign and an event touch the same person; a won deal after
//! both is credited by first touch, last touch and linear, and a deal after the windows is credited to none.
//! Also the A/B winner: a clear difference in reply rates names the leader, and a reply outside the test
//! window does not count.

use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::campaigns::{self, abtest, report, send};
use relata_core::services::mail::outbox;
use relata_core::services::{deals, segments};

use super::campaigns::{campaign, consent, everyone, someone};
use super::mail_compose::fixture as mail_fixture;
use super::support::*;

fn won(f: &super::mail_compose::Fixture, person: Id, value: i64) {
    let deal = DealInput {
        title: "Order".into(),
        value_minor: value,
        currency: "EUR".into(),
        status: DealStatus::Won,
        person_id: Some(person),
        ..Default::default()
    };
    deals::create(&f.e.store, deal).unwrap();
}

#[test]
fn a_won_deal_is_credited_by_the_chosen_model_across_campaigns() {
    let f = mail_fixture();
    let ann = someone(&f, "Ann", Some("ann@example.com"), None);
    consent(&f, ann, ContactChannel::Email, ConsentStatus::Given);
    let seg = everyone(&f, "All");
    let mail = campaign(&f, "Mail");
    campaigns::add_members_from_segment(&f.e.store, mail.id, seg.id).unwrap();
    let req = SendRequest { campaign_id: mail.id, template: Some("Offer".into()), ..Default::default() };
    send::send(&f.e.store, &req).unwrap();
    f.e.clock.advance(5 * DAY);
    let fair = campaigns::add(
        &f.e.store,
        CampaignInput {
            name: "Fair".into(),
            channel: CampaignChannel::Event,
            purpose: "events".into(),
            ..Default::default()
        },
    )
    .unwrap();
    campaigns::add_members_from_segment(&f.e.store, fair.id, seg.id).unwrap();
    f.e.clock.advance(5 * DAY);
    won(&f, ann, 10_000);

    let credited = |c: &Campaign, m| {
        let r = report::report(&f.e.store, c.id, m).unwrap();
        (r.won_deals, r.revenue_minor, r.leads)
    };
    // The deal was opened (a lead event) and won on day 10, after both touches.
    assert_eq!(credited(&mail, AttributionModel::FirstTouch), (1.0, 10_000, 1.0));
    assert_eq!(credited(&fair, AttributionModel::FirstTouch), (0.0, 0, 0.0));
    assert_eq!(credited(&mail, AttributionModel::LastTouch), (0.0, 0, 0.0));
    assert_eq!(credited(&fair, AttributionModel::LastTouch), (1.0, 10_000, 1.0));
    assert_eq!(credited(&mail, AttributionModel::Linear), (0.5, 5_000, 0.5));
    assert_eq!(credited(&fair, AttributionModel::Linear), (0.5, 5_000, 0.5));

    // 40 days later both 30-day windows are over: a second won deal is nobody's.
    f.e.clock.advance(40 * DAY);
    won(&f, ann, 99_000);
    assert_eq!(credited(&fair, AttributionModel::Linear).0, 0.5);
    assert_eq!(credited(&mail, AttributionModel::Linear).1, 5_000);
}

/// Records, as mail sync does, that `person` replied to outbox message `outbox_id` at `at`.
fn replied(f: &super::mail_compose::Fixture, person: Id, outbox_id: Id, at: i64) {
    let raw = f.e.raw();
    raw.execute(
        "INSERT INTO mail_messages (message_id, direction, subject, sent_at, thread_key, size, created_at)
         VALUES (?1, 'inbound', 'Re', ?2, ?1, 1, ?2)",
        rusqlite::params![format!("reply-{outbox_id}@example.com"), at],
    )
    .unwrap();
    let message = raw.last_insert_rowid();
    raw.execute(
        "INSERT INTO mail_replies (person_id, message_id, replied_to, outbox_id, occurred_at, created_at)
         VALUES (?1, ?2, 'x', ?3, ?4, ?4)",
        rusqlite::params![person, message, outbox_id, at],
    )
    .unwrap();
}

/// A reply's time is its sender's Date header. A sender whose clock runs behind (or the header's whole
/// seconds) can date it before the campaign message it answers; it still counts as the person's lead.
#[test]
fn a_reply_dated_before_the_message_it_answers_still_counts_as_a_lead() {
    let f = mail_fixture();
    let ann = someone(&f, "Ann", Some("ann@example.com"), None);
    consent(&f, ann, ContactChannel::Email, ConsentStatus::Given);
    let c = campaign(&f, "Mail");
    campaigns::add_members_from_segment(&f.e.store, c.id, everyone(&f, "All").id).unwrap();
    let req = SendRequest { campaign_id: c.id, template: Some("Offer".into()), ..Default::default() };
    send::send(&f.e.store, &req).unwrap();
    let member = campaigns::members(&f.e.store, c.id).unwrap().remove(0);
    let queued = member.queued_at.unwrap();
    replied(&f, ann, member.outbox_id.unwrap(), queued - 90_000);
    let r = report::report(&f.e.store, c.id, AttributionModel::LastTouch).unwrap();
    assert_eq!((r.replied, r.leads), (1, 1.0));
}

#[test]
fn a_clear_difference_in_reply_rates_names_a_winner_and_late_replies_do_not_count() {
    let f = mail_fixture();
    for i in 0..80 {
        let id = someone(&f, &format!("P{i:02}"), Some(&format!("p{i}@example.com")), None);
        consent(&f, id, ContactChannel::Email, ConsentStatus::Given);
    }
    let c = campaign(&f, "AB");
    campaigns::add_members_from_segment(&f.e.store, c.id, everyone(&f, "All").id).unwrap();
    let variants = vec![
        AbVariantInput { template: "Offer".into(), subject: None },
        AbVariantInput { template: "Offer".into(), subject: Some("Other".into()) },
    ];
    let input = AbTestInput { variants, test_percent: 100, metric: AbMetric::Reply, window_days: 7, seed: Some(3) };
    abtest::setup(&f.e.store, c.id, input).unwrap();
    let req = SendRequest { campaign_id: c.id, scope: SendScope::Test, ..Default::default() };
    send::send(&f.e.store, &req).unwrap();
    let members = campaigns::members(&f.e.store, c.id).unwrap();
    let group = |v| members.iter().filter(move |m| m.variant == Some(v)).collect::<Vec<_>>();
    // Variant 0: 30 of 40 reply within the window; variant 1: 10 of 40, plus 10 more after it.
    for m in group(0).iter().take(30) {
        replied(&f, m.person_id, m.outbox_id.unwrap(), T0 + DAY);
    }
    for (i, m) in group(1).iter().enumerate().take(20) {
        // The first reply's Date header is a second before the send (the sender's clock, or whole seconds):
        // it answers the message, so it is within the window like the other nine.
        let at = match i {
            0 => m.queued_at.unwrap() - 1_000,
            1..=9 => T0 + 2 * DAY,
            _ => T0 + 9 * DAY,
        };
        replied(&f, m.person_id, m.outbox_id.unwrap(), at);
    }
    let r = abtest::report(&f.e.store, c.id).unwrap().unwrap();
    let counts: Vec<(u32, u32)> = r.variants.iter().map(|v| (v.n, v.successes)).collect();
    assert_eq!(counts, vec![(40, 30), (40, 10)]);
    assert_eq!((r.leader, r.winner), (Some(0), Some(0)));
    let p = r.variants[1].p_value.unwrap();
    // Pooled z-test of 30/40 against 10/40: z = 4.4721, two-sided p = 7.74e-6.
    assert!((p - 7.744e-6).abs() < 1e-8, "p = {p}");
    assert_eq!(r.variants[1].method, Some(AbTestMethod::ZTest));
    assert_eq!(outbox::list(&f.e.store, None).unwrap().len(), 80);
}

/// Segments select on a campaign response (`campaigns.replied`, `.sent`, `.converted`, ...): per campaign, read
/// from the same facts as the campaign's member list, so a list of who replied equals the report's count.
#[test]
fn segments_select_people_by_their_response_to_a_campaign() {
    let f = mail_fixture();
    let ann = someone(&f, "Ann", Some("ann@example.com"), None);
    let bob = someone(&f, "Bob", Some("bob@example.com"), None);
    someone(&f, "Cas", Some("cas@example.com"), None);
    for id in [ann, bob] {
        consent(&f, id, ContactChannel::Email, ConsentStatus::Given);
    }
    let spring = campaign(&f, "Spring");
    let autumn = campaign(&f, "Autumn");
    campaigns::add_members_from_segment(&f.e.store, spring.id, everyone(&f, "All").id).unwrap();
    campaigns::add_members_from_segment(&f.e.store, autumn.id, everyone(&f, "All 2").id).unwrap();
    let req = SendRequest { campaign_id: spring.id, template: Some("Offer".into()), ..Default::default() };
    send::send(&f.e.store, &req).unwrap();
    let members = campaigns::members(&f.e.store, spring.id).unwrap();
    let of = |id: Id| members.iter().find(|m| m.person_id == id).unwrap();
    replied(&f, ann, of(ann).outbox_id.unwrap(), T0 + DAY);
    f.e.clock.advance(2 * DAY);
    won(&f, bob, 10_000);

    let who = |field: &str, op: &str, value: serde_json::Value| {
        let filter: Filter =
            serde_json::from_value(serde_json::json!({"field": field, "op": op, "value": value})).unwrap();
        let page = segments::preview(&f.e.store, &filter, &PeopleQuery { limit: Some(10), ..Default::default() });
        let mut names: Vec<String> = page.unwrap().items.into_iter().map(|p| p.first_name).collect();
        names.sort();
        names
    };
    assert_eq!(who("campaigns.replied", "eq", "Spring".into()), vec!["Ann"]);
    assert_eq!(who("campaigns.replied", "eq", "Autumn".into()), Vec::<String>::new(), "per campaign");
    assert_eq!(who("campaigns.replied", "ne", "Spring".into()), vec!["Bob", "Cas"]);
    assert_eq!(who("campaigns.converted", "in", serde_json::json!(["Spring", "Autumn"])), vec!["Bob"]);
    assert_eq!(who("campaigns.bounced", "eq", "Spring".into()), Vec::<String>::new());
    assert_eq!(who("campaigns.member", "eq", "Autumn".into()), vec!["Ann", "Bob", "Cas"]);
    let r = report::report(&f.e.store, spring.id, AttributionModel::LastTouch).unwrap();
    assert_eq!((r.replied, r.converted), (1, 1), "the report counts the same people");
    let fields = segments::fields(&f.e.store).unwrap();
    let replied_field = fields.iter().find(|x| x.name == "campaigns.replied").expect("campaigns.replied");
    assert_eq!(replied_field.choices, vec!["Autumn".to_string(), "Spring".to_string()]);
    let bad = serde_json::from_value(serde_json::json!({"field": "campaigns.replied", "op": "eq", "value": "Winter"}));
    assert_err(segments::check(&f.e.store, &bad.unwrap()), ErrorCode::InvalidValue, Some("filter"));
}

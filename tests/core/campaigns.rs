//! Campaigns: consent-aware sending (each skip reason, and the dry run), exactly-once queueing (a second
//! send queues nothing twice), responses read from replies, bounces, unsubscribes and won deals as mail
//! sync and the deal pipeline record them, the A/B split, and attribution.

use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::campaigns::{self, abtest, report, send};
use relata_core::services::mail::{outbox, parse, record};
use relata_core::services::{deals, gdpr, people, segments};
use serde_json::json;

use super::mail_compose::{fixture as mail_fixture, Fixture};
use super::mail_server as srv;
use super::support::*;

pub const PURPOSE: &str = "newsletter";

pub fn consent(f: &Fixture, person_id: Id, channel: ContactChannel, status: ConsentStatus) {
    let input = ConsentInput {
        person_id,
        channel,
        purpose: PURPOSE.into(),
        status,
        // Before the fixture messages' Date (T0 - 2 h), so an unsubscribe reply is the newer event.
        at: Some(T0 - DAY),
        source: Some("form".into()),
        note: None,
    };
    gdpr::add_consent(&f.e.store, input).unwrap();
}

pub fn someone(f: &Fixture, first: &str, email: Option<&str>, lang: Option<&str>) -> Id {
    let input = PersonInput {
        emails: email.map(|e| vec![lv("work", e)]).unwrap_or_default(),
        language: lang.map(str::to_string),
        ..person(first, "Test")
    };
    people::create(&f.e.store, input).unwrap().id
}

pub fn everyone(f: &Fixture, name: &str) -> Segment {
    let filter: Filter = serde_json::from_value(json!({"all": []})).unwrap();
    segments::add(&f.e.store, SegmentInput { name: name.into(), filter, is_static: false, pinned: false }).unwrap()
}

pub fn campaign(f: &Fixture, name: &str) -> Campaign {
    let input = CampaignInput {
        name: name.into(),
        purpose: PURPOSE.into(),
        currency: "EUR".into(),
        budget_minor: Some(100_000),
        ..Default::default()
    };
    campaigns::add(&f.e.store, input).unwrap()
}

fn req(c: &Campaign, dry_run: bool) -> SendRequest {
    SendRequest { campaign_id: c.id, template: Some("Offer".into()), dry_run, ..Default::default() }
}

struct People {
    ann: Id,
    bob: Id,
    cara: Id,
    dan: Id,
    eve: Id,
    fay: Id,
}

/// Ann (Danish, consent: sent), Bob (unsubscribed by replying "unsubscribe newsletter"), Cara (no address),
/// Dan (his address bounces), Eve (no consent) and Fay (consent by phone only, not email).
fn audience(f: &Fixture) -> People {
    let ann = someone(f, "Ann", Some("ann@kunde.dk"), Some("da"));
    let bob = someone(f, "Bob", Some("bob@example.com"), None);
    let cara = someone(f, "Cara", None, None);
    let dan = someone(f, "Dan", Some("dan@example.com"), None);
    let eve = someone(f, "Eve", Some("eve@example.com"), None);
    let fay = someone(f, "Fay", Some("fay@example.com"), None);
    for p in [ann, bob, cara, dan] {
        consent(f, p, ContactChannel::Email, ConsentStatus::Given);
    }
    consent(f, fay, ContactChannel::Phone, ConsentStatus::Given);
    f.e.clock.advance(MINUTE);
    let unsubscribe =
        srv::message("u1@example.com", "bob@example.com", &f.account.address, "unsubscribe newsletter", "", "");
    let target = f.inbox_target(false);
    f.e.store.write(|tx| record::record(tx, &target, 1, &parse::parse(&unsubscribe), T0 + MINUTE)).unwrap();
    f.e.raw()
        .execute(
            "INSERT INTO mail_bounces (person_id, address, status, bounced_at) VALUES (?1, 'dan@example.com', '5.1.1', ?2)",
            rusqlite::params![dan, T0],
        )
        .unwrap();
    People { ann, bob, cara, dan, eve, fay }
}

#[test]
fn a_send_skips_each_reason_and_a_dry_run_queues_nothing() {
    let f = mail_fixture();
    let p = audience(&f);
    let c = campaign(&f, "Spring");
    let seg = everyone(&f, "All");
    assert_eq!(campaigns::add_members_from_segment(&f.e.store, c.id, seg.id).unwrap(), 6);

    let plan = send::send(&f.e.store, &req(&c, true)).unwrap();
    assert!(plan.dry_run);
    assert_eq!(plan.recipients.iter().map(|r| r.person_id).collect::<Vec<_>>(), vec![p.ann]);
    let mut skipped: Vec<(Id, SkipReason)> = plan.skipped.iter().map(|s| (s.person_id, s.reason)).collect();
    skipped.sort();
    let mut expected = vec![
        (p.bob, SkipReason::Unsubscribed),
        (p.cara, SkipReason::NoAddress),
        (p.dan, SkipReason::Bouncing),
        (p.eve, SkipReason::NoConsent),
        (p.fay, SkipReason::NoConsent),
    ];
    expected.sort();
    assert_eq!(skipped, expected);
    assert_eq!(plan.queued, 0);
    assert_eq!(f.e.count("SELECT count(*) FROM outbox"), 0, "a dry run queues nothing");
    assert_eq!(f.e.count("SELECT count(*) FROM campaign_sends"), 0);
}

#[test]
fn sending_twice_queues_one_message_per_member_in_their_language() {
    let f = mail_fixture();
    let p = audience(&f);
    let c = campaign(&f, "Spring");
    let seg = everyone(&f, "All");
    campaigns::add_members_from_segment(&f.e.store, c.id, seg.id).unwrap();

    let first = send::send(&f.e.store, &req(&c, false)).unwrap();
    assert_eq!((first.queued, first.already_sent, first.skipped.len()), (1, 0, 5));
    let queued = outbox::list(&f.e.store, None).unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(
        (queued[0].person_id, queued[0].subject.as_str(), queued[0].bulk),
        (Some(p.ann), "Tilbud til Ann", true)
    );
    let raw = String::from_utf8_lossy(&outbox::raw(&f.e.store, queued[0].id).unwrap()).to_string();
    assert!(raw.contains("List-Unsubscribe"), "a campaign message is a bulk message with List-Unsubscribe");

    // Again: nothing new. A person who joins later (with consent) is the only one queued next time.
    let again = send::send(&f.e.store, &req(&c, false)).unwrap();
    assert_eq!((again.queued, again.already_sent), (0, 1));
    let gus = someone(&f, "Gus", Some("gus@example.com"), None);
    consent(&f, gus, ContactChannel::Email, ConsentStatus::Given);
    assert_eq!(campaigns::add_members_from_segment(&f.e.store, c.id, seg.id).unwrap(), 1);
    let third = send::send(&f.e.store, &req(&c, false)).unwrap();
    assert_eq!(third.recipients.iter().map(|r| r.person_id).collect::<Vec<_>>(), vec![gus]);
    assert_eq!(f.e.count("SELECT count(*) FROM outbox"), 2);
    assert_eq!(f.e.count("SELECT count(*) FROM outbox GROUP BY person_id ORDER BY 1 DESC LIMIT 1"), 1);
}

#[test]
fn a_send_without_template_or_on_another_channel_is_refused() {
    let f = mail_fixture();
    let c = campaign(&f, "Spring");
    let no_template = SendRequest { campaign_id: c.id, ..Default::default() };
    assert_err(send::send(&f.e.store, &no_template), ErrorCode::Required, Some("template"));
    let mut input = CampaignInput { name: "Fair".into(), purpose: PURPOSE.into(), ..Default::default() };
    input.channel = CampaignChannel::Event;
    let event = campaigns::add(&f.e.store, input).unwrap();
    assert_err(send::send(&f.e.store, &req(&event, true)), ErrorCode::Conflict, Some("channel"));
    let bad = CampaignInput { name: "X".into(), purpose: PURPOSE.into(), currency: "XYZ".into(), ..Default::default() };
    assert_err(campaigns::add(&f.e.store, bad), ErrorCode::InvalidCurrency, Some("currency"));
}

#[test]
fn replies_bounces_and_won_deals_become_responses_and_the_report_counts_them() {
    let f = mail_fixture();
    let p = audience(&f);
    let c = campaign(&f, "Spring");
    campaigns::add_cost(
        &f.e.store,
        c.id,
        CampaignCostInput { spent_on: "2025-03-10".into(), amount_minor: 20_000, note: None },
    )
    .unwrap();
    let seg = everyone(&f, "All");
    campaigns::add_members_from_segment(&f.e.store, c.id, seg.id).unwrap();
    send::send(&f.e.store, &req(&c, false)).unwrap();
    let msg = outbox::list(&f.e.store, None).unwrap().remove(0);

    f.e.clock.advance(DAY);
    let reply = srv::message(
        "r1@kunde.dk",
        "ann@kunde.dk",
        &f.account.address,
        "Re: Tilbud",
        &format!("In-Reply-To: {}\r\n", msg.message_id),
        "Ja tak",
    );
    let target = f.inbox_target(false);
    f.e.store.write(|tx| record::record(tx, &target, 2, &parse::parse(&reply), T0 + DAY)).unwrap();
    f.e.clock.advance(DAY);
    let deal = DealInput {
        title: "Ann's order".into(),
        value_minor: 50_000,
        currency: "EUR".into(),
        status: DealStatus::Won,
        person_id: Some(p.ann),
        ..Default::default()
    };
    deals::create(&f.e.store, deal).unwrap();

    let members = campaigns::members(&f.e.store, c.id).unwrap();
    let ann = members.iter().find(|m| m.person_id == p.ann).unwrap();
    assert!(ann.replied_at.is_some() && ann.converted_at.is_some() && ann.bounced_at.is_none());
    assert!(members.iter().filter(|m| m.person_id != p.ann).all(|m| m.queued_at.is_none() && m.replied_at.is_none()));

    let r = report::report(&f.e.store, c.id, AttributionModel::LastTouch).unwrap();
    assert_eq!((r.members, r.queued, r.sent, r.replied, r.converted), (6, 1, 0, 1, 1));
    assert_eq!((r.leads, r.won_deals, r.revenue_minor, r.cost_minor), (1.0, 1.0, 50_000, 20_000));
    assert_eq!((r.cost_per_lead_minor, r.cost_per_acquisition_minor), (Some(20_000), Some(20_000)));
    assert_eq!(r.return_on_spend, Some(1.5));

    // A bounce of the address the message went to, after it was queued.
    f.e.raw()
        .execute(
            "INSERT INTO mail_bounces (person_id, address, status, bounced_at) VALUES (?1, 'ann@kunde.dk', '5.2.2', ?2)",
            rusqlite::params![p.ann, T0 + 3 * DAY],
        )
        .unwrap();
    assert_eq!(report::report(&f.e.store, c.id, AttributionModel::Linear).unwrap().bounced, 1);
}

#[test]
fn attribution_credits_first_last_and_linear_touches_within_the_window() {
    let window = 30 * DAY;
    // Campaign 1 touched on day 0, campaign 2 on day 10, campaign 3 on day 50 (after the event).
    let touches = [(1, T0, window), (2, T0 + 10 * DAY, window), (3, T0 + 50 * DAY, window)];
    let at = T0 + 20 * DAY;
    let credit = |c, m| report::credit(&touches, at, c, m);
    assert_eq!((credit(1, AttributionModel::FirstTouch), credit(2, AttributionModel::FirstTouch)), (1.0, 0.0));
    assert_eq!((credit(1, AttributionModel::LastTouch), credit(2, AttributionModel::LastTouch)), (0.0, 1.0));
    assert_eq!((credit(1, AttributionModel::Linear), credit(2, AttributionModel::Linear)), (0.5, 0.5));
    assert_eq!(credit(3, AttributionModel::Linear), 0.0, "a touch after the event gets nothing");
    // Day 35: campaign 1's 30-day window is over, so campaign 2 gets it all under every model.
    let late = T0 + 35 * DAY;
    for m in [AttributionModel::FirstTouch, AttributionModel::LastTouch, AttributionModel::Linear] {
        assert_eq!(report::credit(&touches, late, 2, m), 1.0);
        assert_eq!(report::credit(&touches, late, 1, m), 0.0);
    }
}

#[test]
fn an_ab_test_splits_equal_seeded_groups_and_sends_the_rest_once() {
    let f = mail_fixture();
    for i in 0..21 {
        let id = someone(&f, &format!("P{i:02}"), Some(&format!("p{i}@example.com")), None);
        consent(&f, id, ContactChannel::Email, ConsentStatus::Given);
    }
    let c = campaign(&f, "Test");
    let seg = everyone(&f, "All");
    campaigns::add_members_from_segment(&f.e.store, c.id, seg.id).unwrap();
    let input = |seed| AbTestInput {
        variants: vec![
            AbVariantInput { template: "Offer".into(), subject: None },
            AbVariantInput { template: "Offer".into(), subject: Some("A better offer".into()) },
        ],
        test_percent: 50,
        metric: AbMetric::Reply,
        window_days: 7,
        seed: Some(seed),
    };
    let split = |f: &Fixture| -> Vec<(Id, Option<u32>)> {
        let raw = f.e.raw();
        let mut stmt = raw.prepare("SELECT person_id, variant FROM campaign_members ORDER BY person_id").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
    };
    abtest::setup(&f.e.store, c.id, input(42)).unwrap();
    let first = split(&f);
    abtest::setup(&f.e.store, c.id, input(7)).unwrap();
    assert_ne!(split(&f), first, "another seed, another split");
    let r = abtest::setup(&f.e.store, c.id, input(42)).unwrap();
    assert_eq!(split(&f), first, "the same seed gives the same split");
    assert_eq!(r.seed, 42);
    // 50 % of 21 is 10 (rounded down to equal groups): 5 and 5.
    let groups = |v| first.iter().filter(|(_, g)| *g == Some(v)).count();
    assert_eq!((groups(0), groups(1), first.iter().filter(|(_, g)| g.is_none()).count()), (5, 5, 11));

    let plain = req(&c, false);
    assert_err(send::send(&f.e.store, &plain), ErrorCode::Conflict, Some("scope"));
    let test =
        send::send(&f.e.store, &SendRequest { scope: SendScope::Test, template: None, ..plain.clone() }).unwrap();
    assert_eq!(test.queued, 10);
    assert_eq!(f.e.count("SELECT count(*) FROM outbox WHERE subject = 'A better offer'"), 5);
    assert_err(abtest::setup(&f.e.store, c.id, input(1)), ErrorCode::Conflict, Some("campaign_id"));
    let report = abtest::report(&f.e.store, c.id).unwrap().unwrap();
    assert_eq!(report.variants.iter().map(|v| (v.n, v.successes)).collect::<Vec<_>>(), vec![(5, 0), (5, 0)]);
    assert_eq!(report.winner, None, "no difference, no winner");

    let rest = SendRequest { scope: SendScope::Rest(1), template: None, ..plain.clone() };
    assert_eq!(send::send(&f.e.store, &rest).unwrap().queued, 11);
    assert_eq!(send::send(&f.e.store, &rest).unwrap().queued, 0, "the rest is sent once");
    let other = SendRequest { scope: SendScope::Rest(0), template: None, ..plain.clone() };
    assert_err(send::send(&f.e.store, &other), ErrorCode::Conflict, Some("scope"));
    assert_eq!(f.e.count("SELECT count(*) FROM outbox"), 21);
    assert_eq!(abtest::report(&f.e.store, c.id).unwrap().unwrap().rest_variant, Some(1));
}

#[test]
fn segments_can_filter_on_campaign_membership_and_count() {
    let f = mail_fixture();
    someone(&f, "Ann", Some("ann@example.com"), None);
    someone(&f, "Bob", Some("bob@example.com"), None);
    let spring = campaign(&f, "Spring");
    let only_ann: Filter = serde_json::from_value(json!({"field": "first_name", "op": "eq", "value": "Ann"})).unwrap();
    let ann_seg = segments::add(
        &f.e.store,
        SegmentInput { name: "Ann".into(), filter: only_ann, is_static: false, pinned: false },
    )
    .unwrap();
    campaigns::add_members_from_segment(&f.e.store, spring.id, ann_seg.id).unwrap();
    let fields = segments::fields(&f.e.store).unwrap();
    let member = fields.iter().find(|x| x.name == "campaigns.member").expect("campaigns.member");
    assert_eq!(member.choices, vec!["Spring".to_string()]);
    let count = |v: serde_json::Value| segments::check(&f.e.store, &serde_json::from_value(v).unwrap()).unwrap().count;
    assert_eq!(count(json!({"field": "campaigns.member", "op": "eq", "value": "Spring"})), 1);
    assert_eq!(count(json!({"field": "campaigns.member", "op": "ne", "value": "Spring"})), 1);
    assert_eq!(count(json!({"field": "campaigns.count", "op": "gte", "value": 1})), 1);
    assert_eq!(count(json!({"field": "campaigns.count", "op": "eq", "value": 0})), 1);
}

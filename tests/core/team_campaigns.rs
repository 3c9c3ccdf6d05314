//! Campaigns in a team workspace (docs/team-sync.md, "Campaigns"): a campaign with its members, cost
//! entries and A/B test made on one desktop appears on the other; the send records travel (who was sent which
//! variant, when queued and sent) while the outbox link stays with the sending desktop, so the other desktop's
//! report counts them and its own send never queues those members again; cost entries added on two desktops
//! both survive; a workspace on schema 3 is upgraded in place by `team init`. Run under
//! `bash .ci/with-postgres.sh`.

use relata_core::domain::*;
use relata_core::secrets::MemorySecrets;
use relata_core::services::campaigns::{self, abtest, send};
use relata_core::services::{gdpr, people, segments, team};
use serde_json::json;

use super::campaigns::PURPOSE;
use super::mail_compose::fixture as mail_fixture;
use super::support::*;
use super::team_pg::*;

/// A desktop with a mail account and the "Offer" template (the mail fixture's).
fn mail_desk() -> Desk {
    Desk { env: mail_fixture().e, secrets: MemorySecrets::new() }
}

/// A person with an address and email consent for the campaigns' purpose.
fn reachable(d: &Desk, first: &str) -> Id {
    let input = PersonInput { emails: vec![lv("work", &format!("{first}@example.com"))], ..person(first, "Lee") };
    let id = people::create(&d.env.store, input).unwrap().id;
    let consent = ConsentInput {
        person_id: id,
        channel: ContactChannel::Email,
        purpose: PURPOSE.into(),
        status: ConsentStatus::Given,
        at: Some(T0 - DAY),
        source: Some("form".into()),
        note: None,
    };
    gdpr::add_consent(&d.env.store, consent).unwrap();
    id
}

fn cost(amount_minor: i64, note: &str) -> CampaignCostInput {
    CampaignCostInput { spent_on: "2026-03-01".into(), amount_minor, note: Some(note.into()) }
}

fn spring(d: &Desk) -> Campaign {
    let input = CampaignInput {
        name: "Spring".into(),
        purpose: PURPOSE.into(),
        currency: "EUR".into(),
        budget_minor: Some(100_000),
        ..Default::default()
    };
    campaigns::add(&d.env.store, input).unwrap()
}

fn find(d: &Desk, name: &str) -> Campaign {
    campaigns::list(&d.env.store).unwrap().into_iter().find(|c| c.name == name).expect("the campaign is here")
}

fn scoped(c: Id, scope: SendScope) -> SendRequest {
    SendRequest { campaign_id: c, scope, ..Default::default() }
}

/// (person's global id, variant, queued, sent) of every member, sorted: what two desktops must agree on.
fn sends(d: &Desk, c: Id) -> Vec<(String, Option<u32>, bool, bool)> {
    let mut out: Vec<_> = campaigns::members(&d.env.store, c)
        .unwrap()
        .into_iter()
        .map(|m| (d.gid("people", m.person_id), m.variant, m.queued_at.is_some(), m.sent_at.is_some()))
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn a_campaign_with_its_test_travels_and_the_other_desktop_never_sends_to_members_sent_already() {
    let pg = pg();
    let (db, a) = workspace_on(&pg, mail_desk()).await;
    let (_, b) = member_on(&pg, &db, &a, "manager", mail_desk()).await;
    for i in 0..8 {
        reachable(&a, &format!("p{i}"));
    }
    let filter: Filter = serde_json::from_value(json!({"all": []})).unwrap();
    let all = segments::add(&a.env.store, SegmentInput { name: "All".into(), filter, is_static: false, pinned: false })
        .unwrap();
    let c = spring(&a);
    assert_eq!(campaigns::add_members_from_segment(&a.env.store, c.id, all.id).unwrap(), 8);
    campaigns::add_cost(&a.env.store, c.id, cost(20_000, "print")).unwrap();
    let test = AbTestInput {
        variants: vec![
            AbVariantInput { template: "Offer".into(), subject: None },
            AbVariantInput { template: "Offer".into(), subject: Some("A better offer".into()) },
        ],
        test_percent: 50,
        metric: AbMetric::Reply,
        window_days: 7,
        seed: Some(42),
    };
    abtest::setup(&a.env.store, c.id, test).unwrap();
    assert_eq!(send::send(&a.env.store, &scoped(c.id, SendScope::Test)).unwrap().queued, 4, "two groups of two");
    // The outbox delivers one of them.
    let delivered = a.env.raw().execute("UPDATE outbox SET sent_at = ?1 WHERE id = (SELECT min(id) FROM outbox)", [T0]);
    assert_eq!(delivered.unwrap(), 1);
    a.sync().await;
    let report = b.sync().await;
    assert!(report.refused.is_empty(), "{report:?}");

    let on_b = find(&b, "Spring");
    assert_eq!((on_b.members, on_b.cost_minor, on_b.budget_minor), (8, 20_000, Some(100_000)));
    assert_eq!(sends(&b, on_b.id), sends(&a, c.id), "members, A/B groups, queued and sent");
    assert_eq!(sends(&b, on_b.id).iter().filter(|s| s.3).count(), 1, "the delivered one counts as sent on B");
    let ab_b = abtest::report(&b.env.store, on_b.id).unwrap().expect("the A/B test reached B");
    assert_eq!((ab_b.seed, ab_b.test_percent), (42, 50));
    assert_eq!(ab_b.variants.iter().map(|v| v.n).collect::<Vec<_>>(), vec![2, 2], "the split counts on B");
    assert_eq!(b.env.count("SELECT count(*) FROM campaign_sends WHERE outbox_id IS NULL"), 4, "no outbox link on B");

    // B sends: the test members were sent on A, so only the rest is queued, with variant 1.
    assert_eq!(send::send(&b.env.store, &scoped(on_b.id, SendScope::Test)).unwrap().queued, 0);
    let rest = send::send(&b.env.store, &scoped(on_b.id, SendScope::Rest(1))).unwrap();
    assert_eq!(rest.queued, 4, "the rest only");
    assert_eq!(b.env.count("SELECT count(*) FROM outbox WHERE subject = 'A better offer'"), 4);
    // Cost entries made on both desktops before they sync both stay.
    campaigns::add_cost(&a.env.store, c.id, cost(5_000, "ads A")).unwrap();
    campaigns::add_cost(&b.env.store, on_b.id, cost(7_000, "ads B")).unwrap();
    let report = b.sync().await;
    assert!(report.refused.is_empty(), "{report:?}");
    a.sync().await;
    b.sync().await;

    assert_eq!(send::send(&a.env.store, &scoped(c.id, SendScope::Rest(1))).unwrap().queued, 0, "B sent the rest");
    assert_eq!(a.env.count("SELECT count(*) FROM outbox"), 4, "A queued its own four only");
    assert_eq!(sends(&a, c.id), sends(&b, on_b.id));
    assert!(sends(&a, c.id).iter().all(|s| s.2), "every member queued, on both");
    assert_eq!(a.env.count("SELECT count(*) FROM campaign_sends WHERE outbox_id IS NOT NULL"), 4, "A keeps its links");
    assert_eq!(abtest::report(&a.env.store, c.id).unwrap().unwrap().rest_variant, Some(1));
    assert_eq!(campaigns::get(&a.env.store, c.id).unwrap().cost_minor, 32_000);
    assert_eq!(campaigns::get(&b.env.store, on_b.id).unwrap().cost_minor, 32_000);
    assert_eq!((a.pending(), b.pending()), (0, 0));
}

#[tokio::test]
async fn a_campaign_made_offline_on_two_desktops_under_one_name_is_one_campaign() {
    let pg = pg();
    let (db, a) = workspace(&pg).await;
    let (_, b) = member(&pg, &db, &a, "manager").await;
    let on_a = spring(&a);
    let on_b = spring(&b);
    campaigns::add_cost(&b.env.store, on_b.id, cost(1_000, "flyers")).unwrap();
    a.sync().await;
    b.sync().await;
    a.sync().await;
    assert_eq!(a.gid("campaigns", on_a.id), b.gid("campaigns", on_b.id));
    assert_eq!(a.env.count("SELECT count(*) FROM campaigns"), 1);
    assert_eq!(campaigns::get(&a.env.store, on_a.id).unwrap().cost_minor, 1_000);
}

#[tokio::test]
async fn a_workspace_on_schema_3_is_upgraded_by_team_init_and_then_takes_campaigns() {
    let pg = pg();
    let db = pg.database().await;
    let admin_raw = pg.older_workspace(&db, 3).await;

    // A desktop with a campaign from before: the admin upgrades the workspace, it goes up with its cost.
    let a = desk();
    let c = spring(&a);
    campaigns::add_cost(&a.env.store, c.id, cost(1_000, "flyers")).unwrap();
    team::init(&a.env.store, &a.secrets, &pg.url(Some(&pg.admin), &db), &pg.password).await.expect("upgrade");
    let report = a.sync().await;
    assert!(report.refused.is_empty(), "{report:?}");
    let count: i64 = admin_raw
        .query_one("SELECT count(*) FROM relata_records WHERE tbl IN ('campaigns', 'campaign_costs')", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(count, 2, "the campaign and its cost entry");
    let version: String =
        admin_raw.query_one("SELECT value FROM relata_meta WHERE key = 'schema_version'", &[]).await.unwrap().get(0);
    assert_eq!(version, team::server::SCHEMA.to_string(), "upgraded to this build's schema");

    // Support does not see campaigns (marketing), a sales rep does.
    let (_, support) = member(&pg, &db, &a, "support").await;
    let (_, sales) = member(&pg, &db, &a, "sales").await;
    support.sync().await;
    sales.sync().await;
    assert_eq!(support.env.count("SELECT count(*) FROM campaigns"), 0);
    assert_eq!(sales.env.count("SELECT count(*) FROM campaign_costs"), 1);
}

//! Members, replies and attachments in a team workspace (docs/team-sync.md, "Members, replies and
//! attachments", server schema 5): members added and removed on two desktops offline merge one by one, the
//! same member removed on one desktop and added again on the other ends as the later action left it; a reply
//! received on one desktop counts in the other's campaign and A/B reports; a template's documents arrive
//! byte-identical and their removal (and the template's) travels; support reads none of the campaigns' new
//! records; a schema-4 workspace is upgraded by `team init`. Run under `bash .ci/with-postgres.sh`.

use relata_core::domain::*;
use relata_core::services::campaigns::{self, abtest, send};
use relata_core::services::{people, team, templates};
use relata_core::store::sync::outbox::{pending, BATCH_BYTES};

use super::support::*;
use super::team_pg::*;

fn spring(d: &Desk) -> Campaign {
    let input = CampaignInput {
        name: "Spring".into(),
        purpose: super::campaigns::PURPOSE.into(),
        currency: "EUR".into(),
        ..Default::default()
    };
    campaigns::add(&d.env.store, input).unwrap()
}

fn find(d: &Desk, name: &str) -> Campaign {
    campaigns::list(&d.env.store).unwrap().into_iter().find(|c| c.name == name).expect("the campaign is here")
}

fn add(d: &Desk, c: Id, person: Id) {
    let now = d.env.store.clock().now_ms();
    d.env.store.write(|tx| campaigns::add_member_in(tx, c, person, now)).unwrap();
}

/// The campaign's members on this desktop as the people's last names, sorted.
fn members(d: &Desk, c: Id) -> Vec<String> {
    let mut out: Vec<String> =
        campaigns::members(&d.env.store, c).unwrap().into_iter().map(|m| m.name.replace("Ann ", "")).collect();
    out.sort();
    out
}

/// A person made on `a`, and their local id on `b` after both synced.
fn people_on_both(a: &Desk, names: &[&str]) -> Vec<Id> {
    names.iter().map(|n| people::create(&a.env.store, person("Ann", n)).unwrap().id).collect()
}

fn on(d: &Desk, from: &Desk, table: &str, id: Id) -> Id {
    d.local_id(table, &from.gid(table, id)).expect("the row reached this desktop")
}

async fn sync_all(a: &Desk, b: &Desk) {
    for d in [a, b, a] {
        let report = d.sync().await;
        assert!(report.refused.is_empty(), "{report:?}");
    }
}

#[tokio::test]
async fn members_added_and_removed_on_two_desktops_offline_merge_one_by_one() {
    let pg = pg();
    let (db, a) = workspace(&pg).await;
    let (_, b) = member(&pg, &db, &a, "manager").await;
    let ids = people_on_both(&a, &["Adams", "Brown", "Clark", "Davis"]);
    let c = spring(&a);
    add(&a, c.id, ids[0]);
    add(&a, c.id, ids[1]);
    sync_all(&a, &b).await;
    let cb = find(&b, "Spring").id;
    assert_eq!(members(&b, cb), ["Adams", "Brown"]);

    // Offline: A adds Clark and removes Adams, B adds Davis. Nothing is lost.
    add(&a, c.id, ids[2]);
    campaigns::remove_member(&a.env.store, c.id, ids[0]).unwrap();
    add(&b, cb, on(&b, &a, "people", ids[3]));
    sync_all(&a, &b).await;
    assert_eq!(members(&a, c.id), ["Brown", "Clark", "Davis"]);
    assert_eq!(members(&b, cb), ["Brown", "Clark", "Davis"]);

    // Brown removed on A, then removed and added again on B later: the later action (the addition) wins.
    campaigns::remove_member(&a.env.store, c.id, ids[1]).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    let brown_b = on(&b, &a, "people", ids[1]);
    campaigns::remove_member(&b.env.store, cb, brown_b).unwrap();
    add(&b, cb, brown_b);
    sync_all(&a, &b).await;
    assert_eq!(members(&a, c.id), ["Brown", "Clark", "Davis"]);
    assert_eq!(members(&b, cb), ["Brown", "Clark", "Davis"]);

    // And the other way round: added again on B first, removed on A later: the removal wins.
    campaigns::remove_member(&b.env.store, cb, brown_b).unwrap();
    add(&b, cb, brown_b);
    std::thread::sleep(std::time::Duration::from_millis(5));
    campaigns::remove_member(&a.env.store, c.id, ids[1]).unwrap();
    sync_all(&a, &b).await;
    assert_eq!(members(&a, c.id), ["Clark", "Davis"]);
    assert_eq!(members(&b, cb), ["Clark", "Davis"]);
    assert_eq!((a.pending(), b.pending()), (0, 0));
}

#[tokio::test]
async fn a_reply_received_on_one_desktop_counts_in_the_other_desktops_reports() {
    let pg = pg();
    let mail = || Desk { env: super::mail_compose::fixture().e, secrets: relata_core::secrets::MemorySecrets::new() };
    let (db, a) = workspace_on(&pg, mail()).await;
    let (_, b) = member_on(&pg, &db, &a, "manager", mail()).await;
    let c = campaigns::add(
        &a.env.store,
        CampaignInput {
            name: "Spring".into(),
            purpose: super::campaigns::PURPOSE.into(),
            currency: "EUR".into(),
            ..Default::default()
        },
    )
    .unwrap();
    for i in 0..4 {
        let input =
            PersonInput { emails: vec![lv("work", &format!("p{i}@example.com"))], ..person("P", &format!("L{i}")) };
        let id = people::create(&a.env.store, input).unwrap().id;
        let consent = ConsentInput {
            person_id: id,
            channel: ContactChannel::Email,
            purpose: super::campaigns::PURPOSE.into(),
            status: ConsentStatus::Given,
            at: Some(T0 - DAY),
            source: Some("form".into()),
            note: None,
        };
        relata_core::services::gdpr::add_consent(&a.env.store, consent).unwrap();
        add(&a, c.id, id);
    }
    let test = AbTestInput {
        variants: vec![
            AbVariantInput { template: "Offer".into(), subject: None },
            AbVariantInput { template: "Offer".into(), subject: Some("A better offer".into()) },
        ],
        test_percent: 100,
        metric: AbMetric::Reply,
        window_days: 7,
        seed: Some(7),
    };
    abtest::setup(&a.env.store, c.id, test).unwrap();
    let request = SendRequest { campaign_id: c.id, scope: SendScope::Test, ..Default::default() };
    assert_eq!(send::send(&a.env.store, &request).unwrap().queued, 4);
    // A's mailbox receives a reply to one of the messages (as mail sync records it, without the IMAP row).
    let raw = a.env.raw();
    raw.execute("UPDATE outbox SET sent_at = ?1", [T0]).unwrap();
    let (person, outbox, message): (Id, Id, String) = raw
        .query_row(
            "SELECT s.person_id, o.id, o.message_id FROM campaign_sends s JOIN outbox o ON o.id = s.outbox_id
                    ORDER BY s.person_id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    raw.execute(
        "INSERT INTO mail_replies (person_id, replied_to, outbox_id, send_id, occurred_at, created_at)
         VALUES (?1, ?2, ?3, (SELECT id FROM campaign_sends WHERE outbox_id = ?3 AND person_id = ?1), ?4, ?4)",
        rusqlite::params![person, message.trim_matches(['<', '>']), outbox, T0 + HOUR],
    )
    .unwrap();
    let on_a = campaigns::report::report(&a.env.store, c.id, AttributionModel::default()).unwrap();
    assert_eq!(on_a.replied, 1);
    sync_all(&a, &b).await;

    let cb = find(&b, "Spring").id;
    assert_eq!(b.env.count("SELECT count(*) FROM mail_replies WHERE message_id IS NULL AND outbox_id IS NULL"), 1);
    let on_b = campaigns::report::report(&b.env.store, cb, AttributionModel::default()).unwrap();
    assert_eq!((on_b.members, on_b.sent, on_b.replied), (on_a.members, on_a.sent, on_a.replied), "the same report");
    let replied = |d: &Desk, c: Id| {
        campaigns::members(&d.env.store, c).unwrap().into_iter().filter(|m| m.replied_at.is_some()).count()
    };
    assert_eq!((replied(&a, c.id), replied(&b, cb)), (1, 1));
    let split = |d: &Desk, c: Id| {
        abtest::report(&d.env.store, c)
            .unwrap()
            .unwrap()
            .variants
            .iter()
            .map(|v| (v.n, v.successes))
            .collect::<Vec<_>>()
    };
    assert_eq!(split(&b, cb), split(&a, c.id), "the A/B reply rates agree");
    assert_eq!(split(&b, cb).iter().map(|v| v.1).sum::<u32>(), 1);
}

fn doc(name: &str, len: usize, seed: u8) -> NewAttachment {
    NewAttachment { name: name.into(), mime: None, data: (0..len).map(|i| (i % 251) as u8 ^ seed).collect() }
}

fn documents(d: &Desk, template: Id) -> Vec<(String, Vec<u8>)> {
    let data = d.env.store.read(|c| templates::attachment_data_in(c, template)).unwrap();
    let mut out: Vec<(String, Vec<u8>)> = data.into_iter().map(|a| (a.name, a.data)).collect();
    out.sort();
    out
}

#[tokio::test]
async fn a_templates_documents_arrive_byte_identical_and_their_removal_travels() {
    let pg = pg();
    let (db, a) = workspace(&pg).await;
    let (_, b) = member(&pg, &db, &a, "manager").await;
    let mut input = TemplateInput {
        name: "Offer".into(),
        variants: vec![TemplateVariant { lang: Language::En, subject: "Offer".into(), body: "Attached.".into() }],
        ..Default::default()
    };
    // 9 MiB alone is more than a push batch carries; the batches are cut by size.
    input.add_attachments = vec![doc("big.pdf", 9 << 20, 1), doc("prices.xlsx", 3 << 20, 2), doc("note.txt", 10, 3)];
    let t = templates::save(&a.env.store, None, input).unwrap();
    let first = a.env.store.read(|c| pending(c, 500)).unwrap();
    let bytes: usize = first.iter().filter_map(|c| c.value.as_str()).map(str::len).sum();
    assert!(bytes <= BATCH_BYTES, "the first batch holds {bytes} bytes of values");
    assert!(first.iter().all(|c| c.field != "data" || c.value.is_string()), "documents are read when pushed");
    sync_all(&a, &b).await;
    let tb = b.local_id("templates", &a.gid("templates", t.id)).expect("the template reached B");
    assert_eq!(documents(&b, tb), documents(&a, t.id), "byte-identical");
    assert_eq!(documents(&b, tb).len(), 3);

    // Removing one document travels; then the whole template.
    let note = t.attachments.iter().find(|x| x.name == "note.txt").unwrap().id;
    let mut update = TemplateInput { name: "Offer".into(), variants: t.variants.clone(), ..Default::default() };
    update.remove_attachments = vec![note];
    templates::save(&a.env.store, Some(t.id), update).unwrap();
    sync_all(&a, &b).await;
    assert_eq!(documents(&b, tb).iter().map(|d| d.0.as_str()).collect::<Vec<_>>(), ["big.pdf", "prices.xlsx"]);
    templates::remove(&a.env.store, t.id).unwrap();
    sync_all(&a, &b).await;
    assert_eq!(b.env.count("SELECT count(*) FROM templates WHERE name = 'Offer'"), 0);
    assert_eq!(b.env.count("SELECT count(*) FROM template_attachments"), 0);
}

#[tokio::test]
async fn a_workspace_on_schema_4_is_upgraded_by_team_init_and_support_reads_no_campaign_records() {
    let pg = pg();
    let db = pg.database().await;
    let admin_raw = pg.older_workspace(&db, 4).await;

    // A desktop with a campaign and its members from before: the admin upgrades, they go up.
    let a = desk();
    let ids = people_on_both(&a, &["Adams", "Brown"]);
    let c = spring(&a);
    add(&a, c.id, ids[0]);
    add(&a, c.id, ids[1]);
    team::init(&a.env.store, &a.secrets, &pg.url(Some(&pg.admin), &db), &pg.password).await.expect("upgrade");
    let report = a.sync().await;
    assert!(report.refused.is_empty(), "{report:?}");
    let version: String =
        admin_raw.query_one("SELECT value FROM relata_meta WHERE key = 'schema_version'", &[]).await.unwrap().get(0);
    assert_eq!(version, team::server::SCHEMA.to_string(), "upgraded to this build's schema");
    let count = |client: tokio_postgres::Client| async move {
        let n: i64 = client
            .query_one("SELECT count(*) FROM relata_records WHERE tbl IN ('campaign_members', 'campaigns')", &[])
            .await
            .unwrap()
            .get(0);
        n
    };
    assert_eq!(count(pg.raw(&db, &pg.admin, &pg.password).await).await, 3, "the campaign and its two members");

    let (manager, m) = member(&pg, &db, &a, "manager").await;
    m.sync().await;
    assert_eq!(members(&m, find(&m, "Spring").id), ["Adams", "Brown"]);
    // Support reads none of them, not even with hand-written SQL over their own connection.
    let (support, s) = member(&pg, &db, &a, "support").await;
    s.sync().await;
    assert_eq!(s.env.count("SELECT count(*) FROM campaign_members"), 0);
    assert_eq!(count(pg.raw(&db, &support, &format!("pw-{support}")).await).await, 0);
    assert_eq!(count(pg.raw(&db, &manager, &format!("pw-{manager}")).await).await, 3);
}

/// Refreshing a static segment's snapshot in a team touches only the members who left or joined: members who
/// stay are not rewritten (no change to push, nothing for another desktop's concurrent edit to lose to).
#[test]
fn a_refreshed_snapshot_records_only_the_members_who_changed() {
    use relata_core::services::segments;
    use relata_core::store::sync::outbox::{acknowledge, start_capture};
    let e = env();
    for (last, city) in [("Adams", "Oslo"), ("Brown", "Oslo"), ("Clark", "Rome")] {
        let id = people::create(&e.store, person("Ann", last)).unwrap().id;
        e.raw().execute("UPDATE people SET city = ?1 WHERE id = ?2", rusqlite::params![city, id]).unwrap();
    }
    e.store.write(|tx| start_capture(tx, T0)).unwrap();
    let filter = |v: serde_json::Value| -> Filter { serde_json::from_value(v).unwrap() };
    let oslo = filter(serde_json::json!({"field": "city", "op": "eq", "value": "Oslo"}));
    let input = |f: Filter| SegmentInput { name: "Snap".into(), filter: f, is_static: true, pinned: false };
    let seg = segments::add(&e.store, input(oslo)).unwrap();
    let all = e.store.read(|c| pending(c, 10_000)).unwrap();
    e.store.write(|tx| acknowledge(tx, &all)).unwrap();
    // Oslo or Rome minus Adams: Adams leaves, Clark joins, Brown stays untouched.
    let next = filter(serde_json::json!({"all": [
        {"field": "city", "op": "in", "value": ["Oslo", "Rome"]},
        {"field": "last_name", "op": "ne", "value": "Adams"}
    ]}));
    segments::update(&e.store, seg.id, input(next)).unwrap();
    let changed: Vec<_> = e.store.read(|c| pending(c, 10_000)).unwrap();
    let members: std::collections::BTreeSet<(String, String)> = changed
        .iter()
        .filter(|c| c.tbl == "segment_members" && c.field == "_removed")
        .map(|c| (c.gid.clone(), c.value.to_string()))
        .collect();
    assert_eq!(members.len(), 2, "{changed:?}");
    assert_eq!(members.iter().filter(|m| m.1 == "true").count(), 1, "Adams left");
    assert_eq!(members.iter().filter(|m| m.1 == "false").count(), 1, "Clark joined");
}

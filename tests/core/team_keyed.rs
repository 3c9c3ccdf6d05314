//! Keyed tables travel between desktops (docs/team-sync.md, "Keyed tables"): tags and custom field
//! definitions merge by their natural key, taggings and custom values by their tag or field and record, and
//! they follow their record for row-level security. Run under `bash .ci/with-postgres.sh`.

use relata_core::domain::*;
use relata_core::services::team::server::SCHEMA;
use relata_core::services::{custom_fields, people, team};

use super::support::*;
use super::team_pg::*;

fn edit(d: &Desk, id: i64, change: impl FnOnce(&mut PersonInput)) {
    let mut input = people::get(&d.env.store, id).unwrap().to_input();
    change(&mut input);
    people::update(&d.env.store, id, input).unwrap();
}

fn tags_of(d: &Desk, id: i64) -> Vec<String> {
    let mut tags: Vec<String> = people::get(&d.env.store, id).unwrap().tags.iter().map(|t| t.to_lowercase()).collect();
    tags.sort();
    tags
}

fn text_field(label: &str) -> CustomFieldInput {
    CustomFieldInput { entity: Entity::Person, label: label.into(), kind: CustomFieldKind::Text, choices: vec![] }
}

fn custom_of(d: &Desk, id: i64, key: &str) -> Option<CustomValue> {
    people::get(&d.env.store, id).unwrap().custom.get(key).cloned()
}

async fn server_count(pg: &Pg, db: &str, sql: &str) -> i64 {
    pg.raw(db, &pg.admin, &pg.password).await.query_one(sql, &[]).await.unwrap().get(0)
}

/// Two managers with one shared person `Ann`: (A, B, Ann's id on A, on B).
async fn two_desks(pg: &Pg) -> (String, Desk, Desk, i64, i64) {
    let (db, a) = workspace(pg).await;
    let (_, b) = member(pg, &db, &a, "manager").await;
    let ann = people::create(&a.env.store, person("Ann", "Lee")).unwrap();
    a.sync().await;
    b.sync().await;
    let on_b = b.local_id("people", &a.gid("people", ann.id)).expect("Ann reached B");
    (db, a, b, ann.id, on_b)
}

#[tokio::test]
async fn the_same_tag_and_custom_field_made_offline_on_two_desktops_become_one() {
    let pg = pg();
    let (db, a, b, ann_a, ann_b) = two_desks(&pg).await;
    // Offline on both: the same tag (in another case), the same field, and a person only B has.
    edit(&a, ann_a, |p| p.tags = vec!["VIP".into()]);
    edit(&b, ann_b, |p| p.tags = vec!["vip".into(), "Lead".into()]);
    let bob = people::create(&b.env.store, PersonInput { tags: vec!["VIP".into()], ..person("Bob", "Ray") }).unwrap();
    let def_a = custom_fields::create(&a.env.store, text_field("Contract end")).unwrap();
    let def_b = custom_fields::create(&b.env.store, text_field("Contract end")).unwrap();
    assert_eq!(a.gid("tags", 1), b.gid("tags", 1), "one id for one tag key on every desktop");
    assert_eq!(a.gid("custom_field_defs", def_a.id), b.gid("custom_field_defs", def_b.id));

    a.sync().await;
    b.sync().await;
    a.sync().await;
    assert_eq!((a.pending(), b.pending()), (0, 0));
    for d in [&a, &b] {
        assert_eq!(d.env.count("SELECT count(*) FROM tags"), 2, "vip and lead, once each");
        assert_eq!(d.env.count("SELECT count(*) FROM custom_field_defs"), 1);
    }
    assert_eq!(tags_of(&a, ann_a), vec!["lead", "vip"]);
    assert_eq!(tags_of(&b, ann_b), vec!["lead", "vip"]);
    let bob_a = a.local_id("people", &b.gid("people", bob.id)).expect("Bob reached A");
    assert_eq!(tags_of(&a, bob_a), vec!["vip"]);
    assert_eq!(server_count(&pg, &db, "SELECT count(*) FROM relata_records WHERE tbl = 'tags'").await, 2);
    assert_eq!(server_count(&pg, &db, "SELECT count(*) FROM relata_records WHERE tbl = 'taggings'").await, 3);
    assert_eq!(server_count(&pg, &db, "SELECT count(*) FROM relata_records WHERE tbl = 'custom_field_defs'").await, 1);
    let wire: serde_json::Value = pg
        .raw(&db, &pg.admin, &pg.password)
        .await
        .query_one("SELECT fields->'record_id' FROM relata_records WHERE tbl = 'taggings' LIMIT 1", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(wire[0], "people", "a tagging names its record's table and global id: {wire}");
}

#[tokio::test]
async fn custom_values_merge_per_field_and_the_later_edit_of_one_field_wins() {
    let pg = pg();
    let (_db, a, b, ann_a, ann_b) = two_desks(&pg).await;
    for label in ["Region", "Budget", "Tier"] {
        custom_fields::create(&a.env.store, text_field(label)).unwrap();
    }
    a.sync().await;
    b.sync().await;
    let text = |s: &str| CustomValue::Text(s.into());
    // Offline: different fields of Ann on each, then the same field, B's edit last.
    edit(&a, ann_a, |p| {
        p.custom.insert("region".into(), text("North"));
        p.custom.insert("tier".into(), text("gold"));
    });
    std::thread::sleep(std::time::Duration::from_millis(5));
    edit(&b, ann_b, |p| {
        p.custom.insert("budget".into(), text("5k"));
        p.custom.insert("tier".into(), text("silver"));
    });
    a.sync().await;
    let report = b.sync().await;
    assert_eq!(report.conflicts, 1, "{report:?}");
    a.sync().await;
    for (d, id) in [(&a, ann_a), (&b, ann_b)] {
        assert_eq!(custom_of(d, id, "region"), Some(text("North")));
        assert_eq!(custom_of(d, id, "budget"), Some(text("5k")));
        assert_eq!(custom_of(d, id, "tier"), Some(text("silver")), "the later edit of one field wins");
    }
    let log = team::conflicts(&a.env.store, &a.secrets).await.unwrap();
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!((log[0].table.as_str(), log[0].field.as_str()), ("custom_values", "value"));
    assert_eq!(log[0].lost_value, serde_json::json!("\"gold\""), "the losing value is kept");
    // Restoring the loser makes it the latest edit.
    team::restore_conflict(&a.env.store, &a.secrets, log[0].id).await.unwrap();
    a.sync().await;
    b.sync().await;
    assert_eq!(custom_of(&b, ann_b, "tier"), Some(text("gold")));
}

#[tokio::test]
async fn removals_travel_as_tombstones_that_a_later_re_creation_revives() {
    let pg = pg();
    let (db, a, b, ann_a, ann_b) = two_desks(&pg).await;
    let region = custom_fields::create(&a.env.store, text_field("Region")).unwrap();
    edit(&a, ann_a, |p| {
        p.tags = vec!["VIP".into(), "Lead".into()];
        p.custom.insert("region".into(), CustomValue::Text("North".into()));
    });
    a.sync().await;
    b.sync().await;
    assert_eq!(tags_of(&b, ann_b), vec!["lead", "vip"]);

    // A untags Lead: B loses it; the server keeps a tombstone, not a purge.
    edit(&a, ann_a, |p| p.tags = vec!["VIP".into()]);
    a.sync().await;
    b.sync().await;
    assert_eq!(tags_of(&b, ann_b), vec!["vip"]);
    assert_eq!(b.pending(), 0);
    let tombstones = "SELECT count(*) FROM relata_records WHERE tbl = 'taggings' AND fields->>'_removed' = 'true' \
                      AND NOT purged";
    assert_eq!(server_count(&pg, &db, tombstones).await, 1);

    // B tags Ann with Lead again: the same record comes back on A.
    edit(&b, ann_b, |p| p.tags = vec!["VIP".into(), "Lead".into()]);
    b.sync().await;
    a.sync().await;
    assert_eq!(tags_of(&a, ann_a), vec!["lead", "vip"]);
    assert_eq!(server_count(&pg, &db, tombstones).await, 0);
    assert_eq!(server_count(&pg, &db, "SELECT count(*) FROM relata_records WHERE tbl = 'taggings'").await, 2);

    // Deleting the field definition removes it and its values on the other desktop.
    custom_fields::delete(&a.env.store, region.id).unwrap();
    a.sync().await;
    b.sync().await;
    assert_eq!(b.env.count("SELECT count(*) FROM custom_field_defs"), 0);
    assert_eq!(b.env.count("SELECT count(*) FROM custom_values"), 0);
    assert_eq!(custom_of(&b, ann_b, "region"), None);
}

#[tokio::test]
async fn sales_cannot_read_the_tags_or_custom_values_of_people_they_cannot_see() {
    let pg = pg();
    let (db, admin) = workspace(&pg).await;
    let (s1, d1) = member(&pg, &db, &admin, "sales").await;
    let (s2, _d2) = member(&pg, &db, &admin, "sales").await;
    custom_fields::create(&admin.env.store, text_field("Region")).unwrap();
    let tagged = |owner: &str, first: &str| PersonInput {
        owner: Some(owner.into()),
        tags: vec![format!("tag-{first}")],
        custom: [("region".to_string(), CustomValue::Text(format!("of {first}")))].into(),
        ..person(first, "Lee")
    };
    let own = people::create(&admin.env.store, tagged(&s1, "Own")).unwrap();
    let other = people::create(&admin.env.store, tagged(&s2, "Other")).unwrap();
    admin.sync().await;

    d1.sync().await;
    let own_d1 = d1.local_id("people", &admin.gid("people", own.id)).expect("their own person");
    assert_eq!(tags_of(&d1, own_d1), vec!["tag-own"]);
    assert_eq!(custom_of(&d1, own_d1, "region"), Some(CustomValue::Text("of Own".into())));
    assert_eq!(d1.env.count("SELECT count(*) FROM taggings"), 1, "no tagging of another rep's person");
    assert_eq!(d1.env.count("SELECT count(*) FROM custom_values"), 1);
    assert_eq!(d1.env.count("SELECT count(*) FROM tags"), 2, "the tag vocabulary is the team's");

    // The same user over their own connection, typing SQL.
    let other_gid = admin.gid("people", other.id);
    let raw = pg.raw(&db, &s1, &format!("pw-{s1}")).await;
    let seen: i64 = raw
        .query_one(
            "SELECT count(*) FROM relata_records WHERE tbl IN ('taggings', 'custom_values')
             AND (parent_gid = $1::text::uuid OR fields->'record_id'->>1 = $1)",
            &[&other_gid],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(seen, 0);
    let mine: i64 = raw
        .query_one("SELECT count(*) FROM relata_records WHERE tbl IN ('taggings', 'custom_values')", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(mine, 2);
    // Nor can they tag the other rep's person through the push function.
    let change = serde_json::json!([
        {"t": "taggings", "g": "0190a1b2-0000-7000-8000-000000000001", "f": "record_id", "v": ["people", other_gid], "h": 1}
    ]);
    let result: serde_json::Value =
        raw.query_one("SELECT relata_push($1, 'n', 0, $2)", &[&SCHEMA, &change]).await.unwrap().get(0);
    assert_eq!(result["refused"][0]["reason"], "permission_denied", "{result}");
}

#[tokio::test]
async fn a_workspace_on_schema_1_is_refused_until_the_admin_runs_team_init_again() {
    let pg = pg();
    let db = pg.database().await;
    let admin_raw = pg.raw(&db, &pg.admin, &pg.password).await;
    admin_raw
        .batch_execute(include_str!("../../src-tauri/core/services/team/server/0001_workspace.sql"))
        .await
        .unwrap();
    admin_raw.batch_execute("INSERT INTO relata_meta VALUES ('schema_version', '1')").await.unwrap();
    let d = desk();
    let err = team::join(&d.env.store, &d.secrets, &pg.url(None, &db), &pg.admin, &pg.password)
        .await
        .expect_err("an older workspace");
    assert_eq!(err.code, relata_core::error::ErrorCode::SchemaMismatch);
    assert!(err.message.contains("team init"), "{}", err.message);
    // The admin upgrades it in place; then tags travel.
    let a = desk();
    team::init(&a.env.store, &a.secrets, &pg.url(Some(&pg.admin), &db), &pg.password).await.expect("upgrade");
    people::create(&a.env.store, PersonInput { tags: vec!["VIP".into()], ..person("Ann", "Lee") }).unwrap();
    let report = a.sync().await;
    assert!(report.refused.is_empty(), "{report:?}");
    assert_eq!(server_count(&pg, &db, "SELECT count(*) FROM relata_records WHERE tbl = 'taggings'").await, 1);
}

//! Team sync on the local store alone: the registry covers the schema, every synced row has a UUIDv7, local
//! writes are recorded field by field with rising HLC stamps while in a team, and applied pulls are not.

use std::collections::BTreeMap;

use relata_core::domain::*;
use relata_core::services::{companies, people};
use relata_core::store::sync::apply::{apply, set_applying, Pulled};
use relata_core::store::sync::outbox::{self, pending, pending_count, start_capture};
use relata_core::store::sync::registry::{self, SYNCED};

use super::support::*;

#[test]
fn every_table_is_registered_or_declared_local_only() {
    let e = env();
    let tables: Vec<String> = e
        .raw()
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let missing: Vec<&String> = tables.iter().filter(|t| !registry::is_declared(t)).collect();
    assert!(
        missing.is_empty(),
        "tables neither synced nor local-only: {missing:?}; add a `synced(...)` line or a LOCAL_ONLY entry in \
         src-tauri/core/store/sync/registry.rs"
    );
    // And the registry names only tables and columns that exist.
    for t in SYNCED {
        assert!(tables.contains(&t.name.to_string()), "{} is registered but not in the schema", t.name);
        let cols: Vec<String> = e
            .raw()
            .prepare(&format!("SELECT name FROM pragma_table_info('{}')", t.name))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let kinds = t.poly.iter().map(|p| p.kind_col);
        for f in t.value_columns().into_iter().chain(t.key.iter().copied()).chain(kinds) {
            assert!(cols.contains(&f.to_string()), "{}.{f} is registered but not a column", t.name);
        }
    }
}

#[test]
fn the_coverage_check_flags_an_undeclared_table() {
    assert!(!registry::is_declared("a_table_added_later"));
    assert!(registry::is_declared("mail_messages"));
    assert!(registry::is_declared("people_fts_data"));
    assert!(registry::is_declared("person_emails"));
}

fn gid_of(e: &Env, table: &str, id: i64) -> String {
    e.raw().query_row(&format!("SELECT gid FROM {table} WHERE id = ?1"), [id], |r| r.get(0)).unwrap()
}

#[test]
fn new_rows_get_a_uuid_v7_whose_time_is_their_creation() {
    let e = env();
    let is_v7_at = |gid: &str, ms: i64| {
        let u = uuid::Uuid::parse_str(gid).unwrap();
        let (secs, nanos) = u.get_timestamp().unwrap().to_unix();
        assert_eq!((u.get_version_num(), secs as i64 * 1000 + (nanos / 1_000_000) as i64), (7, ms), "{gid}");
    };
    // Outside a team an insert writes no id (no extra UPDATE per row); joining gives it one.
    let p = people::create(&e.store, person("Ann", "Lee")).unwrap();
    let none: Option<String> = e.raw().query_row("SELECT gid FROM people WHERE id = ?1", [p.id], |r| r.get(0)).unwrap();
    assert_eq!(none, None, "no id outside a team");
    e.store.write(|tx| start_capture(tx, T0)).unwrap();
    is_v7_at(&gid_of(&e, "people", p.id), T0);
    // In a team the insert trigger gives it at once.
    e.clock.advance(MINUTE);
    let q = people::create(&e.store, person("Bo", "Ek")).unwrap();
    is_v7_at(&gid_of(&e, "people", q.id), T0 + MINUTE);
    // Seeded pipelines share one id on every desktop.
    let other = env();
    let sales = "SELECT gid FROM pipelines WHERE system_key = 'sales'";
    assert_eq!(
        e.raw().query_row(sales, [], |r| r.get::<_, String>(0)).unwrap(),
        other.raw().query_row(sales, [], |r| r.get::<_, String>(0)).unwrap()
    );
}

#[test]
fn an_existing_store_gets_ids_in_place() {
    // A store as the last build without team sync left it: schema up to the migration before, with a row.
    let dir = tempfile::tempdir().unwrap();
    let mut raw = rusqlite::Connection::open(dir.path().join(relata_core::store::DB_FILE)).unwrap();
    relata_core::store::migrate_to(&mut raw, T0, relata_core::store::TEAM_SYNC_MIGRATION - 1).unwrap();
    raw.execute_batch(
        "INSERT INTO people (first_name, last_name, sort_name, created_at, updated_at)
         VALUES ('Old', 'Row', 'row old', 0, 0)",
    )
    .unwrap();
    let id = raw.last_insert_rowid();
    drop(raw);
    let clock = std::sync::Arc::new(relata_core::clock::ManualClock::new(T0));
    let store = relata_core::store::Store::open(dir.path(), clock).unwrap();
    let gid: String =
        store.read(|c| Ok(c.query_row("SELECT gid FROM people WHERE id = ?1", [id], |r| r.get(0))?)).unwrap();
    assert_eq!(uuid::Uuid::parse_str(&gid).unwrap().get_version_num(), 7);
    let missing: i64 =
        store.read(|c| Ok(c.query_row("SELECT count(*) FROM stages WHERE gid IS NULL", [], |r| r.get(0))?)).unwrap();
    assert_eq!(missing, 0);
}

/// An upgrade that registers tables on a desktop already in a team queues their rows once (as joining
/// does), with keyed ids and polymorphic references.
#[test]
fn an_upgrade_in_a_team_queues_the_newly_registered_tables() {
    let dir = tempfile::tempdir().unwrap();
    let mut raw = rusqlite::Connection::open(dir.path().join(relata_core::store::DB_FILE)).unwrap();
    relata_core::store::migrate_to(&mut raw, T0, 24).unwrap();
    raw.execute_batch(
        "INSERT INTO people (id, first_name, last_name, sort_name, created_at, updated_at)
             VALUES (1, 'Old', 'Row', 'row old', 0, 0);
         INSERT INTO tags (id, name, key) VALUES (1, 'VIP', 'vip');
         INSERT INTO taggings (entity, record_id, tag_id, position) VALUES ('person', 1, 1, 0);
         UPDATE sync_state SET capture = 1, node = 'n1';",
    )
    .unwrap();
    drop(raw);
    let clock = std::sync::Arc::new(relata_core::clock::ManualClock::new(T0));
    let store = relata_core::store::Store::open(dir.path(), clock).unwrap();
    let rows: Vec<(String, String, String)> = store
        .read(|c| {
            Ok(c.prepare("SELECT gid, field, value FROM sync_changes WHERE tbl = 'taggings' ORDER BY field")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()?)
        })
        .unwrap();
    let person_gid: String =
        store.read(|c| Ok(c.query_row("SELECT gid FROM people WHERE id = 1", [], |r| r.get(0))?)).unwrap();
    let fields: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    assert_eq!(fields, ["_removed", "position", "record_id", "tag_id"], "{rows:?}");
    assert_eq!(rows[2].2, format!("[\"people\",\"{person_gid}\"]"), "a reference names its table and global id");
    assert_eq!(uuid::Uuid::parse_str(&rows[0].0).unwrap().get_version_num(), 5, "a name-based id");
    let tag: String = store.read(|c| Ok(c.query_row("SELECT gid FROM tags", [], |r| r.get(0))?)).unwrap();
    let fresh = env();
    people::create(&fresh.store, PersonInput { tags: vec!["vip".into()], ..person("New", "Row") }).unwrap();
    fresh.store.write(|tx| start_capture(tx, T0)).unwrap();
    let fresh_tag: String = fresh.raw().query_row("SELECT gid FROM tags", [], |r| r.get(0)).unwrap();
    assert_eq!(tag, fresh_tag, "the same tag key gives the same id on any desktop, joined or not");
}

/// The hot path outside a team: an insert into a synced table writes what it wrote before sync existed (its
/// row and its audit entry): no gid UPDATE, no clock bump. In a team the triggers add the id, the clock and
/// the change log.
#[test]
fn outside_a_team_an_insert_writes_only_what_it_wrote_without_sync() {
    let insert = |raw: &rusqlite::Connection, first: &str| {
        let before = raw.total_changes();
        raw.execute(
            "INSERT INTO people (first_name, last_name, sort_name, created_at, updated_at) VALUES (?1, 'X', ?1, 1, 1)",
            [first],
        )
        .unwrap();
        raw.total_changes() - before
    };
    let without_sync = env();
    let raw = without_sync.raw();
    raw.execute_batch("DROP TRIGGER sync_people_insert; DROP TRIGGER sync_people_update;").unwrap();
    let plain = insert(&raw, "Plain");

    let e = env();
    let raw = e.raw();
    assert_eq!(insert(&raw, "Solo"), plain, "outside a team the sync triggers write nothing");
    e.store.write(|tx| start_capture(tx, T0)).unwrap();
    assert!(insert(&raw, "Team") > plain + 1, "in a team they write the id, the clock and the change log");
}

#[test]
fn nothing_is_recorded_outside_a_team() {
    let e = env();
    people::create(&e.store, person("Solo", "User")).unwrap();
    assert_eq!(e.count("SELECT count(*) FROM sync_changes"), 0);
}

#[test]
fn joining_queues_everything_then_each_write_records_only_changed_fields() {
    let e = env();
    let acme = companies::create(&e.store, CompanyInput { name: "Acme".into(), ..Default::default() }).unwrap();
    let p = people::create(
        &e.store,
        PersonInput { company_id: Some(acme.id), emails: vec![lv("work", "ann@acme.test")], ..person("Ann", "Lee") },
    )
    .unwrap();
    e.store.write(|tx| start_capture(tx, T0)).unwrap();
    let queued = e.store.read(|c| pending(c, 10_000)).unwrap();
    let pgid = gid_of(&e, "people", p.id);
    let field = |f: &str| queued.iter().find(|c| c.gid == pgid && c.field == f).cloned();
    assert_eq!(field("first_name").unwrap().value, serde_json::json!("Ann"));
    assert_eq!(field("company_id").unwrap().value, serde_json::json!(gid_of(&e, "companies", acme.id)));
    assert_eq!(field("emails").unwrap().value, serde_json::json!([["work", "ann@acme.test"]]));
    assert!(field("job_title").is_none(), "null fields are not queued");
    assert!(!queued.iter().any(|c| c.tbl == "pipelines" || c.tbl == "stages"), "seeded rows are the same everywhere");

    // Push them (acknowledge), then edit one field.
    e.store.write(|tx| outbox::acknowledge(tx, &queued)).unwrap();
    assert_eq!(e.store.read(pending_count).unwrap(), 0);
    e.clock.advance(MINUTE);
    let mut input = people::get(&e.store, p.id).unwrap().to_input();
    input.address.city = Some("Ghent".into());
    people::update(&e.store, p.id, input).unwrap();
    let changes = e.store.read(|c| pending(c, 100)).unwrap();
    let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
    assert!(fields.contains(&"city"), "{fields:?}");
    assert!(!fields.contains(&"first_name"), "unchanged fields are not recorded: {fields:?}");
    let city = changes.iter().find(|c| c.field == "city").unwrap();
    assert!(city.hlc >= relata_core::store::sync::hlc::from_millis(T0 + MINUTE));
    assert!(city.hlc > field("first_name").unwrap().hlc, "stamps rise");
}

#[test]
fn a_purge_is_a_tombstone_and_a_trash_delete_is_a_field() {
    let e = env();
    e.store.write(|tx| start_capture(tx, T0)).unwrap();
    let p = people::create(&e.store, person("Gone", "Soon")).unwrap();
    let gid = gid_of(&e, "people", p.id);
    people::delete(&e.store, p.id).unwrap();
    let changes = e.store.read(|c| pending(c, 100)).unwrap();
    assert!(changes.iter().any(|c| c.gid == gid && c.field == "deleted_at" && c.value.is_number()));
    e.store.write(|tx| Ok(tx.execute("DELETE FROM people WHERE id = ?1", [p.id])?)).unwrap();
    let changes = e.store.read(|c| pending(c, 100)).unwrap();
    assert!(changes.iter().any(|c| c.gid == gid && c.field == "_purged"));
}

#[test]
fn applied_pulls_are_not_recorded_and_keep_newer_local_edits() {
    let e = env();
    e.store.write(|tx| start_capture(tx, T0)).unwrap();
    let before = e.store.read(pending_count).unwrap();
    let gid = relata_core::store::sync::ids::v7_at(T0);
    let mut fields = BTreeMap::new();
    fields.insert("first_name".to_string(), serde_json::json!("Remote"));
    fields.insert("last_name".to_string(), serde_json::json!("Person"));
    fields.insert("emails".to_string(), serde_json::json!([["home", "r@example.test"]]));
    let stamps = fields.keys().map(|k| (k.clone(), (1_i64, "other".to_string()))).collect();
    let rec = Pulled { tbl: "people".into(), gid: gid.clone(), fields, stamps, purged: false, seq: 1 };
    let id = e
        .store
        .write(|tx| {
            set_applying(tx, true)?;
            let id = apply(tx, &rec, "me", T0)?;
            set_applying(tx, false)?;
            Ok(id)
        })
        .unwrap()
        .unwrap();
    assert_eq!(e.store.read(pending_count).unwrap(), before, "a pull is not a local change");
    let got = people::get(&e.store, id).unwrap();
    assert_eq!((got.first_name.as_str(), got.emails[0].value.as_str()), ("Remote", "r@example.test"));
    assert!(registry::table("people").is_some());
}

fn pulled(tbl: &str, gid: &str, fields: serde_json::Value) -> Pulled {
    let fields: BTreeMap<String, serde_json::Value> = serde_json::from_value(fields).unwrap();
    let stamps = fields.keys().map(|k| (k.clone(), (1_i64, "other".to_string()))).collect();
    Pulled { tbl: tbl.into(), gid: gid.into(), fields, stamps, purged: false, seq: 1 }
}

#[test]
fn a_reference_pulled_before_its_target_is_linked_when_the_target_arrives() {
    let e = env();
    let (pgid, cgid) = (relata_core::store::sync::ids::v7_at(T0), relata_core::store::sync::ids::v7_at(T0 + 1));
    let apply_one = |rec: Pulled| {
        e.store
            .write(|tx| {
                set_applying(tx, true)?;
                let id = apply(tx, &rec, "me", T0)?;
                relata_core::store::sync::apply::resolve_later(tx)?;
                set_applying(tx, false)?;
                Ok(id)
            })
            .unwrap()
            .unwrap()
    };
    let p = apply_one(pulled("people", &pgid, serde_json::json!({"first_name": "Early", "company_id": cgid})));
    assert_eq!(people::get(&e.store, p).unwrap().company_id, None);
    let c = apply_one(pulled("companies", &cgid, serde_json::json!({"name": "Late Inc"})));
    let got = people::get(&e.store, p).unwrap();
    assert_eq!((got.company_id, got.company_name.as_deref()), (Some(c), Some("Late Inc")));
    assert_eq!(e.count("SELECT count(*) FROM sync_unresolved"), 0);
}

/// A static segment's snapshot of many people travels as one member record per person (keyed by segment and
/// person, so two desktops' snapshots merge member by member), each naming its person by global id.
#[test]
fn a_big_snapshot_travels_as_one_record_per_member() {
    let e = env();
    e.store.write(|tx| start_capture(tx, T0)).unwrap();
    e.store
        .write(|tx| {
            for i in 0..1500 {
                tx.execute(
                    "INSERT INTO people (first_name, last_name, sort_name, city, created_at, updated_at)
                     VALUES ('P', ?1, ?1, 'Amsterdam', ?2, ?2)",
                    rusqlite::params![format!("n{i:04}"), T0],
                )?;
            }
            Ok(())
        })
        .unwrap();
    let filter: Filter =
        serde_json::from_value(serde_json::json!({"field": "city", "op": "eq", "value": "Amsterdam"})).unwrap();
    let started = std::time::Instant::now();
    let seg = relata_core::services::segments::add(
        &e.store,
        SegmentInput { name: "All of Amsterdam".into(), filter, is_static: true, pinned: false },
    )
    .unwrap();
    let took = started.elapsed();
    let changes = e.store.read(|c| pending(c, 100_000)).unwrap();
    let seg_gid = gid_of(&e, "segments", seg.id);
    let members: Vec<_> = changes.iter().filter(|c| c.tbl == "segment_members").collect();
    assert!(members.iter().filter(|c| c.field == "segment_id").all(|c| c.value == seg_gid.as_str()));
    let mut gids: Vec<String> =
        members.iter().filter(|c| c.field == "person_id").map(|c| c.value.as_str().unwrap().to_string()).collect();
    gids.sort();
    let mut people: Vec<String> = e
        .raw()
        .prepare("SELECT gid FROM people")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    people.sort();
    assert_eq!(gids, people, "every member, by global id");
    assert!(took.as_secs() < 20, "saving a 1,500-member snapshot in a team took {took:?}");
}

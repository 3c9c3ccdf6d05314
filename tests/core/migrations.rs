use std::sync::Arc;

use relata_core::clock::ManualClock;
use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::{people, pipelines, settings};
use relata_core::store::{Store, LATEST_VERSION};

use super::support::*;

#[test]
fn a_fresh_store_is_migrated_and_configured() {
    let e = env();
    assert_eq!(e.store.schema_version().unwrap(), LATEST_VERSION);
    assert!(e.dir.path().join("relata.db").exists());
    let raw = e.raw();
    let mode: String = raw.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    for table in [
        "companies",
        "people",
        "person_emails",
        "person_phones",
        "tags",
        "taggings",
        "pipelines",
        "stages",
        "deals",
        "activities",
        "tasks",
        "custom_field_defs",
        "custom_values",
        "settings",
        "people_fts",
        "companies_fts",
    ] {
        let n: i64 =
            raw.query_row("SELECT COUNT(*) FROM sqlite_master WHERE name = ?1", [table], |r| r.get(0)).unwrap();
        assert_eq!(n, 1, "{table}");
    }
    assert_eq!(settings::get(&e.store).unwrap(), Settings::default());
}

#[test]
fn the_data_dir_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("a").join("b");
    let store = Store::open(&nested, Arc::new(ManualClock::new(T0))).unwrap();
    assert_eq!(store.data_dir(), nested.as_path());
    assert!(nested.join("relata.db").exists());
}

#[test]
fn reopening_keeps_data_and_seeds_once() {
    let e = env();
    let p = people::create(&e.store, person("Kept", "")).unwrap();
    let dir = e.dir;
    drop(e.store);
    let store = Store::open(dir.path(), Arc::new(ManualClock::new(T0 + DAY))).unwrap();
    assert_eq!(people::get(&store, p.id).unwrap().first_name, "Kept");
    assert_eq!(pipelines::list(&store).unwrap().len(), 2);
    assert_eq!(store.clock().now_ms(), T0 + DAY);
}

#[test]
fn an_empty_existing_file_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("relata.db"), b"").unwrap();
    let store = Store::open(dir.path(), Arc::new(ManualClock::new(T0))).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
}

#[test]
fn a_newer_database_is_refused_untouched() {
    let e = env();
    people::create(&e.store, person("Future", "")).unwrap();
    let dir = e.dir;
    drop(e.store);
    let db = dir.path().join("relata.db");
    rusqlite::Connection::open(&db).unwrap().execute_batch("PRAGMA user_version = 99").unwrap();
    let err = Store::open(dir.path(), Arc::new(ManualClock::new(T0))).expect_err("refused");
    assert_eq!(err.code, ErrorCode::SchemaTooNew);
    assert_eq!(
        err.message,
        format!(
            "this data was written by a newer Relata (schema 99, this build knows {LATEST_VERSION}); update Relata"
        )
    );
    let raw = rusqlite::Connection::open(&db).unwrap();
    let (version, people): (i32, i64) = (
        raw.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap(),
        raw.query_row("SELECT COUNT(*) FROM people", [], |r| r.get(0)).unwrap(),
    );
    assert_eq!((version, people), (99, 1));
}

#[test]
fn reads_see_a_snapshot_while_a_write_is_open() {
    let e = env();
    people::create(&e.store, person("Before", "")).unwrap();
    let inside = e
        .store
        .write(|tx| {
            tx.execute(
                "INSERT INTO people (first_name, last_name, sort_name, created_at, updated_at) VALUES ('Draft', '', 'draft', 0, 0)",
                [],
            )?;
            // A read on another connection neither blocks on the open write nor sees it.
            people::list(&e.store, &PeopleQuery::default()).map(|p| p.total)
        })
        .unwrap();
    assert_eq!(inside, 1);
    assert_eq!(people::list(&e.store, &PeopleQuery::default()).unwrap().total, 2);
}

#[test]
fn a_failed_write_rolls_back() {
    let e = env();
    let r: relata_core::AppResult<()> = e.store.write(|tx| {
        tx.execute("INSERT INTO tags (name, key) VALUES ('t', 't')", [])?;
        Err(relata_core::AppError::internal("boom"))
    });
    assert!(r.is_err());
    assert_eq!(e.count("SELECT COUNT(*) FROM tags"), 0);
}

#[test]
fn the_store_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Store>();
    let e = env();
    let store = Arc::new(e.store);
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let store = store.clone();
            std::thread::spawn(move || {
                for j in 0..10 {
                    people::create(&store, person(&format!("T{i}-{j}"), "")).unwrap();
                    people::list(&store, &PeopleQuery::default()).unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    assert_eq!(people::list(&store, &PeopleQuery::default()).unwrap().total, 40);
}

#[test]
fn a_version_1_store_is_upgraded_keeping_its_tasks() {
    // Build the store exactly as a version-1 build left it: the first migration only, with one task in it.
    let dir = tempfile::tempdir().unwrap();
    {
        let conn = rusqlite::Connection::open(dir.path().join("relata.db")).unwrap();
        conn.execute_batch(include_str!("../../src-tauri/core/store/migrations/0001_init.sql")).unwrap();
        conn.execute_batch(
            "INSERT INTO tasks (title, due_at, remind_at, created_at, updated_at) VALUES ('Call Anna', 5000, 4000, 1, 1);
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let store = Store::open(dir.path(), Arc::new(ManualClock::new(T0))).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    let task = relata_core::services::tasks::get(&store, 1).unwrap();
    assert_eq!((task.title.as_str(), task.due_at, task.remind_at), ("Call Anna", 5000, Some(4000)));
    assert_eq!((task.repeat, task.time_zone, task.notified_at), (None, None, None));
    let due = relata_core::services::reminders::due_now(&store).unwrap();
    assert_eq!(due.len(), 1, "a reminder from before the upgrade is still pending, not lost");
}

#[test]
fn a_version_2_store_is_upgraded_keeping_its_data_and_gets_the_default_cadence() {
    let dir = tempfile::tempdir().unwrap();
    {
        let conn = rusqlite::Connection::open(dir.path().join("relata.db")).unwrap();
        conn.execute_batch(include_str!("../../src-tauri/core/store/migrations/0001_init.sql")).unwrap();
        conn.execute_batch(include_str!("../../src-tauri/core/store/migrations/0002_reminders.sql")).unwrap();
        conn.execute_batch(
            "INSERT INTO people (first_name, last_name, sort_name, created_at, updated_at) VALUES ('Anna', '', 'anna', 1, 1);
             INSERT INTO tasks (title, due_at, person_id, repeat, time_zone, created_at, updated_at)
                 VALUES ('Weekly call', 5000, 1, 'FREQ=WEEKLY;BYDAY=MO', 'Europe/Amsterdam', 1, 1);
             PRAGMA user_version = 2;",
        )
        .unwrap();
    }
    let store = Store::open(dir.path(), Arc::new(ManualClock::new(T0))).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    assert_eq!(people::get(&store, 1).unwrap().first_name, "Anna");
    let task = relata_core::services::tasks::get(&store, 1).unwrap();
    assert_eq!((task.title.as_str(), task.repeat.as_deref()), ("Weekly call", Some("FREQ=WEEKLY;BYDAY=MO")));
    let cadences = relata_core::services::cadences::list(&store).unwrap();
    assert_eq!(cadences.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["New lead follow-up"]);
    // The upgraded store can run a cadence at once.
    assert_eq!(relata_core::services::cadences::apply(&store, cadences[0].id, 1, None).unwrap().len(), 4);
}

/// Migration 31: campaigns get unique name keys (a later campaign of the same name keeps its own, suffixed),
/// send records keep their rows and outbox links and get the time their message was sent, and a message sent
/// after the upgrade marks its send record sent.
#[test]
fn a_version_30_store_gets_campaign_name_keys_and_sent_times() {
    let dir = tempfile::tempdir().unwrap();
    let mut raw = rusqlite::Connection::open(dir.path().join(relata_core::store::DB_FILE)).unwrap();
    relata_core::store::migrate_to(&mut raw, T0, 30).unwrap();
    raw.execute_batch(
        "INSERT INTO people (id, first_name, last_name, sort_name, created_at, updated_at)
             VALUES (1, 'Ann', 'Lee', 'lee ann', 0, 0), (2, 'Bob', 'Ray', 'ray bob', 0, 0);
         INSERT INTO campaigns (id, name, channel, purpose, currency, created_at, updated_at)
             VALUES (1, 'Spring', 'email', 'news', 'EUR', 1, 1), (2, 'SPRING', 'email', 'news', 'EUR', 2, 2);
         INSERT INTO mail_accounts (id, name, address, username, imap_host, imap_port, smtp_host, smtp_port,
             security, created_at, updated_at)
             VALUES (1, 'Work', 'me@example.com', 'me', 'imap', 993, 'smtp', 465, 'tls', 0, 0);
         INSERT INTO outbox (id, account_id, message_id, to_address, subject, body, raw, next_attempt_at,
             queued_at, sent_at, status)
             VALUES (1, 1, '<m1@x>', 'ann@example.com', 'Hi', 'Hi', x'00', 0, 10, 20, 'sent'),
                    (2, 1, '<m2@x>', 'bob@example.com', 'Hi', 'Hi', x'00', 0, 10, NULL, 'queued');
         INSERT INTO campaign_members (campaign_id, person_id, added_at) VALUES (1, 1, 5), (1, 2, 5);
         INSERT INTO campaign_sends (campaign_id, person_id, outbox_id, variant, queued_at)
             VALUES (1, 1, 1, NULL, 10), (1, 2, 2, NULL, 10);",
    )
    .unwrap();
    drop(raw);
    let store = Store::open(dir.path(), Arc::new(ManualClock::new(T0))).unwrap();
    let q = |sql: &str| -> Vec<(i64, Option<String>, Option<i64>)> { triples(&store, sql) };
    assert_eq!(
        q("SELECT id, name_key, NULL FROM campaigns ORDER BY id"),
        vec![(1, Some("spring".into()), None), (2, Some("spring ~2".into()), None)]
    );
    let sends = "SELECT person_id, CAST(outbox_id AS TEXT), sent_at FROM campaign_sends ORDER BY person_id";
    assert_eq!(q(sends), vec![(1, Some("1".into()), Some(20)), (2, Some("2".into()), None)]);
    store.write(|tx| Ok(tx.execute("UPDATE outbox SET sent_at = 30, status = 'sent' WHERE id = 2", [])?)).unwrap();
    assert_eq!(q(sends)[1], (2, Some("2".into()), Some(30)), "the outbox keeps the send record in step");
    let err = relata_core::services::campaigns::add(
        &store,
        CampaignInput { name: "spring".into(), purpose: "news".into(), ..Default::default() },
    )
    .expect_err("one name, one campaign");
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Duplicate, Some("name")));
}

/// Migration 35: campaign and segment members and bounces get integer ids (records of their own in a team),
/// a reply names the campaign send it answers and keeps its fact when its message goes.
#[test]
fn a_version_34_store_gets_member_records_and_replies_that_name_their_send() {
    let dir = tempfile::tempdir().unwrap();
    let mut raw = rusqlite::Connection::open(dir.path().join(relata_core::store::DB_FILE)).unwrap();
    relata_core::store::migrate_to(&mut raw, T0, 34).unwrap();
    raw.execute_batch(
        "INSERT INTO people (id, first_name, last_name, sort_name, created_at, updated_at)
             VALUES (1, 'Ann', 'Lee', 'lee ann', 0, 0), (2, 'Bob', 'Ray', 'ray bob', 0, 0);
         INSERT INTO campaigns (id, name, name_key, channel, purpose, currency, created_at, updated_at)
             VALUES (1, 'Spring', 'spring', 'email', 'news', 'EUR', 1, 1);
         INSERT INTO segments (id, name, name_key, filter, is_static, pinned, created_at, updated_at)
             VALUES (1, 'All', 'all', '{\"all\": []}', 1, 0, 1, 1);
         INSERT INTO segment_members (segment_id, person_id) VALUES (1, 1), (1, 2);
         INSERT INTO mail_accounts (id, name, address, username, imap_host, imap_port, smtp_host, smtp_port,
             security, created_at, updated_at)
             VALUES (1, 'Work', 'me@example.com', 'me', 'imap', 993, 'smtp', 465, 'tls', 0, 0);
         INSERT INTO outbox (id, account_id, message_id, to_address, subject, body, raw, next_attempt_at,
             queued_at, sent_at, status)
             VALUES (1, 1, '<m1@x>', 'ann@example.com', 'Hi', 'Hi', x'00', 0, 10, 20, 'sent');
         INSERT INTO campaign_members (campaign_id, person_id, added_at, variant) VALUES (1, 1, 5, 2), (1, 2, 5, NULL);
         INSERT INTO campaign_sends (campaign_id, person_id, outbox_id, variant, queued_at) VALUES (1, 1, 1, 2, 10);
         INSERT INTO mail_messages (id, message_id, direction, sent_at, thread_key, size, created_at)
             VALUES (7, '<r1@y>', 'inbound', 30, 'm1@x', 100, 30);
         INSERT INTO mail_replies (person_id, message_id, replied_to, outbox_id, occurred_at, created_at)
             VALUES (1, 7, 'm1@x', NULL, 30, 30);
         INSERT INTO mail_bounces (person_id, address, status, bounced_at) VALUES (2, 'bob@example.com', '5.1.1', 40);",
    )
    .unwrap();
    drop(raw);
    let store = Store::open(dir.path(), Arc::new(ManualClock::new(T0))).unwrap();
    let q = |sql: &str| -> Vec<(i64, Option<i64>, Option<i64>)> { triples(&store, sql) };
    assert_eq!(
        q("SELECT person_id, variant, id FROM campaign_members ORDER BY person_id"),
        vec![(1, Some(2), Some(1)), (2, None, Some(2))]
    );
    assert_eq!(
        q("SELECT person_id, segment_id, id FROM segment_members ORDER BY id"),
        vec![(1, Some(1), Some(1)), (2, Some(1), Some(2))]
    );
    assert_eq!(q("SELECT person_id, bounced_at, id FROM mail_bounces"), vec![(2, Some(40), Some(1))]);
    let send: i64 = store.read(|c| Ok(c.query_row("SELECT id FROM campaign_sends", [], |r| r.get(0))?)).unwrap();
    assert_eq!(q("SELECT person_id, send_id, message_id FROM mail_replies"), vec![(1, Some(send), Some(7))], "matched");
    // The fact stays when its message goes.
    store.write(|tx| Ok(tx.execute("DELETE FROM mail_messages", [])?)).unwrap();
    assert_eq!(q("SELECT person_id, send_id, message_id FROM mail_replies"), vec![(1, Some(send), None)]);
    // The automation signal trigger was rebuilt with the table.
    let triggers = q("SELECT count(*), NULL, NULL FROM sqlite_master WHERE name = 'rule_signal_email_replied'");
    assert_eq!(triggers, vec![(1, None, None)]);
}

/// The rows of a three-column query, read through the store.
fn triples<A: rusqlite::types::FromSql, B: rusqlite::types::FromSql, C: rusqlite::types::FromSql>(
    store: &Store,
    sql: &str,
) -> Vec<(A, B, C)> {
    store
        .read(|c| {
            let mut stmt = c.prepare(sql)?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .unwrap()
}

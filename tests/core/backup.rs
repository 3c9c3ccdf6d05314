//! Backups: made with the online backup API, rotated, previewed, verified and restored in place.

use relata_core::clock::Clock;
use std::sync::Arc;

use relata_core::domain::BackupSettings;
use relata_core::error::ErrorCode;
use relata_core::services::backup::{self, backup_if_due, DAY_MS};
use relata_core::services::people;

use super::support::{assert_err, env, person, HOUR};

#[test]
fn back_up_now_lists_a_preview_read_from_the_file() {
    let e = env();
    people::create(&e.store, person("Ada", "Lovelace")).unwrap();
    let b = backup::create(&e.store).unwrap();
    assert_eq!(b.created_at, e.clock.now_ms());
    assert!(b.path.ends_with(&format!("backups/relata-{}.db", b.id)));
    assert_eq!(b.counts.unwrap().people, 1);
    // Later changes to the store do not show in the backup.
    people::create(&e.store, person("Grace", "Hopper")).unwrap();
    let listed = backup::list(&e.store).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].counts.unwrap().people, 1);
    assert!(listed[0].size_bytes > 0);
    assert!(backup::verify(&e.store, &b.id).unwrap().ok);
    // A backup is one file: no journal or WAL beside it.
    let dir = std::fs::read_dir(backup::backups_dir(&e.store)).unwrap().count();
    assert_eq!(dir, 1);
}

#[test]
fn rotation_keeps_the_newest_n() {
    let e = env();
    backup::set_settings(&e.store, BackupSettings { auto: true, keep: 3 }).unwrap();
    let mut made = Vec::new();
    for _ in 0..5 {
        made.push(backup::create(&e.store).unwrap().id);
        e.clock.advance(HOUR);
    }
    let ids: Vec<String> = backup::list(&e.store).unwrap().into_iter().map(|b| b.id).collect();
    assert_eq!(ids, vec![made[4].clone(), made[3].clone(), made[2].clone()]);
    assert_err(
        backup::set_settings(&e.store, BackupSettings { auto: true, keep: 0 }),
        ErrorCode::OutOfRange,
        Some("keep"),
    );
}

#[test]
fn two_backups_in_one_millisecond_both_survive() {
    let e = env();
    let a = backup::create(&e.store).unwrap();
    let b = backup::create(&e.store).unwrap();
    assert_ne!(a.id, b.id);
    assert_eq!(backup::list(&e.store).unwrap().len(), 2);
}

#[test]
fn verify_reports_a_damaged_backup_and_restore_refuses_it() {
    let e = env();
    for i in 0..200 {
        people::create(&e.store, person(&format!("P{i}"), "Filler text to take up some pages")).unwrap();
    }
    let b = backup::create(&e.store).unwrap();
    let mut bytes = std::fs::read(&b.path).unwrap();
    // Overwrite the middle of the file, past the header, with garbage.
    let mid = bytes.len() / 2;
    for byte in &mut bytes[mid..mid + 4096] {
        *byte = 0x5a;
    }
    std::fs::write(&b.path, bytes).unwrap();
    let check = backup::verify(&e.store, &b.id).unwrap();
    assert!(!check.ok && !check.problems.is_empty(), "{check:?}");
    assert_err(backup::restore(&e.store, &b.id), ErrorCode::InvalidValue, Some("id"));
    assert_eq!(people::list(&e.store, &Default::default()).unwrap().total, 200);
    assert_err(backup::verify(&e.store, "../relata"), ErrorCode::InvalidValue, Some("id"));
    assert_err(backup::verify(&e.store, "20990101T000000000Z"), ErrorCode::NotFound, Some("id"));
}

#[test]
fn restore_swaps_the_data_in_place_and_keeps_a_safety_copy() {
    let e = env();
    let ada = people::create(&e.store, person("Ada", "Lovelace")).unwrap();
    let b = backup::create(&e.store).unwrap();
    e.clock.advance(HOUR);
    people::delete(&e.store, ada.id).unwrap();
    let grace = people::create(&e.store, person("Grace", "Hopper")).unwrap();
    // A reader is pooled before the restore and used after it.
    assert_eq!(people::list(&e.store, &Default::default()).unwrap().total, 1);
    let safety = backup::restore(&e.store, &b.id).unwrap();
    assert_eq!(people::get(&e.store, ada.id).unwrap().first_name, "Ada");
    assert_err(people::get(&e.store, grace.id), ErrorCode::NotFound, None);
    assert_eq!(people::list(&e.store, &Default::default()).unwrap().total, 1);
    // The store keeps working (writes, WAL) after the swap, and the safety copy holds the replaced data.
    people::create(&e.store, person("Alan", "Turing")).unwrap();
    assert_eq!(e.count("SELECT count(*) FROM people WHERE deleted_at IS NULL"), 2);
    let journal: String = e.raw().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(journal, "wal");
    let copy = rusqlite::Connection::open(&safety).unwrap();
    let names: i64 =
        copy.query_row("SELECT count(*) FROM people WHERE first_name = 'Grace'", [], |r| r.get(0)).unwrap();
    assert_eq!(names, 1);
    // The safety copy is not a rotated backup.
    assert_eq!(backup::list(&e.store).unwrap().len(), 1);
}

#[test]
fn automatic_backup_is_made_once_a_day() {
    let e = env();
    let now = e.clock.now_ms();
    let (made, next) = backup_if_due(&e.store, now).unwrap();
    assert!(made.is_some());
    assert_eq!(next, now + DAY_MS);
    e.clock.advance(HOUR);
    let (made, next) = backup_if_due(&e.store, now + HOUR).unwrap();
    assert!(made.is_none());
    assert_eq!(next, now + DAY_MS);
    e.clock.set(now + DAY_MS);
    assert!(backup_if_due(&e.store, now + DAY_MS).unwrap().0.is_some());
    backup::set_settings(&e.store, BackupSettings { auto: false, keep: 7 }).unwrap();
    e.clock.set(now + 5 * DAY_MS);
    let (made, next) = backup_if_due(&e.store, now + 5 * DAY_MS).unwrap();
    assert!(made.is_none());
    assert_eq!(next, now + 6 * DAY_MS);
    assert_eq!(backup::list(&e.store).unwrap().len(), 2);
}

#[tokio::test]
async fn the_daily_task_backs_up_and_stops_on_cancel() {
    let e = env();
    let store = Arc::new(e.store);
    let clock: Arc<dyn relata_core::clock::Clock> = e.clock.clone();
    let sleeper = Arc::new(relata_core::services::jobs::SystemSleeper(clock.clone()));
    let timer = relata_core::services::jobs::Timer { clock, sleeper };
    let job = backup::spawn_daily(&tokio::runtime::Handle::current(), timer, store.clone());
    // The first pass runs at once; wait for its backup.
    for _ in 0..500 {
        if !backup::list(&store).unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(backup::list(&store).unwrap().len(), 1);
    tokio::time::timeout(std::time::Duration::from_secs(5), job.stop()).await.expect("stops on cancel");
}

//! Encryption at rest: keys from a (fake or real) keyring, plaintext migration, recovery and the raw bytes.

use std::path::Path;
use std::sync::Arc;

use relata_core::clock::ManualClock;
use relata_core::domain::StartupStep;
use relata_core::error::ErrorCode;
use relata_core::secrets::{self, recovery, DbKey, KeyringSecrets, MemorySecrets, SecretStore, KEY_INFO_FILE};
use relata_core::services::{people, security};
use relata_core::store::cipher::{self, FileState, Step};
use relata_core::store::{Store, DB_FILE};

use super::support::*;

const EMAIL: &str = "quokka.zebra.1947@example.test";

fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(T0))
}

fn add_person(store: &Store) -> i64 {
    let input =
        relata_core::domain::PersonInput { emails: vec![lv("work", EMAIL)], ..person("Xanthippe", "Quokkason") };
    people::create(store, input).unwrap().id
}

fn raw_bytes(dir: &Path) -> Vec<u8> {
    let mut all = Vec::new();
    for suffix in ["", "-wal", "-shm", "-journal"] {
        if let Ok(b) = std::fs::read(dir.join(format!("{DB_FILE}{suffix}"))) {
            all.extend(b);
        }
    }
    all
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn an_encrypted_store_holds_no_plaintext_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = MemorySecrets::new();
    let store = relata_core::bootstrap::open_store(dir.path(), clock(), &secrets).unwrap();
    assert!(store.is_encrypted());
    add_person(&store);
    // Before closing, the write sits in the WAL: that file must be encrypted too.
    let live = raw_bytes(dir.path());
    assert!(!contains(&live, EMAIL) && !contains(&live, "Quokkason"));
    drop(store);
    let bytes = raw_bytes(dir.path());
    assert!(bytes.len() > 4096);
    assert!(!contains(&bytes, EMAIL) && !contains(&bytes, "Quokkason") && !contains(&bytes, "SQLite format 3"));
    assert_eq!(cipher::file_state(&dir.path().join(DB_FILE)).unwrap(), FileState::Encrypted);

    // The scan itself can find the email: the same write to a plaintext store shows it.
    let plain = tempfile::tempdir().unwrap();
    let store = Store::open(plain.path(), clock()).unwrap();
    add_person(&store);
    drop(store);
    assert!(contains(&raw_bytes(plain.path()), EMAIL));
}

#[test]
fn the_key_lives_in_the_keyring_only_and_reopens_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = MemorySecrets::new();
    let id = add_person(&relata_core::bootstrap::open_store(dir.path(), clock(), &secrets).unwrap());
    assert_eq!(secrets.len(), 1);
    let info = secrets::key_info(dir.path()).unwrap().unwrap();
    let key = secrets.get(&info.secret_name()).unwrap().unwrap();
    assert_eq!(key.len(), 32);
    // No file in the data dir holds the key, in raw or hex form.
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(!bytes.windows(32).any(|w| w == key.as_slice()));
        assert!(!contains(&bytes, &hex::encode(&key)));
    }
    let store = relata_core::bootstrap::open_store(dir.path(), clock(), &secrets).unwrap();
    assert_eq!(people::get(&store, id).unwrap().emails[0].value, EMAIL);
    // A plaintext open of the encrypted file says it is encrypted, instead of failing obscurely.
    assert_err(Store::open(dir.path(), clock()), ErrorCode::KeyMissing, None);
}

#[test]
fn a_missing_key_is_reported_and_never_replaced_by_a_new_store() {
    let dir = tempfile::tempdir().unwrap();
    add_person(&relata_core::bootstrap::open_store(dir.path(), clock(), &MemorySecrets::new()).unwrap());
    let before = std::fs::read(dir.path().join(DB_FILE)).unwrap();
    let empty = MemorySecrets::new();
    assert_err(relata_core::bootstrap::open_store(dir.path(), clock(), &empty), ErrorCode::KeyMissing, None);
    assert!(empty.is_empty(), "no new key may be made for an existing encrypted store");
    assert_err(
        relata_core::bootstrap::open_store(dir.path(), clock(), &MemorySecrets::unavailable()),
        ErrorCode::KeyringUnavailable,
        None,
    );
    assert_eq!(std::fs::read(dir.path().join(DB_FILE)).unwrap(), before);
    // A key that does not fit is rejected, not used to start over.
    let wrong = MemorySecrets::new();
    let info = secrets::key_info(dir.path()).unwrap().unwrap();
    wrong.set(&info.secret_name(), DbKey::random().unwrap().bytes()).unwrap();
    assert_err(relata_core::bootstrap::open_store(dir.path(), clock(), &wrong), ErrorCode::KeyRejected, None);
    assert_eq!(std::fs::read(dir.path().join(DB_FILE)).unwrap(), before);
}

#[test]
fn a_new_store_without_a_keyring_is_not_created() {
    let dir = tempfile::tempdir().unwrap();
    assert_err(
        relata_core::bootstrap::open_store(dir.path(), clock(), &MemorySecrets::unavailable()),
        ErrorCode::KeyringUnavailable,
        None,
    );
    assert_eq!(cipher::file_state(&dir.path().join(DB_FILE)).unwrap(), FileState::Missing);
}

#[test]
fn a_plaintext_store_is_migrated_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let plain = Store::open(dir.path(), clock()).unwrap();
    let id = add_person(&plain);
    drop(plain);
    assert_eq!(cipher::file_state(&dir.path().join(DB_FILE)).unwrap(), FileState::Plaintext);
    let secrets = MemorySecrets::new();
    let store = relata_core::bootstrap::open_store(dir.path(), clock(), &secrets).unwrap();
    assert_eq!(people::get(&store, id).unwrap().emails[0].value, EMAIL);
    assert_eq!(relata_core::services::search::global(&store, "quokkason", 5).unwrap().len(), 1);
    drop(store);
    assert_eq!(cipher::file_state(&dir.path().join(DB_FILE)).unwrap(), FileState::Encrypted);
    assert!(!cipher::temp_copy_path(&dir.path().join(DB_FILE)).exists());
    assert!(!contains(&raw_bytes(dir.path()), EMAIL));
}

#[test]
fn encrypting_reports_progress_from_zero_to_total_and_keeps_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let plain = Store::open(dir.path(), clock()).unwrap();
    let id = add_person(&plain);
    for i in 0..300 {
        people::create(&plain, person(&format!("Person{i}"), "Bulk")).unwrap();
    }
    let before = plain.read(|c| cipher::table_counts(c, "main")).unwrap();
    drop(plain);
    assert!(relata_core::bootstrap::needs_encryption(dir.path()));

    let mut heard = Vec::new();
    let secrets = MemorySecrets::new();
    let store =
        relata_core::bootstrap::open_store_reporting(dir.path(), clock(), &secrets, &mut |step, done, total| {
            heard.push((step, done, total))
        })
        .unwrap();
    let copy: Vec<_> = heard.iter().filter(|h| h.0 == StartupStep::Encrypt).collect();
    let total = copy[0].2;
    assert!(total > 10, "the copy is counted in pages: {heard:?}");
    assert_eq!((copy[0].1, copy.last().unwrap().1), (0, total), "{heard:?}");
    assert!(copy.windows(2).all(|w| w[0].1 <= w[1].1 && w[1].2 == total), "never backwards: {heard:?}");
    let verify: Vec<_> = heard.iter().filter(|h| h.0 == StartupStep::Verify).collect();
    let rows: i64 = before.iter().map(|(_, n)| n).sum();
    assert!(verify.len() > 5 && verify[0].1 == 0, "each table is checked on its own: {verify:?}");
    assert_eq!(verify.last().unwrap().1, verify[0].2, "{verify:?}");
    assert!(verify[0].2 > rows as u64, "weighed by rows: {verify:?}");
    assert!(verify.windows(2).all(|w| w[0].1 <= w[1].1), "{verify:?}");
    let mut order: Vec<_> = heard.iter().map(|h| h.0).collect();
    order.dedup();
    assert_eq!(order, [StartupStep::Encrypt, StartupStep::Verify, StartupStep::Replace]);
    assert_eq!(heard.last(), Some(&(StartupStep::Replace, 1, 1)));

    assert!(!relata_core::bootstrap::needs_encryption(dir.path()));
    assert_eq!(cipher::file_state(&dir.path().join(DB_FILE)).unwrap(), FileState::Encrypted);
    assert_eq!(store.read(|c| cipher::table_counts(c, "main")).unwrap(), before);
    assert_eq!(people::get(&store, id).unwrap().emails[0].value, EMAIL);
    drop(store);
    assert!(!contains(&raw_bytes(dir.path()), EMAIL));
}

#[test]
fn an_interrupted_migration_keeps_the_original_until_the_copy_is_verified() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DB_FILE);
    let plain = Store::open(dir.path(), clock()).unwrap();
    let id = add_person(&plain);
    drop(plain);
    let key = DbKey::random().unwrap();
    for step in [Step::CopyWritten, Step::CopyVerified] {
        cipher::encrypt_until(&db, &key, step, &mut |_, _, _| {}).unwrap();
        // The "crash": the original is untouched and still opens as plain SQLite with its data.
        assert_eq!(cipher::file_state(&db).unwrap(), FileState::Plaintext);
        assert_eq!(cipher::file_state(&cipher::temp_copy_path(&db)).unwrap(), FileState::Encrypted);
        let store = Store::open(dir.path(), clock()).unwrap();
        assert_eq!(people::get(&store, id).unwrap().last_name, "Quokkason");
    }
    // A damaged leftover copy is discarded, not trusted.
    std::fs::write(cipher::temp_copy_path(&db), b"half a file").unwrap();
    let store = Store::open_with(dir.path(), clock(), Some(key.clone())).unwrap();
    assert_eq!(people::get(&store, id).unwrap().last_name, "Quokkason");
    assert!(!cipher::temp_copy_path(&db).exists());
    assert_eq!(cipher::file_state(&db).unwrap(), FileState::Encrypted);
    // Extra connections get the key from the store.
    let extra = store.connect_file(&db, true).unwrap();
    let n: i64 = extra.query_row("SELECT count(*) FROM people", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 1);
}

#[test]
fn the_recovery_passphrase_puts_a_lost_key_back() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = MemorySecrets::new();
    let store = relata_core::bootstrap::open_store(dir.path(), clock(), &secrets).unwrap();
    let id = add_person(&store);
    assert!(!security::status(&store).unwrap().recovery_passphrase_set);
    assert_err(security::set_recovery_passphrase(&store, "short"), ErrorCode::InvalidValue, Some("passphrase"));
    let phrase = "correct horse battery staple";
    assert!(security::set_recovery_passphrase(&store, phrase).unwrap().recovery_passphrase_set);
    drop(store);
    assert!(!contains(&std::fs::read(dir.path().join(KEY_INFO_FILE)).unwrap(), phrase));

    // The keyring lost the key (new machine profile, reset keyring).
    let fresh = MemorySecrets::new();
    assert_err(relata_core::bootstrap::open_store(dir.path(), clock(), &fresh), ErrorCode::KeyMissing, None);
    assert_err(
        recovery::recover(dir.path(), "wrong horse battery staple", &fresh),
        ErrorCode::WrongPassphrase,
        Some("passphrase"),
    );
    assert!(fresh.is_empty());
    recovery::recover(dir.path(), phrase, &fresh).unwrap();
    let store = relata_core::bootstrap::open_store(dir.path(), clock(), &fresh).unwrap();
    assert_eq!(people::get(&store, id).unwrap().emails[0].value, EMAIL);
}

#[test]
fn recovery_without_a_passphrase_set_says_so() {
    let dir = tempfile::tempdir().unwrap();
    drop(relata_core::bootstrap::open_store(dir.path(), clock(), &MemorySecrets::new()).unwrap());
    assert_err(recovery::recover(dir.path(), "whatever passphrase", &MemorySecrets::new()), ErrorCode::NotFound, None);
}

/// Against the real Secret Service: .ci/test.sh runs this inside a D-Bus session with gnome-keyring.
#[test]
fn the_real_keyring_keeps_the_key_of_an_encrypted_store() {
    if std::env::var("RELATA_TEST_KEYRING").as_deref() != Ok("1") {
        eprintln!("skipped: set RELATA_TEST_KEYRING=1 inside a session with an unlocked keyring");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let secrets = KeyringSecrets::with_service("eu.relata.desktop.test");
    let id = add_person(&relata_core::bootstrap::open_store(dir.path(), clock(), &secrets).unwrap());
    let store = relata_core::bootstrap::open_store(dir.path(), clock(), &secrets).unwrap();
    assert_eq!(people::get(&store, id).unwrap().emails[0].value, EMAIL);
    let info = secrets::key_info(dir.path()).unwrap().unwrap();
    secrets.delete(&info.secret_name()).unwrap();
    assert_eq!(secrets.get(&info.secret_name()).unwrap(), None);
}

#[test]
fn backups_of_an_encrypted_store_are_encrypted_with_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = MemorySecrets::new();
    let store = relata_core::bootstrap::open_store(dir.path(), clock(), &secrets).unwrap();
    let id = add_person(&store);
    let info = relata_core::services::backup::create(&store).unwrap();
    let bytes = std::fs::read(&info.path).unwrap();
    assert!(bytes.len() > 4096);
    assert!(!contains(&bytes, EMAIL) && !contains(&bytes, "Quokkason") && !contains(&bytes, "SQLite format 3"));
    // The store's key opens it: the preview counts it and verify passes.
    assert_eq!(info.counts.map(|c| c.people), Some(1));
    assert!(relata_core::services::backup::verify(&store, &info.id).unwrap().ok);
    // A restore through the same key brings the person back after a delete.
    people::delete(&store, id).unwrap();
    relata_core::services::backup::restore(&store, &info.id).unwrap();
    assert_eq!(people::get(&store, id).unwrap().last_name, "Quokkason");
}

//! `relata mail sync` through the real binary, against the Dovecot of `.ci/with-dovecot.sh` (and the
//! keyring of `.ci/with-keyring.sh`, where the CLI finds the store's key and the account's password).

use std::sync::Arc;

use relata_core::bootstrap;
use relata_core::clock::SystemClock;
use relata_core::domain::{MailAccountInput, MailSecurity, PersonInput};
use relata_core::secrets::KeyringSecrets;
use relata_core::services::mail::accounts;
use relata_core::services::people;

use super::commands::{ok_json, relata};
use super::support::lv;

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: run under .ci/with-dovecot.sh"))
}

/// A fresh IMAP folder of its own, so this test does not meet the core tests' mailbox use.
fn append(folder: &str, raw: &str) {
    let script = "import imaplib, os, sys\n\
        m = imaplib.IMAP4('127.0.0.1', int(os.environ['RELATA_TEST_IMAP_PORT']))\n\
        m.login(os.environ['RELATA_TEST_SYNC_USER'], os.environ['RELATA_TEST_MAIL_PASSWORD'])\n\
        m.create(sys.argv[1])\n\
        assert m.append(sys.argv[1], None, None, sys.argv[2].encode())[0] == 'OK'\n";
    let ok = std::process::Command::new("python3").args(["-c", script, folder, raw]).status().expect("python3");
    assert!(ok.success(), "APPEND failed");
}

#[test]
fn mail_sync_prints_what_it_did_per_folder() {
    let port: i32 = var("RELATA_TEST_IMAP_PORT").parse().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let folder = format!("cli-{}", std::process::id());
    {
        let secrets = KeyringSecrets::new();
        let store = bootstrap::open_store(dir.path(), Arc::new(SystemClock), &secrets).unwrap();
        let input = MailAccountInput {
            name: "Work".into(),
            address: "sales@relata.test".into(),
            display_name: String::new(),
            username: var("RELATA_TEST_SYNC_USER"),
            imap_host: "127.0.0.1".into(),
            imap_port: port,
            smtp_host: "127.0.0.1".into(),
            smtp_port: 2525,
            security: MailSecurity::None,
            imap_cert_pin: None,
            smtp_cert_pin: None,
            create_leads: false,
            extra_folders: vec![folder.clone()],
            per_minute: 20,
            per_day: 500,
            signatures: vec![],
        };
        accounts::add(&store, &secrets, input, &var("RELATA_TEST_MAIL_PASSWORD")).unwrap();
        let mut p = PersonInput { first_name: "Ida".into(), ..Default::default() };
        p.emails = vec![lv("work", "ida@example.dk")];
        people::create(&store, p).unwrap();
    }
    let id = format!("cli-{}@example.dk", std::process::id());
    append(
        &folder,
        &format!("From: ida@example.dk\r\nTo: sales@relata.test\r\nSubject: Hej\r\nMessage-ID: <{id}>\r\n\r\nHej!\r\n"),
    );
    let reports = ok_json(dir.path(), &["mail", "sync", "--account", "work", "--json"]);
    let folders = reports[0]["folders"].as_array().expect("folders");
    let mine = folders.iter().find(|f| f["folder"] == folder.as_str()).expect("the extra folder");
    assert_eq!((mine["new_messages"].as_u64(), mine["matched"].as_u64()), (Some(1), Some(1)));
    let table = relata(dir.path(), &["mail", "sync"]);
    assert_eq!(table.status.code(), Some(0));
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("FOLDER") && text.contains(&folder), "{text}");
    let unknown = relata(dir.path(), &["mail", "sync", "--account", "nope"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).starts_with("error: "));
}

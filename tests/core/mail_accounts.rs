//! Mail accounts: validation, the password in the secret store (never the DB), signatures, removal.

use relata_core::domain::{MailAccountInput, MailSecurity, MailSignature};
use relata_core::error::ErrorCode;
use relata_core::secrets::{MemorySecrets, SecretStore};
use relata_core::services::mail::accounts;

use super::support::{assert_err, env};

pub fn input(name: &str) -> MailAccountInput {
    MailAccountInput {
        name: name.into(),
        address: "Sales@Example.test".into(),
        display_name: "Sales Team".into(),
        username: "sales".into(),
        imap_host: "imap.example.test".into(),
        imap_port: 993,
        smtp_host: "smtp.example.test".into(),
        smtp_port: 465,
        security: MailSecurity::Tls,
        imap_cert_pin: None,
        smtp_cert_pin: None,
        create_leads: false,
        extra_folders: vec![],
        per_minute: 20,
        per_day: 500,
        signatures: vec![],
    }
}

#[test]
fn add_keeps_the_password_in_the_secret_store_only() {
    let e = env();
    let secrets = MemorySecrets::new();
    let mut i = input("Work");
    i.signatures = vec![
        MailSignature { lang: "nl".into(), body: "Met vriendelijke groet".into() },
        MailSignature { lang: "EN".into(), body: "Kind regards".into() },
    ];
    let a = accounts::add(&e.store, &secrets, i, "s3cret-pass\n").unwrap();
    assert_eq!(a.address, "sales@example.test");
    assert_eq!(a.security, MailSecurity::Tls);
    assert_eq!(accounts::password(&e.store, &secrets, a.id).unwrap(), "s3cret-pass");
    assert_eq!(secrets.get(&format!("mail-account-plain-{}", a.id)).unwrap().as_deref(), Some(&b"s3cret-pass"[..]));
    assert_eq!(a.signature_for("nl"), Some("Met vriendelijke groet"));
    assert_eq!(a.signature_for("de"), Some("Kind regards"), "falls back to English");
    // Neither the database nor its write-ahead log holds the password anywhere.
    for file in ["relata.db", "relata.db-wal"] {
        let bytes = std::fs::read(e.dir.path().join(file)).unwrap_or_default();
        assert!(!bytes.windows(11).any(|w| w == b"s3cret-pass"), "{file} holds the password");
    }
    assert_eq!(accounts::by_name(&e.store, "work").unwrap().id, a.id, "names compare without case");
    assert_eq!(accounts::list(&e.store).unwrap().len(), 1);
    assert_err(accounts::add(&e.store, &secrets, input("WORK"), "x"), ErrorCode::Duplicate, Some("name"));
}

#[test]
fn validation_names_the_field() {
    let e = env();
    let s = MemorySecrets::new();
    let bad = |f: &dyn Fn(&mut MailAccountInput)| {
        let mut i = input("A");
        f(&mut i);
        accounts::add(&e.store, &s, i, "pw")
    };
    assert_err(bad(&|i| i.name = "  ".into()), ErrorCode::Required, Some("name"));
    assert_err(bad(&|i| i.address = "not-an-address".into()), ErrorCode::InvalidEmail, Some("address"));
    assert_err(bad(&|i| i.username = "".into()), ErrorCode::Required, Some("username"));
    assert_err(bad(&|i| i.imap_host = "bad host!".into()), ErrorCode::InvalidValue, Some("imap_host"));
    assert_err(bad(&|i| i.smtp_port = 0), ErrorCode::OutOfRange, Some("smtp_port"));
    assert_err(bad(&|i| i.imap_port = 65536), ErrorCode::OutOfRange, Some("imap_port"));
    assert_err(bad(&|i| i.per_minute = 0), ErrorCode::OutOfRange, Some("per_minute"));
    assert_err(bad(&|i| i.per_day = -1), ErrorCode::OutOfRange, Some("per_day"));
    assert_err(bad(&|i| i.smtp_cert_pin = Some("abc".into())), ErrorCode::InvalidValue, Some("smtp_cert_pin"));
    assert_err(
        bad(&|i| i.signatures = vec![MailSignature { lang: "fr".into(), body: "x".into() }]),
        ErrorCode::InvalidValue,
        Some("signatures.0.lang"),
    );
    // `none` sends the password in plain text: loopback hosts only.
    assert_err(bad(&|i| i.security = MailSecurity::None), ErrorCode::InvalidValue, Some("security"));
    assert_err(
        bad(&|i| {
            i.security = MailSecurity::None;
            i.smtp_host = "127.0.0.1".into();
        }),
        ErrorCode::InvalidValue,
        Some("security"),
    );
    assert_err(accounts::add(&e.store, &s, input("A"), ""), ErrorCode::Required, Some("password"));
    assert!(s.is_empty(), "nothing refused reached the keyring");
    for (imap, smtp) in [("127.0.0.1", "localhost"), ("::1", "[::1]"), ("127.8.9.10", "LOCALHOST")] {
        let mut i = input(imap);
        (i.security, i.imap_host, i.smtp_host) = (MailSecurity::None, imap.into(), smtp.into());
        accounts::add(&e.store, &s, i, "pw").unwrap();
    }
    let mut i = input("pinned");
    i.smtp_cert_pin = Some("AB:".repeat(31) + "AB");
    let a = accounts::add(&e.store, &s, i, "pw").unwrap();
    assert_eq!(a.smtp_cert_pin.as_deref(), Some("ab".repeat(32).as_str()));
}

#[test]
fn a_refusing_keyring_creates_no_account_and_remove_deletes_the_secret() {
    let e = env();
    let err = accounts::add(&e.store, &MemorySecrets::unavailable(), input("A"), "pw").unwrap_err();
    assert_eq!(err.code, ErrorCode::KeyringUnavailable);
    assert_eq!(e.count("SELECT count(*) FROM mail_accounts"), 0);
    let s = MemorySecrets::new();
    let a = accounts::add(&e.store, &s, input("A"), "pw").unwrap();
    let mut changed = input("B");
    changed.per_minute = 5;
    let b = accounts::update(&e.store, &s, a.id, changed, Some("new")).unwrap();
    assert_eq!((b.name.as_str(), b.per_minute), ("B", 5));
    assert_eq!(accounts::password(&e.store, &s, a.id).unwrap(), "new");
    accounts::remove(&e.store, &s, a.id).unwrap();
    assert!(s.is_empty());
    assert_eq!(accounts::password(&e.store, &s, a.id).unwrap_err().code, ErrorCode::Login);
    assert_eq!(accounts::get(&e.store, a.id).unwrap_err().code, ErrorCode::NotFound);
}

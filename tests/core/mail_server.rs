//! The real Dovecot that `.ci/with-dovecot.sh` starts: its settings from the environment, an account for
//! it, and an IMAP client for placing fixture messages (APPEND), emptying folders and changing a folder's
//! UIDVALIDITY (by deleting and creating it again). The sync tests share one mailbox (a user
//! of their own), so they take `lock()`.

use std::sync::{Mutex, MutexGuard};

use async_imap::Session;
use futures_util::TryStreamExt;
use relata_core::domain::{MailAccount, MailAccountInput, MailSecurity};
use relata_core::secrets::MemorySecrets;
use relata_core::services::mail::accounts;
use relata_core::store::Store;
use tokio::net::TcpStream;

pub struct Server {
    pub imap_port: u16,
    pub imaps_port: u16,
    pub user: String,
    pub password: String,
    pub cert: std::path::PathBuf,
}

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run the mail sync tests under .ci/with-dovecot.sh (see the script's header)")
    })
}

pub fn server() -> Server {
    Server {
        imap_port: var("RELATA_TEST_IMAP_PORT").parse().expect("a port"),
        imaps_port: var("RELATA_TEST_IMAPS_PORT").parse().expect("a port"),
        // The sync tests' own mailbox: the SMTP tests deliver into RELATA_TEST_MAIL_USER's at any moment.
        user: var("RELATA_TEST_SYNC_USER"),
        password: var("RELATA_TEST_MAIL_PASSWORD"),
        cert: var("RELATA_TEST_MAIL_CERT").into(),
    }
}

static MAILBOX: Mutex<()> = Mutex::new(());

/// One test at a time uses the mailbox; it starts empty (INBOX, Sent and every other folder).
pub fn lock() -> MutexGuard<'static, ()> {
    let guard = MAILBOX.lock().unwrap_or_else(|p| p.into_inner());
    block_on(async {
        let mut s = session().await;
        let names: Vec<String> = {
            let list = s.list(Some(""), Some("*")).await.unwrap();
            let names: Vec<_> = list.try_collect().await.unwrap();
            names.iter().map(|n| n.name().to_string()).collect()
        };
        for name in names {
            match name.as_str() {
                "INBOX" | "Sent" | "Drafts" => empty(&mut s, &name).await,
                _ => s.delete(&name).await.unwrap(),
            }
        }
        s.logout().await.unwrap();
    });
    guard
}

pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f)
}

pub async fn session() -> Session<TcpStream> {
    let s = server();
    let tcp = TcpStream::connect(("127.0.0.1", s.imap_port)).await.expect("Dovecot listens");
    let mut client = async_imap::Client::new(tcp);
    client.read_response().await.unwrap();
    client.login(&s.user, &s.password).await.map_err(|(e, _)| e).expect("login")
}

async fn empty(s: &mut Session<TcpStream>, folder: &str) {
    let mbox = s.select(folder).await.unwrap();
    if mbox.exists > 0 {
        s.store("1:*", "+FLAGS (\\Deleted)").await.unwrap().try_collect::<Vec<_>>().await.unwrap();
        s.expunge().await.unwrap().try_collect::<Vec<_>>().await.unwrap();
    }
}

/// Places messages in a folder (creating it when missing), in order.
pub fn append(folder: &str, messages: &[&[u8]]) {
    block_on(async {
        let mut s = session().await;
        let _ = s.create(folder).await;
        for raw in messages {
            s.append(folder, None, None, raw).await.expect("APPEND");
        }
        s.logout().await.unwrap();
    })
}

/// Sets flags on the messages `seqs` (sequence numbers) of a folder, as another mail client would.
pub fn set_flags(folder: &str, seqs: &str, flags: &str) {
    block_on(async {
        let mut s = session().await;
        s.select(folder).await.unwrap();
        s.store(seqs, format!("+FLAGS ({flags})")).await.unwrap().try_collect::<Vec<_>>().await.unwrap();
        s.logout().await.unwrap();
    })
}

/// Expunges the messages `seqs` (sequence numbers) of a folder, as another mail client would.
pub fn expunge(folder: &str, seqs: &str) {
    block_on(async {
        let mut s = session().await;
        s.select(folder).await.unwrap();
        s.store(seqs, "+FLAGS (\\Deleted)").await.unwrap().try_collect::<Vec<_>>().await.unwrap();
        s.expunge().await.unwrap().try_collect::<Vec<_>>().await.unwrap();
        s.logout().await.unwrap();
    })
}

/// Deletes the folder and creates it again: the server gives it a new UIDVALIDITY.
pub fn recreate(folder: &str) {
    block_on(async {
        let mut s = session().await;
        s.delete(folder).await.unwrap();
        s.create(folder).await.unwrap();
        s.logout().await.unwrap();
    })
}

pub fn uidvalidity(folder: &str) -> u32 {
    block_on(async {
        let mut s = session().await;
        let v = s.examine(folder).await.unwrap().uid_validity.unwrap();
        s.logout().await.unwrap();
        v
    })
}

/// An account on the test server (plain IMAP on loopback), its password in `secrets`.
pub fn account(store: &Store, secrets: &MemorySecrets, tweak: impl FnOnce(&mut MailAccountInput)) -> MailAccount {
    let s = server();
    let mut input = MailAccountInput {
        name: "Test".into(),
        address: "sales@relata.test".into(),
        display_name: "Sales".into(),
        username: s.user.clone(),
        imap_host: "127.0.0.1".into(),
        imap_port: i32::from(s.imap_port),
        smtp_host: "127.0.0.1".into(),
        smtp_port: 2525,
        security: MailSecurity::None,
        imap_cert_pin: None,
        smtp_cert_pin: None,
        create_leads: false,
        extra_folders: vec![],
        per_minute: 20,
        per_day: 500,
        signatures: vec![],
    };
    tweak(&mut input);
    accounts::add(store, secrets, input, &s.password).expect("add the test account")
}

/// The SHA-256 pin of the server's certificate, from its PEM file (converted to DER by openssl).
pub fn cert_pin() -> String {
    let out = std::process::Command::new("openssl")
        .args(["x509", "-outform", "der", "-in"])
        .arg(server().cert)
        .output()
        .expect("openssl runs");
    assert!(out.status.success(), "openssl x509 failed");
    relata_core::services::mail::tls::fingerprint(&out.stdout)
}

/// A message from `from` to `to` with a Message-ID and a date.
pub fn message(id: &str, from: &str, to: &str, subject: &str, extra_headers: &str, body: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nDate: Tue, 10 Mar 2025 10:00:00 +0000\r\n\
         Message-ID: <{id}>\r\n{extra_headers}Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

/// How many messages a folder holds on the server.
pub fn count(folder: &str) -> u32 {
    block_on(async {
        let mut s = session().await;
        let n = s.examine(folder).await.unwrap().exists;
        s.logout().await.unwrap();
        n
    })
}

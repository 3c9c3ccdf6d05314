//! SMTP against the real aiosmtpd of .ci/with-smtp.sh: each security mode, pinned and refused certificates,
//! the failing step of "Test connection", 451 and 550, and the server going away mid-batch.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::Duration;

use relata_core::domain::{MailAccount, MailSecurity, MailStep, OutboxStatus, OutgoingMail};
use relata_core::error::ErrorCode;
use relata_core::secrets::MemorySecrets;
use relata_core::services::mail::sender::{self, SmtpMailer};
use relata_core::services::mail::tls::{self, TlsStart};
use relata_core::services::mail::{accounts, check, outbox};

use super::mail_accounts::input;
use super::support::*;

pub fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: run the tests under .ci/with-smtp.sh"))
}

fn port(name: &str) -> i32 {
    var(name).parse().expect("a port")
}

/// Every message the server accepted, from its JSONL log: Message-ID → (count, whether it came over TLS).
pub fn received(log: &Path) -> HashMap<String, (usize, bool)> {
    let mut seen: HashMap<String, (usize, bool)> = HashMap::new();
    for line in std::fs::read_to_string(log).unwrap_or_default().lines().filter(|l| !l.is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let id = v["message_id"].as_str().unwrap_or_default().to_string();
        let e = seen.entry(id).or_insert((0, false));
        e.0 += 1;
        e.1 = v["tls"].as_bool().unwrap_or(false);
    }
    seen
}

struct Setup {
    e: Env,
    secrets: MemorySecrets,
}

fn setup() -> Setup {
    Setup { e: env(), secrets: MemorySecrets::new() }
}

impl Setup {
    fn account(
        &self,
        name: &str,
        security: MailSecurity,
        port: i32,
        pin: Option<String>,
        password: &str,
    ) -> MailAccount {
        let mut i = input(name);
        (i.smtp_host, i.imap_host, i.smtp_port, i.security, i.smtp_cert_pin) =
            ("127.0.0.1".into(), "127.0.0.1".into(), port, security, pin);
        i.username = var("RELATA_TEST_SMTP_USER");
        (i.per_minute, i.per_day) = (10_000, 100_000);
        accounts::add(&self.e.store, &self.secrets, i, password).unwrap()
    }

    fn queue(&self, a: &MailAccount, to: &str) -> relata_core::domain::OutboxEntry {
        let m = OutgoingMail {
            account_id: a.id,
            to: Some(to.into()),
            subject: format!("Test via {}", a.name),
            body: "Hello from Relata".into(),
            ..Default::default()
        };
        outbox::queue_one(&self.e.store, m).unwrap()
    }

    async fn pass(&self) -> sender::Pass {
        sender::run_pass(&self.e.store, &self.secrets, &SmtpMailer::default(), &|| false).await.unwrap()
    }
}

fn pin() -> Option<String> {
    Some(var("RELATA_TEST_SMTP_CERT_SHA256"))
}

#[tokio::test]
async fn sends_with_each_security_mode() {
    let s = setup();
    let pw = var("RELATA_TEST_SMTP_PASSWORD");
    let none = s.account("plain", MailSecurity::None, port("RELATA_TEST_SMTP_PORT"), None, &pw);
    let starttls = s.account("starttls", MailSecurity::Starttls, port("RELATA_TEST_SMTP_STARTTLS_PORT"), pin(), &pw);
    let implicit = s.account("tls", MailSecurity::Tls, port("RELATA_TEST_SMTPS_PORT"), pin(), &pw);
    let queued: Vec<_> = [(&none, false), (&starttls, true), (&implicit, true)]
        .into_iter()
        .map(|(a, tls)| (s.queue(a, "customer@example.test"), tls))
        .collect();
    let p = s.pass().await;
    assert_eq!((p.sent, p.failed, p.retried), (3, 0, 0), "{p:?} {:?}", outbox::list(&s.e.store, None));
    let log = received(Path::new(&var("RELATA_TEST_SMTP_LOG")));
    for (entry, tls) in queued {
        assert_eq!(log.get(&entry.message_id), Some(&(1, tls)), "{}", entry.message_id);
        assert_eq!(outbox::get(&s.e.store, entry.id).unwrap().status, OutboxStatus::Sent);
    }
}

#[tokio::test]
async fn an_unpinned_self_signed_certificate_is_refused_and_its_fingerprint_shown() {
    let s = setup();
    let pw = var("RELATA_TEST_SMTP_PASSWORD");
    let sha = var("RELATA_TEST_SMTP_CERT_SHA256");
    for (name, security, port) in [
        ("tls", MailSecurity::Tls, port("RELATA_TEST_SMTPS_PORT")),
        ("starttls", MailSecurity::Starttls, port("RELATA_TEST_SMTP_STARTTLS_PORT")),
    ] {
        let a = s.account(name, security, port, None, &pw);
        let c = check::smtp(&a, &pw).await;
        assert_eq!((c.ok, c.failed_step), (false, Some(MailStep::Certificate)), "{name}: {:?}", c.error);
        assert_eq!(c.fingerprint.as_deref(), Some(sha.as_str()), "{name}");
        // Queued mail waits; nothing reached the server without the pin.
        let entry = s.queue(&a, "customer@example.test");
        assert_eq!(s.pass().await.retried, 1);
        let entry = outbox::get(&s.e.store, entry.id).unwrap();
        assert_eq!((entry.status, entry.last_error_code), (OutboxStatus::Queued, Some(ErrorCode::Certificate)));
        assert!(!received(Path::new(&var("RELATA_TEST_SMTP_LOG"))).contains_key(&entry.message_id));
    }
    // A wrong pin is refused too, before the login.
    let wrong = Some("0".repeat(64));
    let a = s.account("wrong pin", MailSecurity::Tls, port("RELATA_TEST_SMTPS_PORT"), wrong, &pw);
    assert_eq!(check::smtp(&a, &pw).await.failed_step, Some(MailStep::Certificate));
    let a = s.account(
        "wrong pin starttls",
        MailSecurity::Starttls,
        port("RELATA_TEST_SMTP_STARTTLS_PORT"),
        Some("1".repeat(64)),
        &pw,
    );
    assert_eq!(check::smtp(&a, &pw).await.failed_step, Some(MailStep::Certificate));
    // The fingerprint as fetched for the user to pin, on both kinds of TLS start.
    let smtps: u16 = var("RELATA_TEST_SMTPS_PORT").parse().unwrap();
    let submission: u16 = var("RELATA_TEST_SMTP_STARTTLS_PORT").parse().unwrap();
    assert_eq!(tls::fetch_fingerprint("127.0.0.1", smtps, TlsStart::Implicit).await.unwrap(), sha);
    assert_eq!(tls::fetch_fingerprint("127.0.0.1", submission, TlsStart::SmtpStarttls).await.unwrap(), sha);
}

#[tokio::test]
async fn test_connection_names_the_failing_step() {
    let s = setup();
    let pw = var("RELATA_TEST_SMTP_PASSWORD");
    let good = s.account("good", MailSecurity::Starttls, port("RELATA_TEST_SMTP_STARTTLS_PORT"), pin(), &pw);
    let c = check::smtp(&good, &pw).await;
    assert!(c.ok, "{:?}", c.error);
    let refused = check::smtp(&good, "wrong password").await;
    assert_eq!((refused.failed_step, refused.error.map(|e| e.code)), (Some(MailStep::Login), Some(ErrorCode::Login)));
    // STARTTLS asked of the implicit-TLS port's neighbour, the plain port, which does not offer it.
    let plain_as_starttls = s.account("no starttls", MailSecurity::Starttls, port("RELATA_TEST_SMTP_PORT"), pin(), &pw);
    assert_eq!(check::smtp(&plain_as_starttls, &pw).await.failed_step, Some(MailStep::Capability));
    // Nothing listens on a port just freed.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let a = s.account("closed", MailSecurity::Tls, i32::from(closed), None, &pw);
    assert_eq!(check::smtp(&a, &pw).await.failed_step, Some(MailStep::Tcp));
    let mut nowhere = a.clone();
    nowhere.smtp_host = "no-such-host.invalid".into();
    assert_eq!(check::smtp(&nowhere, &pw).await.failed_step, Some(MailStep::Dns));
    // A TLS client on the plain port: the handshake fails, and it is not a certificate problem.
    let tls_on_plain = s.account("tls on plain", MailSecurity::Tls, port("RELATA_TEST_SMTP_PORT"), pin(), &pw);
    let c = check::smtp(&tls_on_plain, &pw).await;
    assert!(matches!(c.failed_step, Some(MailStep::Tls) | Some(MailStep::Tcp)), "{c:?}");
}

#[tokio::test]
async fn a_451_is_retried_and_a_550_fails_with_the_servers_text() {
    let s = setup();
    let pw = var("RELATA_TEST_SMTP_PASSWORD");
    let a = s.account("codes", MailSecurity::None, port("RELATA_TEST_SMTP_PORT"), None, &pw);
    let temp = s.queue(&a, "tempfail@example.test");
    let perm = s.queue(&a, "reject@example.test");
    let ok = s.queue(&a, "fine@example.test");
    let p = s.pass().await;
    assert_eq!((p.sent, p.failed, p.retried), (1, 1, 1), "{:?}", outbox::list(&s.e.store, None));
    let temp = outbox::get(&s.e.store, temp.id).unwrap();
    assert_eq!((temp.status, temp.last_error_code), (OutboxStatus::Queued, Some(ErrorCode::RateLimited)));
    assert!(temp.last_error.as_deref().unwrap().contains("451"), "{:?}", temp.last_error);
    assert_eq!(p.next_at, Some(T0 + MINUTE));
    let perm = outbox::get(&s.e.store, perm.id).unwrap();
    assert_eq!((perm.status, perm.last_error_code), (OutboxStatus::Failed, Some(ErrorCode::RemoteRejected)));
    assert!(perm.last_error.as_deref().unwrap().contains("No such user here"), "{:?}", perm.last_error);
    assert_eq!(outbox::get(&s.e.store, ok.id).unwrap().status, OutboxStatus::Sent);
    s.e.clock.set(T0 + MINUTE);
    assert_eq!(s.pass().await.retried, 1, "tried again once the backoff passed");
    assert_eq!(outbox::get(&s.e.store, temp.id).unwrap().attempts, 2);
}

/// A private server the test can lose: `exit_after` makes it vanish after logging that many messages.
struct PrivateServer {
    child: Child,
    dir: PathBuf,
    ports: serde_json::Value,
}

impl PrivateServer {
    fn start(dir: &Path, exit_after: usize, plain_port: i64) -> PrivateServer {
        let ready = dir.join(format!("ready-{exit_after}-{plain_port}.json"));
        let child = Command::new("/usr/bin/python3")
            .arg(var("RELATA_TEST_SMTP_SERVER"))
            .args(["--cert", &var("RELATA_TEST_SMTP_CERT"), "--key", &var("RELATA_TEST_SMTP_KEY")])
            .arg("--log")
            .arg(dir.join("log.jsonl"))
            .arg("--ready")
            .arg(&ready)
            .args(["--exit-after", &exit_after.to_string(), "--plain-port", &plain_port.to_string()])
            .stderr(std::fs::File::create(dir.join("server.log")).expect("a log file"))
            .spawn()
            .expect("the SMTP server script starts");
        // Owned at once: dropping the server (a panic included) kills and waits for the process.
        let mut server = PrivateServer { child, dir: dir.to_path_buf(), ports: serde_json::Value::Null };
        for _ in 0..200 {
            if let Ok(text) = std::fs::read_to_string(&ready) {
                server.ports = serde_json::from_str(&text).unwrap();
                return server;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the private SMTP server did not start");
    }

    fn plain_port(&self) -> i64 {
        self.ports["plain"].as_i64().unwrap()
    }
}

impl Drop for PrivateServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn the_server_going_away_mid_batch_loses_nothing() {
    let s = setup();
    let pw = var("RELATA_TEST_SMTP_PASSWORD");
    let dir = tempfile::tempdir().unwrap();
    let first = PrivateServer::start(dir.path(), 5, 0);
    let a = s.account("flaky", MailSecurity::None, first.plain_port() as i32, None, &pw);
    let queued: Vec<_> = (0..12).map(|n| s.queue(&a, &format!("r{n}@example.test"))).collect();
    let p = s.pass().await;
    // Four answered; the fifth was logged and then the server was gone before answering.
    assert_eq!((p.sent, p.failed, p.retried), (4, 0, 1), "{p:?}");
    assert_eq!(outbox::list(&s.e.store, Some(OutboxStatus::Queued)).unwrap().len(), 8);
    let port = first.plain_port();
    let log = first.dir.join("log.jsonl");
    drop(first);
    assert_eq!(received(&log).len(), 5);
    // Still gone: the next due pass makes one attempt and waits again.
    s.e.clock.set(T0 + MINUTE);
    assert_eq!(s.pass().await.retried, 1);
    let again = PrivateServer::start(dir.path(), 0, port);
    s.e.clock.set(T0 + 10 * MINUTE);
    let p = s.pass().await;
    assert_eq!((p.sent, p.failed, p.next_at), (8, 0, None), "{p:?}");
    let log = received(&again.dir.join("log.jsonl"));
    for e in &queued {
        assert_eq!(outbox::get(&s.e.store, e.id).unwrap().status, OutboxStatus::Sent);
        let n = log.get(&e.message_id).map_or(0, |x| x.0);
        assert!(n >= 1, "{} never arrived", e.message_id);
    }
    let twice: Vec<_> = log.iter().filter(|(_, v)| v.0 > 1).collect();
    assert_eq!(twice.len(), 1, "only the message in flight when the server vanished arrived twice: {twice:?}");
    assert_eq!(twice[0].0, &queued[4].message_id);
}

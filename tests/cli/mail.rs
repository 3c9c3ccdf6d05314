//! `relata mail ...` and `relata outbox ...` through the real binary against the aiosmtpd of
//! .ci/with-smtp.sh, with the store's key and the account's password in the keyring of .ci/with-keyring.sh.
//! THE KILL TEST: a large batch, the sender SIGKILLed at random moments many times, and every message
//! arrives, at most one per kill twice, and the outbox says each was sent once.

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use relata_core::domain::OutgoingMail;
use relata_core::secrets::KeyringSecrets;
use relata_core::services::mail::outbox;
use serde_json::Value;

use super::commands::{ok_json, relata, relata_stdin};

pub(super) fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run under dbus-run-session -- bash .ci/with-keyring.sh bash .ci/with-smtp.sh")
    })
}

pub(super) fn add_account(
    dir: &Path,
    name: &str,
    security: &str,
    port: &str,
    pin: Option<&str>,
    password: &str,
) -> Output {
    let mut args = vec![
        "mail",
        "account",
        "add",
        "--name",
        name,
        "--address",
        "sales@relata.test",
        "--display-name",
        "Relata Sales",
        "--user",
        "relata",
        "--imap-host",
        "127.0.0.1",
        "--imap-port",
        "1143",
        "--smtp-host",
        "127.0.0.1",
        "--smtp-port",
        port,
        "--security",
        security,
        "--per-minute",
        "10000",
        "--per-day",
        "100000",
    ];
    if let Some(pin) = pin {
        args.extend(["--pin-smtp", pin]);
    }
    relata_stdin(dir, &args, &format!("{password}\n"))
}

/// How many of `ours` the server accepted so far (repeats included).
pub(super) fn count_ours(log: &Path, ours: &std::collections::HashSet<&str>) -> usize {
    arrivals(log).iter().filter(|id| ours.contains(id.as_str())).count()
}

/// [`count_ours`] once the server has taken in what a killed sender had already written to its socket: the
/// count has not changed for half a second.
pub(super) fn settled_ours(log: &Path, ours: &std::collections::HashSet<&str>) -> usize {
    let mut last = count_ours(log, ours);
    let mut since = std::time::Instant::now();
    while since.elapsed() < std::time::Duration::from_millis(500) {
        std::thread::sleep(std::time::Duration::from_millis(20));
        let now = count_ours(log, ours);
        if now != last {
            (last, since) = (now, std::time::Instant::now());
        }
    }
    last
}

/// The Message-IDs the server accepted, in order.
pub(super) fn arrivals(log: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(log).unwrap();
    // A line the server is still writing does not parse yet; it is counted on the next read.
    let records = text.lines().filter_map(|l| serde_json::from_str::<Value>(l).ok());
    records.map(|v| v["message_id"].as_str().unwrap_or_default().to_string()).collect()
}

fn received(log: &Path) -> HashMap<String, usize> {
    let mut seen = HashMap::new();
    for id in arrivals(log) {
        *seen.entry(id).or_insert(0) += 1;
    }
    seen
}

#[test]
fn mail_accounts_test_send_and_outbox_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let user_password = var("RELATA_TEST_SMTP_PASSWORD");
    let pin = var("RELATA_TEST_SMTP_CERT_SHA256");
    let port = var("RELATA_TEST_SMTP_STARTTLS_PORT");
    let out = add_account(d, "Work", "starttls", &port, Some(&pin), &user_password);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let account: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (account["security"].as_str(), account["smtp_cert_pin"].as_str()),
        (Some("starttls"), Some(pin.as_str()))
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains(&user_password), "the password is never printed");
    // `none` is refused for a host that is not loopback; a bad port names the field.
    let out = relata_stdin(
        d,
        &[
            "mail",
            "account",
            "add",
            "--name",
            "x",
            "--address",
            "a@b.test",
            "--user",
            "u",
            "--imap-host",
            "mail.example.com",
            "--imap-port",
            "143",
            "--smtp-host",
            "mail.example.com",
            "--smtp-port",
            "25",
            "--security",
            "none",
        ],
        "pw\n",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("(field: security)"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let list = ok_json(d, &["mail", "account", "list", "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    // SMTP passes; the IMAP half runs too, and nothing listens on the account's IMAP port here.
    let out = relata(d, &["mail", "account", "test", "Work"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["smtp"]["ok"], true, "{report}");
    assert_eq!((report["imap"]["ok"].as_bool(), report["imap"]["failed_step"].as_str()), (Some(false), Some("tcp")));
    assert_eq!(out.status.code(), Some(1), "a failed half fails the test");
    // An unpinned self-signed certificate: the test fails at the certificate step and shows the fingerprint.
    let out = add_account(d, "Unpinned", "tls", &var("RELATA_TEST_SMTPS_PORT"), None, &user_password);
    assert_eq!(out.status.code(), Some(0));
    let out = relata(d, &["mail", "account", "test", "Unpinned"]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (report["smtp"]["failed_step"].as_str(), report["smtp"]["fingerprint"].as_str()),
        (Some("certificate"), Some(pin.as_str()))
    );
    let out = add_account(d, "Wrong", "starttls", &port, Some(&pin), "not the password");
    assert_eq!(out.status.code(), Some(0));
    let out = relata(d, &["mail", "account", "test", "Wrong"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["smtp"]["failed_step"], "login", "{report}");
    for name in ["Unpinned", "Wrong"] {
        ok_json(d, &["mail", "account", "remove", name]);
    }

    let person =
        ok_json(d, &["people", "add", "--first-name", "Mette", "--last-name", "Jensen", "--email", "mette@firma.test"]);
    let id = person["id"].as_i64().unwrap().to_string();
    let queued = ok_json(d, &["mail", "send", "--person", &id, "--subject", "Tilbud", "--body", "Hej Mette"]);
    assert_eq!((queued["status"].as_str(), queued["to_address"].as_str()), (Some("queued"), Some("mette@firma.test")));
    let summary = ok_json(d, &["outbox", "run"]);
    assert_eq!((summary["sent"].as_u64(), summary["waiting"].as_i64()), (Some(1), Some(0)), "{summary}");
    let rows = ok_json(d, &["outbox", "list", "--json"]);
    assert_eq!(rows[0]["status"], "sent");
    assert_eq!(rows[0]["recipient"], "mette@firma.test");
    let message_id = rows[0]["message_id"].as_str().unwrap();
    assert_eq!(received(Path::new(&var("RELATA_TEST_SMTP_LOG"))).get(message_id), Some(&1));
    let timeline = ok_json(d, &["activities", "list", "--person", &id, "--json"]);
    assert_eq!(
        (timeline[0]["kind"].as_str(), timeline[0]["direction"].as_str()),
        (Some("email"), Some("outbound")),
        "{timeline}"
    );
    // The account with a message in the outbox can be removed once nothing waits.
    ok_json(d, &["mail", "account", "remove", "Work"]);
}

/// A small deterministic generator for the kill moments (no dependency, reproducible from the seed).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

#[test]
fn kill_the_sender_mid_batch_many_times_and_every_message_arrives_once() {
    const BATCH: usize = 200;
    const KILLS: usize = 15;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = add_account(d, "Bulk", "none", &var("RELATA_TEST_SMTP_PORT"), None, &var("RELATA_TEST_SMTP_PASSWORD"));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let account_id = serde_json::from_slice::<Value>(&out.stdout).unwrap()["id"].as_i64().unwrap();
    let ours: Vec<String>;
    {
        // Queue the batch in one transaction, as a mailing would.
        let clock = Arc::new(relata_core::clock::SystemClock);
        let store = relata_core::bootstrap::open_store(d, clock, &KeyringSecrets::new()).unwrap();
        let now = store.clock().now_ms();
        ours = store
            .write(|tx| {
                let mut ids = Vec::new();
                for n in 0..BATCH {
                    let mail = OutgoingMail {
                        account_id,
                        to: Some(format!("customer{n}@example.test")),
                        subject: format!("Batch message {n}"),
                        body: "Hello".into(),
                        bulk: true,
                        ..Default::default()
                    };
                    ids.push(outbox::queue(tx, mail, now)?.message_id);
                }
                Ok(ids)
            })
            .unwrap();
    }
    let seed = std::env::var("RELATA_KILL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
    });
    let mut rng = Lcg(seed);
    let sent = |d: &Path| -> usize {
        let rows = ok_json(d, &["outbox", "list", "--json", "--status", "sent"]);
        rows.as_array().map_or(0, Vec::len)
    };
    let log_path = std::path::PathBuf::from(var("RELATA_TEST_SMTP_LOG"));
    let ours_set: std::collections::HashSet<&str> = ours.iter().map(String::as_str).collect();
    // Where the server's log stood at each start of the sender: each run's arrivals are checked on their own.
    let mut run_starts: Vec<usize> = Vec::new();
    let mut kills_mid_batch = 0;
    let mut kills = 0;
    while kills < KILLS {
        let before = sent(d);
        if before == BATCH {
            break;
        }
        run_starts.push(arrivals(&log_path).len());
        let mut child = Command::new(env!("CARGO_BIN_EXE_relata"))
            .arg("--data-dir")
            .arg(d)
            .args(["outbox", "run"])
            .env_remove("RELATA_DATA_DIR")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Kill once this run has delivered a random few (1..=15) messages, a random moment later: inside the
        // batch, and at any point of an SMTP transaction.
        let started = Instant::now();
        let target = count_ours(&log_path, &ours_set) + 1 + rng.below(15) as usize;
        while count_ours(&log_path, &ours_set) < target && child.try_wait().unwrap().is_none() {
            assert!(started.elapsed() < Duration::from_secs(60), "seed {seed}: the sender made no progress");
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(Duration::from_millis(rng.below(30)));
        if child.try_wait().unwrap().is_some() {
            break; // it finished the batch before this kill
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        kills += 1;
        let progressed = sent(d);
        if progressed > before && progressed < BATCH {
            kills_mid_batch += 1;
        }
    }
    // Restart until the outbox is empty.
    run_starts.push(arrivals(&log_path).len());
    let summary = ok_json(d, &["outbox", "run"]);
    let unsent = ok_json(d, &["outbox", "list", "--json", "--status", "queued"]);
    assert_eq!(
        summary["waiting"],
        0,
        "{summary} {:?}",
        unsent.as_array().map(|a| a.iter().take(3).collect::<Vec<_>>())
    );
    assert!(
        kills_mid_batch >= 5,
        "too few kills landed mid-batch ({kills_mid_batch} of {kills}, seed {seed}): the test proves nothing"
    );

    let rows = ok_json(d, &["outbox", "list", "--json"]);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), BATCH);
    let ours: std::collections::HashSet<&str> = rows.iter().map(|r| r["message_id"].as_str().unwrap()).collect();
    let all: Vec<String> = arrivals(&log_path).into_iter().filter(|id| ours.contains(id.as_str())).collect();
    let log = received(&log_path);
    for r in rows {
        assert_eq!(r["status"], "sent", "seed {seed}: {r}");
        let id = r["message_id"].as_str().unwrap();
        assert!(log.get(id).copied().unwrap_or(0) >= 1, "seed {seed}: {id} never arrived");
    }
    // Per run of the sender: at most one message it sent had arrived before, the one in flight at the kill
    // before it, and it went first.
    let all_lines = arrivals(&log_path);
    let mut twice = 0;
    for (n, start) in run_starts.iter().enumerate() {
        let end = run_starts.get(n + 1).copied().unwrap_or(all_lines.len());
        let before: std::collections::HashSet<&String> = all_lines[..*start].iter().collect();
        let run: Vec<&String> = all_lines[*start..end].iter().filter(|id| ours.contains(id.as_str())).collect();
        let again: Vec<usize> = (0..run.len()).filter(|i| before.contains(run[*i])).collect();
        assert!(again.len() <= 1, "seed {seed}: run {n} sent {} messages again", again.len());
        assert!(again.iter().all(|i| *i == 0), "seed {seed}: run {n} sent an old message again, not first");
        twice += again.len();
    }
    assert!(twice <= kills, "seed {seed}: {twice} repeats after {kills} kills");
    assert_eq!(all.len(), BATCH + twice, "seed {seed}: every arrival is a first one or a counted repeat");
    let mut ids: Vec<&str> = rows.iter().map(|r| r["message_id"].as_str().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), BATCH, "every message has its own Message-ID");
    println!("kill test: seed {seed}, {kills} kills ({kills_mid_batch} mid-batch), {twice} sent twice");
}

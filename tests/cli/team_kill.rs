//! SIGKILL of `relata team sync` in the middle of a push and of a pull, round after round, while the other
//! desktop edits: afterwards both stores equal the server's view, every acknowledged edit is there, and
//! nothing arrived twice. Needs `.ci/with-postgres.sh` and `.ci/with-keyring.sh` (fails without them).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::commands::ok_json;
use super::support::write_people_csv;
use super::team::{with_stdin, Pg};

const PEOPLE: usize = 1_500;
const ROUNDS: usize = 6;

/// A small deterministic generator (the seed is in every assertion message, so a failure can be replayed).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

/// Starts `relata team sync` and SIGKILLs it after `ms` (if it is still running). True when it was killed.
fn sync_killed_after(dir: &Path, ms: u64) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_relata"))
        .arg("--data-dir")
        .arg(dir)
        .args(["team", "sync"])
        .env_remove("RELATA_DATA_DIR")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run relata");
    let deadline = Instant::now() + Duration::from_millis(ms);
    while Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    true
}

/// One query against a desktop's store (opened the way the CLI opens it: key from the keyring).
fn local(dir: &Path, sql: &str) -> Vec<String> {
    let secrets = relata_core::secrets::KeyringSecrets::new();
    let store = relata_core::bootstrap::open_store(dir, std::sync::Arc::new(relata_core::clock::SystemClock), &secrets)
        .unwrap();
    store
        .read(|c| {
            let mut stmt = c.prepare(sql)?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .unwrap()
}

const LOCAL_VIEW: &str = "SELECT gid || '|' || first_name || '|' || last_name || '|' || COALESCE(city, '') || '|' ||
    COALESCE(job_title, '') || '|' || (SELECT count(*) FROM person_emails e WHERE e.person_id = p.id)
    FROM people p WHERE deleted_at IS NULL ORDER BY gid";
const SERVER_VIEW: &str =
    "SELECT gid::text || '|' || (fields->>'first_name') || '|' || (fields->>'last_name') || '|' ||
    COALESCE(fields->>'city', '') || '|' || COALESCE(fields->>'job_title', '') || '|' ||
    jsonb_array_length(COALESCE(fields->'emails', '[]'::jsonb))
    FROM relata_records WHERE tbl = 'people' AND NOT purged AND fields->>'deleted_at' IS NULL ORDER BY gid";

#[test]
fn sync_killed_in_push_and_pull_loses_nothing_and_applies_nothing_twice() {
    let seed = std::env::var("RELATA_KILL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos() as u64
    });
    let mut rng = Rng(seed);
    let pg = Pg::from_env();
    let db = pg.database("cli_kill");
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (a, b) = (a.path(), b.path());
    let admin_url = format!("postgres://{}@{}:{}/{db}", pg.admin, pg.host, pg.port);
    let (code, _, err) = with_stdin(a, &["team", "init", "--url", &admin_url], &format!("{}\n", pg.password));
    assert_eq!(code, Some(0), "{err}");
    let user = format!("kill_{}", std::process::id());
    let (code, _, err) = with_stdin(a, &["team", "invite", "--user", &user, "--role", "manager"], "pw-kill\n");
    assert_eq!(code, Some(0), "{err}");
    let url = format!("postgres://{}:{}/{db}", pg.host, pg.port);
    let (code, _, err) = with_stdin(b, &["team", "join", "--url", &url, "--user", &user], "pw-kill\n");
    assert_eq!(code, Some(0), "{err}");

    // A has a large first push (several batches); B's first pulls are as large.
    let csv = a.join("people.csv");
    write_people_csv(&csv, PEOPLE);
    ok_json(a, &["import", "csv", csv.to_str().unwrap(), "--json"]);

    let mut expected: Vec<(String, String)> = Vec::new(); // (name, what its acknowledged edit left)
    let (mut killed_a, mut killed_b) = (0, 0);
    for round in 0..ROUNDS {
        killed_a += usize::from(sync_killed_after(a, 50 + rng.below(1_500)));
        // A edits a person of its own while its push is cut off: acknowledged by the command's success.
        let ids = local(a, &format!("SELECT CAST(id AS TEXT) FROM people WHERE first_name = 'Person{round}'"));
        ok_json(a, &["people", "update", &ids[0], "--job-title", &format!("Title{round}")]);
        expected.push((format!("Person{round}"), format!("job_title=Title{round}")));
        // B creates a person and edits one it has (if its pulls got that far).
        ok_json(
            b,
            &[
                "people",
                "add",
                "--first-name",
                &format!("Bee{round}"),
                "--last-name",
                "B",
                "--email",
                &format!("bee{round}@b.test"),
            ],
        );
        let name = format!("Person{}", 100 + round);
        let on_b = local(b, &format!("SELECT CAST(id AS TEXT) FROM people WHERE first_name = '{name}'"));
        if let Some(id) = on_b.first() {
            ok_json(b, &["people", "update", id, "--city", &format!("Round{round}")]);
            expected.push((name, format!("city=Round{round}")));
        }
        killed_b += usize::from(sync_killed_after(b, 50 + rng.below(1_500)));
    }
    assert!(killed_a > 0 && killed_b > 0, "seed {seed}: no sync was cut off (a {killed_a}, b {killed_b})");

    // Back to normal: passes run to the end.
    for dir in [a, b, a, b] {
        ok_json(dir, &["team", "sync"]);
    }
    let server: Vec<String> = pg.psql(&db, SERVER_VIEW).lines().map(str::to_string).collect();
    assert_eq!(server.len(), PEOPLE + ROUNDS, "seed {seed}: every person once on the server");
    for (desk, dir) in [("A", a), ("B", b)] {
        assert_eq!(ok_json(dir, &["team", "status", "--json"])["pending"], 0, "seed {seed}: {desk} pushed everything");
        let view = local(dir, LOCAL_VIEW);
        assert_eq!(view.len(), server.len(), "seed {seed}: {desk} has every person once");
        assert_eq!(view, server, "seed {seed}: {desk} equals the server");
    }
    for (name, edit) in &expected {
        let (field, value) = edit.split_once('=').unwrap();
        let col = if field == "city" { 3 } else { 4 };
        let row = server.iter().find(|r| r.split('|').nth(1) == Some(name.as_str())).expect("the edited person");
        assert_eq!(row.split('|').nth(col), Some(value), "seed {seed}: the acknowledged edit of {name} survived");
    }
    assert!(server.iter().all(|r| r.ends_with("|1")), "seed {seed}: no email list doubled");
}

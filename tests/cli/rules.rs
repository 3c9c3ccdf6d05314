//! `relata rules`: the commands, and exactly-once under SIGKILL — `relata rules run` killed at random
//! moments over a backlog of events, rerun until done, leaves exactly one task per event. Needs
//! `.ci/with-keyring.sh` (the CLI keeps the store's key in the keyring).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::commands::{ok_json, relata};
use super::support::write_people_csv;

const PEOPLE: usize = 2_000;

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

/// Starts `relata rules run` and SIGKILLs it after `ms` unless it ended first; Some(success) if it ended.
fn run_killed_after(dir: &Path, ms: u64) -> Option<bool> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_relata"))
        .arg("--data-dir")
        .arg(dir)
        .args(["rules", "run"])
        .env_remove("RELATA_DATA_DIR")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run relata");
    let deadline = Instant::now() + Duration::from_millis(ms);
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status.success());
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    None
}

fn query(dir: &Path, sql: &str) -> i64 {
    let secrets = relata_core::secrets::KeyringSecrets::new();
    let store = relata_core::bootstrap::open_store(dir, std::sync::Arc::new(relata_core::clock::SystemClock), &secrets)
        .unwrap();
    store.read(|c| Ok(c.query_row(sql, [], |r| r.get(0))?)).unwrap()
}

fn exec(dir: &Path, sql: &str) {
    let secrets = relata_core::secrets::KeyringSecrets::new();
    let store = relata_core::bootstrap::open_store(dir, std::sync::Arc::new(relata_core::clock::SystemClock), &secrets)
        .unwrap();
    store.write(|c| Ok(c.execute_batch(sql)?)).unwrap();
}

fn write(dir: &Path, name: &str, json: serde_json::Value) -> String {
    let path = dir.join(name);
    std::fs::write(&path, json.to_string()).unwrap();
    path.to_str().unwrap().to_string()
}

const WELCOME: &str = r#"{"name": "Welcome", "trigger": {"type": "record_created", "entity": "person"},
    "conditions": null, "actions": [{"type": "create_task", "title": "Welcome call for {{ person.first_name }}",
    "due_in_business_days": 2}]}"#;

/// The welcome call plus a welcome email through the outbox and an onboarding ticket.
const WELCOME_ALL: &str = r#"{"name": "Welcome", "trigger": {"type": "record_created", "entity": "person"},
    "conditions": null, "actions": [{"type": "create_task", "title": "Welcome call for {{ person.first_name }}",
    "due_in_business_days": 2}, {"type": "send_email", "template": "Welcome"},
    {"type": "create_ticket", "subject": "Onboard {{ person.first_name }}"}]}"#;

/// A mail account (never connected to here: the outbox is not run) and the template the rule sends.
fn mail_setup(d: &Path, files: &Path) {
    let out = super::mail::add_account(d, "Work", "starttls", "2525", None, "pw");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let body = files.join("welcome.txt");
    std::fs::write(&body, "Hello {{ person.first_name }}, welcome.").unwrap();
    let add = ["templates", "add", "--name", "Welcome", "--lang", "en", "--subject", "Welcome {{ person.first_name }}"];
    ok_json(d, &[&add[..], &["--body-file", body.to_str().unwrap()]].concat());
}

/// Every person has exactly one row in `table` (by `person_id`).
fn one_each(d: &Path, table: &str) -> i64 {
    query(
        d,
        &format!("SELECT COUNT(*) FROM people p WHERE (SELECT COUNT(*) FROM {table} t WHERE t.person_id = p.id) != 1"),
    )
}

#[test]
fn rules_run_killed_at_random_points_leaves_exactly_one_task_per_event() {
    let seed = std::env::var("RELATA_KILL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos() as u64
    });
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let files = tempfile::tempdir().unwrap();
    mail_setup(d, files.path());
    let rule = write(files.path(), "rule.json", serde_json::from_str(WELCOME_ALL).unwrap());
    ok_json(d, &["rules", "add", "--file", &rule]);
    let csv = files.path().join("people.csv");
    write_people_csv(&csv, PEOPLE);
    ok_json(d, &["import", "csv", csv.to_str().unwrap(), "--entity", "people", "--json"]);
    assert_eq!(query(d, "SELECT COUNT(*) FROM rule_events WHERE processed_at IS NULL"), PEOPLE as i64);
    let (mut kills, mut rounds) = (0, 0);
    loop {
        rounds += 1;
        assert!(rounds < 500, "seed {seed}: rules run never finished");
        // Kill early and often at first (mid-batch, mid-commit), then let it run longer.
        match run_killed_after(d, 30 + rng.below(if kills < 10 { 400 } else { 3000 })) {
            None => kills += 1,
            Some(true) => break,
            Some(false) => panic!("seed {seed}: rules run failed"),
        }
    }
    assert!(kills >= 3, "seed {seed}: the run was killed only {kills} times; the backlog is too small to test");
    let msg = format!("seed {seed}, {kills} kills");
    println!("rules run: {msg} over {rounds} rounds");
    assert_eq!(query(d, "SELECT COUNT(*) FROM tasks"), PEOPLE as i64, "{msg}");
    assert_eq!(
        query(d, "SELECT COUNT(*) FROM people p WHERE (SELECT COUNT(*) FROM tasks t WHERE t.person_id = p.id) != 1"),
        0,
        "{msg}: every person has exactly one task"
    );
    // Exactly one welcome email in the outbox and one onboarding ticket per person, whatever the crash.
    assert_eq!(query(d, "SELECT COUNT(*) FROM outbox"), PEOPLE as i64, "{msg}");
    assert_eq!(one_each(d, "outbox"), 0, "{msg}: every person has exactly one queued email");
    assert_eq!(query(d, "SELECT COUNT(*) FROM tickets"), PEOPLE as i64, "{msg}");
    assert_eq!(one_each(d, "tickets"), 0, "{msg}: every person has exactly one ticket");
    assert_eq!(query(d, "SELECT COUNT(*) FROM rule_runs WHERE status = 'done'"), PEOPLE as i64, "{msg}");
    assert_eq!(query(d, "SELECT COUNT(*) FROM rule_events WHERE processed_at IS NULL"), 0, "{msg}");
    // Running again changes nothing.
    let pass = ok_json(d, &["rules", "run"]);
    assert_eq!(pass["runs"], 0);
    assert_eq!(query(d, "SELECT COUNT(*) FROM tasks"), PEOPLE as i64);
    assert_eq!(query(d, "SELECT COUNT(*) FROM outbox"), PEOPLE as i64);
}

#[test]
fn rules_commands_add_list_preview_history_disable_export_import_remove() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let files = tempfile::tempdir().unwrap();
    let rule = write(files.path(), "rule.json", serde_json::from_str(WELCOME).unwrap());
    ok_json(d, &["people", "add", "--first-name", "Anna", "--last-name", "Visser"]);
    let preview = ok_json(d, &["rules", "preview", "--file", &rule, "--json"]);
    assert_eq!((preview["matched"].as_u64(), preview["days"].as_u64()), (Some(1), Some(30)));
    let added = ok_json(d, &["rules", "add", "--file", &rule]);
    let id = added["id"].to_string();
    assert_eq!((added["enabled"].as_bool(), added["def"]["name"].as_str()), (Some(true), Some("Welcome")));
    ok_json(d, &["people", "add", "--first-name", "Bo", "--last-name", "Berg"]);
    assert_eq!(ok_json(d, &["rules", "run"])["runs"], 1);
    let history = ok_json(d, &["rules", "history", &id, "--json"]);
    assert_eq!(history[0]["status"], "done");
    assert_eq!(history[0]["entity"], "person");
    assert_eq!(ok_json(d, &["rules", "disable", &id])["enabled"], false);
    let listed = ok_json(d, &["rules", "list", "--json"]);
    let mine = |l: &serde_json::Value| {
        l.as_array().unwrap().iter().filter(|r| r["builtin"].is_null()).cloned().collect::<Vec<_>>()
    };
    assert_eq!(mine(&listed)[0]["enabled"], false);
    // The built-in rules are listed, can be edited (not their trigger) and turned off, not removed.
    let builtins: Vec<_> = listed.as_array().unwrap().iter().filter(|r| !r["builtin"].is_null()).cloned().collect();
    assert_eq!(builtins.len(), 2);
    let hot = builtins.iter().find(|r| r["builtin"] == "hot_lead").unwrap();
    let mut def = hot["def"].clone();
    def["actions"] = serde_json::json!([{"type": "create_task", "title": "Call {{ person.first_name }}"}]);
    let edited =
        ok_json(d, &["rules", "edit", &hot["id"].to_string(), "--file", &write(files.path(), "hot.json", def)]);
    assert_eq!(edited["def"]["actions"][0]["title"], "Call {{ person.first_name }}");
    assert_eq!(relata(d, &["rules", "remove", &hot["id"].to_string()]).status.code(), Some(1));
    let exported = relata(d, &["rules", "export"]);
    assert!(exported.status.success());
    let export_file = files.path().join("export.json");
    std::fs::write(&export_file, &exported.stdout).unwrap();
    let imported = ok_json(d, &["rules", "import", "--file", export_file.to_str().unwrap()]);
    assert_eq!(imported[0]["def"]["name"], "Welcome");
    ok_json(d, &["rules", "remove", &id]);
    assert_eq!(mine(&ok_json(d, &["rules", "list", "--json"])).len(), 1);
    // A file that is no rule is refused with a clear message and exit code 1.
    let bad = write(files.path(), "bad.json", serde_json::json!({"name": "x"}));
    let out = relata(d, &["rules", "add", "--file", &bad]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a rule"));
}

/// Runs `relata rules run`, killed at random moments, until one run ends; returns how often it was killed.
fn run_until_done(d: &Path, rng: &mut Rng, seed: u64) -> u32 {
    let (mut kills, mut rounds) = (0, 0);
    loop {
        rounds += 1;
        assert!(rounds < 500, "seed {seed}: rules run never finished");
        match run_killed_after(d, 30 + rng.below(if kills < 10 { 400 } else { 3000 })) {
            None => kills += 1,
            Some(true) => return kills,
            Some(false) => panic!("seed {seed}: rules run failed"),
        }
    }
}

#[test]
fn a_signup_import_adds_each_new_lead_to_a_campaign_exactly_once_across_kills() {
    let seed = std::env::var("RELATA_KILL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos() as u64
    });
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let files = tempfile::tempdir().unwrap();
    let c = ok_json(d, &["campaigns", "add", "--name", "Webinar", "--purpose", "newsletter"]);
    let rule = write(
        files.path(),
        "signup.json",
        serde_json::json!({"name": "Signup", "trigger": {"type": "signup_imported"}, "conditions": null,
            "actions": [{"type": "add_to_campaign", "campaign": "webinar"},
                        {"type": "create_task", "title": "Call {{ person.first_name }}"}]}),
    );
    let id = ok_json(d, &["rules", "add", "--file", &rule])["id"].to_string();
    // A rule naming a campaign that does not exist is refused, with the field.
    let bad = write(
        files.path(),
        "bad.json",
        serde_json::json!({"name": "Bad", "trigger": {"type": "signup_imported"},
            "actions": [{"type": "add_to_campaign", "campaign": "Nope"}]}),
    );
    let out = relata(d, &["rules", "add", "--file", &bad]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no campaign is named"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = files.path().join("leads.csv");
    write_people_csv(&csv, PEOPLE);
    ok_json(d, &["import", "csv", csv.to_str().unwrap(), "--entity", "leads", "--json"]);
    let signals = "SELECT COUNT(*) FROM rule_events WHERE json_extract(changes, '$.signal') = 'signup_imported'";
    assert_eq!(query(d, signals), PEOPLE as i64);
    let kills = run_until_done(d, &mut rng, seed);
    let msg = format!("seed {seed}, {kills} kills");
    println!("signup rules run: {msg}");
    assert_eq!(query(d, "SELECT COUNT(*) FROM campaign_members"), PEOPLE as i64, "{msg}");
    assert_eq!(one_each(d, "campaign_members"), 0, "{msg}: every lead joined the campaign once");
    assert_eq!(one_each(d, "tasks"), 0, "{msg}: every lead has exactly one task");
    assert_eq!(query(d, "SELECT COUNT(*) FROM rule_events WHERE processed_at IS NULL"), 0, "{msg}");
    let history = ok_json(d, &["rules", "history", &id, "--limit", "1", "--json"]);
    assert_eq!(history[0]["lines"][0]["did"], "added_to_campaign", "{history}");
    assert_eq!(history[0]["lines"][0]["campaign"], c["id"]);
    // The campaign removed (the CLI has no command for it), the next signup pauses the rule; the CLI shows
    // the reason in words.
    exec(d, "DELETE FROM campaigns");
    let one = files.path().join("one.csv");
    std::fs::write(&one, "first_name,last_name,email\nNew,Lead,new.lead@example.com\n").unwrap();
    ok_json(d, &["import", "csv", one.to_str().unwrap(), "--entity", "leads", "--json"]);
    assert_eq!(ok_json(d, &["rules", "run"])["failed"], 1);
    let shown = ok_json(d, &["rules", "show", &id]);
    assert_eq!(shown["enabled"], false);
    assert_eq!(shown["paused_reason"]["code"], "action_failed");
    assert_eq!(shown["paused_reason"]["name"], "webinar");
    let listed = relata(d, &["rules", "list"]);
    let text = String::from_utf8_lossy(&listed.stdout);
    assert!(text.contains("paused: actions[0] failed: no campaign is named \"webinar\""), "{text}");
}

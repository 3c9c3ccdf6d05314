//! The `relata` binary end to end, on a temporary data dir.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

pub fn relata(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_relata"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("RELATA_DATA_DIR")
        .output()
        .expect("run relata")
}

/// `relata` with `stdin` on its standard input (passwords are read from there, never from arguments).
pub fn relata_stdin(dir: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_relata"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("RELATA_DATA_DIR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run relata");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

pub fn ok_json(dir: &std::path::Path, args: &[&str]) -> Value {
    let out = relata(dir, args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?} printed no JSON ({e})"))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn people_add_list_get_delete_restore() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let p = ok_json(
        d,
        &[
            "people",
            "add",
            "--first-name",
            "Søren",
            "--last-name",
            "Kierkegaard",
            "--email",
            " SK@Example.DK",
            "--phone",
            "0045 20 12 34 56",
            "--company",
            "Filosofi ApS",
            "--tag",
            "vip",
            "--lifecycle",
            "customer",
        ],
    );
    assert_eq!(p["first_name"], "Søren");
    assert_eq!(p["emails"][0]["value"], "sk@example.dk");
    assert_eq!(p["phones"][0]["value"], "+4520123456");
    assert_eq!(p["company_name"], "Filosofi ApS");
    assert_eq!(p["lifecycle"], "customer");
    let id = p["id"].as_i64().expect("id").to_string();

    let list = ok_json(d, &["people", "list", "--search", "soren", "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["email"], "sk@example.dk");
    let table = relata(d, &["people", "list"]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.starts_with("ID") && text.contains("Søren Kierkegaard") && text.contains("(1 of 1)"), "{text}");
    assert_eq!(ok_json(d, &["people", "get", &id])["last_name"], "Kierkegaard");

    ok_json(d, &["people", "delete", &id]);
    assert_eq!(ok_json(d, &["people", "list", "--json"]), Value::Array(vec![]));
    assert_eq!(ok_json(d, &["trash", "list", "--json"])[0]["title"], "Søren Kierkegaard");
    ok_json(d, &["trash", "restore", "person", &id]);
    assert_eq!(ok_json(d, &["companies", "list", "--json"])[0]["people_count"], 1);
}

#[test]
fn bad_arguments_exit_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["people", "add", "--bogus"][..],
        &["people", "list", "--limit", "many"],
        &["people", "add", "--lifecycle", "vip"],
        &["deals", "add", "--title", "T", "--value", "12.34.56"],
        &["tasks", "add", "--title", "T", "--due", "tomorrow"],
        &["frobnicate"],
    ] {
        let out = relata(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("error: "), "{err}");
    }
}

#[test]
fn validation_errors_exit_1_with_the_message() {
    let dir = tempfile::tempdir().unwrap();
    let out = relata(dir.path(), &["people", "add", "--first-name", "A", "--email", "not-an-email"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out).trim_end(), "error: \"not-an-email\" is not a valid email address (field: emails.0.value)");
    assert!(out.stdout.is_empty());
    let out = relata(dir.path(), &["deals", "add", "--title", "T", "--value", "1.005"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("(field: value)"), "{}", stderr(&out));
    let out = relata(dir.path(), &["trash", "restore", "task", "42"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn deals_tasks_and_activities() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let c = ok_json(d, &["companies", "add", "--name", "Acme", "--domain", "www.acme.nl", "--website", "acme.nl"]);
    assert_eq!((c["domain"].as_str(), c["website"].as_str()), (Some("acme.nl"), Some("https://acme.nl")));
    let cid = c["id"].to_string();
    let deal = ok_json(
        d,
        &[
            "deals",
            "add",
            "--title",
            "Renewal",
            "--value",
            "1234,50",
            "--currency",
            "dkk",
            "--pipeline",
            "renewals",
            "--stage",
            "Offer",
            "--company",
            &cid,
        ],
    );
    assert_eq!((deal["value_minor"].as_i64(), deal["currency"].as_str()), (Some(123_450), Some("DKK")));
    assert_eq!(deal["company_name"], "Acme");
    let deals = ok_json(d, &["deals", "list", "--json"]);
    assert_eq!(deals[0]["title"], "Renewal");
    let out = relata(d, &["deals", "add", "--title", "T", "--value", "1", "--pipeline", "nope"]);
    assert_eq!((out.status.code(), stderr(&out).contains("(field: pipeline)")), (Some(1), true));

    let task =
        ok_json(d, &["tasks", "add", "--title", "Call Acme", "--due", "2025-06-30T09:00:00+02:00", "--company", &cid]);
    assert_eq!(task["due_at"].as_i64(), Some(1_751_266_800_000));
    let tid = task["id"].to_string();
    assert_eq!(ok_json(d, &["tasks", "list", "--json"]).as_array().map(Vec::len), Some(1));
    assert!(ok_json(d, &["tasks", "done", &tid])["done_at"].is_i64());
    assert_eq!(ok_json(d, &["tasks", "list", "--json"]), Value::Array(vec![]));
    assert_eq!(ok_json(d, &["tasks", "list", "--all", "--json"]).as_array().map(Vec::len), Some(1));

    let act = ok_json(
        d,
        &[
            "activities",
            "add",
            "--kind",
            "call",
            "--subject",
            "Intro",
            "--company",
            &cid,
            "--minutes",
            "15",
            "--at",
            "2025-06-01T10:00:00Z",
        ],
    );
    assert_eq!((act["duration_secs"].as_i64(), act["occurred_at"].as_i64()), (Some(900), Some(1_748_772_000_000)));
    let listed = ok_json(d, &["activities", "list", "--company", &cid, "--json"]);
    assert_eq!(listed[0]["subject"], "Intro");
    let out = relata(d, &["activities", "add", "--kind", "note", "--body", "x"]);
    assert_eq!(
        stderr(&out).trim_end(),
        "error: an activity must belong to a person, a company or a deal (field: person_id)"
    );
}

#[test]
fn a_newer_database_is_refused_with_a_clear_message() {
    // A plaintext store from an earlier version, as a newer Relata left it (the CLI encrypts it first).
    let dir = tempfile::tempdir().unwrap();
    drop(relata_core::store::Store::open(dir.path(), std::sync::Arc::new(relata_core::clock::SystemClock)).unwrap());
    let db = dir.path().join("relata.db");
    rusqlite::Connection::open(db).unwrap().execute_batch("PRAGMA user_version = 99").unwrap();
    let out = relata(dir.path(), &["companies", "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("newer Relata (schema 99"), "{}", stderr(&out));
}

#[test]
fn the_cli_keeps_an_encrypted_store_and_an_audit_trail() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let p = ok_json(d, &["people", "add", "--first-name", "Ada", "--last-name", "Lovelace"]);
    let id = p["id"].as_i64().unwrap().to_string();
    assert_eq!(
        ok_json(d, &["security", "status"]),
        serde_json::json!({"encrypted": true, "recovery_passphrase_set": false})
    );
    let header = std::fs::read(d.join("relata.db")).unwrap();
    assert!(!header.starts_with(b"SQLite format 3"), "the CLI writes an encrypted store");
    let trail = ok_json(d, &["audit", "list", "--entity", "person", "--id", &id, "--json"]);
    assert_eq!(trail[0]["action"], "create");
    let csv = relata(d, &["audit", "export"]);
    assert!(String::from_utf8_lossy(&csv.stdout).contains(&format!(",create,person,{id},")));
    let out = relata(d, &["audit", "list", "--id", "3"]);
    assert_eq!(out.status.code(), Some(2), "--id needs --entity");
}

#[test]
fn tasks_repeat_due_and_snooze() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let t = ok_json(
        d,
        &[
            "tasks",
            "add",
            "--title",
            "Weekly",
            "--due",
            "2030-01-07T09:00:00+01:00",
            "--repeat",
            "FREQ=WEEKLY;BYDAY=MO",
        ],
    );
    assert_eq!(t["repeat"], "FREQ=WEEKLY;BYDAY=MO");
    // Without --tz a repeating task gets the system zone (UTC when it cannot be read), never none.
    assert!(t["time_zone"].as_str().is_some_and(|z| !z.is_empty()), "{t}");
    let t = ok_json(
        d,
        &[
            "tasks",
            "add",
            "--title",
            "Zoned",
            "--due",
            "2030-01-07T09:00:00+01:00",
            "--repeat",
            "FREQ=DAILY",
            "--tz",
            "Europe/Copenhagen",
        ],
    );
    assert_eq!(t["time_zone"], "Europe/Copenhagen");
    let out = relata(d, &["tasks", "add", "--title", "T", "--due", "2030-01-01T00:00:00Z", "--repeat", "FREQ=YEARLY"]);
    assert_eq!((out.status.code(), stderr(&out).contains("(field: repeat)")), (Some(1), true), "{}", stderr(&out));
    let out = relata(d, &["tasks", "add", "--title", "T", "--due", "2030-01-01T00:00:00Z", "--tz", "Mars/Base"]);
    assert_eq!((out.status.code(), stderr(&out).contains("(field: time_zone)")), (Some(1), true), "{}", stderr(&out));

    let older = ok_json(d, &["tasks", "add", "--title", "Older", "--due", "2020-01-01T09:00:00Z"]);
    let old = ok_json(
        d,
        &["tasks", "add", "--title", "Old", "--due", "2021-01-01T09:00:00Z", "--remind-at", "2021-01-01T08:00:00Z"],
    );
    let due = ok_json(d, &["tasks", "due", "--json"]);
    let titles: Vec<&str> = due.as_array().unwrap().iter().filter_map(|t| t["title"].as_str()).collect();
    assert_eq!(titles, ["Older", "Old"], "overdue first; future tasks are not due");
    let table = String::from_utf8_lossy(&relata(d, &["tasks", "due"]).stdout).into_owned();
    assert!(table.starts_with("ID") && table.contains("(2 of 2)"), "{table}");

    // A snooze moves the reminder, not the due time: the task is still overdue.
    let id = old["id"].to_string();
    let s = ok_json(d, &["tasks", "snooze", &id, "--until", "2099-01-01T00:00:00Z"]);
    assert_eq!(
        (s["remind_at"].as_i64(), s["due_at"].clone(), s["notified_at"].is_null()),
        (Some(4_070_908_800_000), old["due_at"].clone(), true)
    );
    assert_eq!(ok_json(d, &["tasks", "due", "--json"]).as_array().map(Vec::len), Some(2));
    let out = relata(d, &["tasks", "snooze", &id, "--until", "2001-01-01T00:00:00Z"]);
    assert_eq!((out.status.code(), stderr(&out).contains("(field: until)")), (Some(1), true));
    assert_eq!(relata(d, &["tasks", "snooze", &id, "--until", "later"]).status.code(), Some(2));
    ok_json(d, &["tasks", "done", &older["id"].to_string()]);
    assert_eq!(ok_json(d, &["tasks", "due", "--json"]).as_array().map(Vec::len), Some(1));
}

#[test]
fn cadences_list_apply_and_stop_on_a_reply() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let list = ok_json(d, &["cadences", "list", "--json"]);
    assert_eq!(
        (list[0]["name"].as_str(), list[0]["steps"].as_array().map(Vec::len)),
        (Some("New lead follow-up"), Some(4))
    );
    let table = String::from_utf8_lossy(&relata(d, &["cadences", "list"]).stdout).into_owned();
    assert!(table.contains("day 0 call, day 3 email, day 7 call, day 14 email"), "{table}");

    let p = ok_json(d, &["people", "add", "--first-name", "Anna", "--company", "Tulp BV"]);
    let pid = p["id"].to_string();
    let tasks = ok_json(
        d,
        &[
            "cadences",
            "apply",
            "new lead follow-up",
            "--person",
            &pid,
            "--start",
            "2025-03-28T09:00:00+01:00",
            "--tz",
            "Europe/Amsterdam",
        ],
    );
    let dues: Vec<i64> = tasks.as_array().unwrap().iter().filter_map(|t| t["due_at"].as_i64()).collect();
    // 09:00 local every time, CET before the last Sunday of March and CEST after it.
    assert_eq!(dues, [1_743_148_800_000, 1_743_404_400_000, 1_743_750_000_000, 1_744_354_800_000]);
    assert_eq!(tasks[0]["company_name"], "Tulp BV");
    let out = relata(d, &["cadences", "apply", "nope", "--person", &pid]);
    assert_eq!((out.status.code(), stderr(&out).contains("(field: name)")), (Some(1), true));
    let out = relata(d, &["cadences", "apply", "New lead follow-up", "--person", &pid]);
    assert_eq!((out.status.code(), stderr(&out).contains("already running")), (Some(1), true));
    assert_eq!(ok_json(d, &["tasks", "due", "--json"]).as_array().map(Vec::len), Some(4));

    ok_json(d, &["activities", "add", "--kind", "call", "--direction", "outbound", "--person", &pid]);
    assert_eq!(ok_json(d, &["tasks", "due", "--json"]).as_array().map(Vec::len), Some(4));
    ok_json(d, &["activities", "add", "--kind", "email", "--direction", "inbound", "--person", &pid]);
    assert_eq!(ok_json(d, &["tasks", "due", "--json"]), Value::Array(vec![]));
    assert_eq!(ok_json(d, &["tasks", "list", "--json"]), Value::Array(vec![]));
}

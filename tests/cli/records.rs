//! Records, exports, backups, consent and scoring through the real `relata` binary.

use std::process::Command;

use relata_core::domain::*;
use relata_core::services::people;

use super::scoring_data::{history, lead};
use super::support::*;

/// Runs the `relata` binary on a data dir and returns its stdout, asserting success.
pub fn cli(dir: &std::path::Path, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_relata"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("RELATA_DATA_DIR")
        .output()
        .expect("run relata");
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn cli_exports_and_restores_json() {
    let a = tempfile::tempdir().unwrap();
    cli(
        a.path(),
        &["people", "add", "--first-name", "Søren", "--last-name", "Kierkegaard", "--email", "sk@example.dk"],
    );
    cli(a.path(), &["tasks", "add", "--title", "Write", "--due", "2030-01-01T09:00:00+01:00"]);
    let file = a.path().join("all.json");
    let written: serde_json::Value =
        serde_json::from_str(&cli(a.path(), &["export", "json", "--out", file.to_str().unwrap()])).unwrap();
    assert!(written["count"].as_i64().unwrap() > 5);
    let b = tempfile::tempdir().unwrap();
    cli(b.path(), &["import", "json", file.to_str().unwrap()]);
    let restored = cli(b.path(), &["export", "json"]);
    assert_eq!(without_restore_entry(&restored), comparable(&std::fs::read_to_string(&file).unwrap()));
    let ics = cli(b.path(), &["export", "ics"]);
    assert!(ics.contains("SUMMARY:Write\r\n") && ics.contains("DTSTART:20300101T080000Z\r\n"));
    let vcf = cli(b.path(), &["export", "vcard"]);
    assert!(vcf.contains("FN:Søren Kierkegaard\r\n"));
    let csv = cli(b.path(), &["export", "csv", "--entity", "task"]);
    assert!(csv.lines().count() == 2 && csv.contains("Write"));
}

#[test]
fn cli_records_consent_exports_and_erases() {
    let d = tempfile::tempdir().unwrap();
    let cli = |args: &[&str]| cli(d.path(), args);
    let p: serde_json::Value = serde_json::from_str(&cli(&[
        "people",
        "add",
        "--first-name",
        "Ada",
        "--last-name",
        "Lovelace",
        "--email",
        "ada@example.org",
    ]))
    .unwrap();
    let id = p["id"].to_string();
    cli(&["consent", "add", &id, "--channel", "email", "--purpose", "newsletter", "--source", "double opt-in"]);
    cli(&["consent", "withdraw", &id, "--channel", "email", "--purpose", "newsletter"]);
    let o: serde_json::Value = serde_json::from_str(&cli(&["consent", "list", &id])).unwrap();
    assert_eq!(
        (o["history"].as_array().unwrap().len(), &o["current"][0]["status"]),
        (2, &serde_json::json!("withdrawn"))
    );
    let out = d.path().join("gdpr");
    let files: serde_json::Value =
        serde_json::from_str(&cli(&["gdpr", "export", &id, "--out", out.to_str().unwrap(), "--lang", "nl"])).unwrap();
    assert!(std::fs::read_to_string(files["html"].as_str().unwrap()).unwrap().contains("ada@example.org"));
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_relata"))
        .args(["--data-dir", d.path().to_str().unwrap(), "gdpr", "erase", &id])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    cli(&["gdpr", "erase", &id, "--yes"]);
    let log: serde_json::Value = serde_json::from_str(&cli(&["gdpr", "erasures"])).unwrap();
    assert_eq!(log[0]["person_id"].to_string(), id);
}

#[test]
fn cli_backs_up_lists_verifies_and_restores() {
    let d = tempfile::tempdir().unwrap();
    let cli = |args: &[&str]| cli(d.path(), args);
    cli(&["people", "add", "--first-name", "Ada", "--last-name", "Lovelace"]);
    let made: serde_json::Value = serde_json::from_str(&cli(&["backup", "now"])).unwrap();
    let id = made["id"].as_str().unwrap().to_string();
    cli(&["people", "add", "--first-name", "Grace", "--last-name", "Hopper"]);
    let list: serde_json::Value = serde_json::from_str(&cli(&["backup", "list", "--json"])).unwrap();
    assert_eq!(list[0]["counts"]["people"], 1);
    let check: serde_json::Value = serde_json::from_str(&cli(&["backup", "verify", &id])).unwrap();
    assert_eq!(check["ok"], true);
    cli(&["backup", "restore", &id]);
    let people: serde_json::Value = serde_json::from_str(&cli(&["people", "list", "--json"])).unwrap();
    assert_eq!(people.as_array().unwrap().len(), 1);
    let settings: serde_json::Value =
        serde_json::from_str(&cli(&["backup", "settings", "--keep", "3", "--auto", "off"])).unwrap();
    assert_eq!(settings, serde_json::json!({"auto": false, "keep": 3}));
}

#[test]
fn cli_trains_lists_and_explains() {
    let e = env();
    history(&e, 80, 9);
    let open = people::create(&e.store, lead("Open", LeadStatus::Open)).unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_relata"))
            .arg("--data-dir")
            .arg(e.dir.path())
            .args(args)
            .env_remove("RELATA_DATA_DIR")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let report: serde_json::Value = serde_json::from_str(&run(&["scoring", "train", "--json"])).unwrap();
    assert_eq!(report["model"]["rows"], 80);
    assert!(run(&["scoring", "train"]).contains("AUC"));
    let leads: serde_json::Value =
        serde_json::from_str(&run(&["leads", "list", "--status", "open", "--json"])).unwrap();
    assert_eq!(leads.as_array().unwrap().len(), 1);
    assert_eq!(leads[0]["id"], open.id);
    assert!(leads[0]["score"].is_i64() && leads[0]["band"].is_string(), "{leads}");
    let all: serde_json::Value = serde_json::from_str(&run(&["leads", "list", "--json"])).unwrap();
    assert!(all[0]["custom"]["industry"].is_string(), "{}", all[0]);
    let why: serde_json::Value =
        serde_json::from_str(&run(&["leads", "explain", &open.id.to_string(), "--json"])).unwrap();
    assert_eq!(why["person_id"], open.id);
    let added: serde_json::Value = serde_json::from_str(&run(&[
        "scoring",
        "rules",
        "add",
        "--attribute",
        "custom.industry",
        "--value",
        "saas",
        "--points",
        "-5",
    ]))
    .unwrap();
    assert!(added["match_count"].as_i64().unwrap() > 10, "{added}");
    assert!(run(&["scoring", "rules", "list"]).contains("custom.industry eq saas"));
    run(&["scoring", "rules", "remove", &added["id"].to_string()]);
    assert!(run(&["scoring", "rules", "list", "--json"]).trim() == "[]");
}

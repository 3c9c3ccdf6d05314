//! `relata import` and `relata people merge` end to end, and an import killed mid-way.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::commands::{ok_json, relata};
use super::support::fixture;
use super::support::write_people_csv;
use relata_core::services::search_backlog;

#[test]
fn import_leads_with_mapping_dry_run_and_undo() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = fixture("salesforce_leads.csv");
    let file = file.to_str().unwrap();
    let dry = ok_json(d, &["import", "csv", file, "--entity", "leads", "--dry-run", "--json"]);
    assert_eq!((dry["created"].as_u64(), dry["batch_id"].is_null()), (Some(3), true));
    let args =
        ["import", "csv", file, "--entity", "leads", "--map", "Rating=ignore", "--on-duplicate", "update", "--json"];
    let report = ok_json(d, &args);
    assert_eq!(report["created"], 3);
    assert_eq!(report["errors"][0]["row"], 5);
    assert_eq!(report["errors"][0]["field"], "status");
    assert_eq!(report["custom_fields_created"].as_array().map(Vec::len), Some(0));
    let again = ok_json(d, &args);
    assert_eq!((again["created"].as_u64(), again["updated"].as_u64()), (Some(0), Some(3)));
    let batch = report["batch_id"].to_string();
    let undone = ok_json(d, &["import", "undo", &batch]);
    assert_eq!(undone["deleted"], 5); // three leads and the two companies they brought
    let bad = relata(d, &["import", "csv", file, "--map", "Rating=shoe_size"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("field: mappings.0.target"));
    let summary = relata(d, &["import", "vcard", fixture("contacts.vcf").to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&summary.stdout).starts_with("created 3, updated 0, skipped 0, rejected 0 of 3 rows")
    );
}

/// The CLI ends with the import, so it writes the queued search entries before it returns.
#[test]
fn a_large_import_from_the_command_line_is_searchable_when_it_returns() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = d.join("large.csv");
    let rows = search_backlog::INLINE as usize + 50;
    write_people_csv(&file, rows);
    let out = relata(d, &["import", "csv", file.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((report["created"].as_u64(), report["search_pending"].as_u64()), (Some(rows as u64), Some(50)));
    assert!(String::from_utf8_lossy(&out.stderr).contains("search index: 50 of 50 people"));
    let last = format!("Person{}", rows - 1);
    let found = ok_json(d, &["people", "list", "--search", &last, "--json"]);
    assert_eq!(found.as_array().map(Vec::len), Some(1));
}

#[test]
fn people_merge_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let a = ok_json(d, &["people", "add", "--first-name", "Ada", "--email", "ada@a.example", "--tag", "x"]);
    let b = ok_json(d, &["people", "add", "--first-name", "Ada", "--last-name", "King", "--email", "ada@b.example"]);
    let (a, b) = (a["id"].to_string(), b["id"].to_string());
    let merged = ok_json(d, &["people", "merge", &a, &b]);
    assert_eq!(merged["emails"].as_array().map(Vec::len), Some(2));
    assert_eq!(merged["tags"][0], "x");
    assert_eq!(relata(d, &["people", "get", &a]).status.code(), Some(1));
}

/// SIGKILL in the middle of a large import: the database is intact and holds nothing of that import.
#[test]
fn an_import_killed_midway_leaves_no_rows_and_a_sound_database() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok_json(d, &["people", "add", "--first-name", "Existing"]);
    let file = d.join("big.csv");
    write_people_csv(&file, 400_000);
    let mut child = Command::new(env!("CARGO_BIN_EXE_relata"))
        .arg("--data-dir")
        .arg(d)
        .args(["import", "csv", file.to_str().unwrap(), "--json"])
        .env_remove("RELATA_DATA_DIR")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the import has written a good part into the WAL (the page cache spills), or a while.
    let wal = d.join("relata.db-wal");
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(20) {
        if std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) > 8 << 20 {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(child.try_wait().unwrap().is_none(), "the import finished before it could be killed");
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();

    // The CLI keeps the store encrypted with its key in the keyring; open it the same way.
    let secrets = relata_core::secrets::KeyringSecrets::new();
    let store =
        relata_core::bootstrap::open_store(d, std::sync::Arc::new(relata_core::clock::SystemClock), &secrets).unwrap();
    store
        .read(|conn| {
            let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
            assert_eq!(check, "ok");
            let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
            assert_eq!(count("SELECT count(*) FROM people"), 1);
            assert_eq!(count("SELECT count(*) FROM import_batches"), 0);
            assert_eq!(count("SELECT count(*) FROM people_fts"), 1);
            Ok(())
        })
        .unwrap();
    drop(store);
    // And the app opens it and can import again.
    let report = ok_json(d, &["import", "csv", fixture("utf8_bom.csv").to_str().unwrap(), "--json"]);
    assert_eq!(report["created"], 1);
}

/// An import that rejected every row failed: a non-zero exit and one line on stderr saying so; a nameless
/// lead with an email or an external id is imported, and an unknown country is a warning.
#[test]
fn an_import_that_rejects_every_row_fails() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bad = d.join("bad.csv");
    std::fs::write(&bad, "Campaign,Score\nSpring,3\nAutumn,5\n").unwrap();
    let out = relata(d, &["import", "csv", bad.to_str().unwrap(), "--entity", "leads"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: all 2 rows were rejected, nothing was imported (row 2: "), "{stderr}");
    let json = relata(d, &["import", "csv", bad.to_str().unwrap(), "--json", "--dry-run"]);
    assert_eq!(json.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["errors"].as_array().map(Vec::len), Some(2));

    let good = d.join("leads.csv");
    std::fs::write(&good, "Lead ID,Email,Country\nL-1,,Kuwait\n,x@lead.example,Atlantis\n,,Bahrain\n").unwrap();
    let out = relata(d, &["import", "csv", good.to_str().unwrap(), "--entity", "leads"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("created 2, updated 0, skipped 0, rejected 1 of 3 rows"), "{stdout}");
    assert!(stdout.contains("row 3: warning: \"Atlantis\" is not a country Relata knows"), "{stdout}");
    let listed = ok_json(d, &["people", "list", "--json"]);
    let mut names: Vec<&str> = listed.as_array().unwrap().iter().filter_map(|p| p["display_name"].as_str()).collect();
    names.sort();
    assert_eq!(names, ["L-1", "x@lead.example"]);
}

//! `relata team ...` and `relata people update` through the real binary. The team test needs a real
//! PostgreSQL (`.ci/with-postgres.sh`) and keyring (`.ci/with-keyring.sh`) and fails without them.

use std::process::Command;

use serde_json::Value;

/// The throwaway PostgreSQL of `.ci/with-postgres.sh`.
pub struct Pg {
    pub host: String,
    pub port: String,
    pub admin: String,
    pub password: String,
}

impl Pg {
    pub fn from_env() -> Pg {
        let var =
            |n: &str| std::env::var(n).unwrap_or_else(|_| panic!("{n} is not set: run under .ci/with-postgres.sh"));
        Pg {
            host: var("RELATA_TEST_PG_HOST"),
            port: var("RELATA_TEST_PG_PORT"),
            admin: var("RELATA_TEST_PG_USER"),
            password: var("RELATA_TEST_PG_PASSWORD"),
        }
    }

    /// Runs one SQL statement as the cluster's admin in `db`; returns psql's unaligned output.
    pub fn psql(&self, db: &str, sql: &str) -> String {
        let out = Command::new("psql")
            .args(["-X", "-q", "-A", "-t", "-F", "|", "-h", &self.host, "-p", &self.port, "-U", &self.admin, "-d", db])
            .args(["-c", sql])
            .env("PGPASSWORD", &self.password)
            .output()
            .expect("psql");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    /// A fresh database of this test's own.
    pub fn database(&self, prefix: &str) -> String {
        let db = format!("{prefix}_{}", std::process::id());
        self.psql("postgres", &format!("CREATE DATABASE {db}"));
        db
    }
}

use super::commands::{ok_json, relata, relata_stdin};

/// Runs `relata` with `stdin` on standard input; returns (exit code, stdout JSON or Null, stderr).
pub fn with_stdin(dir: &std::path::Path, args: &[&str], stdin: &str) -> (Option<i32>, Value, String) {
    let out = relata_stdin(dir, args, stdin);
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code(), json, String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn people_update_changes_only_the_given_fields() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let p = ok_json(
        d,
        &["people", "add", "--first-name", "Ann", "--last-name", "Lee", "--email", "ann@x.test", "--owner", "sam"],
    );
    let id = p["id"].to_string();
    let u = ok_json(d, &["people", "update", &id, "--city", "Ghent", "--job-title", "CTO", "--source", "fair"]);
    assert_eq!(
        (u["address"]["city"].as_str(), u["job_title"].as_str(), u["source"].as_str()),
        (Some("Ghent"), Some("CTO"), Some("fair"))
    );
    assert_eq!((u["first_name"].as_str(), u["emails"][0]["value"].as_str()), (Some("Ann"), Some("ann@x.test")));
    assert_eq!(u["owner"].as_str(), Some("sam"));
    let u = ok_json(d, &["people", "update", &id, "--owner", "", "--last-name", "Li"]);
    assert_eq!(
        (u["owner"].clone(), u["last_name"].as_str(), u["job_title"].as_str()),
        (Value::Null, Some("Li"), Some("CTO"))
    );
    let missing = relata(d, &["people", "update", "999", "--city", "X"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).starts_with("error: "));
}

#[test]
fn companies_and_deals_update_change_only_the_given_fields() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let c = ok_json(d, &["companies", "add", "--name", "Acme", "--industry", "Tools", "--owner", "sam"]);
    let cid = c["id"].to_string();
    let u = ok_json(d, &["companies", "update", &cid, "--city", "Bruges", "--website", "https://acme.test"]);
    assert_eq!(
        (u["address"]["city"].as_str(), u["industry"].as_str(), u["owner"].as_str()),
        (Some("Bruges"), Some("Tools"), Some("sam"))
    );
    let deal =
        ok_json(d, &["deals", "add", "--title", "Big", "--value", "100", "--currency", "EUR", "--company", &cid]);
    let did = deal["id"].to_string();
    let u = ok_json(d, &["deals", "update", &did, "--stage", "proposal", "--value", "250.50", "--owner", "kim"]);
    assert_eq!(
        (u["value_minor"].as_i64(), u["title"].as_str(), u["owner"].as_str()),
        (Some(25050), Some("Big"), Some("kim"))
    );
    assert_ne!(u["stage_id"], deal["stage_id"]);
    assert_eq!(u["company_id"].to_string(), cid);
    let u = ok_json(d, &["deals", "update", &did, "--company", "0"]);
    assert_eq!(u["company_id"], Value::Null);
    let bad = relata(d, &["deals", "update", &did, "--stage", "nowhere"]);
    assert_eq!(bad.status.code(), Some(1));
}

#[test]
fn two_desktops_share_a_workspace_through_the_cli() {
    let pg = Pg::from_env();
    let (code, _, err) = with_stdin(
        tempfile::tempdir().unwrap().path(),
        &["team", "init", "--url", &format!("postgres://{}@{}:{}/postgres", pg.admin, pg.host, pg.port)],
        "wrong-password\n",
    );
    assert_eq!(code, Some(1));
    assert!(err.starts_with("error: ") && !err.contains("wrong-password"), "{err}");
    let db = pg.database("cli_ws");
    let (host, port, admin, password) = (&pg.host, &pg.port, &pg.admin, &pg.password);

    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let url = format!("postgres://{host}:{port}/{db}");
    let (code, init, err) = with_stdin(
        a.path(),
        &["team", "init", "--url", &format!("postgres://{admin}@{host}:{port}/{db}")],
        &format!("{password}\n"),
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!((init["joined"].as_bool(), init["role"].as_str()), (Some(true), Some("admin")));
    let user = format!("rep_{}", std::process::id());
    let (code, invite, err) =
        with_stdin(a.path(), &["team", "invite", "--user", &user, "--role", "manager"], "first-pw\n");
    assert_eq!(code, Some(0), "{err}");
    assert!(invite["join"].as_str().unwrap().contains(&url), "{invite}");
    let (code, joined, err) = with_stdin(b.path(), &["team", "join", "--url", &url, "--user", &user], "first-pw\n");
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(joined["role"].as_str(), Some("manager"));

    let p = ok_json(a.path(), &["people", "add", "--first-name", "Cli", "--last-name", "Person"]);
    assert!(ok_json(a.path(), &["team", "status", "--json"])["pending"].as_i64().unwrap() > 0);
    ok_json(a.path(), &["team", "sync"]);
    assert_eq!(ok_json(a.path(), &["team", "status", "--json"])["pending"], 0);
    let pulled = ok_json(b.path(), &["team", "sync"]);
    assert!(pulled["pulled"].as_i64().unwrap() > 0, "{pulled}");
    let list = ok_json(b.path(), &["people", "list", "--json"]);
    let on_b = list["rows"].as_array().or(list.as_array()).unwrap().iter().find(|r| r["first_name"] == "Cli").cloned();
    let on_b = on_b.expect("the person reached B")["id"].to_string();
    ok_json(b.path(), &["people", "update", &on_b, "--city", "Leuven"]);
    ok_json(b.path(), &["team", "sync"]);
    ok_json(a.path(), &["team", "sync"]);
    let got = ok_json(a.path(), &["people", "get", &p["id"].to_string()]);
    assert_eq!(got["address"]["city"].as_str(), Some("Leuven"));
    assert!(ok_json(a.path(), &["team", "conflicts", "--json"]).as_array().unwrap().is_empty());
    let left = ok_json(b.path(), &["team", "leave"]);
    assert_eq!(left["joined"].as_bool(), Some(false));
    assert_eq!(ok_json(b.path(), &["people", "get", &on_b])["address"]["city"].as_str(), Some("Leuven"));
    let not_joined = relata(b.path(), &["team", "sync"]);
    assert_eq!(not_joined.status.code(), Some(1));
}

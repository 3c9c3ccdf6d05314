//! `relata tickets` and `relata sla`: calendars and policies from JSON files, a ticket's history recorded
//! with past times, its SLA object, and the breaching list.

use super::commands::{ok_json, relata};
use super::support::repo_root;

fn fixture(name: &str) -> String {
    repo_root().join("tests/fixtures/sla").join(name).to_string_lossy().into_owned()
}

#[test]
fn tickets_with_sla_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A policy needs its calendar first; a bad file names the problem.
    let no_cal = relata(d, &["sla", "policy", "add", "--file", &fixture("standard.json")]);
    assert_eq!(no_cal.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&no_cal.stderr).starts_with("error: no calendar named \"Office NL\""));
    let bad = d.join("bad.json");
    std::fs::write(&bad, r#"{"name": "X", "timezone": "Nowhere/City", "hours": {"mon": [["09:00", "17:00"]]}}"#)
        .unwrap();
    let out = relata(d, &["sla", "calendar", "add", "--file", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("(field: timezone)"));
    let cal = ok_json(d, &["sla", "calendar", "add", "--file", &fixture("office-nl.json")]);
    assert_eq!((cal["name"].as_str(), cal["public_holidays"].as_str()), (Some("Office NL"), Some("NL")));
    let pol = ok_json(d, &["sla", "policy", "add", "--file", &fixture("standard.json")]);
    assert_eq!((pol["position"].as_i64(), pol["targets"]["urgent"]["first_response"].as_i64()), (Some(1), Some(60)));
    assert_eq!(ok_json(d, &["sla", "calendar", "list", "--json"])[0]["timezone"], "Europe/Amsterdam");
    assert_eq!(ok_json(d, &["sla", "policy", "list", "--json"])[0]["pause_statuses"][1], "on_hold");

    let p = ok_json(d, &["people", "add", "--first-name", "Ann", "--last-name", "Klant"]);
    let pid = p["id"].as_i64().unwrap().to_string();
    // Monday 2026-06-01 10:00 Amsterdam, urgent: first response due at 11:00, answered at 10:40.
    let t = ok_json(
        d,
        &[
            "tickets",
            "add",
            "--subject",
            "Down",
            "--person",
            &pid,
            "--priority",
            "urgent",
            "--type",
            "incident",
            "--channel",
            "email",
            "--assignee",
            "bob",
            "--at",
            "2026-06-01T10:00:00+02:00",
        ],
    );
    assert_eq!(
        (t["number"].as_str(), t["status"].as_str(), t["type"].as_str()),
        (Some("T-000001"), Some("new"), Some("incident"))
    );
    ok_json(d, &["tickets", "reply", "T-000001", "--body", "Looking into it", "--at", "2026-06-01T10:40:00+02:00"]);
    ok_json(
        d,
        &["tickets", "reply", "T-000001", "--body", "Disk full", "--internal", "--at", "2026-06-01T10:45:00+02:00"],
    );
    ok_json(d, &["tickets", "status", "T-000001", "pending", "--at", "2026-06-01T11:00:00+02:00"]);
    // The customer's answer at 14:00 reopens it; solved at 15:00 (the break and the pause do not count).
    let r = ok_json(
        d,
        &["tickets", "reply", "1", "--customer", "--body", "Thanks, and?", "--at", "2026-06-01T14:00:00+02:00"],
    );
    assert_eq!(r["status"], "open");
    ok_json(d, &["tickets", "status", "T-000001", "solved", "--at", "2026-06-01T15:00:00+02:00"]);
    let rated = ok_json(d, &["tickets", "rate", "T-000001", "5", "--comment", "Fast"]);
    assert_eq!(rated["satisfaction"], 5);
    let show = ok_json(d, &["tickets", "show", "T-000001", "--json"]);
    let sla = &show["sla"];
    assert_eq!(sla["policy"], "Standard");
    assert_eq!(sla["first_response_due"], "2026-06-01T09:00:00Z");
    assert_eq!(sla["first_response_at"], "2026-06-01T08:40:00Z");
    assert_eq!(sla["first_response_met"], true);
    assert_eq!(sla["resolved_at"], "2026-06-01T13:00:00Z");
    assert_eq!(sla["resolution_met"], true);
    // Pending from 11:00 to 14:00 is two business hours (12:00-13:00 is the break).
    assert_eq!(sla["paused_minutes"], 120);
    assert_eq!(sla["breaching_soon"], false);
    let kinds: Vec<&str> = show["events"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["created", "assign", "reply", "note", "status", "customer_reply", "status", "status", "rating"]);

    // A normal ticket from last year nobody answered is breached; a low one has no policy at all.
    ok_json(d, &["tickets", "add", "--subject", "Old", "--person", &pid, "--at", "2025-06-02T09:00:00+02:00"]);
    let low = ok_json(d, &["tickets", "add", "--subject", "Later", "--person", &pid, "--priority", "low"]);
    assert!(low["sla"]["policy"].is_null());
    let breaching = ok_json(d, &["tickets", "list", "--breaching", "--json"]);
    let numbers: Vec<&str> = breaching.as_array().unwrap().iter().map(|t| t["number"].as_str().unwrap()).collect();
    assert_eq!(numbers, ["T-000002"]);
    assert_eq!(breaching[0]["sla"]["first_response_met"], false);
    assert_eq!(ok_json(d, &["tickets", "list", "--status", "solved", "--json"]).as_array().map(Vec::len), Some(1));
    // Paging: two at a time, the next page after the last number shown.
    let numbers = |v: &serde_json::Value| -> Vec<String> {
        v.as_array().unwrap().iter().map(|t| t["number"].as_str().unwrap().to_owned()).collect()
    };
    let all = numbers(&ok_json(d, &["tickets", "list", "--json"]));
    let first = numbers(&ok_json(d, &["tickets", "list", "--limit", "2", "--json"]));
    let rest = numbers(&ok_json(d, &["tickets", "list", "--limit", "2", "--after", &first[1], "--json"]));
    assert_eq!([first, rest].concat(), all);
    let table = relata(d, &["tickets", "list"]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("T-000002") && text.contains("breached") && text.contains("(3 of 3)"), "{text}");
    // Errors: an unknown ticket, a rating before solving, a time in the future.
    for args in [
        vec!["tickets", "show", "T-000099"],
        vec!["tickets", "rate", "T-000002", "4"],
        vec!["tickets", "reply", "T-000002", "--body", "x", "--at", "2999-01-01T00:00:00Z"],
    ] {
        let out = relata(d, &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: "), "{args:?}");
    }
}

/// `tickets reply --email` queues the reply (tagged subject, event Message-ID) and the outbox sends it to the
/// real SMTP server; without --email nothing is queued. Run under .ci/with-keyring.sh and .ci/with-smtp.sh.
#[test]
fn ticket_replies_by_email_from_the_command_line() {
    use super::mail::{add_account, var};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // --email needs an account.
    let p = ok_json(d, &["people", "add", "--first-name", "Ann", "--last-name", "Klant", "--email", "ann@klant.test"]);
    let pid = p["id"].as_i64().unwrap().to_string();
    ok_json(d, &["tickets", "add", "--subject", "Down", "--person", &pid]);
    let out = relata(d, &["tickets", "reply", "T-000001", "--body", "Hi", "--email"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: there is no mail account"));
    let out = add_account(d, "Work", "none", &var("RELATA_TEST_SMTP_PORT"), None, &var("RELATA_TEST_SMTP_PASSWORD"));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    ok_json(d, &["tickets", "reply", "T-000001", "--body", "Not by mail"]);
    assert_eq!(ok_json(d, &["outbox", "list", "--json"]).as_array().map(Vec::len), Some(0));
    let on = ok_json(d, &["mail", "account", "support", "Work"]);
    assert_eq!(on["support_mailbox"], true);
    assert_eq!(ok_json(d, &["mail", "account", "support", "Work", "--off"])["support_mailbox"], false);
    let out = relata(d, &["tickets", "reply", "T-000001", "--body", "x", "--email", "--internal"]);
    assert_eq!(out.status.code(), Some(2), "an internal note is never emailed");

    let t = ok_json(d, &["tickets", "reply", "T-000001", "--body", "We are on it", "--email", "--author", "bob"]);
    assert_eq!(t["events"].as_array().unwrap().iter().filter(|e| e["kind"] == "reply").count(), 2);
    let rows = ok_json(d, &["outbox", "list", "--json"]);
    assert_eq!(rows.as_array().map(Vec::len), Some(1));
    assert_eq!(rows[0]["recipient"].as_str(), Some("ann@klant.test"), "{rows}");
    let summary = ok_json(d, &["outbox", "run"]);
    assert_eq!(summary["sent"].as_u64(), Some(1), "{summary}");
    let message_id = ok_json(d, &["outbox", "list", "--json"])[0]["message_id"].as_str().unwrap().to_string();
    let log = std::fs::read_to_string(var("RELATA_TEST_SMTP_LOG")).unwrap();
    let record: serde_json::Value = log
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|r| r["message_id"] == message_id.as_str())
        .expect("the server received the reply");
    assert!(record["raw"].as_str().unwrap().contains("Subject: Re: [T-000001] Down"), "{record}");
}

/// `relata support metrics` over a week of history: JSON, one figure as CSV, the summary table, one agent,
/// and a bad date named by its field.
#[test]
fn support_metrics_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok_json(d, &["sla", "calendar", "add", "--file", &fixture("office-nl.json")]);
    ok_json(d, &["sla", "policy", "add", "--file", &fixture("standard.json")]);
    let p = ok_json(d, &["people", "add", "--first-name", "Ann", "--last-name", "Klant"]);
    let pid = p["id"].as_i64().unwrap().to_string();
    let add = |prio: &str, channel: &str, agent: &str, at: &str| {
        let args = ["tickets", "add", "--subject", "S", "--person", &pid, "--priority", prio];
        ok_json(d, &[&args[..], &["--channel", channel, "--assignee", agent, "--at", at]].concat());
    };
    // Normal, by phone: answered after 40 business minutes, solved after 240 (the break does not count).
    add("normal", "phone", "bob", "2026-06-01T10:00:00+02:00");
    ok_json(d, &["tickets", "reply", "T-000001", "--body", "On it", "--at", "2026-06-01T10:40:00+02:00"]);
    ok_json(d, &["tickets", "status", "T-000001", "solved", "--at", "2026-06-01T15:00:00+02:00"]);
    ok_json(d, &["tickets", "rate", "T-000001", "4"]);
    // Urgent, by email: answered after 120 minutes against a target of 60, still open.
    add("urgent", "email", "eve", "2026-06-02T09:00:00+02:00");
    ok_json(d, &["tickets", "reply", "T-000002", "--body", "Sorry", "--at", "2026-06-02T11:00:00+02:00"]);

    let week = ["support", "metrics", "--from", "2026-06-01", "--to", "2026-06-07"];
    let m = ok_json(d, &[&week[..], &["--json"]].concat());
    assert_eq!((m["opened"].as_i64(), m["resolved"].as_i64(), m["breached"].as_i64()), (Some(2), Some(1), Some(1)));
    assert_eq!(m["first_response"], serde_json::json!({"count": 2, "median_minutes": 40, "p90_minutes": 120}));
    assert_eq!(m["resolution"]["median_minutes"], 240);
    assert_eq!((m["sla"]["share"].as_f64(), m["satisfaction"]["average"].as_f64()), (Some(1.0), Some(4.0)));
    assert_eq!(m["backlog"]["by_age"][4], serde_json::json!({"age": "over_30_days", "count": 1}));
    assert_eq!(m["agents"][1]["agent"], "eve");
    let csv = relata(d, &[&week[..], &["--csv", "channels"]].concat());
    assert_eq!(String::from_utf8_lossy(&csv.stdout), "channel,count\nemail,1\nphone,1\n");
    let table = relata(d, &week);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.lines().any(|l| l.split_whitespace().eq(["first_response_median_minutes", "40"])), "{text}");
    let bob = ok_json(d, &[&week[..], &["--agent", "bob", "--json"]].concat());
    assert_eq!((bob["opened"].as_i64(), bob["backlog"]["total"].as_i64()), (Some(1), Some(0)));
    let bad = relata(d, &["support", "metrics", "--from", "June", "--to", "2026-06-07"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("(field: from)"));
}

/// A calendar's closed dates from an ICS feed, merged with the file's own; a yearly event closes its date
/// in each year around now, and a file that is not iCalendar is refused.
#[test]
fn calendar_holidays_from_an_ics_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let args = ["sla", "calendar", "add", "--file", &fixture("office-nl.json"), "--holidays-ics"];
    let out = relata(d, &[&args[..], &[&fixture("closures.ics")]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("not taken"), "{out:?}");
    let cal: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let dates: Vec<&str> = cal["holidays"].as_array().unwrap().iter().filter_map(|d| d.as_str()).collect();
    let (yearly, once): (Vec<&str>, Vec<&str>) = dates.iter().copied().partition(|d| d.ends_with("-01-02"));
    assert_eq!(once, ["2026-06-12", "2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31"]);
    // The Nieuwjaarsborrel (yearly from 2026-01-02), expanded up to ten years after this year.
    let this_year = chrono::Utc::now().format("%Y").to_string().parse::<i32>().unwrap();
    let expected: Vec<String> = (2026..=this_year + 10).map(|y| format!("{y}-01-02")).collect();
    assert_eq!(yearly, expected);
    let listed = ok_json(d, &["sla", "calendar", "list", "--json"]);
    assert_eq!(listed[0]["holidays"].as_array().map(Vec::len), Some(dates.len()));

    let out = relata(d, &[&args[..], &[&fixture("standard.json")]].concat());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an ICS calendar"), "{out:?}");
}

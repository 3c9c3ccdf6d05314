//! `relata campaigns` through the real binary, sending through the outbox to the aiosmtpd of .ci/with-smtp.sh:
//! add, cost, members from a segment, a dry run that lists who is skipped and why, a send that the server
//! receives once per consenting member in their language, a second send that queues nothing, the report and
//! the A/B results.

use serde_json::{json, Value};

use super::commands::{ok_json, relata};
use super::mail::{add_account, var};

#[test]
fn campaigns_send_only_to_consenting_members_once_through_the_real_server() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = add_account(
        d,
        "Work",
        "starttls",
        &var("RELATA_TEST_SMTP_STARTTLS_PORT"),
        Some(&var("RELATA_TEST_SMTP_CERT_SHA256")),
        &var("RELATA_TEST_SMTP_PASSWORD"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    for (lang, subject) in [("en", "News for {{ person.first_name }}"), ("da", "Nyheder til {{ person.first_name }}")] {
        let body = d.join(format!("{lang}.txt"));
        std::fs::write(&body, "Hi {{ person.first_name }}").unwrap();
        ok_json(
            d,
            &[
                "templates",
                "add",
                "--name",
                "News",
                "--lang",
                lang,
                "--subject",
                subject,
                "--body-file",
                body.to_str().unwrap(),
            ],
        );
    }
    let mut ids = Vec::new();
    for (first, email, lang) in
        [("Ann", Some("ann@kunde.test"), "da"), ("Bob", Some("bob@kunde.test"), "en"), ("Cy", None, "en")]
    {
        let mut args = vec!["people", "add", "--first-name", first, "--last-name", "Camp", "--tag", "camp"];
        if let Some(e) = email {
            args.extend(["--email", e]);
        }
        let id = ok_json(d, &args)["id"].as_i64().unwrap().to_string();
        ok_json(d, &["people", "update", &id, "--language", lang]);
        ids.push(id);
    }
    // Ann and Cy agreed to the newsletter by email; Bob did not.
    for id in [&ids[0], &ids[2]] {
        ok_json(d, &["consent", "add", id, "--channel", "email", "--purpose", "newsletter"]);
    }
    let filter = d.join("camp.json");
    std::fs::write(&filter, json!({"all": [{"field": "tags", "op": "contains", "value": "camp"}]}).to_string())
        .unwrap();
    let seg = ok_json(d, &["segments", "add", "--name", "Camp", "--filter-file", filter.to_str().unwrap()]);

    let c = ok_json(
        d,
        &[
            "campaigns",
            "add",
            "--name",
            "Spring",
            "--channel",
            "email",
            "--purpose",
            "newsletter",
            "--budget",
            "1000",
            "--currency",
            "EUR",
        ],
    );
    assert_eq!((c["budget_minor"].as_i64(), c["currency"].as_str()), (Some(100_000), Some("EUR")));
    let id = c["id"].as_i64().unwrap().to_string();
    let cost = ok_json(d, &["campaigns", "cost", &id, "--amount", "250,50", "--date", "2025-03-01", "--note", "ads"]);
    assert_eq!(cost["amount_minor"], 25_050);
    let seg_id = seg["id"].as_i64().unwrap().to_string();
    assert_eq!(ok_json(d, &["campaigns", "members", &id, "--segment", &seg_id]), json!({"added": 3}));

    let dry = ok_json(d, &["campaigns", "send", &id, "--template", "News", "--dry-run"]);
    let names = |v: &Value, key: &str| -> Vec<(String, String)> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["name"].as_str().unwrap().to_string(), r["reason"].as_str().unwrap_or("").to_string()))
            .collect()
    };
    assert_eq!(names(&dry, "recipients"), vec![("Ann Camp".to_string(), String::new())]);
    assert_eq!(
        names(&dry, "skipped"),
        vec![("Bob Camp".to_string(), "no_consent".to_string()), ("Cy Camp".to_string(), "no_address".to_string())]
    );
    assert_eq!(ok_json(d, &["outbox", "list", "--json"]).as_array().map(Vec::len), Some(0), "a dry run queues nothing");

    let sent = ok_json(d, &["campaigns", "send", &id, "--template", "News"]);
    assert_eq!(sent["queued"], 1);
    let again = ok_json(d, &["campaigns", "send", &id, "--template", "News"]);
    assert_eq!((again["queued"].as_u64(), again["already_sent"].as_u64()), (Some(0), Some(1)));
    let summary = ok_json(d, &["outbox", "run"]);
    assert_eq!(summary["sent"].as_u64(), Some(1), "{summary}");

    let log = std::fs::read_to_string(var("RELATA_TEST_SMTP_LOG")).unwrap();
    let queued = ok_json(d, &["outbox", "list", "--json"]);
    let message_id = queued[0]["message_id"].as_str().unwrap();
    let ours: Vec<Value> = log
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|r| r["message_id"] == message_id)
        .collect();
    assert_eq!(ours.len(), 1, "the server received Ann's message once");
    let raw = ours[0]["raw"].as_str().unwrap();
    assert!(raw.contains("Nyheder til Ann") && raw.contains("List-Unsubscribe"), "{raw}");
    assert!(!log.contains("bob@kunde.test"), "nothing went to Bob");

    let report = ok_json(d, &["campaigns", "report", &id, "--json", "--model", "linear"]);
    assert_eq!(
        (report["members"].as_u64(), report["sent"].as_u64(), report["cost_minor"].as_i64()),
        (Some(3), Some(1), Some(25_050))
    );
    let listed = ok_json(d, &["campaigns", "list", "--json"]);
    assert_eq!((listed[0]["members"].as_i64(), listed[0]["cost_minor"].as_i64()), (Some(3), Some(25_050)));
    // No A/B test on this campaign, and one cannot start after sending.
    assert_eq!(relata(d, &["campaigns", "abtest", &id, "--json"]).status.code(), Some(1));
    let late =
        relata(d, &["campaigns", "abtest", &id, "--variant", "News", "--variant", "News:Other", "--percent", "100"]);
    assert_eq!(late.status.code(), Some(1));
}

#[test]
fn campaigns_abtest_splits_and_reports_variants() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let body = d.join("b.txt");
    std::fs::write(&body, "Hi").unwrap();
    ok_json(
        d,
        &["templates", "add", "--name", "A", "--lang", "en", "--subject", "A", "--body-file", body.to_str().unwrap()],
    );
    for i in 0..10 {
        ok_json(
            d,
            &[
                "people",
                "add",
                "--first-name",
                &format!("P{i}"),
                "--last-name",
                "Ab",
                "--email",
                &format!("p{i}@x.test"),
            ],
        );
    }
    let filter = d.join("all.json");
    std::fs::write(&filter, json!({"all": []}).to_string()).unwrap();
    let seg = ok_json(d, &["segments", "add", "--name", "All", "--filter-file", filter.to_str().unwrap()]);
    let c = ok_json(d, &["campaigns", "add", "--name", "AB", "--purpose", "newsletter"]);
    let id = c["id"].as_i64().unwrap().to_string();
    ok_json(d, &["campaigns", "members", &id, "--segment", &seg["id"].as_i64().unwrap().to_string()]);
    let setup = ok_json(
        d,
        &[
            "campaigns",
            "abtest",
            &id,
            "--variant",
            "A",
            "--variant",
            "A:Subject B",
            "--percent",
            "40",
            "--seed",
            "9",
            "--metric",
            "reply",
        ],
    );
    assert_eq!((setup["seed"].as_i64(), setup["test_percent"].as_u64()), (Some(9), Some(40)));
    let report = ok_json(d, &["campaigns", "abtest", &id, "--json"]);
    let variants = report["variants"].as_array().unwrap();
    assert_eq!(variants.len(), 2);
    assert_eq!(variants[1]["subject"], "Subject B");
    assert!(report["winner"].is_null());
    let members = ok_json(d, &["campaigns", "members", &id, "--json"]);
    let in_test = members.as_array().unwrap().iter().filter(|m| !m["variant"].is_null()).count();
    assert_eq!(in_test, 4, "40 % of 10 in two equal groups");
}

/// The response path end to end: a campaign message is queued, the member answers it (a reply with
/// In-Reply-To, placed in the real Dovecot of .ci/with-dovecot.sh), `relata mail sync` records the reply, and
/// the campaign's members and report count it.
#[test]
fn a_reply_synced_from_the_mailbox_counts_in_the_campaign_report() {
    use std::sync::Arc;

    use relata_core::bootstrap;
    use relata_core::clock::SystemClock;
    use relata_core::domain::{MailAccountInput, MailSecurity};
    use relata_core::secrets::KeyringSecrets;
    use relata_core::services::mail::accounts;

    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let folder = format!("campaign-{}", std::process::id());
    {
        let secrets = KeyringSecrets::new();
        let store = bootstrap::open_store(d, Arc::new(SystemClock), &secrets).unwrap();
        let input = MailAccountInput {
            name: "Work".into(),
            address: "sales@relata.test".into(),
            display_name: String::new(),
            username: var("RELATA_TEST_SYNC_USER"),
            imap_host: "127.0.0.1".into(),
            imap_port: var("RELATA_TEST_IMAP_PORT").parse().unwrap(),
            smtp_host: "127.0.0.1".into(),
            smtp_port: 2525,
            security: MailSecurity::None,
            imap_cert_pin: None,
            smtp_cert_pin: None,
            create_leads: false,
            extra_folders: vec![folder.clone()],
            per_minute: 20,
            per_day: 500,
            signatures: vec![],
        };
        accounts::add(&store, &secrets, input, &var("RELATA_TEST_MAIL_PASSWORD")).unwrap();
    }
    let body = d.join("b.txt");
    std::fs::write(&body, "Hi {{ person.first_name }}").unwrap();
    ok_json(
        d,
        &[
            "templates",
            "add",
            "--name",
            "News",
            "--lang",
            "en",
            "--subject",
            "News",
            "--body-file",
            body.to_str().unwrap(),
        ],
    );
    let email = format!("ida-{}@example.dk", std::process::id());
    let ida = ok_json(d, &["people", "add", "--first-name", "Ida", "--last-name", "Reply", "--email", &email])["id"]
        .as_i64()
        .unwrap()
        .to_string();
    ok_json(d, &["consent", "add", &ida, "--channel", "email", "--purpose", "newsletter"]);
    let filter = d.join("all.json");
    std::fs::write(&filter, json!({"all": []}).to_string()).unwrap();
    let seg = ok_json(d, &["segments", "add", "--name", "All", "--filter-file", filter.to_str().unwrap()]);
    let id = ok_json(d, &["campaigns", "add", "--name", "Reply", "--purpose", "newsletter"])["id"]
        .as_i64()
        .unwrap()
        .to_string();
    ok_json(d, &["campaigns", "members", &id, "--segment", &seg["id"].as_i64().unwrap().to_string()]);
    assert_eq!(ok_json(d, &["campaigns", "send", &id, "--template", "News"])["queued"], 1);
    let message_id = ok_json(d, &["outbox", "list", "--json"])[0]["message_id"].as_str().unwrap().to_string();

    let reply_id = format!("reply-{}@example.dk", std::process::id());
    let raw = format!(
        "From: {email}\r\nTo: sales@relata.test\r\nSubject: Re: News\r\nMessage-ID: <{reply_id}>\r\n\
         In-Reply-To: {message_id}\r\nDate: {}\r\n\r\nYes please!\r\n",
        chrono::Utc::now().to_rfc2822()
    );
    append(&folder, &raw);
    ok_json(d, &["mail", "sync", "--account", "work", "--json"]);

    let members = ok_json(d, &["campaigns", "members", &id, "--json"]);
    assert!(members[0]["replied_at"].is_i64(), "{members}");
    let report = ok_json(d, &["campaigns", "report", &id, "--json"]);
    assert_eq!(
        (report["queued"].as_u64(), report["replied"].as_u64(), report["leads"].as_f64()),
        (Some(1), Some(1), Some(1.0))
    );
}

/// A fresh IMAP folder of its own, so this test does not meet the other tests' mailbox use.
fn append(folder: &str, raw: &str) {
    let script = "import imaplib, os, sys\n\
        m = imaplib.IMAP4('127.0.0.1', int(os.environ['RELATA_TEST_IMAP_PORT']))\n\
        m.login(os.environ['RELATA_TEST_SYNC_USER'], os.environ['RELATA_TEST_MAIL_PASSWORD'])\n\
        m.create(sys.argv[1])\n\
        assert m.append(sys.argv[1], None, None, sys.argv[2].encode())[0] == 'OK'\n";
    let ok = std::process::Command::new("python3").args(["-c", script, folder, raw]).status().expect("python3");
    assert!(ok.success(), "APPEND failed");
}

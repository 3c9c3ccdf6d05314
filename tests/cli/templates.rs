//! `relata templates`: add languages to a template, attach documents, list, show, render, remove.

use super::commands::{ok_json, relata};
use super::support::repo_root;

fn fixture(lang: &str) -> String {
    repo_root().join(format!("tests/fixtures/templates/follow_up.{lang}.txt")).to_string_lossy().into_owned()
}

#[test]
fn templates_add_list_show_render_remove() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let subjects =
        [("en", "Following up"), ("nl", "Vervolg"), ("de", "Nachfrage"), ("da", "Opfølgning på vores samtale")];
    let mut last = serde_json::Value::Null;
    for (lang, subject) in subjects {
        let body = fixture(lang);
        let args =
            ["templates", "add", "--name", "Follow-up", "--lang", lang, "--subject", subject, "--body-file", &body];
        last = ok_json(d, &args);
    }
    assert_eq!(last["variants"].as_array().map(Vec::len), Some(4));
    // Another language's add to the same name (any case) replaces that language only, and attaches.
    let terms = d.join("terms.pdf");
    std::fs::write(&terms, b"%PDF-1.4 terms").unwrap();
    let body = d.join("en.txt");
    std::fs::write(&body, "Hi {{ person.first_name | default(\"there\") }}, see the terms.").unwrap();
    let t = ok_json(
        d,
        &[
            "templates",
            "add",
            "--name",
            "FOLLOW-UP",
            "--lang",
            "en",
            "--subject",
            "Terms for {{ person.last_name }}",
            "--body-file",
            body.to_str().unwrap(),
            "--attach",
            terms.to_str().unwrap(),
            "--purpose",
            "follow-up",
        ],
    );
    assert_eq!(t["variants"].as_array().map(Vec::len), Some(4));
    assert_eq!(t["variants"][0]["subject"], "Terms for {{ person.last_name }}");
    assert_eq!(t["attachments"][0]["name"], "terms.pdf");
    assert_eq!(t["attachments"][0]["mime"], "application/pdf");
    assert_eq!(t["attachments"][0]["size"], 14);
    assert_eq!(t["purpose"], "follow-up");

    let list = ok_json(d, &["templates", "list", "--json"]);
    assert_eq!(list[0]["name"], "Follow-up");
    let table = relata(d, &["templates", "list"]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains("en nl de da") && text.contains("terms.pdf (14 bytes)") && text.contains("(1 of 1)"),
        "{text}"
    );
    assert_eq!(ok_json(d, &["templates", "show", "follow-up"])["id"], t["id"]);

    let p = ok_json(d, &["people", "add", "--first-name", "Mette", "--last-name", "Holm"]);
    let pid = p["id"].as_i64().unwrap().to_string();
    let deal = ok_json(
        d,
        &["deals", "add", "--title", "Tagrenovering", "--value", "1234,50", "--currency", "DKK", "--person", &pid],
    );
    let did = deal["id"].as_i64().unwrap().to_string();
    let sig = d.join("sig.txt");
    std::fs::write(&sig, "Sam · Relata Sales").unwrap();
    let r = ok_json(
        d,
        &[
            "templates",
            "render",
            "follow-up",
            "--person",
            &pid,
            "--deal",
            &did,
            "--lang",
            "da",
            "--sender-name",
            "Sam",
            "--signature-file",
            sig.to_str().unwrap(),
        ],
    );
    assert_eq!(r["lang"], "da");
    assert_eq!(r["subject"], "Opfølgning på vores samtale");
    let text = r["text"].as_str().unwrap();
    assert!(text.starts_with("Hej Mette,") && text.contains("\"Tagrenovering\": 1.234,50 kr."), "{text}");
    assert!(text.ends_with("Sam\nSam · Relata Sales"), "{text}");
    assert!(r["html"].as_str().unwrap().contains("&quot;Tagrenovering&quot;"));
    // Without --lang the app's language (English here) picks the variant.
    let r = ok_json(d, &["templates", "render", "Follow-up", "--person", &pid]);
    assert_eq!((r["lang"].as_str(), r["subject"].as_str()), (Some("en"), Some("Terms for Holm")));
    assert_eq!(r["text"], "Hi Mette, see the terms.");

    let removed = ok_json(d, &["templates", "remove", "follow-up"]);
    assert_eq!(removed["deleted"]["id"], t["id"]);
    assert_eq!(ok_json(d, &["templates", "list", "--json"]), serde_json::json!([]));
}

#[test]
fn templates_errors_say_what_is_wrong_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bad = d.join("bad.txt");
    std::fs::write(&bad, "Hello\n{{ person.first_name }").unwrap();
    let out = relata(
        d,
        &["templates", "add", "--name", "X", "--lang", "en", "--subject", "S", "--body-file", bad.to_str().unwrap()],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.starts_with("error: ") && err.contains("line 2") && err.contains("(field: variants.0.body)"), "{err}");

    let body = d.join("body.txt");
    std::fs::write(&body, "Dear {{ person.job_title }}").unwrap();
    let big = d.join("big.bin");
    std::fs::write(&big, vec![0u8; 10 * 1024 * 1024 + 10]).unwrap();
    let add = |extra: &[&str]| {
        let mut args = vec![
            "templates",
            "add",
            "--name",
            "X",
            "--lang",
            "en",
            "--subject",
            "S",
            "--body-file",
            body.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        relata(d, &args)
    };
    let out = add(&["--attach", big.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("big.bin") && err.contains("at most 10.0 MB"), "{err}");
    assert_eq!(ok_json(d, &["templates", "list", "--json"]), serde_json::json!([]));

    assert_eq!(add(&[]).status.code(), Some(0));
    let p = ok_json(d, &["people", "add", "--first-name", "Ida"]);
    let out = relata(d, &["templates", "render", "x", "--person", &p["id"].to_string()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("person.job_title has no value") && err.contains("(field: person.job_title)"), "{err}");
    let out = relata(d, &["templates", "render", "x", "--person", &p["id"].to_string(), "--lang", "da"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no da variant"));
    let out = relata(d, &["templates", "add", "--name", "X", "--lang", "fr", "--subject", "S", "--body-file", "x"]);
    assert_eq!(out.status.code(), Some(2));
    let out = relata(d, &["templates", "remove", "nope"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no template is named \"nope\""));
}

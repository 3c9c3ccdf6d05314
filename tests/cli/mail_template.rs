//! `relata mail send --template` through the real binary against the aiosmtpd of .ci/with-smtp.sh: the template
//! rendered for the person and its document delivered as a MIME attachment.

use mail_parser::MimeHeaders;
use serde_json::Value;

use super::commands::{ok_json, relata};
use super::mail::{add_account, var};

/// `mail send --template`: rendered in the person's language with the account's Danish signature, queued with
/// the template's document, delivered by `outbox run` to the real SMTP server, and the message the server
/// logged carries the document with its name, type and bytes. A template error queues nothing; clap takes
/// either --template or --subject with --body.
#[test]
fn mail_send_with_a_template_delivers_its_attachment() {
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
    let body = d.join("da.txt");
    std::fs::write(&body, "Hej {{ person.first_name }},\nher er tilbuddet.").unwrap();
    let offer = d.join("tilbud.pdf");
    let pdf: Vec<u8> = b"%PDF-1.4\n".iter().copied().chain((0..=255u8).cycle().take(3000)).collect();
    std::fs::write(&offer, &pdf).unwrap();
    let (body, offer) = (body.to_str().unwrap(), offer.to_str().unwrap());
    let add =
        ["templates", "add", "--name", "Tilbud", "--lang", "da", "--subject", "Tilbud til {{ person.first_name }}"];
    ok_json(d, &[&add[..], &["--body-file", body, "--attach", offer]].concat());
    let person =
        ok_json(d, &["people", "add", "--first-name", "Mette", "--last-name", "Jensen", "--email", "mette@firma.test"]);
    let id = person["id"].as_i64().unwrap().to_string();
    ok_json(d, &["people", "update", &id, "--language", "da"]);

    // Exactly one of the two ways.
    for args in [
        vec!["mail", "send", "--person", &id],
        vec!["mail", "send", "--person", &id, "--template", "Tilbud", "--subject", "S", "--body", "B"],
        vec!["mail", "send", "--person", &id, "--subject", "S"],
    ] {
        assert_eq!(relata(d, &args).status.code(), Some(2), "{args:?}");
    }
    // A field the person lacks blocks the send.
    std::fs::write(d.join("owner.txt"), "Din kontakt er {{ person.owner }}").unwrap();
    let owner = d.join("owner.txt");
    ok_json(
        d,
        &[
            "templates",
            "add",
            "--name",
            "Owner",
            "--lang",
            "da",
            "--subject",
            "S",
            "--body-file",
            owner.to_str().unwrap(),
        ],
    );
    let out = relata(d, &["mail", "send", "--person", &id, "--template", "Owner"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.starts_with("error: ") && err.contains("(field: person.owner)"), "{err}");
    assert_eq!(ok_json(d, &["outbox", "list", "--json"]).as_array().map(Vec::len), Some(0), "nothing was queued");

    let queued = ok_json(d, &["mail", "send", "--person", &id, "--template", "tilbud"]);
    assert_eq!(
        (queued["status"].as_str(), queued["subject"].as_str(), queued["to_address"].as_str()),
        (Some("queued"), Some("Tilbud til Mette"), Some("mette@firma.test"))
    );
    let summary = ok_json(d, &["outbox", "run"]);
    assert_eq!(summary["sent"].as_u64(), Some(1), "{summary}");
    let message_id = queued["message_id"].as_str().unwrap();
    let log = std::fs::read_to_string(var("RELATA_TEST_SMTP_LOG")).unwrap();
    let records: Vec<Value> = log.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    let ours: Vec<&Value> = records.iter().filter(|r| r["message_id"] == message_id).collect();
    assert_eq!(ours.len(), 1, "the server received the message once");
    let raw = ours[0]["raw"].as_str().unwrap().as_bytes();
    let msg = mail_parser::MessageParser::default().parse(raw).expect("the received message parses");
    assert_eq!(msg.subject(), Some("Tilbud til Mette"));
    let text = msg.body_text(0).unwrap();
    assert!(text.contains("Hej Mette,"), "{text}");
    let docs: Vec<(String, String, Vec<u8>)> = msg
        .attachments()
        .map(|a| {
            let ct = a.content_type().unwrap();
            (
                a.attachment_name().unwrap_or_default().to_string(),
                format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or_default()),
                a.contents().to_vec(),
            )
        })
        .collect();
    assert_eq!(docs, vec![("tilbud.pdf".to_string(), "application/pdf".to_string(), pdf)]);
}

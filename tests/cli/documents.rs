//! `relata documents`: add a file (printed as JSON with its id and the sniffed type), list with filters,
//! update, remove (refused while a template sends it), `templates attach --document`, and `mail send
//! --document` logging "Sent <title>" on the person's timeline.

use super::commands::{ok_json, relata};
use super::mail::add_account;

#[test]
fn documents_add_list_attach_send_and_remove() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let pdf = d.join("Retail case.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n\x00\xff case\n%%EOF\n").unwrap();
    let args = ["documents", "add", pdf.to_str().unwrap(), "--title", "Retail case", "--language", "nl"];
    let doc = ok_json(d, &[&args[..], &["--tag", "case", "--tag", "retail"]].concat());
    let id = doc["id"].as_i64().expect("an id").to_string();
    assert_eq!((doc["mime"].as_str(), doc["file_name"].as_str()), (Some("application/pdf"), Some("Retail case.pdf")));
    assert_eq!(doc["tags"], serde_json::json!(["case", "retail"]));

    // Not a document the library takes: exit 1, naming the field.
    let exe = d.join("tool.pdf");
    std::fs::write(&exe, b"MZ\x90\x00\x03\x00\x00\x00").unwrap();
    let out = relata(d, &["documents", "add", exe.to_str().unwrap(), "--title", "Tool"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("file"), "{}", String::from_utf8_lossy(&out.stderr));

    let list = ok_json(d, &["documents", "list", "--json", "--tag", "RETAIL"]);
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(ok_json(d, &["documents", "list", "--json", "--language", "de"]), serde_json::json!([]));
    let updated = ok_json(d, &["documents", "update", &id, "--title", "Retail case study"]);
    assert_eq!((updated["title"].as_str(), updated["language"].as_str()), (Some("Retail case study"), Some("nl")));

    let body = d.join("body.txt");
    std::fs::write(&body, "Hi, see attached.").unwrap();
    let add = ["templates", "add", "--name", "Case", "--lang", "en", "--subject", "Our case", "--body-file"];
    ok_json(d, &[&add[..], &[body.to_str().unwrap()]].concat());
    let t = ok_json(d, &["templates", "attach", "case", "--document", &id]);
    assert_eq!(t["documents"][0]["title"], "Retail case study");
    let out = relata(d, &["documents", "remove", &id]);
    assert_eq!(out.status.code(), Some(1), "a template sends it");
    assert!(String::from_utf8_lossy(&out.stderr).contains("\"Case\""));

    let p = ok_json(d, &["people", "add", "--first-name", "Ann", "--last-name", "Lee", "--email", "ann@example.test"]);
    let pid = p["id"].to_string();
    // Queueing needs an account, not a server (nothing is delivered here).
    let out = add_account(d, "Work", "none", "1025", None, "pw");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let send = ["mail", "send", "--person", &pid, "--template", "Case", "--document", &id];
    let queued = ok_json(d, &send);
    assert_eq!(queued["status"], "queued");
    let timeline = ok_json(d, &["activities", "list", "--person", &pid, "--json"]);
    let sent: Vec<&str> = timeline
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["subject"].as_str())
        .filter(|s| s.starts_with("Sent "))
        .collect();
    assert_eq!(sent, ["Sent Retail case study"], "the template's document and the chosen one are the same: once");
    let listed = ok_json(d, &["documents", "list", "--json"]);
    assert_eq!((listed[0]["sent_count"].as_i64(), listed[0]["template_count"].as_i64()), (Some(1), Some(1)));
}

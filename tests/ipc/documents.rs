//! The document library over IPC: a file is added only from a path the open dialog granted (once), its
//! type is the core's, an edit and the refused delete of a document a template sends, the DataChanged
//! topic, and a template saved with a library document.

use std::sync::{mpsc, Arc};
use std::time::Duration;

use relata::app::events::DataChanged;
use relata::app::file_dialog::FilePurpose;
use relata::app::state::AppState;
use relata_core::clock::ManualClock;
use relata_core::domain::Topic;
use relata_core::store::Store;
use serde_json::json;
use tauri_specta::Event;

use crate::harness_with;

#[test]
fn a_picked_file_is_added_edited_attached_and_only_deleted_when_no_template_sends_it() {
    let files = tempfile::tempdir().unwrap();
    let pdf = files.path().join("Case study.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n\x00\xff case\n%%EOF\n").unwrap();
    let picked = pdf.to_string_lossy().into_owned();
    let answer = picked.clone();
    let h = harness_with(move |dir| {
        let state = AppState::new(dir.to_path_buf(), Store::open(dir, Arc::new(ManualClock::new(0))));
        state.on_pick_file(move |purpose, _| (purpose == FilePurpose::Document).then(|| answer.clone()));
        state
    });
    let meta = json!({ "title": "Case study", "language": "nl", "tags": ["case"] });
    // A path no dialog gave is refused.
    let err = h.invoke("documents_add", json!({ "path": picked, "meta": meta })).unwrap_err();
    assert_eq!((err["code"].clone(), err["field"].clone()), (json!("forbidden"), json!("path")));

    assert_eq!(h.invoke("pick_file", json!({ "purpose": "document" })).unwrap(), json!(picked));
    let (tx, rx) = mpsc::channel();
    DataChanged::listen(h.app.handle(), move |e| {
        let _ = tx.send(e.payload.topics);
    });
    let doc = h.invoke("documents_add", json!({ "path": picked, "meta": meta })).unwrap();
    assert_eq!(rx.recv_timeout(Duration::from_secs(5)).unwrap(), vec![Topic::Template]);
    assert_eq!((doc["mime"].clone(), doc["file_name"].clone()), (json!("application/pdf"), json!("Case study.pdf")));
    // The grant is used up.
    let again = h.invoke("documents_add", json!({ "path": picked, "meta": meta })).unwrap_err();
    assert_eq!(again["code"], "forbidden");

    let id = doc["id"].clone();
    let meta = json!({ "title": "  ", "language": null, "tags": [] });
    let err = h.invoke("documents_update", json!({ "id": id, "meta": meta })).unwrap_err();
    assert_eq!((err["code"].clone(), err["field"].clone()), (json!("required"), json!("title")));
    let meta = json!({ "title": "Retail case", "language": "de", "tags": ["retail"] });
    h.invoke("documents_update", json!({ "id": id, "meta": meta })).unwrap();
    let list = h.invoke("documents_list", json!({ "query": { "language": "de" } })).unwrap();
    assert_eq!(list[0]["title"], "Retail case");
    assert_eq!(h.invoke("documents_list", json!({ "query": { "tag": "case" } })).unwrap(), json!([]));

    let input = json!({ "name": "Offer", "variants": [{ "lang": "en", "subject": "Offer", "body": "Attached." }],
        "add_documents": [id] });
    let t = h.invoke("templates_save", json!({ "id": null, "input": input })).unwrap();
    assert_eq!(t["documents"][0]["id"], id);
    let err = h.invoke("documents_remove", json!({ "id": id })).unwrap_err();
    assert_eq!(err["code"], "conflict");
    h.invoke("templates_remove", json!({ "id": t["id"] })).unwrap();
    h.invoke("documents_remove", json!({ "id": id })).unwrap();
    assert_eq!(h.invoke("documents_list", json!({ "query": {} })).unwrap(), json!([]));
}

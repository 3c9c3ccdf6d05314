//! Enrichment over IPC: proposals for a person with only an email, apply fills the empty name, undo clears it.

use std::sync::{mpsc, Mutex};
use std::time::Duration;

use relata::app::events::{EnrichAllFinished, EnrichAllProgress};
use serde_json::{json, Value};
use tauri_specta::Event;

use crate::harness;

#[test]
fn enrich_proposes_applies_and_undoes_over_ipc() {
    let h = harness();
    let created = h
        .invoke("people_create", json!({ "input": { "emails": [{ "label": "work", "value": "jan.jansen@acme.nl" }] } }))
        .expect("a person with only an email is accepted");
    let id = created["id"].clone();

    let proposed = h.invoke("enrich_person", json!({ "id": id })).unwrap();
    let proposals = proposed["proposals"].as_array().unwrap();
    let first = proposals.iter().find(|p| p["field"] == "first_name").expect("a first name is proposed");
    assert_eq!(first["value"], "Jan");
    assert!(proposed["filled"].as_array().unwrap().is_empty());

    let applied = h.invoke("enrich_apply", json!({ "id": id })).unwrap();
    let filled = applied["filled"].as_array().unwrap();
    assert!(filled.iter().any(|f| f["field"] == "first_name" && f["value"] == "Jan"));
    let person = h.invoke("people_get", json!({ "id": id })).unwrap();
    assert_eq!(person["first_name"], "Jan");

    let cleared = h.invoke("enrich_undo", json!({ "id": id })).unwrap();
    assert!(cleared.as_array().unwrap().iter().any(|f| f == "first_name"));
    let person = h.invoke("people_get", json!({ "id": id })).unwrap();
    assert!(person["first_name"].is_null() || person["first_name"] == "");

    let missing = h.invoke("enrich_person", json!({ "id": 999_999 })).unwrap_err();
    assert_eq!(missing["code"], "not_found");
}

#[test]
fn enrich_all_runs_in_the_background_with_progress_one_at_a_time_and_reports() {
    let h = harness();
    let emails = ["jan.jansen@acme.nl", "anna.schmidt@beispiel.de", "soren.larsen@firma.dk"];
    let ids: Vec<Value> = emails
        .iter()
        .map(|e| {
            let input = json!({ "input": { "emails": [{ "label": "work", "value": e }] } });
            h.invoke("people_create", input).unwrap()["id"].clone()
        })
        .collect();
    // A person with a name typed in keeps it.
    let typed =
        json!({ "input": { "first_name": "Pieter", "emails": [{ "label": "work", "value": "p.devries@tulp.nl" }] } });
    let typed = h.invoke("people_create", typed).unwrap()["id"].clone();

    // The first progress event holds the job (and its slot) until the test lets it go.
    let (progressed, progress) = mpsc::channel();
    let (release, go) = mpsc::channel::<()>();
    let go = Mutex::new(go);
    EnrichAllProgress::listen(h.app.handle(), move |e| {
        let first = progressed.send((e.payload.done, e.payload.total)).is_ok();
        if first {
            let _ = go.lock().unwrap().recv_timeout(Duration::from_secs(60));
        }
    });
    let (finished, finish) = mpsc::channel();
    EnrichAllFinished::listen(h.app.handle(), move |e| {
        let _ = finished.send(e.payload);
    });

    assert_eq!(h.invoke("enrich_all_start", json!({})).unwrap(), Value::Null, "the command answers at once");
    assert_eq!(progress.recv_timeout(Duration::from_secs(30)).unwrap(), (1, 4));
    let second = h.invoke("enrich_all_start", json!({})).unwrap_err();
    assert_eq!(second["code"], "conflict", "a second start while one runs is refused: {second}");
    assert!(!second["message"].as_str().unwrap().is_empty());
    drop(release);

    let done = finish.recv_timeout(Duration::from_secs(30)).expect("the finish event");
    assert!(!done.cancelled && done.error.is_none());
    assert_eq!((done.report.people, done.report.with_proposals), (4, 4));
    assert!(done.report.filled >= 7, "three first and last names and the typed one's last name: {:?}", done.report);
    let mut seen = Vec::new();
    while let Ok(p) = progress.try_recv() {
        seen.push(p);
    }
    assert_eq!(seen.last(), Some(&(4, 4)), "the last progress is the whole: {seen:?}");

    let names: Vec<(Value, Value)> = ids
        .iter()
        .map(|id| {
            let p = h.invoke("people_get", json!({ "id": id })).unwrap();
            (p["first_name"].clone(), p["last_name"].clone())
        })
        .collect();
    assert_eq!(names[0], (json!("Jan"), json!("Jansen")));
    assert_eq!(names[1], (json!("Anna"), json!("Schmidt")));
    assert_eq!(names[2], (json!("Soren"), json!("Larsen")));
    let typed = h.invoke("people_get", json!({ "id": typed })).unwrap();
    assert_eq!(typed["first_name"], "Pieter", "what a user typed is never overwritten");

    // The slot is free again once the report is out; nothing is left to fill the second time.
    h.invoke("enrich_all_start", json!({})).expect("a new start after the end is accepted");
    let again = finish.recv_timeout(Duration::from_secs(30)).unwrap();
    assert_eq!((again.report.people, again.report.with_proposals, again.report.filled), (4, 0, 0));
    assert_eq!(h.invoke("enrich_all_cancel", json!({})).unwrap(), json!(false), "nothing runs to cancel");
}

//! The shell around the commands: the log it writes (and what must never be in it), and the startup that
//! encrypts a plaintext store in the background with progress events.

use std::sync::{mpsc, Arc};
use std::time::Duration;

use relata::app::{self, events, state::AppState};
use relata_core::clock::ManualClock;
use relata_core::domain::StartupStep;
use relata_core::store::Store;
use serde_json::{json, Value};
use tauri_specta::Event;

use crate::harness_with;

#[test]
fn commands_are_logged_with_their_code_and_without_personal_data() {
    let opened = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let seen = opened.clone();
    let h = harness_with(move |dir| {
        // The one test in this binary that starts the log: the global subscriber writes into this dir.
        relata_core::logging::init(dir);
        let state = AppState::new(dir.to_path_buf(), Store::open(dir, Arc::new(ManualClock::new(0))));
        state.on_open_external(move |path| {
            seen.lock().unwrap().push(path.to_string());
            Ok(())
        });
        state
    });
    let person = json!({ "input": { "first_name": "Wilhelmina", "emails": [{ "label": "work", "value": "wq.4417@example.nl" }] }});
    let id = h.invoke("people_create", person).unwrap()["id"].as_i64().unwrap();
    let bad =
        json!({ "input": { "first_name": "Wilhelmina", "emails": [{ "label": "work", "value": "wq-bad@@x.nl" }] }});
    assert_eq!(h.invoke("people_create", bad).unwrap_err()["code"], "invalid_email");
    h.invoke("people_get", json!({ "id": id })).unwrap();

    // "Open log folder" opens the data dir's own log folder, nothing the webview names.
    h.invoke("logs_open_folder", json!({})).unwrap();
    let logs = relata_core::logging::log_dir(h.dir());
    assert_eq!(*opened.lock().unwrap(), vec![logs.to_string_lossy().to_string()]);
    let log: String =
        std::fs::read_dir(&logs).unwrap().map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap()).collect();
    assert!(log.contains("people_create{code=InvalidEmail}"), "{log}");
    assert!(log.contains(&format!("people_get{{id={id}}}")), "{log}");
    for secret in ["Wilhelmina", "wq.4417", "example.nl", "wq-bad"] {
        assert!(!log.contains(secret), "{secret} leaked into the log:\n{log}");
    }
}

#[test]
fn a_plaintext_store_opens_in_the_background_with_startup_progress() {
    let h = harness_with(|dir| {
        let plain = Store::open(dir, Arc::new(ManualClock::new(0))).unwrap();
        for i in 0..50 {
            let input = relata_core::domain::PersonInput { first_name: format!("P{i}"), ..Default::default() };
            relata_core::services::people::create(&plain, input).unwrap();
        }
        drop(plain);
        AppState::opening(dir.to_path_buf()).with_secrets(Arc::new(relata_core::secrets::MemorySecrets::new()))
    });
    let info = h.invoke("app_info", json!({})).unwrap();
    assert_eq!((info["opening"].as_bool(), &info["startup_error"]), (Some(true), &Value::Null));
    assert!(h.invoke("people_list", json!({ "query": {} })).is_err(), "no store yet");

    let (tx, rx) = mpsc::channel();
    events::StartupProgress::listen(h.app.handle(), move |e| {
        let _ = tx.send(e.payload);
    });
    app::startup::open_in_background(h.app.handle());
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while h.invoke("app_info", json!({})).unwrap()["opening"] == true {
        assert!(std::time::Instant::now() < deadline, "the store opens");
        std::thread::sleep(Duration::from_millis(50));
    }
    let heard: Vec<events::StartupProgress> = rx.try_iter().collect();
    let first = heard.first().expect("progress was reported");
    assert_eq!((first.step, first.done), (StartupStep::Encrypt, 0), "{heard:?}");
    let last = heard.last().unwrap();
    assert_eq!((last.step, last.done, last.total), (StartupStep::Replace, 1, 1), "{heard:?}");
    assert_eq!(h.invoke("app_info", json!({})).unwrap()["startup_error"], Value::Null);
    assert_eq!(h.invoke("people_list", json!({ "query": {} })).unwrap()["total"], 50);
    let file = relata_core::store::cipher::file_state(&h.dir().join(relata_core::store::DB_FILE)).unwrap();
    assert_eq!(file, relata_core::store::cipher::FileState::Encrypted);
}

#[test]
fn the_webview_formats_follow_the_language_setting_with_the_os_region() {
    use relata::app::webview_locale::locale_tag;
    // The setting wins; the OS locale only adds its region when it is the same language.
    assert_eq!(locale_tag(Some("de"), Some("en_US.UTF-8")), "de");
    assert_eq!(locale_tag(Some("de"), Some("de_AT.UTF-8@euro")), "de-AT");
    assert_eq!(locale_tag(Some("en"), Some("en-GB")), "en-GB");
    // No setting: the OS language when Relata speaks it, else English.
    assert_eq!(locale_tag(None, Some("nl_BE.UTF-8")), "nl-BE");
    assert_eq!(locale_tag(None, Some("fr_FR.UTF-8")), "en");
    assert_eq!(locale_tag(None, Some("C")), "en");
    assert_eq!(locale_tag(None, None), "en");
    // A setting Relata does not speak is ignored like the UI ignores it; a malformed OS locale adds nothing.
    assert_eq!(locale_tag(Some("xx"), Some("da_DK")), "da-DK");
    assert_eq!(locale_tag(Some("da"), Some("da\"><script>")), "da");
}

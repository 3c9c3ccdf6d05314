//! The Tauri shell through Tauri's mock runtime: real command dispatch, argument and error serialization
//! across IPC, the capability that gates the commands, events, and the freshness of ui/src/bindings.ts.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{mpsc, Arc};
use std::time::Duration;

use relata::app::events::DataChanged;
use relata::app::{self, command_list::COMMANDS, file_dialog::FilePurpose, state::AppState};
use relata_core::clock::ManualClock;
use relata_core::domain::Topic;
use relata_core::store::Store;
use relata_core::{AppError, ErrorCode};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody, InvokeResponseBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};
use tauri_specta::Event;

// The shell's startup and its log.
mod ipc {
    mod analytics;
    mod calls;
    mod campaigns;
    mod documents;
    mod enrich;
    mod export;
    mod orders;
    mod rules;
    mod segments;
    mod shell;
    mod team;
    mod tickets;
    mod upsell;
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) struct Harness {
    app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    _dir: tempfile::TempDir,
}

pub(crate) fn harness_with(state: impl FnOnce(&std::path::Path) -> AppState) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    // The real context carries the real capabilities, so these tests also prove the ACL lets the main
    // window call every command.
    let app = app::wire(mock_builder(), state(dir.path())).build(tauri::generate_context!()).unwrap();
    app::start(app.handle());
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    Harness { app, window, _dir: dir }
}

pub(crate) fn harness() -> Harness {
    harness_with(|dir| {
        let clock = Arc::new(ManualClock::new(1_767_225_600_000)); // 2026-01-01T00:00:00Z
        AppState::new(dir.to_path_buf(), Store::open(dir, clock))
    })
}

impl Harness {
    fn dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    pub(crate) fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        invoke(&self.window, cmd, args)
    }
}

/// A command call through the window, also from other threads (the harness itself is not `Sync`).
fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(window, request).map(|body| match body {
        InvokeResponseBody::Json(s) => serde_json::from_str(&s).unwrap(),
        InvokeResponseBody::Raw(b) => panic!("unexpected raw response of {} bytes", b.len()),
    })
}

#[test]
fn person_round_trips_across_ipc_and_emits_data_changed() {
    let h = harness();
    let (tx, rx) = mpsc::channel();
    DataChanged::listen(h.app.handle(), move |e| {
        let _ = tx.send(e.payload.topics);
    });

    let input = json!({ "input": {
        "first_name": "Søren", "last_name": "Kierkegaard",
        "emails": [{ "label": "work", "value": "  Soren@Example.DK " }],
        "phones": [{ "label": "mobile", "value": "0045 20 12 34 56" }],
        "company_name": "Filosofi ApS", "tags": ["vip"]
    }});
    let created = h.invoke("people_create", input).expect("create succeeds");
    assert_eq!(created["first_name"], "Søren");
    assert_eq!(created["emails"][0]["value"], "soren@example.dk");
    assert_eq!(created["phones"][0]["value"], "+4520123456");
    assert_eq!(created["company_name"], "Filosofi ApS");
    // One event for the write, naming every kind it changed (the company it created), each once.
    assert_eq!(rx.recv_timeout(Duration::from_secs(5)).unwrap(), vec![Topic::Person, Topic::Company]);
    assert!(rx.recv_timeout(Duration::from_millis(200)).is_err(), "one write, one event");

    let id = created["id"].as_i64().unwrap();
    let fetched = h.invoke("people_get", json!({ "id": id })).unwrap();
    assert_eq!(fetched, created);

    let page = h.invoke("people_list", json!({ "query": { "search": "sør" } })).unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["last_name"], "Kierkegaard");
}

#[test]
fn validation_errors_cross_ipc_as_code_message_field() {
    let h = harness();
    let err = h
        .invoke(
            "people_create",
            json!({ "input": { "first_name": "A", "emails": [{ "label": "", "value": "nope" }] } }),
        )
        .unwrap_err();
    let err: AppError = serde_json::from_value(err).expect("the error has the {code, message, field} shape");
    assert_eq!(err.code, ErrorCode::InvalidEmail);
    assert_eq!(err.field.as_deref(), Some("emails.0.value"));
    assert!(!err.message.is_empty());

    let list = h.invoke("people_list", json!({ "query": {} })).unwrap();
    assert_eq!(list["total"], 0, "a rejected create stores nothing");
}

#[test]
fn missing_records_and_malformed_arguments_answer_errors_not_panics() {
    let h = harness();
    let err: AppError = serde_json::from_value(h.invoke("people_get", json!({ "id": 999 })).unwrap_err()).unwrap();
    assert_eq!(err.code, ErrorCode::NotFound);
    // Tauri rejects arguments of the wrong shape before our code runs, with a plain message.
    let err = h.invoke("people_get", json!({ "id": "not a number" })).unwrap_err();
    assert!(err.is_string(), "{err}");
}

#[test]
fn deal_moves_between_stages_over_ipc() {
    let h = harness();
    let pipelines = h.invoke("pipelines_list", json!({})).unwrap();
    let sales = &pipelines[0];
    let stage2 = sales["stages"][1]["id"].clone();
    let deal = h
        .invoke(
            "deals_create",
            json!({ "input": { "title": "Renewal 2026", "value_minor": 123450, "currency": "DKK" } }),
        )
        .unwrap();
    let moved =
        h.invoke("deals_move", json!({ "id": deal["id"], "mv": { "stage_id": stage2, "index": null } })).unwrap();
    assert_eq!(moved["stage_id"], stage2);
    let board = h.invoke("deals_board", json!({ "pipelineId": sales["id"] })).unwrap();
    assert_eq!(board[1]["count"], 1);
    assert_eq!(board[1]["totals"][0], json!({ "currency": "DKK", "value_minor": 123450 }));
}

#[test]
fn a_store_that_failed_to_open_is_reported_by_every_command() {
    let h = harness_with(|dir| {
        let err = AppError::new(ErrorCode::SchemaTooNew, "written by a newer Relata");
        AppState::new(dir.to_path_buf(), Err(err))
    });
    let info = h.invoke("app_info", json!({})).unwrap();
    assert_eq!(info["startup_error"]["code"], "schema_too_new");
    let err = h.invoke("people_list", json!({ "query": {} })).unwrap_err();
    assert_eq!(err["code"], "schema_too_new");
}

#[test]
fn bindings_are_current() {
    let committed_path = root().join("ui/src/bindings.ts");
    let fresh_path = std::env::temp_dir().join(format!("relata-bindings-{}.ts", std::process::id()));
    app::export_bindings(&fresh_path).unwrap();
    let fresh = std::fs::read_to_string(&fresh_path).unwrap();
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    if fresh != committed {
        std::fs::write(&committed_path, &fresh).unwrap();
        panic!("ui/src/bindings.ts was stale and has been regenerated: review and commit it");
    }
}

#[test]
fn command_list_builder_and_capability_agree() {
    let listed: BTreeSet<String> = COMMANDS.iter().map(|c| c.to_string()).collect();

    let fresh_path = std::env::temp_dir().join(format!("relata-bindings-cmds-{}.ts", std::process::id()));
    app::export_bindings(&fresh_path).unwrap();
    let bindings = std::fs::read_to_string(&fresh_path).unwrap();
    let exported: BTreeSet<String> = bindings
        .split("TAURI_INVOKE(\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect();
    assert_eq!(exported, listed, "command_list.rs and the specta builder disagree");

    let capability: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("capabilities/default.json")).unwrap()).unwrap();
    let granted: BTreeSet<String> =
        capability["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect();
    let mut expected: BTreeSet<String> = listed.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
    expected.insert("core:event:allow-listen".into());
    expected.insert("core:event:allow-unlisten".into());
    assert_eq!(granted, expected, "the capability must grant exactly Relata's own commands");
}

#[test]
fn cadences_apply_and_snooze_over_ipc() {
    let h = harness();
    let cadences = h.invoke("cadences_list", json!({})).unwrap();
    let default = &cadences[0];
    assert_eq!(default["steps"].as_array().unwrap().len(), 4, "the default cadence is seeded");

    let person =
        h.invoke("people_create", json!({ "input": { "first_name": "Lotte", "last_name": "Jansen" } })).unwrap();
    let created = h.invoke("cadences_apply", json!({ "cadenceId": default["id"], "personId": person["id"] })).unwrap();
    let created = created.as_array().unwrap();
    assert_eq!(created.len(), 4);
    assert!(created.iter().all(|t| t["person_id"] == person["id"]));

    let err = h.invoke("cadences_apply", json!({ "cadenceId": 999, "personId": person["id"] })).unwrap_err();
    assert_eq!(err["code"], "not_found");

    let until = 1_767_225_600_000_i64 + 3_600_000;
    let snoozed = h.invoke("tasks_snooze", json!({ "id": created[0]["id"], "until": until })).unwrap();
    assert_eq!(snoozed["remind_at"], until);
    assert_eq!(h.invoke("reminders_fired", json!({ "limit": 10 })).unwrap(), json!([]));
}

#[test]
fn the_csp_allows_no_remote_origin_inline_script_or_eval() {
    let conf: Value = serde_json::from_str(&std::fs::read_to_string(root().join("tauri.conf.json")).unwrap()).unwrap();
    let csp = conf["app"]["security"]["csp"].as_object().expect("a CSP is set");
    assert_eq!(csp["default-src"], "'self'");
    for (directive, value) in csp {
        let value = value.as_str().unwrap();
        assert!(!value.contains("unsafe-inline") && !value.contains("unsafe-eval"), "{directive}: {value}");
        assert!(!value.contains('*') && !value.contains("https:"), "{directive} allows remote origins: {value}");
        for source in value.split_whitespace().filter(|s| s.starts_with("http")) {
            assert_eq!(source, "http://ipc.localhost", "{directive} allows a remote origin");
        }
    }
    assert_eq!(csp["script-src"], "'self'");
    assert_eq!(csp["object-src"], "'none'");
    assert_eq!(conf["app"]["withGlobalTauri"], false);
    // No plugin that would expose the shell, the file system or HTTP to the webview.
    let cargo = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    for plugin in ["tauri-plugin-shell", "tauri-plugin-fs", "tauri-plugin-http", "tauri-plugin-opener"] {
        assert!(!cargo.contains(plugin), "{plugin} must not be a dependency");
    }
}

#[test]
fn open_external_refuses_anything_but_http_links() {
    let opened = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let seen = opened.clone();
    let h = harness_with(move |dir| {
        let state = AppState::new(dir.to_path_buf(), Store::open(dir, Arc::new(ManualClock::new(0))));
        state.on_open_external(move |url| {
            seen.lock().unwrap().push(url.to_string());
            Ok(())
        });
        state
    });
    for bad in
        ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,<script>x</script>", "vbscript:x", "", "https://"]
    {
        let err = h.invoke("open_external", json!({ "url": bad })).unwrap_err();
        assert_eq!((err["code"].as_str(), err["field"].as_str()), (Some("invalid_url"), Some("url")), "{bad}");
    }
    assert!(opened.lock().unwrap().is_empty());
    h.invoke("open_external", json!({ "url": "HTTPS://example.com/a?b=c" })).unwrap();
    h.invoke("open_external", json!({ "url": "linkedin.com/in/someone" })).unwrap();
    assert_eq!(*opened.lock().unwrap(), vec!["https://example.com/a?b=c", "https://linkedin.com/in/someone"]);
}

#[test]
fn pick_file_answers_the_chosen_path_null_on_cancel_and_an_error_without_dialogs() {
    let err = harness().invoke("pick_file", json!({ "purpose": "import_source" })).unwrap_err();
    assert_eq!(err["code"], "internal");
    let asked = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = asked.clone();
    let h = harness_with(move |dir| {
        let state = AppState::new(dir.to_path_buf(), Store::open(dir, Arc::new(ManualClock::new(0))));
        state.on_pick_file(move |purpose, _name| {
            seen.lock().unwrap().push(purpose);
            (purpose == FilePurpose::ImportSource).then(|| "/home/anna/leads.csv".to_string())
        });
        state
    });
    assert_eq!(h.invoke("pick_file", json!({ "purpose": "import_source" })).unwrap(), json!("/home/anna/leads.csv"));
    assert_eq!(h.invoke("pick_file", json!({ "purpose": "save_rejected_rows" })).unwrap(), Value::Null);
    // An unknown purpose is refused by argument parsing, before any dialog.
    let err = h.invoke("pick_file", json!({ "purpose": "anything" })).unwrap_err();
    assert!(err.to_string().contains("purpose"), "{err}");
    assert_eq!(*asked.lock().unwrap(), vec![FilePurpose::ImportSource, FilePurpose::SaveRejectedRows]);
}

#[test]
fn a_missing_key_is_reported_and_recovered_over_ipc() {
    use relata_core::secrets::{MemorySecrets, SecretStore};
    let dir = tempfile::tempdir().unwrap();
    let first = MemorySecrets::new();
    let store = relata_core::bootstrap::open_store(dir.path(), Arc::new(ManualClock::new(0)), &first).unwrap();
    relata_core::services::security::set_recovery_passphrase(&store, "a long recovery phrase").unwrap();
    drop(store);
    let path = dir.path().to_path_buf();
    let h = harness_with(move |_| {
        let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::new());
        let store = relata_core::bootstrap::open_store(&path, Arc::new(ManualClock::new(0)), secrets.as_ref());
        AppState::new(path, store).with_secrets(secrets)
    });
    let info = h.invoke("app_info", json!({})).unwrap();
    assert_eq!(info["startup_error"]["code"], "key_missing");
    let err = h.invoke("security_recover", json!({ "passphrase": "not the phrase at all" })).unwrap_err();
    assert_eq!((err["code"].as_str(), err["field"].as_str()), (Some("wrong_passphrase"), Some("passphrase")));
    h.invoke("security_recover", json!({ "passphrase": "a long recovery phrase" })).unwrap();
    assert_eq!(h.invoke("app_info", json!({})).unwrap()["startup_error"], Value::Null);
    let status = h.invoke("security_status", json!({})).unwrap();
    assert_eq!(status, json!({ "encrypted": true, "recovery_passphrase_set": true }));
    h.invoke("people_create", json!({ "input": { "first_name": "Ida", "last_name": "Audit" } })).unwrap();
    let trail = h.invoke("audit_list", json!({ "query": { "entity": "person", "limit": 10 } })).unwrap();
    assert_eq!(trail["items"][0]["action"], "create");
    let csv = h.invoke("audit_export_csv", json!({ "query": {} })).unwrap();
    assert!(csv.as_str().unwrap().lines().nth(1).unwrap().contains(",create,person,"));
    drop(dir);
}

#[test]
fn import_preview_run_and_undo_over_ipc() {
    let h = harness();
    let file = root().join("tests/fixtures/import/windows1252_semicolon.csv");
    let path = file.to_str().unwrap();
    let preview = h.invoke("import_preview", json!({ "path": path, "format": null, "entity": "people" })).unwrap();
    assert_eq!((preview["encoding"].as_str(), preview["delimiter"].as_str()), (Some("windows-1252"), Some(";")));
    assert_eq!(preview["mapping"][1]["target"], json!({ "kind": "field", "value": "email" }));
    let options = json!({ "entity": "people", "mappings": [{ "column": "Actief", "target": { "kind": "ignore" } }] });
    let report =
        h.invoke("import_run", json!({ "path": path, "options": options, "onProgress": "__CHANNEL__:7" })).unwrap();
    assert_eq!(report["created"], 3);
    assert_eq!(report["custom_fields_created"], json!(["Omzet", "Klant sinds"]));
    let batches = h.invoke("import_batches_list", json!({})).unwrap();
    assert_eq!(batches[0]["created"], 3);
    let undone = h.invoke("import_undo", json!({ "batchId": report["batch_id"] })).unwrap();
    assert_eq!(undone["deleted"], 3);
    assert_eq!(h.invoke("import_cancel", json!({})).unwrap(), json!(false));
    let missing = h.invoke("import_preview", json!({ "path": "/nope.csv", "format": null, "entity": "people" }));
    assert_eq!(missing.unwrap_err()["code"], "io");
}

/// A training while a rescore holds the slot is refused before it trains: the stored model stays the one the
/// running rescore started from.
#[test]
fn a_training_during_a_rescore_answers_conflict_and_saves_no_model() {
    use relata::app::events::RescoreProgress;
    use relata_core::domain::{LeadStatus, PersonInput};
    let clock = Arc::new(ManualClock::new(1_767_225_600_000));
    let seeded = clock.clone();
    let h = harness_with(move |dir| {
        let store = Store::open(dir, seeded).unwrap();
        for i in 0..40 {
            let status = if i % 3 == 0 { LeadStatus::Converted } else { LeadStatus::Lost };
            let input = PersonInput {
                first_name: format!("Lead{i}"),
                source: Some(if i % 2 == 0 { "web" } else { "event" }.into()),
                lead_status: Some(status),
                ..Default::default()
            };
            relata_core::services::people::create(&store, input).unwrap();
        }
        AppState::new(dir.to_path_buf(), Ok(store))
    });
    // The first rescore reports progress and then waits, holding the slot, until the test lets it go.
    let (started, rescoring) = mpsc::channel();
    let (release, go) = mpsc::channel::<()>();
    let go = std::sync::Mutex::new(go);
    RescoreProgress::listen(h.app.handle(), move |_| {
        let _ = started.send(());
        let _ = go.lock().unwrap().recv_timeout(Duration::from_secs(60));
    });
    let window = &h.window;
    std::thread::scope(|s| {
        let first = s.spawn(|| invoke(window, "scoring_train", json!({})));
        rescoring.recv_timeout(Duration::from_secs(60)).expect("the first rescore started");
        let trained_at = h.invoke("scoring_model_summary", json!({})).unwrap()["trained_at"].clone();
        clock.advance(86_400_000);
        let (answer, answered) = mpsc::channel();
        s.spawn(move || answer.send(invoke(window, "scoring_train", json!({}))));
        let second = answered.recv_timeout(Duration::from_secs(10));
        // Whatever the second answered, let the first finish before judging.
        drop(release);
        let second = second.expect("the second training waited for the running rescore instead of answering at once");
        assert_eq!(second.unwrap_err()["code"], "conflict");
        assert_eq!(first.join().unwrap().unwrap()["rescored"], 40);
        let summary = h.invoke("scoring_model_summary", json!({})).unwrap();
        assert_eq!(summary["trained_at"], trained_at, "the refused training saved a model");
    });
}

#[path = "ipc/changes.rs"]
mod changes;

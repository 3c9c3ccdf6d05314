//! Chart exports over IPC: a save dialog grants its path one write of its format; any other path, a second
//! write, the other format and a PNG payload that is not a PNG are refused as `forbidden`.

use std::sync::{Arc, Mutex};

use relata::app::file_dialog::FilePurpose;
use relata::app::state::AppState;
use relata_core::clock::ManualClock;
use relata_core::store::Store;
use serde_json::json;

use crate::{harness_with, Harness};

/// What the fake dialog was asked: the purpose and the suggested file name.
type Asked = Arc<Mutex<Vec<(FilePurpose, String)>>>;

/// A harness whose save dialog answers `<dir>/out/<suggested name>` and records what it was asked.
fn with_dialog() -> (Harness, Asked, std::path::PathBuf) {
    let asked: Asked = Arc::default();
    let seen = asked.clone();
    let out = Arc::new(Mutex::new(std::path::PathBuf::new()));
    let out_dir = out.clone();
    let h = harness_with(move |dir| {
        let target = dir.join("out");
        std::fs::create_dir_all(&target).unwrap();
        *out_dir.lock().unwrap() = target.clone();
        let state = AppState::new(dir.to_path_buf(), Store::open(dir, Arc::new(ManualClock::new(0))));
        state.on_pick_file(move |purpose, name| {
            seen.lock().unwrap().push((purpose, name.clone()));
            Some(target.join(name).to_string_lossy().into_owned())
        });
        state
    });
    let dir = out.lock().unwrap().clone();
    (h, asked, dir)
}

const PNG_1X1: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

#[test]
fn a_granted_save_path_is_written_once_and_nothing_else_is() {
    let (h, asked, dir) = with_dialog();
    let path = h.invoke("pick_file", json!({ "purpose": "save_chart_csv", "name": "../../etc/Revenue: EUR" })).unwrap();
    let path = path.as_str().unwrap().to_string();
    assert_eq!(path, dir.join("Revenue EUR.csv").to_string_lossy());
    assert_eq!(*asked.lock().unwrap(), vec![(FilePurpose::SaveChartCsv, "Revenue EUR.csv".to_string())]);

    // The CSV path does not take a PNG, and the grant survives that refusal.
    let png = json!({ "path": path, "format": "png", "content": PNG_1X1 });
    assert_eq!(h.invoke("chart_export_save", png).unwrap_err()["code"], "forbidden");
    let csv = json!({ "path": path, "format": "csv", "content": "month,net\r\n2024-01,12.50\r\n" });
    h.invoke("chart_export_save", csv.clone()).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "month,net\r\n2024-01,12.50\r\n");
    // Used once: a second write to the same path is refused and leaves the file as it was.
    let again = json!({ "path": path, "format": "csv", "content": "overwritten" });
    let err = h.invoke("chart_export_save", again).unwrap_err();
    assert_eq!((err["code"].as_str(), err["field"].as_str()), (Some("forbidden"), Some("path")));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "month,net\r\n2024-01,12.50\r\n");

    // A path no dialog returned is refused and not created.
    let other = dir.join("elsewhere.csv");
    let err = h.invoke("chart_export_save", json!({ "path": other, "format": "csv", "content": "x" })).unwrap_err();
    assert_eq!(err["code"], "forbidden");
    assert!(!other.exists());
}

#[test]
fn a_png_export_takes_only_png_bytes() {
    let (h, asked, _dir) = with_dialog();
    let pick = |name: &str| {
        h.invoke("pick_file", json!({ "purpose": "save_chart_png", "name": name }))
            .unwrap()
            .as_str()
            .unwrap()
            .to_string()
    };
    let path = pick("");
    assert!(path.ends_with("chart.png"), "{path}");
    // Text that is not an image, and base64 of something else, are refused.
    let err = h.invoke("chart_export_save", json!({ "path": path, "format": "png", "content": "<svg/>" })).unwrap_err();
    assert_eq!((err["code"].as_str(), err["field"].as_str()), (Some("forbidden"), Some("content")));
    let path = pick("funnel");
    let gif = "data:image/png;base64,R0lGODlhAQABAAAAACw=";
    let err = h.invoke("chart_export_save", json!({ "path": path, "format": "png", "content": gif })).unwrap_err();
    assert_eq!(err["code"], "forbidden");
    assert!(!std::path::Path::new(&path).exists());

    let path = pick("funnel.PNG");
    let content = format!("data:image/png;base64,{PNG_1X1}");
    h.invoke("chart_export_save", json!({ "path": path, "format": "png", "content": content })).unwrap();
    assert!(std::fs::read(&path).unwrap().starts_with(b"\x89PNG\r\n\x1a\n"));
    let names: Vec<String> = asked.lock().unwrap().iter().map(|(_, n)| n.clone()).collect();
    assert_eq!(names, ["chart.png", "funnel.png", "funnel.PNG"]);
}

#[test]
fn selected_people_export_to_a_granted_path_with_bytes_from_the_core() {
    let (h, _asked, dir) = with_dialog();
    let mut ids = Vec::new();
    for first in ["Ann", "Bob", "Cy"] {
        let p = h.invoke("people_create", json!({ "input": { "first_name": first, "last_name": "Sel" } })).unwrap();
        ids.push(p["id"].as_i64().unwrap());
    }
    let r = h.invoke(
        "people_bulk",
        json!({ "selection": { "ids": [ids[0], ids[2]] }, "action": { "kind": "add_tag", "tag": "fair" } }),
    );
    assert_eq!(r.unwrap(), json!({ "selected": 2, "changed": 2, "skipped": 0 }));
    let bad = h
        .invoke("people_bulk", json!({ "selection": { "ids": [ids[0]] }, "action": { "kind": "add_tag", "tag": "" } }));
    assert_eq!(bad.unwrap_err()["field"], "tag");

    let path = h.invoke("pick_file", json!({ "purpose": "save_people_vcard", "name": "Fair" })).unwrap();
    let path = path.as_str().unwrap().to_string();
    assert_eq!(path, dir.join("Fair.vcf").to_string_lossy());
    let selection = json!({ "ids": [ids[1], ids[2]] });
    // The vCard grant does not take a CSV export; the grant survives that refusal.
    let csv = json!({ "path": path, "selection": selection, "format": "csv" });
    assert_eq!(h.invoke("people_export_save", csv).unwrap_err()["code"], "forbidden");
    let vcard = json!({ "path": path, "selection": selection, "format": "vcard" });
    assert_eq!(h.invoke("people_export_save", vcard.clone()).unwrap()["count"], 2);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("Bob") && text.contains("Cy") && !text.contains("Ann"), "{text}");
    // Used once; a path no dialog returned is refused and not created.
    assert_eq!(h.invoke("people_export_save", vcard).unwrap_err()["code"], "forbidden");
    let other = dir.join("elsewhere.csv");
    let err = h.invoke("people_export_save", json!({ "path": other, "selection": selection, "format": "csv" }));
    assert_eq!(err.unwrap_err()["code"], "forbidden");
    assert!(!other.exists());
}

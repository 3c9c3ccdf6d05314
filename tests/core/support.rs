//! Shared fixtures: a store on a temp dir with a manual clock, and assertion helpers.

use std::fmt::Debug;
use std::sync::Arc;

use relata_core::clock::{ManualClock, Millis};
use relata_core::domain::{LabeledValue, PersonInput};
use relata_core::error::{AppResult, ErrorCode};
use relata_core::store::Store;
use tempfile::TempDir;

/// 2025-03-10T12:00:00Z.
pub const T0: Millis = 1_741_608_000_000;
pub const MINUTE: Millis = 60_000;
pub const HOUR: Millis = 60 * MINUTE;
pub const DAY: Millis = 24 * HOUR;

pub struct Env {
    pub dir: TempDir,
    pub store: Store,
    pub clock: Arc<ManualClock>,
}

pub fn env() -> Env {
    let dir = tempfile::tempdir().expect("temp dir");
    let clock = Arc::new(ManualClock::new(T0));
    let store = Store::open(dir.path(), clock.clone()).expect("open store");
    Env { dir, store, clock }
}

impl Env {
    /// A second, plain connection for looking at rows the API does not expose.
    pub fn raw(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.dir.path().join("relata.db")).expect("raw connection")
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.raw().query_row(sql, [], |r| r.get(0)).expect(sql)
    }
}

pub fn person(first: &str, last: &str) -> PersonInput {
    PersonInput { first_name: first.into(), last_name: last.into(), ..Default::default() }
}

pub fn lv(label: &str, value: &str) -> LabeledValue {
    LabeledValue { label: label.into(), value: value.into() }
}

/// Asserts an error's code and field (the JSON name of the input field the UI marks).
#[track_caller]
pub fn assert_err<T: Debug>(r: AppResult<T>, code: ErrorCode, field: Option<&str>) {
    let e = r.expect_err("expected an error");
    assert_eq!((e.code, e.field.as_deref()), (code, field), "{}", e.message);
}

/// The repository's root (the directory with tauri.conf.json), whichever crate's tests run.
pub fn repo_root() -> std::path::PathBuf {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.ancestors().find(|p| p.join("tauri.conf.json").is_file()).unwrap_or(manifest).to_path_buf()
}

pub fn fixture(name: &str) -> std::path::PathBuf {
    repo_root().join("tests/fixtures/import").join(name)
}

/// A plain people CSV of `rows` rows (about 100 bytes a row).
pub fn write_people_csv(path: &std::path::Path, rows: usize) {
    use std::io::Write;
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(w, "first_name,last_name,email,phone,city").unwrap();
    for i in 0..rows {
        writeln!(w, "Person{i},Lastname{i},person{i}@example.com,+3120{i:07},\"City, {}\"", i % 100).unwrap();
    }
}

/// A restored store's export equals the original plus one audit entry: the restore itself.
pub fn without_restore_entry(dump: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(dump).unwrap();
    v["exported_at"] = serde_json::Value::Null;
    let tables = v["tables"].as_array_mut().unwrap();
    let trail = tables.iter_mut().find(|t| t["name"] == "audit_log").expect("the audit trail is exported");
    let action = trail["columns"].as_array().unwrap().iter().position(|c| c == "action").unwrap();
    let rows = trail["rows"].as_array_mut().unwrap();
    let last = rows.pop().expect("the restore is audited");
    assert_eq!(last[action], "import");
    v
}

pub fn comparable(dump: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(dump).unwrap();
    v["exported_at"] = serde_json::Value::Null;
    v
}

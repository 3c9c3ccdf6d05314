//! Shared fixtures: a store on a temp dir with a manual clock, and assertion helpers.

use std::fmt::Debug;
use std::sync::Arc;

use relata::clock::{ManualClock, Millis};
use relata::domain::{LabeledValue, PersonInput};
use relata::error::{AppResult, ErrorCode};
use relata::store::Store;
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

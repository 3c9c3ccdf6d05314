//! Relata: an offline-first desktop CRM.
//!
//! The core (`domain`, `store`, `services`, `cli`, `bench`) never touches Tauri, so the CLI and the tests drive it
//! directly. `app` is the thin Tauri shell: commands, events and window state.

pub mod app;
pub mod bench;
pub mod cli;
pub mod clock;
pub mod domain;
pub mod error;
pub mod paths;
pub mod secrets;
pub mod services;
pub mod store;

pub use error::{AppError, AppResult, ErrorCode};

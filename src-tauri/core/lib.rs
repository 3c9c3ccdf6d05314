//! Relata's core: the records (`domain`), the encrypted SQLite store (`store`), the use cases (`services`)
//! and the keyring (`secrets`). No Tauri here: the app and the CLI are thin layers on top.
//!
//! Layers only point down: `bootstrap` → `services` → `store` → `domain`; `secrets` sits beside the
//! services and is reached from `bootstrap`, never from the store. `tests/core/layers.rs` fails when a
//! lower layer names a higher one.

pub mod bootstrap;
pub mod clock;
pub mod count;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod logging;
pub mod paths;
pub mod phone;
pub mod rng;
pub mod secrets;
pub mod services;
pub mod store;

pub use error::{AppError, AppResult, ErrorCode};

//! Record types shared by the store, the CLI and IPC. No Tauri and no SQL here.

mod activity;
mod backup;
mod cadence;
mod common;
mod company;
mod custom_field;
mod deal;
mod gdpr;
mod mail;
mod mail_sync;
pub mod money;
mod person;
mod scoring;
mod security;
mod settings;
mod system_event;
mod task;
mod template;

pub use activity::*;
pub use backup::*;
pub use cadence::*;
pub use common::*;
pub use company::*;
pub use custom_field::*;
pub use deal::*;
pub use gdpr::*;
pub use mail::*;
pub use mail_sync::*;
pub use person::*;
pub use scoring::*;
pub use security::*;
pub use settings::*;
pub use system_event::*;
pub use task::*;
pub use template::*;

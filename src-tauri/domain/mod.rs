//! Record types shared by the store, the CLI and IPC. No Tauri and no SQL here.

mod activity;
mod cadence;
mod common;
mod company;
mod custom_field;
mod deal;
mod person;
mod scoring;
mod settings;
mod task;

pub use activity::*;
pub use cadence::*;
pub use common::*;
pub use company::*;
pub use custom_field::*;
pub use deal::*;
pub use person::*;
pub use scoring::*;
pub use settings::*;
pub use task::*;

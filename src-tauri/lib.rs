//! Relata: an offline-first desktop CRM. This crate is the Tauri shell (`app`): commands, events and window
//! state over `relata_core`. The CLI lives in `relata_cli`; the binary picks one or the other.

pub mod app;

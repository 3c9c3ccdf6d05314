//! Team sync, store side: the registry of synced tables, global ids, the hybrid logical clock, change
//! capture triggers and the generic apply of pulled records. The network side is `services::team`.

pub mod apply;
mod blobs;
pub mod capture;
pub mod decl;
pub mod hlc;
pub mod ids;
pub mod keys;
mod list_fields;
pub mod lists;
mod local_only;
pub mod outbox;
pub mod registry;

//! IPC commands: short adapters that take typed input, run the core off the async runtime, and emit
//! `DataChanged` after a successful write. Validation and every rule live in the core.

mod analytics;
mod calls;
mod campaigns;
mod data;
mod documents;
mod enrich;
mod exclusive;
mod followups;
mod imports;
mod mail;
mod orders;
mod records;
mod rules;
mod scoring;
mod security;
mod segments;
mod sla;
mod team;
mod templates;
mod tickets;
mod upsell;
mod workspace;

pub use analytics::*;
pub use calls::*;
pub use campaigns::*;
pub use data::*;
pub use documents::*;
pub use enrich::*;
pub use followups::*;
pub use imports::*;
pub use mail::*;
pub use orders::*;
pub use records::*;
pub use rules::*;
pub use scoring::*;
pub use security::*;
pub use segments::*;
pub use sla::*;
pub use team::*;
pub use templates::*;
pub use tickets::*;
pub use upsell::*;
pub use workspace::*;

/// The five commands every main record type has. Listing its names keeps them greppable.
macro_rules! record_commands {
    ($service:path, $record:ty, $input:ty, $query:ty, $row:ty,
     list: $list:ident, get: $get:ident, create: $create:ident, update: $update:ident, delete: $delete:ident) => {
        #[tauri::command]
        #[specta::specta]
        #[tracing::instrument(skip_all, fields(code))]
        pub async fn $list(state: State<'_, AppState>, query: $query) -> AppResult<Page<$row>> {
            use $service as service;
            state.run(move |s| service::list(s, &query)).await
        }

        #[tauri::command]
        #[specta::specta]
        #[tracing::instrument(skip_all, fields(id = id, code))]
        pub async fn $get(state: State<'_, AppState>, id: Id) -> AppResult<$record> {
            use $service as service;
            state.run(move |s| service::get(s, id)).await
        }

        #[tauri::command]
        #[specta::specta]
        #[tracing::instrument(skip_all, fields(code))]
        pub async fn $create(state: State<'_, AppState>, input: $input) -> AppResult<$record> {
            use $service as service;
            state.run(move |s| service::create(s, input)).await
        }

        #[tauri::command]
        #[specta::specta]
        #[tracing::instrument(skip_all, fields(id = id, code))]
        pub async fn $update(state: State<'_, AppState>, id: Id, input: $input) -> AppResult<$record> {
            use $service as service;
            state.run(move |s| service::update(s, id, input)).await
        }

        #[tauri::command]
        #[specta::specta]
        #[tracing::instrument(skip_all, fields(id = id, code))]
        pub async fn $delete(state: State<'_, AppState>, id: Id) -> AppResult<()> {
            use $service as service;
            state.run(move |s| service::delete(s, id)).await
        }
    };
}
pub(crate) use record_commands;

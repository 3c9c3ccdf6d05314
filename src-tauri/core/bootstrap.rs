//! Opening the product's store: the one place that joins the keyring (`secrets`) and the SQLite store, so
//! the store itself never reaches up for its key.

use std::path::Path;
use std::sync::Arc;

use crate::clock::Clock;
use crate::error::AppResult;
use crate::secrets::{self, SecretStore};
use crate::store::cipher::{self, FileState, Progress};
use crate::store::{Store, DB_FILE};

/// The product entry point: the key comes from the keyring (created on first run), a plaintext store from
/// an earlier version is encrypted in place, and a missing key is an error, never a new store.
pub fn open_store(data_dir: &Path, clock: Arc<dyn Clock>, secrets: &dyn SecretStore) -> AppResult<Store> {
    open_store_reporting(data_dir, clock, secrets, &mut |_, _, _| {})
}

/// `open_store`, telling `progress` how far encrypting a plaintext store is.
pub fn open_store_reporting(
    data_dir: &Path,
    clock: Arc<dyn Clock>,
    secrets: &dyn SecretStore,
    progress: Progress,
) -> AppResult<Store> {
    std::fs::create_dir_all(data_dir)?;
    let key = secrets::unlock(data_dir, secrets)?;
    let started = std::time::Instant::now();
    let store = Store::open_reporting(data_dir, clock, Some(key), progress);
    tracing::info!(ms = started.elapsed().as_millis() as u64, ok = store.is_ok(), "store opened");
    store
}

/// True when the store is a plaintext file that opening will encrypt first (minutes for a large one).
pub fn needs_encryption(data_dir: &Path) -> bool {
    cipher::file_state(&data_dir.join(DB_FILE)).is_ok_and(|s| s == FileState::Plaintext)
}

//! Opening the product's store: the one place that joins the keyring (`secrets`) and the SQLite store, so
//! the store itself never reaches up for its key.

use std::path::Path;
use std::sync::Arc;

use crate::clock::Clock;
use crate::error::AppResult;
use crate::secrets::{self, SecretStore};
use crate::store::Store;

/// The product entry point: the key comes from the keyring (created on first run), a plaintext store from
/// an earlier version is encrypted in place, and a missing key is an error, never a new store.
pub fn open_store(data_dir: &Path, clock: Arc<dyn Clock>, secrets: &dyn SecretStore) -> AppResult<Store> {
    std::fs::create_dir_all(data_dir)?;
    let key = secrets::unlock(data_dir, secrets)?;
    Store::open_with(data_dir, clock, Some(key))
}

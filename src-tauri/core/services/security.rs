//! Encryption status and the recovery passphrase, for the CLI and IPC. The key handling itself lives in
//! `secrets` (keyring, recovery) and `store::cipher` (SQLCipher files).

use crate::domain::SecurityStatus;
use crate::error::AppResult;
use crate::secrets::recovery;
use crate::store::Store;

pub fn status(store: &Store) -> AppResult<SecurityStatus> {
    Ok(SecurityStatus {
        encrypted: store.is_encrypted(),
        recovery_passphrase_set: recovery::has_passphrase(store.data_dir())?,
    })
}

pub fn set_recovery_passphrase(store: &Store, passphrase: &str) -> AppResult<SecurityStatus> {
    recovery::set_passphrase(store, passphrase)?;
    status(store)
}

/// The only links the app opens outside itself: absolute http(s) web addresses, checked here whatever the
/// UI already checked (a `javascript:` or `file:` link in a record must never reach the OS opener).
pub fn external_url(url: &str) -> AppResult<String> {
    crate::services::validate::url("url", url)
}

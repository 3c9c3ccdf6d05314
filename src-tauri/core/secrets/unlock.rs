//! Finding the database key at start. A small, non-secret file next to the DB names the keyring entry (and
//! holds the passphrase-wrapped recovery copy); the key itself is only ever in the keyring.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::recovery::Wrapped;
use super::{DbKey, SecretStore};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::cipher::{file_state, FileState};
use crate::store::DB_FILE;

pub const KEY_INFO_FILE: &str = "relata.keyinfo.json";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyInfo {
    /// Names the keyring entry, so two data dirs on one machine never share or overwrite a key.
    pub key_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery: Option<Wrapped>,
}

impl KeyInfo {
    pub fn secret_name(&self) -> String {
        format!("db-key-{}", self.key_id)
    }
}

pub fn key_info(data_dir: &Path) -> AppResult<Option<KeyInfo>> {
    match std::fs::read(data_dir.join(KEY_INFO_FILE)) {
        Ok(bytes) => Ok(Some(
            serde_json::from_slice(&bytes)
                .map_err(|e| AppError::new(ErrorCode::KeyMissing, format!("{KEY_INFO_FILE} is unreadable ({e})")))?,
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Written to a temp file and renamed over the old one, so a crash never leaves half a file.
pub(crate) fn write_key_info(data_dir: &Path, info: &KeyInfo) -> AppResult<()> {
    let tmp = data_dir.join(format!("{KEY_INFO_FILE}.tmp"));
    std::fs::write(&tmp, serde_json::to_vec_pretty(info)?)?;
    std::fs::File::open(&tmp)?.sync_all()?;
    std::fs::rename(&tmp, data_dir.join(KEY_INFO_FILE))?;
    Ok(())
}

pub(crate) fn key_missing() -> AppError {
    AppError::new(
        ErrorCode::KeyMissing,
        "the encryption key of this Relata store is not in the system keyring; restore it with your recovery \
         passphrase ('relata security recover')",
    )
}

/// The key for the store in `data_dir`. An encrypted store needs its key from the keyring and fails with
/// `key_missing` / `keyring_unavailable` otherwise, so a new empty store is never created over it. A new or
/// plaintext store gets a new random key, saved in the keyring (and read back) before anything is encrypted
/// with it.
pub fn unlock(data_dir: &Path, secrets: &dyn SecretStore) -> AppResult<DbKey> {
    let info = key_info(data_dir)?;
    match file_state(&data_dir.join(DB_FILE))? {
        FileState::Encrypted => {
            let info = info.ok_or_else(key_missing)?;
            match secrets.get(&info.secret_name())? {
                Some(bytes) => DbKey::from_bytes(&bytes),
                None => Err(key_missing()),
            }
        }
        FileState::Missing | FileState::Plaintext => {
            if let Some(info) = &info {
                if let Some(bytes) = secrets.get(&info.secret_name())? {
                    return DbKey::from_bytes(&bytes);
                }
            }
            create_key(data_dir, secrets)
        }
    }
}

fn create_key(data_dir: &Path, secrets: &dyn SecretStore) -> AppResult<DbKey> {
    let mut id = [0u8; 16];
    getrandom::fill(&mut id).map_err(|e| AppError::internal(format!("no randomness: {e}")))?;
    let info = KeyInfo { key_id: hex::encode(id), recovery: None };
    let key = DbKey::random()?;
    secrets.set(&info.secret_name(), key.bytes())?;
    if secrets.get(&info.secret_name())?.as_deref() != Some(key.bytes()) {
        return Err(AppError::new(ErrorCode::KeyringUnavailable, "the keyring did not keep the new key"));
    }
    write_key_info(data_dir, &info)?;
    Ok(key)
}

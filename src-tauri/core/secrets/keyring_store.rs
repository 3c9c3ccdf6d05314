//! The OS keyring through the `keyring` crate: Secret Service on Linux, Keychain on macOS, Credential
//! Manager on Windows. Every entry is under Relata's app identifier as the service name.

use keyring::{Entry, Error};

use super::SecretStore;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::paths::APP_IDENTIFIER;

pub struct KeyringSecrets {
    service: String,
}

impl KeyringSecrets {
    pub fn new() -> Self {
        Self { service: APP_IDENTIFIER.to_string() }
    }

    /// A separate namespace, so tests against the real keyring never touch the user's entries.
    pub fn with_service(service: impl Into<String>) -> Self {
        Self { service: service.into() }
    }

    fn entry(&self, name: &str) -> AppResult<Entry> {
        Entry::new(&self.service, name).map_err(map_err)
    }
}

impl Default for KeyringSecrets {
    fn default() -> Self {
        Self::new()
    }
}

impl SecretStore for KeyringSecrets {
    fn get(&self, name: &str) -> AppResult<Option<Vec<u8>>> {
        match self.entry(name)?.get_secret() {
            Ok(secret) => Ok(Some(secret)),
            Err(Error::NoEntry) => Ok(None),
            Err(e) => Err(map_err(e)),
        }
    }

    fn set(&self, name: &str, secret: &[u8]) -> AppResult<()> {
        self.entry(name)?.set_secret(secret).map_err(map_err)
    }

    fn delete(&self, name: &str) -> AppResult<()> {
        match self.entry(name)?.delete_credential() {
            Ok(()) | Err(Error::NoEntry) => Ok(()),
            Err(e) => Err(map_err(e)),
        }
    }
}

pub(super) fn unavailable(reason: &str) -> AppError {
    AppError::new(
        ErrorCode::KeyringUnavailable,
        format!("the system keyring is not available ({reason}); Relata keeps its encryption key there"),
    )
}

// The keyring's own messages never contain the secret, only what went wrong with the store.
fn map_err(e: Error) -> AppError {
    match e {
        Error::NoStorageAccess(_) => unavailable("it is locked or access was refused"),
        Error::NoDefaultStore | Error::PlatformFailure(_) => unavailable(&e.to_string()),
        other => AppError::new(ErrorCode::KeyringUnavailable, format!("keyring error: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs against the real Secret Service when RELATA_TEST_KEYRING=1 (.ci/test.sh starts gnome-keyring).
    #[test]
    fn real_keyring_stores_reads_and_deletes_a_key() {
        if std::env::var("RELATA_TEST_KEYRING").as_deref() != Ok("1") {
            eprintln!("skipped: set RELATA_TEST_KEYRING=1 inside a session with an unlocked keyring");
            return;
        }
        let secrets = KeyringSecrets::with_service("eu.relata.desktop.test");
        let name = format!("unit-test-{}", std::process::id());
        let key = crate::secrets::DbKey::random().unwrap();
        secrets.set(&name, key.bytes()).unwrap();
        assert_eq!(secrets.get(&name).unwrap().as_deref(), Some(key.bytes()));
        secrets.delete(&name).unwrap();
        assert_eq!(secrets.get(&name).unwrap(), None);
    }
}

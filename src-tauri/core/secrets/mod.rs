//! Secrets live in the OS keyring, never in a file or a log. Everything secret (the database key now, the
//! SMTP password and sync credentials later) goes through `SecretStore`, so tests swap in `MemorySecrets`.

mod keyring_store;
pub mod recovery;
mod unlock;

use std::collections::HashMap;
use std::sync::Mutex;

use crate::error::AppResult;

pub use crate::store::key::DbKey;
pub use keyring_store::KeyringSecrets;
pub use unlock::{key_info, unlock, KeyInfo, KEY_INFO_FILE};

/// Named secrets in some safe place. `get` answers `Ok(None)` when the name has no secret (the keyring works
/// but holds nothing), and an error only when the place itself cannot be reached.
pub trait SecretStore: Send + Sync {
    fn get(&self, name: &str) -> AppResult<Option<Vec<u8>>>;
    fn set(&self, name: &str, secret: &[u8]) -> AppResult<()>;
    fn delete(&self, name: &str) -> AppResult<()>;
}

/// An in-memory secret store for tests; `unavailable()` behaves like a machine without a keyring.
#[derive(Default)]
pub struct MemorySecrets {
    entries: Mutex<HashMap<String, Vec<u8>>>,
    unavailable: bool,
}

impl MemorySecrets {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn unavailable() -> Self {
        Self { entries: Mutex::default(), unavailable: true }
    }

    fn entries(&self) -> AppResult<std::sync::MutexGuard<'_, HashMap<String, Vec<u8>>>> {
        if self.unavailable {
            return Err(keyring_store::unavailable("no keyring in this test"));
        }
        Ok(self.entries.lock().unwrap_or_else(|p| p.into_inner()))
    }

    pub fn len(&self) -> usize {
        self.entries.lock().map(|e| e.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl SecretStore for MemorySecrets {
    fn get(&self, name: &str) -> AppResult<Option<Vec<u8>>> {
        Ok(self.entries()?.get(name).cloned())
    }

    fn set(&self, name: &str, secret: &[u8]) -> AppResult<()> {
        self.entries()?.insert(name.to_string(), secret.to_vec());
        Ok(())
    }

    fn delete(&self, name: &str) -> AppResult<()> {
        self.entries()?.remove(name);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn memory_store_round_trips_and_deletes() {
        let s = MemorySecrets::new();
        assert_eq!(s.get("a").unwrap(), None);
        s.set("a", b"one").unwrap();
        s.set("a", b"two").unwrap();
        assert_eq!(s.get("a").unwrap().as_deref(), Some(&b"two"[..]));
        s.delete("a").unwrap();
        assert_eq!(s.get("a").unwrap(), None);
    }

    #[test]
    fn unavailable_store_says_so() {
        let e = MemorySecrets::unavailable().get("a").unwrap_err();
        assert_eq!(e.code, ErrorCode::KeyringUnavailable);
    }
}

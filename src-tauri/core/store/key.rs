//! The 256-bit database key. It lives in zeroized memory, prints as `DbKey(..)`, and is handed to SQLCipher
//! only as the raw-key literal `x'…'` (so SQLCipher skips its own key derivation).

use rusqlite::Connection;
use zeroize::{Zeroize, Zeroizing};

use crate::error::{AppError, AppResult, ErrorCode};

pub const KEY_LEN: usize = 32;

#[derive(Clone, PartialEq, Eq)]
pub struct DbKey(Zeroizing<[u8; KEY_LEN]>);

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(..)")
    }
}

impl DbKey {
    pub fn random() -> AppResult<Self> {
        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        getrandom::fill(bytes.as_mut()).map_err(|e| AppError::internal(format!("no randomness for a new key: {e}")))?;
        Ok(Self(bytes))
    }

    pub fn from_bytes(bytes: &[u8]) -> AppResult<Self> {
        let arr: [u8; KEY_LEN] = bytes
            .try_into()
            .map_err(|_| AppError::new(ErrorCode::KeyRejected, "the stored encryption key has the wrong length"))?;
        Ok(Self(Zeroizing::new(arr)))
    }

    pub fn bytes(&self) -> &[u8] {
        self.0.as_ref()
    }

    /// The SQL literal SQLCipher reads as a raw key, quoted for `PRAGMA key = …` and `ATTACH … KEY …`.
    fn literal(&self) -> Zeroizing<String> {
        let mut hex = hex::encode(self.bytes());
        let lit = Zeroizing::new(format!("\"x'{hex}'\""));
        hex.zeroize();
        lit
    }

    /// Keys a fresh connection. It must be the first statement on the connection; without a key the file is
    /// read as plain SQLite.
    pub fn apply(&self, conn: &Connection) -> AppResult<()> {
        let sql = Zeroizing::new(format!("PRAGMA key = {};", self.literal().as_str()));
        conn.execute_batch(&sql)?;
        Ok(())
    }

    /// Attaches another database file under `schema`, encrypted with this key (created when missing).
    pub fn attach(&self, conn: &Connection, path: &std::path::Path, schema: &str) -> AppResult<()> {
        let sql = Zeroizing::new(format!("ATTACH DATABASE ?1 AS {schema} KEY {}", self.literal().as_str()));
        conn.execute(&sql, [path.to_string_lossy()])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_random_and_never_printed() {
        let a = DbKey::random().unwrap();
        let b = DbKey::random().unwrap();
        assert_ne!(a, b);
        assert_eq!(format!("{a:?}"), "DbKey(..)");
        assert!(!a.literal().contains(&format!("{a:?}")));
        assert!(a.literal().starts_with("\"x'") && a.literal().len() == 2 * KEY_LEN + 5);
    }

    #[test]
    fn wrong_length_is_rejected() {
        assert_eq!(DbKey::from_bytes(&[1, 2, 3]).unwrap_err().code, ErrorCode::KeyRejected);
    }
}

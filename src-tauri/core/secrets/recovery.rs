//! The recovery passphrase: an Argon2id-derived key wraps a copy of the database key (XChaCha20-Poly1305,
//! the key id as associated data) in the key-info file. With the passphrase the key can be put back into a
//! keyring that lost it; without it the file is useless.

use std::path::Path;

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::unlock::{key_info, key_missing, write_key_info};
use super::{DbKey, SecretStore};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::cipher::check_key;
use crate::store::{Store, DB_FILE};

pub const MIN_PASSPHRASE_CHARS: usize = 10;
const MAX_PASSPHRASE_CHARS: usize = 1024;
// OWASP's Argon2id baseline (19 MiB, 2 passes). Stored with the copy, so later versions can raise it.
const M_COST_KIB: u32 = 19 * 1024;
const T_COST: u32 = 2;
const P_COST: u32 = 1;
// Bounds on parameters read from the file: a tampered file must not make recovery take forever.
const MAX_M_COST_KIB: u32 = 1024 * 1024;
const MAX_T_COST: u32 = 20;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Wrapped {
    pub kdf: String,
    pub m_cost_kib: u32,
    pub t_cost: u32,
    pub p_cost: u32,
    pub salt: String,
    pub nonce: String,
    pub wrapped_key: String,
}

fn validate(passphrase: &str) -> AppResult<()> {
    let chars = passphrase.chars().count();
    if chars < MIN_PASSPHRASE_CHARS {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "passphrase",
            format!("the recovery passphrase needs at least {MIN_PASSPHRASE_CHARS} characters"),
        ));
    }
    if chars > MAX_PASSPHRASE_CHARS {
        return Err(AppError::field(ErrorCode::TooLong, "passphrase", "the recovery passphrase is too long"));
    }
    Ok(())
}

fn derive(passphrase: &str, salt: &[u8], m: u32, t: u32, p: u32) -> AppResult<Zeroizing<[u8; 32]>> {
    if m > MAX_M_COST_KIB || t > MAX_T_COST {
        return Err(AppError::new(ErrorCode::WrongPassphrase, "the recovery data asks for unreasonable work"));
    }
    let params = Params::new(m, t, p, Some(32)).map_err(|e| AppError::internal(format!("argon2: {e}")))?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, out.as_mut())
        .map_err(|e| AppError::internal(format!("argon2: {e}")))?;
    Ok(out)
}

pub fn wrap(key: &DbKey, passphrase: &str, key_id: &str) -> AppResult<Wrapped> {
    validate(passphrase)?;
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 24];
    getrandom::fill(&mut salt)
        .and_then(|_| getrandom::fill(&mut nonce))
        .map_err(|e| AppError::internal(format!("no randomness: {e}")))?;
    let kek = derive(passphrase, &salt, M_COST_KIB, T_COST, P_COST)?;
    let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
    let sealed = cipher
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: key.bytes(), aad: key_id.as_bytes() })
        .map_err(|_| AppError::internal("could not wrap the key"))?;
    Ok(Wrapped {
        kdf: "argon2id".into(),
        m_cost_kib: M_COST_KIB,
        t_cost: T_COST,
        p_cost: P_COST,
        salt: hex::encode(salt),
        nonce: hex::encode(nonce),
        wrapped_key: hex::encode(sealed),
    })
}

pub fn unwrap(w: &Wrapped, passphrase: &str, key_id: &str) -> AppResult<DbKey> {
    let bad = || AppError::new(ErrorCode::WrongPassphrase, "the recovery data is damaged");
    if w.kdf != "argon2id" {
        return Err(bad());
    }
    let salt = hex::decode(&w.salt).map_err(|_| bad())?;
    let nonce = hex::decode(&w.nonce).map_err(|_| bad())?;
    let sealed = hex::decode(&w.wrapped_key).map_err(|_| bad())?;
    if nonce.len() != 24 {
        return Err(bad());
    }
    let kek = derive(passphrase, &salt, w.m_cost_kib, w.t_cost, w.p_cost)?;
    let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
    let plain = Zeroizing::new(
        cipher.decrypt(XNonce::from_slice(&nonce), Payload { msg: &sealed, aad: key_id.as_bytes() }).map_err(|_| {
            AppError::field(ErrorCode::WrongPassphrase, "passphrase", "the recovery passphrase is not correct")
        })?,
    );
    DbKey::from_bytes(&plain)
}

/// Sets (or replaces) the recovery passphrase of an open encrypted store.
pub fn set_passphrase(store: &Store, passphrase: &str) -> AppResult<()> {
    let key = store.key().ok_or_else(|| AppError::new(ErrorCode::Conflict, "this store is not encrypted"))?;
    let mut info = key_info(store.data_dir())?.ok_or_else(key_missing)?;
    info.recovery = Some(wrap(key, passphrase, &info.key_id)?);
    write_key_info(store.data_dir(), &info)
}

/// Re-derives the key from the passphrase, checks that it opens the store, and puts it back in the keyring.
pub fn recover(data_dir: &Path, passphrase: &str, secrets: &dyn SecretStore) -> AppResult<()> {
    let info = key_info(data_dir)?.ok_or_else(no_recovery)?;
    let wrapped = info.recovery.as_ref().ok_or_else(no_recovery)?;
    let key = unwrap(wrapped, passphrase, &info.key_id)?;
    check_key(&data_dir.join(DB_FILE), &key)?;
    secrets.set(&info.secret_name(), key.bytes())
}

pub fn has_passphrase(data_dir: &Path) -> AppResult<bool> {
    Ok(key_info(data_dir)?.is_some_and(|i| i.recovery.is_some()))
}

fn no_recovery() -> AppError {
    AppError::new(ErrorCode::NotFound, "no recovery passphrase was set for this store, so its key cannot be recovered")
}

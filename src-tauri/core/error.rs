//! The one error type that crosses every boundary: core, CLI and IPC.
//! The UI translates `code` (plus `field`); `message` is the English text for the CLI and logs.

use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Required,
    TooLong,
    InvalidEmail,
    InvalidPhone,
    InvalidUrl,
    InvalidDate,
    InvalidCurrency,
    OutOfRange,
    InvalidValue,
    Duplicate,
    NotFound,
    Conflict,
    SchemaTooNew,
    /// The OS keyring (Secret Service, Keychain, Credential Manager) cannot be reached or is locked.
    KeyringUnavailable,
    /// The store is encrypted but its key is not in the keyring: recover it with the recovery passphrase.
    KeyMissing,
    /// A key was found but does not open the store.
    KeyRejected,
    WrongPassphrase,
    /// A server's host name does not resolve (mail, team sync).
    Dns,
    /// A server cannot be reached over TCP, or the connection dropped or timed out.
    Network,
    /// The TLS handshake with a server failed for a reason other than its certificate.
    Tls,
    /// A server's certificate does not verify and is not the one the user pinned.
    Certificate,
    /// A server refused the user name or password.
    Login,
    /// A server lacks a capability Relata needs (for example IMAP4rev1 or AUTH).
    Capability,
    /// A server refused something for good (an SMTP 5xx reply): it is not tried again.
    RemoteRejected,
    /// A sending limit is reached; the work waits.
    RateLimited,
    /// A template does not parse or render.
    Template,
    /// A template's merge field has no value and no fallback for this recipient.
    MissingField,
    /// The team server's row-level security refused this for the user's role.
    PermissionDenied,
    /// The app refuses this request from the window (say, a write to a file no save dialog granted).
    Forbidden,
    /// This app and the team server run different schema versions.
    SchemaMismatch,
    Database,
    Io,
    Internal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    /// The input field a validation error belongs to, in the input's JSON name (e.g. `emails.1.value`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), field: None }
    }

    pub fn field(code: ErrorCode, field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), field: Some(field.into()) }
    }

    pub fn not_found(what: &str, id: i64) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} {id} does not exist"))
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        match &e {
            rusqlite::Error::QueryReturnedNoRows => Self::new(ErrorCode::NotFound, "record not found"),
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
                Self::new(ErrorCode::Conflict, format!("constraint violated: {e}"))
            }
            _ => Self::new(ErrorCode::Database, format!("database error: {e}")),
        }
    }
}

impl From<std::io::Error> for AppError {
    fn from(e: std::io::Error) -> Self {
        Self::new(ErrorCode::Io, format!("file error: {e}"))
    }
}

impl From<serde_json::Error> for AppError {
    fn from(e: serde_json::Error) -> Self {
        Self::new(ErrorCode::InvalidValue, format!("invalid JSON: {e}"))
    }
}

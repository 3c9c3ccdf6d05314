//! SQLCipher at the file level: what a DB file is (absent, plaintext, encrypted), and the one-time
//! migration of a plaintext store to an encrypted one. The migration never touches the original until an
//! encrypted copy has been written, reopened with the key and checked; then the copy replaces it in one
//! rename. It reports progress (`StartupStep`, done, total), so the app can show a large store's minutes
//! of encryption.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::key::DbKey;
use crate::domain::StartupStep;
use crate::error::{AppError, AppResult, ErrorCode};

/// Hears how far encrypting is: the step, and `done` of `total` (pages while copying, rows while checking
/// the copy, 0 then 1 of 1 while replacing).
pub type Progress<'a> = &'a mut dyn FnMut(StartupStep, u64, u64);
/// How often the copy's size is looked at while `sqlcipher_export` writes it.
const POLL: Duration = Duration::from_millis(100);

const PLAINTEXT_HEADER: &[u8; 16] = b"SQLite format 3\0";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    Missing,
    Plaintext,
    Encrypted,
}

/// An empty file counts as missing: SQLite treats it as a new database too.
pub fn file_state(path: &Path) -> AppResult<FileState> {
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileState::Missing),
        Err(e) => return Err(e.into()),
    };
    let mut header = Vec::with_capacity(16);
    file.by_ref().take(16).read_to_end(&mut header)?;
    Ok(match header.len() {
        0 => FileState::Missing,
        _ if header == PLAINTEXT_HEADER => FileState::Plaintext,
        _ => FileState::Encrypted,
    })
}

/// Opens `path` (keyed when a key is given) with `flags`. Every connection Relata makes goes through here,
/// so the key is always the first statement.
pub fn connect(path: &Path, flags: OpenFlags, key: Option<&DbKey>) -> AppResult<Connection> {
    let conn = Connection::open_with_flags(path, flags)?;
    if let Some(key) = key {
        key.apply(&conn)?;
    }
    Ok(conn)
}

/// Maps "file is not a database" after keying to the error the user can act on.
pub fn map_open_error(e: AppError, keyed: bool) -> AppError {
    if e.message.contains("file is not a database") {
        return if keyed {
            AppError::new(ErrorCode::KeyRejected, "the encryption key in the keyring does not open this store")
        } else {
            AppError::new(ErrorCode::KeyMissing, "this store is encrypted and no key was given")
        };
    }
    e
}

/// Fails with `key_rejected` unless `key` opens the encrypted DB at `path`.
pub fn check_key(path: &Path, key: &DbKey) -> AppResult<()> {
    let conn = connect(path, OpenFlags::SQLITE_OPEN_READ_ONLY, Some(key))?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))
        .map_err(|e| map_open_error(e.into(), true))?;
    Ok(())
}

/// The steps of `encrypt_in_place`, in order; tests stop after one to prove the original survives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    CopyWritten,
    CopyVerified,
    Replaced,
}

pub fn temp_copy_path(db: &Path) -> PathBuf {
    sidecar(db, "-encrypting")
}

fn sidecar(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Encrypts the plaintext store at `db` with `key`. The caller must have stored the key safely first.
pub fn encrypt_in_place(db: &Path, key: &DbKey, progress: Progress) -> AppResult<()> {
    encrypt_until(db, key, Step::Replaced, progress)
}

pub fn encrypt_until(db: &Path, key: &DbKey, last: Step, progress: Progress) -> AppResult<()> {
    let tmp = temp_copy_path(db);
    // A copy left by an interrupted run was never verified: start over.
    remove_if_present(&tmp)?;
    // CREATE lets the ATTACH below make the copy; the plaintext file itself exists.
    let plain = connect(db, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE, None)?;
    // Everything into the main file, so the copy and the counts see all committed rows.
    plain.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    let counts = table_counts(&plain, "main")?;
    let version: i64 = plain.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let total = used_bytes(&plain)?.div_ceil(COPY_PAGE);
    key.attach(&plain, &tmp, "encrypted")?;
    // The export creates the copy's indexes before it copies the rows, so each row is an insert at a random
    // place in every index: with SQLite's default 2 MB cache those pages would be written out, read back and
    // decrypted again for each row (a 1M store read 89 GB that way and took more than 15 minutes).
    plain.execute_batch(&format!("PRAGMA encrypted.cache_size = -{EXPORT_CACHE_KIB}"))?;
    progress(StartupStep::Encrypt, 0, total);
    std::thread::scope(|s| {
        let export = s.spawn(move || -> AppResult<()> {
            plain.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
            plain.execute_batch(&format!("PRAGMA encrypted.user_version = {version}; DETACH DATABASE encrypted;"))?;
            Ok(())
        });
        // The export is one statement: its progress shows as the copy's size (pages spill from its cache).
        let mut last_done = 0;
        while !export.is_finished() {
            std::thread::sleep(POLL);
            let written = std::fs::metadata(&tmp).map(|m| m.len() / COPY_PAGE).unwrap_or(0);
            let done = written.min(total.saturating_sub(1)).max(last_done);
            if done != last_done {
                last_done = done;
                progress(StartupStep::Encrypt, done, total);
            }
        }
        export.join().map_err(|_| copy_failed("the copy stopped unexpectedly"))?
    })?;
    progress(StartupStep::Encrypt, total, total);
    std::fs::File::open(&tmp)?.sync_all()?;
    if last == Step::CopyWritten {
        return Ok(());
    }
    super::cipher_check::verify_copy(&tmp, key, &counts, version, progress)?;
    if last == Step::CopyVerified {
        return Ok(());
    }
    progress(StartupStep::Replace, 0, 1);
    // The plaintext connection is closed, so its WAL was checkpointed away; stale -wal/-shm files of the
    // plaintext DB must not be replayed against the encrypted one.
    remove_if_present(&sidecar(db, "-wal"))?;
    remove_if_present(&sidecar(db, "-shm"))?;
    std::fs::rename(&tmp, db)?;
    if let Some(dir) = db.parent() {
        // Makes the rename durable where the OS allows opening a directory.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    progress(StartupStep::Replace, 1, 1);
    Ok(())
}

/// The copy's page cache while it is written, in KiB (freed when the export's connection closes).
const EXPORT_CACHE_KIB: i64 = 256 * 1024;

/// The copy's pages: SQLCipher's default page size, which the export keeps.
const COPY_PAGE: u64 = 4096;

/// The bytes of the plaintext store that hold data (free pages are not copied).
fn used_bytes(conn: &Connection) -> AppResult<u64> {
    let pragma = |name: &str| conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get::<_, i64>(0));
    let pages = pragma("page_count")? - pragma("freelist_count")?;
    Ok((pages.max(1) * pragma("page_size")?).max(0) as u64)
}

pub(super) fn copy_failed(why: &str) -> AppError {
    AppError::new(ErrorCode::Database, format!("encrypting the store failed ({why}); the original is unchanged"))
}

/// Rows per table, in name order (FTS shadow tables included: they hold the search index).
pub fn table_counts(conn: &Connection, schema: &str) -> AppResult<Vec<(String, i64)>> {
    let names: Vec<String> = conn
        .prepare(&format!(
            "SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' \
             ORDER BY name"
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    names
        .into_iter()
        .map(|name| {
            let n = conn.query_row(&format!("SELECT count(*) FROM {schema}.\"{name}\""), [], |r| r.get(0))?;
            Ok((name, n))
        })
        .collect()
}

fn remove_if_present(path: &Path) -> AppResult<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}

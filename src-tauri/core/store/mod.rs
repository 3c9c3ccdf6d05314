//! The SQLite store: one writer connection behind a mutex plus a small pool of readers (WAL lets them read
//! a consistent snapshot while a write is in progress). Services get a transaction for every write and a
//! read transaction (one snapshot) for every read, so a list and its total always agree.

pub mod audit_triggers;
pub mod builtin_rules;
mod campaign_keys;
pub mod changes;
pub mod cipher;
mod cipher_check;
mod files;
pub mod fold;
pub mod fts;
pub mod hits;
pub mod key;
pub mod keyset;
pub mod many;
mod migrate;
pub mod people_index;
mod phones;
pub mod rule_events;
pub mod set_aside;
pub mod sync;
pub mod tables;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::clock::Clock;
use crate::domain::Topic;
use crate::error::AppResult;
use changes::{ChangeListener, Changes};
use key::DbKey;

pub use migrate::{run_to as migrate_to, LATEST_VERSION, TEAM_SYNC_MIGRATION};

pub const DB_FILE: &str = "relata.db";

/// Readers kept open between calls; more are opened on demand and dropped when returned. Each holds its
/// own page cache (SQLite's default, up to 2 MB) and statement cache, and the app rarely runs more than
/// two reads at once.
const IDLE_READERS: usize = 2;
const STATEMENT_CACHE: usize = 64;
/// The writer's page cache during a bulk load, in KiB (see `bulk_write`).
const BULK_CACHE_KIB: i64 = 256 * 1024;

pub struct Store {
    data_dir: PathBuf,
    db_path: PathBuf,
    clock: Arc<dyn Clock>,
    key: Option<DbKey>,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
    changes: Changes,
}

// Manual, so the key can never reach a log through `{:?}`.
impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("db_path", &self.db_path).field("encrypted", &self.key.is_some()).finish()
    }
}

impl Store {
    /// A plaintext store (tests, benchmarks): creates the data dir and the DB when missing, runs pending
    /// migrations and seeds defaults. The app and the CLI open it through
    /// `bootstrap::open_store`, which finds the key.
    pub fn open(data_dir: &Path, clock: Arc<dyn Clock>) -> AppResult<Store> {
        Store::open_with(data_dir, clock, None)
    }

    /// Opens with an explicit key (or none). A plaintext file opened with a key is encrypted first, so the
    /// caller must have saved the key where it can be found again.
    pub fn open_with(data_dir: &Path, clock: Arc<dyn Clock>, key: Option<DbKey>) -> AppResult<Store> {
        Store::open_reporting(data_dir, clock, key, &mut |_, _, _| {})
    }

    /// `open_with`, telling `progress` how far encrypting a plaintext store is (see `cipher::Progress`).
    pub fn open_reporting(
        data_dir: &Path,
        clock: Arc<dyn Clock>,
        key: Option<DbKey>,
        progress: cipher::Progress,
    ) -> AppResult<Store> {
        std::fs::create_dir_all(data_dir)?;
        let db_path = data_dir.join(DB_FILE);
        if let Some(key) = &key {
            if cipher::file_state(&db_path)? == cipher::FileState::Plaintext {
                let encrypted = cipher::encrypt_in_place(&db_path, key, progress);
                // The copy's 256 MB page cache is freed, but glibc would keep it for the life of the app.
                return_free_memory();
                encrypted?;
            }
        }
        let keyed = key.is_some();
        let mut writer = cipher::connect(&db_path, OpenFlags::default(), key.as_ref())?;
        let setup = (|| {
            configure(&writer)?;
            // WAL is a property of the file, so set it once from the writer before any reader opens it.
            writer.pragma_update(None, "journal_mode", "WAL")?;
            migrate::run(&mut writer, clock.now_ms())
        })();
        setup.map_err(|e| cipher::map_open_error(e, keyed))?;
        let changes = Changes::default();
        changes.watch(&mut writer)?;
        Ok(Store {
            data_dir: data_dir.to_path_buf(),
            db_path,
            clock,
            key,
            writer: Mutex::new(writer),
            readers: Mutex::new(Vec::new()),
            changes,
        })
    }

    /// Attaches another DB file to `conn` under `schema`, encrypted with this store's key (plain if the
    /// store is plain); e.g. `VACUUM`-free backups with `sqlcipher_export`.
    pub fn attach_file(&self, conn: &Connection, path: &Path, schema: &str) -> AppResult<()> {
        match &self.key {
            Some(key) => key.attach(conn, path, schema),
            None => {
                conn.execute(&format!("ATTACH DATABASE ?1 AS {schema} KEY ''"), [path.to_string_lossy()])?;
                Ok(())
            }
        }
    }

    /// The database key, for code that must re-wrap or re-apply it (recovery passphrase). `None` when plain.
    pub(crate) fn key(&self) -> Option<&DbKey> {
        self.key.as_ref()
    }

    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn schema_version(&self) -> AppResult<i32> {
        self.read(migrate::user_version)
    }

    /// Sets who hears which topics each committed write changed (the app's one `DataChanged`).
    pub fn on_change(&self, listener: ChangeListener) {
        self.changes.set_listener(listener);
    }

    /// Announces changes the update hook cannot see (a restore replaces the whole file).
    pub fn announce(&self, topics: &[Topic]) {
        self.changes.announce(topics);
    }

    /// Runs `f` in one immediate transaction on the writer: all of it commits, or none of it does. Once it
    /// has committed, the change listener hears which record kinds it changed.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction) -> AppResult<T>) -> AppResult<T> {
        self.write_locked(lock(&self.writer), f)
    }

    /// `write` when the writer is free, None at once when another write holds it (work that can wait for
    /// a later call, such as packing derived rows, need not queue behind an import).
    pub fn try_write<T>(&self, f: impl FnOnce(&Transaction) -> AppResult<T>) -> Option<AppResult<T>> {
        let conn = match self.writer.try_lock() {
            Ok(conn) => conn,
            Err(std::sync::TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => return None,
        };
        Some(self.write_locked(conn, f))
    }

    fn write_locked<T>(
        &self,
        mut conn: MutexGuard<'_, Connection>,
        f: impl FnOnce(&Transaction) -> AppResult<T>,
    ) -> AppResult<T> {
        self.changes.reset();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        let changed = self.changes.take();
        drop(conn);
        self.changes.announce(&changed);
        Ok(out)
    }

    /// `write` for a bulk load (an import, a restore): the writer's page cache is raised to `BULK_CACHE_KIB`
    /// for the transaction, so a write that touches more pages than SQLite's default 2 MB keeps them in
    /// memory instead of spilling them to the WAL mid-transaction and reading them back. The cache returns
    /// to its usual size afterwards (SQLite frees the pages beyond it), also when `f` fails.
    pub fn bulk_write<T>(&self, f: impl FnOnce(&Transaction) -> AppResult<T>) -> AppResult<T> {
        let mut conn = lock(&self.writer);
        self.changes.reset();
        let usual: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        conn.pragma_update(None, "cache_size", -BULK_CACHE_KIB)?;
        let out = (|| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let out = f(&tx)?;
            tx.commit()?;
            Ok(out)
        })();
        let changed = self.changes.take();
        conn.pragma_update(None, "cache_size", usual)?;
        drop(conn);
        return_free_memory();
        if out.is_ok() {
            self.changes.announce(&changed);
        }
        out
    }

    /// Runs `f` on a pooled reader inside one read transaction, so every query sees the same snapshot.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> AppResult<T>) -> AppResult<T> {
        let mut conn = match lock(&self.readers).pop() {
            Some(conn) => conn,
            None => self.open_reader()?,
        };
        let out = {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
            let out = f(&tx);
            // A read-only transaction has nothing to keep; finishing it releases the snapshot.
            tx.finish()?;
            out
        };
        let mut idle = lock(&self.readers);
        if idle.len() < IDLE_READERS {
            idle.push(conn);
        }
        out
    }

    fn open_reader(&self) -> AppResult<Connection> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
        let conn = cipher::connect(&self.db_path, flags, self.key.as_ref())?;
        configure(&conn)?;
        Ok(conn)
    }
}

fn configure(conn: &Connection) -> AppResult<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    hits::register(conn)?;
    sync::keys::register(conn)
}

/// Hands heap pages freed after a bulk pass back to the OS. glibc keeps them for reuse otherwise, so an app
/// that once imported or rescored a million records would stay hundreds of MB larger while it idles.
pub fn return_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory of the allocator's own arenas; it touches no live data.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// A panic while holding a connection leaves it usable (an open transaction rolls back on drop), so a
/// poisoned lock is not a reason to stop serving.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

//! The SQLite store: one writer connection behind a mutex plus a small pool of readers (WAL lets them read
//! a consistent snapshot while a write is in progress). Services get a transaction for every write and a
//! read transaction (one snapshot) for every read, so a list and its total always agree.

pub mod fold;
pub mod fts;
pub mod keyset;
mod migrate;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::clock::Clock;
use crate::error::AppResult;

pub use migrate::LATEST_VERSION;

pub const DB_FILE: &str = "relata.db";

/// Readers kept open between calls; more are opened on demand and dropped when returned.
const IDLE_READERS: usize = 4;
const STATEMENT_CACHE: usize = 64;

pub struct Store {
    data_dir: PathBuf,
    db_path: PathBuf,
    clock: Arc<dyn Clock>,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
}

impl Store {
    /// Creates the data dir and the DB when missing, runs pending migrations and seeds defaults.
    pub fn open(data_dir: &Path, clock: Arc<dyn Clock>) -> AppResult<Store> {
        std::fs::create_dir_all(data_dir)?;
        let db_path = data_dir.join(DB_FILE);
        let mut writer = Connection::open(&db_path)?;
        configure(&writer)?;
        // WAL is a property of the file, so set it once from the writer before any reader opens it.
        writer.pragma_update(None, "journal_mode", "WAL")?;
        migrate::run(&mut writer, clock.now_ms())?;
        Ok(Store {
            data_dir: data_dir.to_path_buf(),
            db_path,
            clock,
            writer: Mutex::new(writer),
            readers: Mutex::new(Vec::new()),
        })
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

    /// Runs `f` in one immediate transaction on the writer: all of it commits, or none of it does.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction) -> AppResult<T>) -> AppResult<T> {
        let mut conn = lock(&self.writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
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
        let conn = Connection::open_with_flags(&self.db_path, flags)?;
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
    Ok(())
}

/// A panic while holding a connection leaves it usable (an open transaction rolls back on drop), so a
/// poisoned lock is not a reason to stop serving.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

//! Other database files next to the store: backups, restores and the raw clean-up after an erasure. Every
//! connection to another file is made by `connect_file`, so it gets exactly the store's settings and key
//! (backups are encrypted like the store).

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};

use super::{cipher, configure, lock, migrate, Store, DB_FILE};
use crate::domain::Topic;
use crate::error::{AppError, AppResult, ErrorCode};

/// Pages copied per backup step; between steps SQLite lets other connections write.
const PAGES_PER_STEP: std::os::raw::c_int = 1024;

impl Store {
    pub fn db_path(&self) -> PathBuf {
        self.data_dir.join(DB_FILE)
    }

    /// Opens another database file with the store's connection settings and key (the one place extra
    /// connections get them): backups of an encrypted store are encrypted with the same key.
    pub fn connect_file(&self, path: &Path, read_only: bool) -> AppResult<Connection> {
        let flags = if read_only {
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX
        };
        let conn = cipher::connect(path, flags, self.key.as_ref())
            .map_err(|e| AppError::new(ErrorCode::Io, format!("cannot open {}: {}", path.display(), e.message)))?;
        configure(&conn)?;
        Ok(conn)
    }

    /// Copies a consistent snapshot of the store into `dest` with SQLite's online backup API; writers are
    /// not blocked for the whole copy.
    pub fn backup_to(&self, dest: &Path) -> AppResult<()> {
        let mut target = self.connect_file(dest, false)?;
        self.read(|conn| {
            Backup::new(conn, &mut target)?.run_to_completion(PAGES_PER_STEP, Duration::ZERO, None)?;
            Ok(())
        })?;
        // A backup is one self-contained file: no WAL beside it.
        target.pragma_update(None, "journal_mode", "DELETE")?;
        Ok(())
    }

    /// Replaces the store's whole content with the database in `source`, in place: the writer receives the
    /// pages through the backup API (readers see the old or the new content, never a mix), then the
    /// migrations bring an older backup up to this build's schema.
    pub fn restore_from(&self, source: &Path) -> AppResult<()> {
        let src = self.connect_file(source, true)?;
        let mut writer = lock(&self.writer);
        Backup::new(&src, &mut writer)?.run_to_completion(PAGES_PER_STEP, Duration::ZERO, None)?;
        drop(src);
        // The backup file is in rollback-journal mode and its header came along.
        writer.pragma_update(None, "journal_mode", "WAL")?;
        migrate::run(&mut writer, self.clock.now_ms())?;
        drop(writer);
        // Every record may differ now; the update hook sees no rows in a page copy.
        self.announce(&Topic::ALL);
        Ok(())
    }

    /// Rewrites the file without free pages and empties the WAL, so deleted data is gone from the disk.
    pub fn vacuum(&self) -> AppResult<()> {
        let writer = lock(&self.writer);
        writer.execute_batch("VACUUM")?;
        let busy: i64 = writer.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        if busy != 0 {
            return Err(AppError::new(ErrorCode::Conflict, "the database is busy; try again"));
        }
        Ok(())
    }
}

//! The SQLite store: one writer connection behind a mutex plus a small pool of readers (WAL lets them run
//! while a write is in progress). Services get a transaction for writes and a snapshot for reads.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

use crate::clock::Clock;
use crate::error::{AppError, AppResult};

pub struct Store {
    data_dir: PathBuf,
    clock: Arc<dyn Clock>,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
}

impl Store {
    pub fn open(data_dir: &Path, clock: Arc<dyn Clock>) -> AppResult<Store> {
        std::fs::create_dir_all(data_dir)?;
        let writer = Connection::open(data_dir.join("relata.db"))?;
        Ok(Store { data_dir: data_dir.to_path_buf(), clock, writer: Mutex::new(writer), readers: Mutex::new(Vec::new()) })
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn schema_version(&self) -> AppResult<i32> {
        Err(AppError::internal("not implemented yet"))
    }
}

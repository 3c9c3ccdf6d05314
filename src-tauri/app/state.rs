//! Managed state: the store, opened once at start. If opening failed (say, a DB from a newer Relata), the
//! app still starts and every command answers with that error, so the UI can explain it instead of crashing.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use tokio::sync::Notify;

use crate::domain::Entity;
use crate::store::Store;
use crate::{AppError, AppResult, ErrorCode};

type ChangeListener = Box<dyn Fn(Entity) + Send + Sync>;
type LoginItem = Box<dyn Fn(bool) -> Result<(), String> + Send + Sync>;

pub struct AppState {
    data_dir: PathBuf,
    store: Result<Arc<Store>, AppError>,
    // Set once the app handle exists; keeps commands free of the runtime type, so one command set serves
    // the real app and the mock-runtime tests.
    on_change: OnceLock<ChangeListener>,
    // Poked after task writes so the reminder scheduler re-plans at once instead of at its next re-check.
    wake: Arc<Notify>,
    // Registers or removes Relata as a login item; only the desktop app has one.
    login_item: OnceLock<LoginItem>,
}

impl AppState {
    pub fn new(data_dir: PathBuf, store: AppResult<Store>) -> Self {
        Self {
            data_dir,
            store: store.map(Arc::new),
            on_change: OnceLock::new(),
            wake: Arc::new(Notify::new()),
            login_item: OnceLock::new(),
        }
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn on_change(&self, listener: impl Fn(Entity) + Send + Sync + 'static) {
        // A second registration is a programming error we can safely ignore: the first listener stays.
        let _ = self.on_change.set(Box::new(listener));
    }

    pub fn on_login_item(&self, apply: impl Fn(bool) -> Result<(), String> + Send + Sync + 'static) {
        let _ = self.login_item.set(Box::new(apply));
    }

    /// Makes the OS start Relata at login, or stop doing so. Without a login-item hook (tests) it does nothing.
    pub fn set_login_item(&self, enabled: bool) -> AppResult<()> {
        match self.login_item.get() {
            Some(apply) => apply(enabled).map_err(|e| {
                AppError::field(ErrorCode::Io, "start_at_login", format!("could not change start at login: {e}"))
            }),
            None => Ok(()),
        }
    }

    pub fn store(&self) -> Option<Arc<Store>> {
        self.store.as_ref().ok().cloned()
    }

    pub fn wake(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    pub fn notify_changed(&self, entity: Entity) {
        if entity == Entity::Task {
            self.wake.notify_one();
        }
        if let Some(listener) = self.on_change.get() {
            listener(entity);
        }
    }

    pub fn startup_error(&self) -> Option<AppError> {
        self.store.as_ref().err().cloned()
    }

    /// Runs blocking store work on the blocking pool, so neither the async runtime nor the UI thread waits
    /// on SQLite. A panic inside becomes an `internal` error instead of crossing IPC.
    pub async fn run<T, F>(&self, work: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> AppResult<T> + Send + 'static,
    {
        let store = self.store.clone()?;
        tauri::async_runtime::spawn_blocking(move || work(&store))
            .await
            .map_err(|e| AppError::internal(format!("background task failed: {e}")))?
    }
}

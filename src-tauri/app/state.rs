//! Managed state: the store, opened once at start. If opening failed (say, a DB from a newer Relata), the
//! app still starts and every command answers with that error, so the UI can explain it instead of crashing.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock, RwLock};

use tokio::sync::Notify;

use super::events::RescoreProgress;
use super::file_dialog::FilePurpose;
use relata_core::clock::SystemClock;
use relata_core::domain::Entity;
use relata_core::secrets::{KeyringSecrets, SecretStore};
use relata_core::store::Store;
use relata_core::{AppError, AppResult, ErrorCode};

type ChangeListener = Box<dyn Fn(&[Entity]) + Send + Sync>;
type LoginItem = Box<dyn Fn(bool) -> Result<(), String> + Send + Sync>;
type Opener = Box<dyn Fn(&str) -> Result<(), String> + Send + Sync>;
type Hook = Box<dyn Fn() + Send + Sync>;
type Picker = Arc<dyn Fn(FilePurpose) -> Option<String> + Send + Sync>;
pub type RescoreListener = Arc<dyn Fn(RescoreProgress) + Send + Sync>;

pub struct AppState {
    data_dir: PathBuf,
    // Replaced once, when a recovered key lets the store open after a failed start.
    store: RwLock<Result<Arc<Store>, AppError>>,
    secrets: Arc<dyn SecretStore>,
    // Where every change the store announces goes: the scheduler's wake and the app's listener.
    changes: Arc<Changes>,
    // Poked after an import that queued search entries, so the search indexer starts on them.
    index_wake: Arc<Notify>,
    // Registers or removes Relata as a login item; only the desktop app has one.
    login_item: OnceLock<LoginItem>,
    // Opens a validated URL in the system browser; only the desktop app has one.
    opener: OnceLock<Opener>,
    // What the desktop starts once a store that failed at start is open (the reminder scheduler).
    on_reopened: OnceLock<Hook>,
    // Shows a native open or save dialog and answers with the chosen path; only the desktop app has one.
    picker: OnceLock<Picker>,
    // Hears how far a full lead rescore is; set with the app handle, like `on_change`.
    on_rescore: OnceLock<RescoreListener>,
}

impl AppState {
    pub fn new(data_dir: PathBuf, store: AppResult<Store>) -> Self {
        let changes = Arc::new(Changes::default());
        if let Ok(store) = &store {
            changes.attach(store);
        }
        Self {
            data_dir,
            store: RwLock::new(store.map(Arc::new)),
            secrets: Arc::new(KeyringSecrets::new()),
            changes,
            index_wake: Arc::new(Notify::new()),
            login_item: OnceLock::new(),
            opener: OnceLock::new(),
            on_reopened: OnceLock::new(),
            picker: OnceLock::new(),
            on_rescore: OnceLock::new(),
        }
    }

    /// Where keys are kept: the OS keyring in the app, a fake in tests.
    pub fn with_secrets(mut self, secrets: Arc<dyn SecretStore>) -> Self {
        self.secrets = secrets;
        self
    }

    pub fn secrets(&self) -> Arc<dyn SecretStore> {
        self.secrets.clone()
    }

    fn current(&self) -> Result<Arc<Store>, AppError> {
        self.store.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Opens the store again after its key was recovered. An open store is left alone.
    pub async fn reopen(&self) -> AppResult<()> {
        if self.current().is_ok() {
            return Ok(());
        }
        let data_dir = self.data_dir.clone();
        let secrets = self.secrets.clone();
        let opened = tauri::async_runtime::spawn_blocking(move || {
            relata_core::bootstrap::open_store(&data_dir, Arc::new(SystemClock), secrets.as_ref())
        })
        .await
        .map_err(|e| AppError::internal(format!("background task failed: {e}")))??;
        self.changes.attach(&opened);
        *self.store.write().unwrap_or_else(|p| p.into_inner()) = Ok(Arc::new(opened));
        if let Some(hook) = self.on_reopened.get() {
            hook();
        }
        Ok(())
    }

    pub fn on_reopened(&self, hook: impl Fn() + Send + Sync + 'static) {
        let _ = self.on_reopened.set(Box::new(hook));
    }

    pub fn on_open_external(&self, open: impl Fn(&str) -> Result<(), String> + Send + Sync + 'static) {
        let _ = self.opener.set(Box::new(open));
    }

    /// Hands an already validated http(s) URL to the system browser.
    pub fn open_external(&self, url: &str) -> AppResult<()> {
        let open = self.opener.get().ok_or_else(|| AppError::new(ErrorCode::Internal, "no browser to open links"))?;
        open(url).map_err(|e| AppError::field(ErrorCode::Io, "url", format!("could not open the browser: {e}")))
    }

    pub fn on_pick_file(&self, pick: impl Fn(FilePurpose) -> Option<String> + Send + Sync + 'static) {
        let _ = self.picker.set(Arc::new(pick));
    }

    /// Asks the user for a file. `None` when they cancel; an error when this app has no dialogs.
    pub async fn pick_file(&self, purpose: FilePurpose) -> AppResult<Option<String>> {
        let pick = self
            .picker
            .get()
            .cloned()
            .ok_or_else(|| AppError::new(ErrorCode::Internal, "this window cannot show file dialogs"))?;
        // The dialog blocks until the user answers: keep it off the async runtime's workers.
        tauri::async_runtime::spawn_blocking(move || pick(purpose))
            .await
            .map_err(|e| AppError::internal(format!("background task failed: {e}")))
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn on_rescore(&self, listener: RescoreListener) {
        let _ = self.on_rescore.set(listener);
    }

    /// Where rescore progress goes (nowhere before the app handle exists).
    pub fn rescore_listener(&self) -> RescoreListener {
        self.on_rescore.get().cloned().unwrap_or_else(|| Arc::new(|_| {}))
    }

    /// Sets who hears the record kinds each write changed (set once, with the app handle; keeps commands
    /// free of the runtime type, so one command set serves the real app and the mock-runtime tests).
    pub fn on_change(&self, listener: impl Fn(&[Entity]) + Send + Sync + 'static) {
        // A second registration is a programming error we can safely ignore: the first listener stays.
        let _ = self.changes.listener.set(Box::new(listener));
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
        self.current().ok()
    }

    pub fn wake(&self) -> Arc<Notify> {
        self.changes.wake.clone()
    }

    pub fn index_wake(&self) -> Arc<Notify> {
        self.index_wake.clone()
    }

    pub fn startup_error(&self) -> Option<AppError> {
        self.current().err()
    }

    /// Runs blocking store work on the blocking pool, so neither the async runtime nor the UI thread waits
    /// on SQLite. A panic inside becomes an `internal` error instead of crossing IPC.
    pub async fn run<T, F>(&self, work: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> AppResult<T> + Send + 'static,
    {
        let store = self.current()?;
        tauri::async_runtime::spawn_blocking(move || work(&store))
            .await
            .map_err(|e| AppError::internal(format!("background task failed: {e}")))?
    }
}

/// The one place a store's changes go: task changes wake the reminder scheduler (it re-plans at once instead
/// of at its next re-check), and everything reaches the listener (the `DataChanged` event and the tray).
#[derive(Default)]
struct Changes {
    wake: Arc<Notify>,
    listener: OnceLock<ChangeListener>,
}

impl Changes {
    fn attach(self: &Arc<Self>, store: &Store) {
        let changes = self.clone();
        store.on_change(Arc::new(move |entities: &[Entity]| changes.announce(entities)));
    }

    fn announce(&self, entities: &[Entity]) {
        if entities.contains(&Entity::Task) {
            self.wake.notify_one();
        }
        if let Some(listener) = self.listener.get() {
            listener(entities);
        }
    }
}

//! Managed state: the store, opened once at start. If opening failed (say, a DB from a newer Relata), the
//! app still starts and every command answers with that error, so the UI can explain it instead of crashing.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use tokio::sync::Notify;

use super::events::JobEvent;
use super::file_dialog::{ChartFormat, FilePurpose};
use super::file_grants::FileDialogs;
use relata_core::clock::SystemClock;
use relata_core::domain::{StartupStep, Topic};
use relata_core::secrets::{KeyringSecrets, SecretStore};
use relata_core::services::jobs::JobHandle;
use relata_core::services::team::job::SyncNow;
use relata_core::store::Store;
use relata_core::{AppError, AppResult, ErrorCode};

type ChangeListener = Box<dyn Fn(&[Topic]) + Send + Sync>;
type LoginItem = Box<dyn Fn(bool) -> Result<(), String> + Send + Sync>;
type Opener = Box<dyn Fn(&str) -> Result<(), String> + Send + Sync>;
type Hook = Box<dyn Fn() + Send + Sync>;
type LanguageHook = Box<dyn Fn(Option<&str>) + Send + Sync>;
pub type JobListener = Arc<dyn Fn(JobEvent) + Send + Sync>;

pub struct AppState {
    data_dir: PathBuf,
    // Replaced once, when a recovered key lets the store open after a failed start.
    store: RwLock<Result<Arc<Store>, AppError>>,
    secrets: Arc<dyn SecretStore>,
    // Where every change the store announces goes: the scheduler's wake and the app's listener.
    changes: Arc<Changes>,
    // Poked after an import that queued search entries, so the search indexer starts on them.
    index_wake: Arc<Notify>,
    // Poked to sync mail now (an account was added or changed, or the user asked).
    mail_sync_wake: Arc<Notify>,
    // Poked with it, so the IMAP IDLE job reads the accounts again (one added, changed or removed).
    mail_idle_wake: Arc<Notify>,
    // Registers or removes Relata as a login item; only the desktop app has one.
    login_item: OnceLock<LoginItem>,
    // Opens a validated URL in the system browser; only the desktop app has one.
    opener: OnceLock<Opener>,
    // What the desktop starts once a store that failed at start is open (the reminder scheduler).
    on_reopened: OnceLock<Hook>,
    // Native open and save dialogs, and the chart export writes a save dialog granted.
    /// The file dialogs and the one-use save grants they give (`people_export_save` takes one).
    pub(crate) files: FileDialogs,
    // Hears how far a long command-started job (a full rescore, enrich all) is; set with the app handle.
    on_job_event: OnceLock<JobListener>,
    // Puts the webview's own formats in the language setting's locale; only the desktop app has one.
    on_language: OnceLock<LanguageHook>,
    // The background jobs the desktop started; cancelled (and awaited) at quit.
    jobs: Mutex<Vec<JobHandle>>,
    // True while the store opens in the background (a plaintext store being encrypted, see `startup`).
    opening: AtomicBool,
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
            mail_sync_wake: Arc::new(Notify::new()),
            mail_idle_wake: Arc::new(Notify::new()),
            login_item: OnceLock::new(),
            opener: OnceLock::new(),
            on_reopened: OnceLock::new(),
            files: FileDialogs::default(),
            on_job_event: OnceLock::new(),
            on_language: OnceLock::new(),
            jobs: Mutex::new(Vec::new()),
            opening: AtomicBool::new(false),
        }
    }

    /// A state whose store is still to be opened (by `open_reporting`): commands fail until then, and
    /// `app_info` says `opening` so the UI shows the progress.
    pub fn opening(data_dir: PathBuf) -> Self {
        let state = Self::new(data_dir, Err(AppError::new(ErrorCode::Internal, "the data is still being opened")));
        state.opening.store(true, Ordering::SeqCst);
        state
    }

    pub fn is_opening(&self) -> bool {
        self.opening.load(Ordering::SeqCst)
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
        self.open_reporting(|_, _, _| {}).await
    }

    /// Opens the store off the async workers, telling `progress` how far encrypting a plaintext store is;
    /// then starts what waits for an open store (the desktop's jobs). A failure becomes the startup error.
    pub async fn open_reporting(
        &self,
        mut progress: impl FnMut(StartupStep, u64, u64) + Send + 'static,
    ) -> AppResult<()> {
        let data_dir = self.data_dir.clone();
        let secrets = self.secrets.clone();
        let opened = tauri::async_runtime::spawn_blocking(move || {
            relata_core::bootstrap::open_store_reporting(
                &data_dir,
                Arc::new(SystemClock),
                secrets.as_ref(),
                &mut progress,
            )
        })
        .await
        .map_err(|e| AppError::internal(format!("background task failed: {e}")))
        .and_then(|r| r);
        if let Ok(store) = &opened {
            self.changes.attach(store);
        }
        let result = opened.as_ref().map(|_| ()).map_err(Clone::clone);
        *self.store.write().unwrap_or_else(|p| p.into_inner()) = opened.map(Arc::new);
        self.opening.store(false, Ordering::SeqCst);
        if result.is_ok() {
            if let Some(hook) = self.on_reopened.get() {
                hook();
            }
        }
        result
    }

    pub fn on_reopened(&self, hook: impl Fn() + Send + Sync + 'static) {
        let _ = self.on_reopened.set(Box::new(hook));
    }

    pub fn on_open_external(&self, open: impl Fn(&str) -> Result<(), String> + Send + Sync + 'static) {
        let _ = self.opener.set(Box::new(open));
    }

    /// Hands an already validated http(s) URL to the system browser (or a `tel:` link to the dialer).
    pub fn open_external(&self, url: &str) -> AppResult<()> {
        let open = self.opener.get().ok_or_else(|| AppError::new(ErrorCode::Internal, "no browser to open links"))?;
        open(url).map_err(|e| AppError::field(ErrorCode::Io, "url", format!("could not open the browser: {e}")))
    }

    /// Shows the data dir's log folder in the OS file manager (made first if no line was logged yet). The
    /// path is the app's own: the webview cannot name a folder to open.
    pub fn open_log_folder(&self) -> AppResult<()> {
        let dir = relata_core::logging::log_dir(&self.data_dir);
        std::fs::create_dir_all(&dir)?;
        let open = self.opener.get().ok_or_else(|| AppError::new(ErrorCode::Internal, "no file manager to open"))?;
        open(&dir.to_string_lossy())
            .map_err(|e| AppError::new(ErrorCode::Io, format!("could not open the folder: {e}")))
    }

    pub fn on_pick_file(&self, pick: impl Fn(FilePurpose, String) -> Option<String> + Send + Sync + 'static) {
        self.files.set_picker(Arc::new(pick));
    }

    /// Asks the user for a file; `name` is the file name a save dialog suggests (sanitised first).
    pub async fn pick_file(&self, purpose: FilePurpose, name: Option<String>) -> AppResult<Option<String>> {
        self.files.pick(purpose, name).await
    }

    /// Writes a chart export to a path a save dialog granted (once); anything else is `forbidden`.
    pub fn write_chart(&self, path: &str, format: ChartFormat, content: &str) -> AppResult<()> {
        self.files.write_chart(path, format, content)
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn on_job_event(&self, listener: JobListener) {
        let _ = self.on_job_event.set(listener);
    }

    /// Where a long job's progress goes (nowhere before the app handle exists).
    pub fn job_listener(&self) -> JobListener {
        self.on_job_event.get().cloned().unwrap_or_else(|| Arc::new(|_| {}))
    }

    /// Sets who hears the record kinds each write changed (set once, with the app handle; keeps commands
    /// free of the runtime type, so one command set serves the real app and the mock-runtime tests).
    pub fn on_change(&self, listener: impl Fn(&[Topic]) + Send + Sync + 'static) {
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

    pub fn on_language(&self, apply: impl Fn(Option<&str>) + Send + Sync + 'static) {
        let _ = self.on_language.set(Box::new(apply));
    }

    /// The language setting was saved (`None`: follow the OS): the webview's formats follow it.
    pub fn language_changed(&self, setting: Option<&str>) {
        if let Some(apply) = self.on_language.get() {
            apply(setting);
        }
    }

    /// Keeps a started job's handle until `stop_jobs`.
    pub fn keep_jobs(&self, handles: impl IntoIterator<Item = JobHandle>) {
        self.jobs.lock().unwrap_or_else(|p| p.into_inner()).extend(handles);
    }

    /// Cancels every background job and waits for them to end (their current run included), at most
    /// `limit`: a job in a long blocking step still sees the cancel flag, but quitting does not wait on it.
    pub async fn stop_jobs(&self, limit: std::time::Duration) {
        let handles: Vec<JobHandle> = std::mem::take(&mut *self.jobs.lock().unwrap_or_else(|p| p.into_inner()));
        let names: Vec<&str> = handles.iter().map(|h| h.name()).collect();
        tracing::info!(jobs = ?names, "stopping background jobs");
        handles.iter().for_each(JobHandle::cancel);
        let all = async {
            for h in handles {
                h.stop().await;
            }
        };
        if tokio::time::timeout(limit, all).await.is_err() {
            tracing::warn!("background jobs still busy at quit");
        }
    }

    /// The open store for async work that is not one blocking step (team sync talks to a server between
    /// its store steps), or why there is none.
    pub fn opened(&self) -> AppResult<Arc<Store>> {
        traced(self.current())
    }

    pub fn store(&self) -> Option<Arc<Store>> {
        self.current().ok()
    }

    /// The cached upsell model (rebuilt after orders changed).
    pub fn upsell_cache(&self) -> Arc<relata_core::services::upsell::Cache> {
        self.changes.upsell.clone()
    }

    pub fn wake(&self) -> Arc<Notify> {
        self.changes.wake.clone()
    }

    pub fn index_wake(&self) -> Arc<Notify> {
        self.index_wake.clone()
    }

    pub fn mail_sync_wake(&self) -> Arc<Notify> {
        self.mail_sync_wake.clone()
    }

    pub fn mail_idle_wake(&self) -> Arc<Notify> {
        self.mail_idle_wake.clone()
    }

    /// The team sync job's wake and its "sync now" (poked on every change of the sync outbox).
    pub fn team_sync(&self) -> SyncNow {
        self.changes.team.clone()
    }

    pub fn wake_mail_sync(&self) {
        self.mail_sync_wake.notify_one();
        self.mail_idle_wake.notify_one();
    }

    /// Wakes the outbox sender: mail changed (a message was queued, an account was added or fixed).
    pub fn rules_wake(&self) -> Arc<Notify> {
        self.changes.rules_wake.clone()
    }

    pub fn outbox_wake(&self) -> Arc<Notify> {
        self.changes.outbox_wake.clone()
    }

    /// Why the store could not be opened; `None` while it is still opening.
    pub fn startup_error(&self) -> Option<AppError> {
        self.current().err().filter(|_| !self.is_opening())
    }

    /// Runs blocking store work on the blocking pool, so neither the async runtime nor the UI thread waits
    /// on SQLite. A panic inside becomes an `internal` error instead of crossing IPC.
    pub async fn run<T, F>(&self, work: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> AppResult<T> + Send + 'static,
    {
        let store = traced(self.current())?;
        let done = tauri::async_runtime::spawn_blocking(move || work(&store))
            .await
            .map_err(|e| AppError::internal(format!("background task failed: {e}")))
            .and_then(|r| r);
        traced(done)
    }
}

/// Records a failed command's error code on the command's span (`#[instrument(fields(code))]`); the
/// message stays out of the log, since it can quote the user's input.
pub fn traced<T>(result: AppResult<T>) -> AppResult<T> {
    if let Err(e) = &result {
        tracing::Span::current().record("code", tracing::field::debug(e.code));
    }
    result
}

/// The one place a store's changes go: task changes wake the reminder scheduler (it re-plans at once instead
/// of at its next re-check), mail changes wake the outbox sender, team changes wake the team sync (whoever queued the message: a command, a
/// cadence, an automation), and everything reaches the listener (the `DataChanged` event and the tray).
#[derive(Default)]
struct Changes {
    wake: Arc<Notify>,
    outbox_wake: Arc<Notify>,
    team: SyncNow,
    listener: OnceLock<ChangeListener>,
    rules_wake: Arc<Notify>,
    // The upsell model of the person page, built on first use and forgotten when orders change.
    upsell: Arc<relata_core::services::upsell::Cache>,
}

impl Changes {
    fn attach(self: &Arc<Self>, store: &Store) {
        let changes = self.clone();
        store.on_change(Arc::new(move |topics: &[Topic]| changes.announce(topics)));
    }

    fn announce(&self, topics: &[Topic]) {
        if topics.contains(&Topic::Task) {
            self.wake.notify_one();
        }
        if topics.contains(&Topic::Mail) {
            self.outbox_wake.notify_one();
        }
        // A local write to a synced table records a change (the Team topic): the team job plans its push.
        if topics.contains(&Topic::Team) {
            self.team.wake();
        }
        // A change to a record may have logged an event for the automation rules.
        if topics.iter().any(|t| {
            matches!(t, Topic::Person | Topic::Company | Topic::Deal | Topic::Task | Topic::Ticket | Topic::Order)
        }) {
            self.rules_wake.notify_one();
        }
        if topics.contains(&Topic::Order) {
            self.upsell.invalidate();
        }
        if let Some(listener) = self.listener.get() {
            listener(topics);
        }
    }
}

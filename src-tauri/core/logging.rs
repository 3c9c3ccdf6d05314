//! The log: `tracing` events written to `<data dir>/logs/relata.log`, rotated by size (a few capped files),
//! at the level `RELATA_LOG` sets (EnvFilter syntax, `info` by default). The app and the CLI both call
//! `init` once at start.
//!
//! What may be logged: ids, counts, durations, error codes, fixed names of jobs and commands. Never names,
//! e-mail addresses, note bodies, passwords, keys or error messages (messages can quote user input); a
//! test writes a person through the CLI and scans the files for the address.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rolling_file::{BasicRollingFileAppender, RollingConditionBasic};
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::EnvFilter;

pub const LEVEL_ENV: &str = "RELATA_LOG";
pub const FILE_NAME: &str = "relata.log";
/// One file grows to this size before it is rotated away.
pub const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;
/// Rotated files kept next to the current one (`relata.log.1` … `relata.log.4`).
pub const KEPT_FILES: usize = 4;

/// Crates whose debug output could carry secrets; capped at warnings.
const QUIET: [&str; 3] = ["zbus=warn", "keyring=warn", "secret_service=warn"];

/// The folder the log files live in.
pub fn log_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("logs")
}

/// Starts logging to the data dir's log folder. Without a writable folder (a read-only data dir) nothing is
/// logged and the program runs on; a second call (tests in one process) keeps the first subscriber.
pub fn init(data_dir: &Path) {
    let Ok(file) = open(&log_dir(data_dir)) else { return };
    let mut filter = EnvFilter::try_from_env(LEVEL_ENV).unwrap_or_else(|_| EnvFilter::new("info"));
    // The D-Bus layer under the keyring traces message contents (the store's key among them) at its lower
    // levels: it never logs below warnings, whatever RELATA_LOG says.
    for quiet in QUIET {
        if let Ok(directive) = quiet.parse() {
            filter = filter.add_directive(directive);
        }
    }
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        // A line when a span (a command) ends, with its recorded fields (the error code) and its duration.
        .with_span_events(FmtSpan::CLOSE)
        .with_writer(file)
        .try_init();
}

fn open(dir: &Path) -> std::io::Result<LogFile> {
    std::fs::create_dir_all(dir)?;
    let condition = RollingConditionBasic::new().max_size(MAX_FILE_BYTES);
    Ok(LogFile(Mutex::new(BasicRollingFileAppender::new(dir.join(FILE_NAME), condition, KEPT_FILES)?)))
}

/// The rotating file behind a lock; each event is flushed when written, so a crash or a `process::exit`
/// loses no line.
pub struct LogFile(Mutex<BasicRollingFileAppender>);

pub struct LogLine<'a>(MutexGuard<'a, BasicRollingFileAppender>);

impl<'a> MakeWriter<'a> for LogFile {
    type Writer = LogLine<'a>;
    fn make_writer(&'a self) -> LogLine<'a> {
        LogLine(self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

impl Write for LogLine<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl Drop for LogLine<'_> {
    fn drop(&mut self) {
        let _ = self.0.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_file_is_rotated_and_old_ones_are_capped() {
        let dir = tempfile::tempdir().unwrap();
        let condition = RollingConditionBasic::new().max_size(100);
        let file =
            LogFile(Mutex::new(BasicRollingFileAppender::new(dir.path().join(FILE_NAME), condition, 2).unwrap()));
        for i in 0..50 {
            writeln!(file.make_writer(), "line {i:03} of the log, long enough to fill files").unwrap();
        }
        let mut names: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
        names.sort();
        assert_eq!(names, ["relata.log", "relata.log.1", "relata.log.2"]);
        let current = std::fs::read_to_string(dir.path().join(FILE_NAME)).unwrap();
        assert!(current.contains("line 049"), "the newest line is in the current file: {current}");
        assert!(current.len() < 200);
    }
}

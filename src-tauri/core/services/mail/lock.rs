//! One sender per store: an exclusive lock on `<data dir>/outbox.lock`, held while a sender runs. The OS
//! releases it when the process ends, however it ends (SIGKILL included), so a crashed sender never blocks
//! the next one, and a row left 'sending' is known to be a leftover, not another sender's message in flight.

use std::fs::{File, OpenOptions};
use std::path::Path;

use crate::error::AppResult;

pub struct SenderLock {
    _file: File,
}

impl SenderLock {
    /// The lock, or `None` while another process holds it.
    pub fn try_acquire(data_dir: &Path) -> AppResult<Option<SenderLock>> {
        let file = OpenOptions::new().create(true).truncate(false).write(true).open(data_dir.join("outbox.lock"))?;
        if lock_exclusive(&file)? {
            Ok(Some(SenderLock { _file: file }))
        } else {
            Ok(None)
        }
    }
}

#[cfg(unix)]
fn lock_exclusive(file: &File) -> AppResult<bool> {
    use std::os::unix::io::AsRawFd;
    // SAFETY: flock on a file descriptor this function borrows; no memory is shared.
    let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if rc == 0 {
        return Ok(true);
    }
    let err = std::io::Error::last_os_error();
    if err.kind() == std::io::ErrorKind::WouldBlock {
        Ok(false)
    } else {
        Err(err.into())
    }
}

#[cfg(not(unix))]
fn lock_exclusive(file: &File) -> AppResult<bool> {
    // Windows locks a file opened for writing only through its own API; until that is wired, the app (the one
    // sender there) is trusted to run one sender.
    let _ = file;
    Ok(true)
}

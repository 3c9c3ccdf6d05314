//! Long jobs that run one at a time (an import, a full rescore: the store has one writer anyway), each with
//! a flag the UI can raise to cancel the one under way.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use relata_core::error::ErrorCode;
use relata_core::{AppError, AppResult};

pub struct Exclusive(Mutex<Option<Arc<AtomicBool>>>);

/// Holds the slot while its job runs; dropping it frees the slot, also when the job fails.
pub struct Claim {
    slot: &'static Exclusive,
    pub cancel: Arc<AtomicBool>,
}

impl Exclusive {
    pub const fn new() -> Self {
        Self(Mutex::new(None))
    }

    fn lock(&self) -> MutexGuard<'_, Option<Arc<AtomicBool>>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Claims the slot, or answers `conflict` with `busy` when a job of this kind is already running.
    pub fn claim(&'static self, busy: &str) -> AppResult<Claim> {
        let mut running = self.lock();
        if running.is_some() {
            return Err(AppError::new(ErrorCode::Conflict, busy));
        }
        let cancel = Arc::new(AtomicBool::new(false));
        *running = Some(cancel.clone());
        Ok(Claim { slot: self, cancel })
    }

    /// Asks the running job to stop; `false` when none is running.
    pub fn cancel(&self) -> bool {
        let running = self.lock();
        if let Some(flag) = running.as_ref() {
            flag.store(true, Ordering::Relaxed);
        }
        running.is_some()
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        *self.slot.lock() = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_job_at_a_time_cancel_reaches_it_and_the_slot_frees_on_drop() {
        static SLOT: Exclusive = Exclusive::new();
        assert!(!SLOT.cancel(), "nothing runs yet");
        let claim = SLOT.claim("busy").unwrap();
        let second = SLOT.claim("busy").err().unwrap();
        assert_eq!((second.code, second.message.as_str()), (ErrorCode::Conflict, "busy"));
        assert!(SLOT.cancel());
        assert!(claim.cancel.load(Ordering::Relaxed));
        drop(claim);
        let again = SLOT.claim("busy").unwrap();
        assert!(!again.cancel.load(Ordering::Relaxed), "a new job starts uncancelled");
    }
}

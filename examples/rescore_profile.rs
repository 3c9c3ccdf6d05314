//! A full rescore alone, for profiling (`perf record`): on a dataset where `relata bench` already trained a
//! model, clears every score (not timed) and rescores every lead, printing wall and CPU time of the pass.
//! `cargo build --release -p relata-cli --features bench --example rescore_profile`, then run it with DIR.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

use relata_core::clock::SystemClock;
use relata_core::services::scoring;
use relata_core::store::Store;

#[cfg(unix)]
fn cpu_ms() -> f64 {
    // SAFETY: getrusage writes into the zeroed struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    ms(u.ru_utime) + ms(u.ru_stime)
}

/// No getrusage off Unix: the CPU column prints NaN there.
#[cfg(not(unix))]
fn cpu_ms() -> f64 {
    f64::NAN
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).ok_or("give the dataset's directory")?);
    let store = Store::open(&dir, Arc::new(SystemClock))?;
    store.write(|tx| {
        tx.execute("UPDATE people SET score = NULL, score_band = NULL WHERE score IS NOT NULL", [])?;
        Ok(())
    })?;
    let never = AtomicBool::new(false);
    for pass in ["all changed", "none changed"] {
        let (t, cpu) = (Instant::now(), cpu_ms());
        let done = scoring::rescore_all(&store, &|_, _| {}, &never)?;
        let (wall, cpu) = (t.elapsed().as_secs_f64() * 1000.0, cpu_ms() - cpu);
        println!("{pass}: {wall:.0} ms wall, {cpu:.0} ms CPU, {} leads, {} written", done.leads, done.changed);
    }
    Ok(())
}

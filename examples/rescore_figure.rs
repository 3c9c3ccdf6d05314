//! The `rescore` figure of `relata bench` alone, on a dataset made by `relata bench generate` (the full bench
//! also imports and searches, which takes minutes):
//! `cargo run --release -p relata-cli --features bench --example rescore_figure -- DIR`.
//! Like the bench it trains on the dataset and stores the model and the scores there.

use std::sync::Arc;

use relata_cli::bench::figures::{rescore, Ctx};
use relata_core::clock::SystemClock;
use relata_core::store::Store;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).ok_or("give the dataset's directory")?);
    let store = Store::open(&dir, Arc::new(SystemClock))?;
    let ctx = Ctx { store: &store, data_dir: &dir, exe: std::env::current_exe()? };
    let figure = rescore::measure(&ctx)?;
    println!("{:.0} ms: {}", figure.product.unwrap_or(f64::NAN), figure.detail);
    Ok(())
}

//! The headless command line over the same core the GUI uses.

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "relata", version, about = "Relata: an offline-first desktop CRM")]
pub struct Args {
    /// Where the data lives (default: RELATA_DATA_DIR, else the OS app-data dir).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Not implemented yet.
    Version,
}

pub fn parse_args() -> Args {
    Args::parse()
}

pub fn run(_data_dir: &Path, _command: Command) -> i32 {
    eprintln!("error: not implemented yet");
    1
}

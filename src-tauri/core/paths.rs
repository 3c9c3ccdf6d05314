//! Where the data lives. The GUI and the CLI resolve it the same way:
//! `--data-dir DIR`, else `RELATA_DATA_DIR`, else the OS app-data dir (the one Tauri uses for our identifier).

use std::path::PathBuf;

pub const APP_IDENTIFIER: &str = "eu.relata.desktop";
pub const DATA_DIR_ENV: &str = "RELATA_DATA_DIR";

pub fn resolve_data_dir(flag: Option<PathBuf>) -> PathBuf {
    flag.or_else(|| std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()).map(PathBuf::from))
        .unwrap_or_else(default_data_dir)
}

fn default_data_dir() -> PathBuf {
    dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join(APP_IDENTIFIER)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_wins_over_default() {
        let p = resolve_data_dir(Some(PathBuf::from("/tmp/x")));
        assert_eq!(p, PathBuf::from("/tmp/x"));
    }

    #[test]
    fn default_ends_with_identifier() {
        assert!(default_data_dir().ends_with(APP_IDENTIFIER));
    }
}

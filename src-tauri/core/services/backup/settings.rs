//! Backup settings live in the settings table under their own keys, apart from the app's `Settings`.

use crate::domain::BackupSettings;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::Store;

const KEY_AUTO: &str = "backup.auto";
const KEY_KEEP: &str = "backup.keep";
const KEEP_MAX: u32 = 365;

pub fn get_settings(store: &Store) -> AppResult<BackupSettings> {
    store.read(|conn| {
        let mut s = BackupSettings::default();
        let mut stmt = conn.prepare_cached("SELECT key, value FROM settings WHERE key IN (?1, ?2)")?;
        let rows = stmt.query_map([KEY_AUTO, KEY_KEEP], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (key, value) = row?;
            // A value this build cannot read keeps the default rather than breaking backups.
            match key.as_str() {
                KEY_AUTO => s.auto = serde_json::from_str(&value).unwrap_or(s.auto),
                _ => {
                    s.keep = serde_json::from_str::<u32>(&value)
                        .ok()
                        .filter(|k| (1..=KEEP_MAX).contains(k))
                        .unwrap_or(s.keep)
                }
            }
        }
        Ok(s)
    })
}

pub fn set_settings(store: &Store, s: BackupSettings) -> AppResult<BackupSettings> {
    if !(1..=KEEP_MAX).contains(&s.keep) {
        return Err(AppError::field(ErrorCode::OutOfRange, "keep", format!("keep must be between 1 and {KEEP_MAX}")));
    }
    let now = store.clock().now_ms();
    store.write(|tx| {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )?;
        stmt.execute(rusqlite::params![KEY_AUTO, s.auto.to_string(), now])?;
        stmt.execute(rusqlite::params![KEY_KEEP, s.keep.to_string(), now])?;
        Ok(())
    })?;
    Ok(s)
}

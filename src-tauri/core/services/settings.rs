//! App settings, one JSON value per key, so adding a setting never needs a migration.

use rusqlite::Connection;

use super::validate as v;
use crate::domain::{Language, Settings};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::Store;

pub fn get(store: &Store) -> AppResult<Settings> {
    store.read(load)
}

pub fn set(store: &Store, settings: Settings) -> AppResult<Settings> {
    let settings = normalize(settings)?;
    let now = store.clock().now_ms();
    store.write(|tx| {
        let serde_json::Value::Object(map) = serde_json::to_value(&settings)? else {
            return Err(AppError::internal("settings must serialize to an object"));
        };
        for (key, value) in map {
            tx.prepare_cached(
                "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            )?
            .execute(rusqlite::params![key, value.to_string(), now])?;
        }
        load(tx)
    })
}

/// The stored values over the defaults; keys this build does not know are ignored.
pub(crate) fn load(conn: &Connection) -> AppResult<Settings> {
    let serde_json::Value::Object(mut map) = serde_json::to_value(Settings::default())? else {
        return Err(AppError::internal("settings must serialize to an object"));
    };
    let mut stmt = conn.prepare_cached("SELECT key, value FROM settings")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (key, value) = row?;
        // A key this build does not know, or a value in a shape it cannot read (written by another
        // version), keeps its default instead of failing every read of the settings.
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&value) else { continue };
        if map.contains_key(&key) {
            let mut candidate = map.clone();
            candidate.insert(key, value);
            if serde_json::from_value::<Settings>(serde_json::Value::Object(candidate.clone())).is_ok() {
                map = candidate;
            }
        }
    }
    Ok(serde_json::from_value(serde_json::Value::Object(map))?)
}

fn normalize(s: Settings) -> AppResult<Settings> {
    let language = v::optional("language", s.language.as_deref(), 10)?.map(|l| l.to_lowercase());
    let known = |l: &str| Language::ALL.iter().any(|k| k.code() == l);
    if let Some(l) = language.as_deref().filter(|l| !known(l)) {
        let codes: Vec<&str> = Language::ALL.iter().map(|k| k.code()).collect();
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            "language",
            format!("\"{l}\" is not a supported language ({})", codes.join(", ")),
        ));
    }
    Ok(Settings {
        language,
        theme: s.theme,
        default_currency: v::currency("default_currency", &s.default_currency)?,
        user_name: v::optional("user_name", s.user_name.as_deref(), v::NAME_MAX)?,
        start_at_login: s.start_at_login,
        region: v::optional_with("region", s.region.as_deref(), region)?,
        enrich_on_create: s.enrich_on_create,
    })
}

/// A region is a country Relata knows, as its ISO code.
fn region(field: &str, s: &str) -> AppResult<String> {
    match super::countries::code(s) {
        Some(code) => Ok(code.to_string()),
        None => Err(AppError::field(ErrorCode::InvalidValue, field, format!("\"{s}\" is not a country"))),
    }
}

use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::settings;

use super::support::*;

#[test]
fn settings_round_trip_with_defaults() {
    let e = env();
    assert_eq!(settings::get(&e.store).unwrap().default_currency, "EUR");
    let wanted = Settings {
        language: Some(" NL ".into()),
        theme: Theme::Dark,
        default_currency: "dkk".into(),
        user_name: Some("  Eva ".into()),
        start_at_login: true,
        region: Some("Deutschland".into()),
        enrich_on_create: true,
    };
    let saved = settings::set(&e.store, wanted).unwrap();
    let expected = Settings {
        language: Some("nl".into()),
        theme: Theme::Dark,
        default_currency: "DKK".into(),
        user_name: Some("Eva".into()),
        start_at_login: true,
        region: Some("DE".into()),
        enrich_on_create: true,
    };
    assert_eq!(saved, expected);
    assert_eq!(settings::get(&e.store).unwrap(), expected);
    // Stored one JSON value per key.
    let theme: String = e.raw().query_row("SELECT value FROM settings WHERE key = 'theme'", [], |r| r.get(0)).unwrap();
    assert_eq!(theme, "\"dark\"");
}

#[test]
fn invalid_settings_are_refused_and_unknown_keys_ignored() {
    let e = env();
    let bad_lang = Settings { language: Some("fr".into()), ..Default::default() };
    assert_err(settings::set(&e.store, bad_lang), ErrorCode::InvalidValue, Some("language"));
    let bad_currency = Settings { default_currency: "euro".into(), ..Default::default() };
    assert_err(settings::set(&e.store, bad_currency), ErrorCode::InvalidCurrency, Some("default_currency"));
    let kept = Settings { theme: Theme::Light, ..Default::default() };
    settings::set(&e.store, kept.clone()).unwrap();
    e.raw()
        .execute_batch(
            "INSERT INTO settings (key, value, updated_at) VALUES ('from_the_future', '1', 0);
             UPDATE settings SET value = '42' WHERE key = 'default_currency';",
        )
        .unwrap();
    assert_eq!(settings::get(&e.store).unwrap(), kept, "only the value of the wrong shape falls back");
}

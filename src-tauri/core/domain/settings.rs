use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// The languages Relata speaks; the UI's language picker and translations follow this list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    En,
    Nl,
    De,
    Da,
}

impl Language {
    pub const ALL: [Language; 4] = [Language::En, Language::Nl, Language::De, Language::Da];

    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Nl => "nl",
            Language::De => "de",
            Language::Da => "da",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct Settings {
    /// "en", "nl", "de" or "da"; `None` follows the operating system.
    pub language: Option<String>,
    pub theme: Theme,
    /// ISO 4217 code used when a deal names none.
    pub default_currency: String,
    /// The user profile's display name, used as the default owner of new records.
    pub user_name: Option<String>,
    /// Start Relata when the user logs in, so reminders fire without opening it by hand. Off by default.
    pub start_at_login: bool,
    /// The app's country (ISO 3166-1 alpha-2): phone numbers without a country code are read in it when a
    /// person and their company have no country. `None` follows the language (nl → NL, de → DE, da → DK).
    pub region: Option<String>,
    /// Enrich a person from their email address when they are created or imported (fills only empty
    /// fields, recorded so it can be undone; see `services::enrich`). Off by default.
    pub enrich_on_create: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            language: None,
            theme: Theme::System,
            default_currency: "EUR".into(),
            user_name: None,
            start_at_login: false,
            region: None,
            enrich_on_create: false,
        }
    }
}

/// Facts the UI shows in settings and uses at start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub schema_version: i32,
    /// The operating system's locale, e.g. "nl-NL".
    pub os_locale: Option<String>,
    /// Set when the store could not be opened (e.g. written by a newer Relata): the UI shows it instead
    /// of empty screens.
    pub startup_error: Option<crate::AppError>,
    /// True while the store is still being opened (a plaintext store from an earlier version being
    /// encrypted): the UI shows the progress instead of the app, then loads again.
    pub opening: bool,
}

/// A step of opening a store that can take minutes, shown on the startup progress screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum StartupStep {
    /// Writing the encrypted copy of a plaintext store (`done` of `total` pages).
    Encrypt,
    /// Checking the copy (integrity and row counts) before it replaces the original.
    Verify,
    /// Putting the checked copy in place.
    Replace,
}

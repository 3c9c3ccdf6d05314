//! The webview's own formats follow Relata's language: the native date inputs and `navigator.language`.
//! WebKitGTK takes them from the process locale, so a Dutch or German Relata on an English (or C-locale)
//! desktop showed its dates as mm/dd/yyyy; its preferred languages can be set at run time. WebView2 and
//! WKWebView take them from the OS and have no run-time switch, so there they stay the OS's.

use tauri::{AppHandle, Manager, Runtime};

use super::state::AppState;
use relata_core::domain::Language;
use relata_core::services::settings;

/// The locale for the webview's formats, as the UI's `intlLocale(resolveLanguage(..))`: the language
/// setting, else the OS locale's language when Relata speaks it, else English; with the OS locale's region
/// when it is the same language ("en-GB", "de-AT").
pub fn locale_tag(setting: Option<&str>, os_locale: Option<&str>) -> String {
    let primary = |t: &str| t.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    let speaks = |t: &&str| Language::ALL.iter().any(|l| l.code() == primary(t));
    // "de_AT.UTF-8@euro" → "de-AT"; anything that is not letters, digits and hyphens then is dropped.
    let os = os_locale
        .map(|l| l.split(['.', '@']).next().unwrap_or_default().replace('_', "-"))
        .filter(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    let language = setting
        .filter(speaks)
        .or_else(|| os.as_deref().filter(speaks))
        .map(primary)
        .unwrap_or_else(|| "en".to_string());
    match os {
        Some(os) if primary(&os) == language => os,
        _ => language,
    }
}

/// Applies the stored setting now and every saved one after (through `AppState::language_changed`).
pub fn attach<R: Runtime>(app: &AppHandle<R>) {
    let handle = app.clone();
    let state = app.state::<AppState>();
    state.on_language(move |setting| apply(&handle, setting));
    // A store still opening (being encrypted) has no settings yet: the OS locale until it is saved.
    let setting = state.store().and_then(|s| settings::get(&s).ok()).and_then(|s| s.language);
    apply(app, setting.as_deref());
}

#[cfg(target_os = "linux")]
fn apply<R: Runtime>(app: &AppHandle<R>, setting: Option<&str>) {
    use webkit2gtk::{WebContextExt, WebViewExt};
    let tag = locale_tag(setting, sys_locale::get_locale().as_deref());
    let Some(window) = app.get_webview_window("main") else { return };
    let result = window.with_webview(move |webview| {
        if let Some(context) = webview.inner().context() {
            context.set_preferred_languages(&[tag.as_str()]);
        }
    });
    if let Err(e) = result {
        tracing::warn!(error = %e, "could not set the webview's language");
    }
}

#[cfg(not(target_os = "linux"))]
fn apply<R: Runtime>(_app: &AppHandle<R>, _setting: Option<&str>) {}

//! The tray icon keeps Relata reachable while its window is closed, so reminders still fire: it shows how
//! many follow-ups are due and how far running campaign sends are, and offers open, today's list and quit.
//! Closing the window only hides it.

use std::sync::Mutex;

use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Runtime, WebviewWindow, WindowEvent};
use tauri_specta::Event;

use super::events::{NavTarget, NavigateRequested};
use super::notify_text::{self, Lang};
use super::state::AppState;
use relata_core::domain::Id;
use relata_core::services::campaigns::progress;
use relata_core::services::{settings, tasks};

const TRAY_ID: &str = "relata";
/// The menu id prefix of a running campaign send's line (followed by the campaign's id).
const SENDING: &str = "sending-";

pub fn create<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    app.manage(Shown::default());
    let menu = menu(app, language(app), &[])?;
    let mut tray =
        TrayIconBuilder::with_id(TRAY_ID).menu(&menu).tooltip("Relata").on_menu_event(|app, e| match e.id.as_ref() {
            "open" => show_main(app),
            "today" => {
                show_main(app);
                let _ = NavigateRequested { page: NavTarget::Today, id: None }.emit(app);
            }
            "quit" => app.exit(0),
            other => {
                if let Some(id) = other.strip_prefix(SENDING).and_then(|id| id.parse().ok()) {
                    show_main(app);
                    let _ = NavigateRequested { page: NavTarget::Campaign, id: Some(id) }.emit(app);
                }
            }
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.on_tray_icon_event(|icon, e| {
        if let TrayIconEvent::Click { button: MouseButton::Left, button_state: MouseButtonState::Up, .. } = e {
            show_main(icon.app_handle());
        }
    })
    .build(app)?;
    refresh(app);
    Ok(())
}

/// The menu: one line per running campaign send (opens the campaign), then open, today's list and quit.
fn menu<R: Runtime>(app: &AppHandle<R>, lang: Lang, sends: &[(Id, String)]) -> tauri::Result<Menu<R>> {
    let [open, today, quit] = notify_text::tray_menu(lang);
    let menu = Menu::new(app)?;
    for (id, line) in sends {
        menu.append(&MenuItem::with_id(app, format!("{SENDING}{id}"), line, true, None::<&str>)?)?;
    }
    if !sends.is_empty() {
        menu.append(&PredefinedMenuItem::separator(app)?)?;
    }
    menu.append(&MenuItem::with_id(app, "open", open, true, None::<&str>)?)?;
    menu.append(&MenuItem::with_id(app, "today", today, true, None::<&str>)?)?;
    menu.append(&MenuItem::with_id(app, "quit", quit, true, None::<&str>)?)?;
    Ok(menu)
}

/// Hides instead of closing while the tray exists: the scheduler keeps running. Quit in the tray quits.
pub fn on_window_event<R: Runtime>(window: &tauri::Window<R>, event: &WindowEvent) {
    if let WindowEvent::CloseRequested { api, .. } = event {
        if window.app_handle().tray_by_id(TRAY_ID).is_some() {
            api.prevent_close();
            let _ = window.hide();
        }
    }
}

pub fn show_main<R: Runtime>(app: &AppHandle<R>) {
    if let Some(w) = app.get_webview_window("main") {
        focus(&w);
    }
}

fn focus<R: Runtime>(w: &WebviewWindow<R>) {
    let _ = w.show();
    let _ = w.unminimize();
    let _ = w.set_focus();
}

/// The campaign-send lines the tray menu shows now: the menu is rebuilt only when they change.
#[derive(Default)]
struct Shown(Mutex<Vec<(Id, String)>>);

/// Re-counts due and overdue follow-ups for the tooltip and the label next to the icon, and reads the
/// running campaign sends for the tooltip and the menu ("Sending <campaign>: 120 of 500").
pub fn refresh<R: Runtime>(app: &AppHandle<R>) {
    let Some(tray) = app.tray_by_id(TRAY_ID) else { return };
    let Some(store) = app.state::<AppState>().store() else { return };
    let offset = chrono::Local::now().offset().local_minus_utc() / 60;
    let lang = language(app);
    let app = app.clone();
    // Counting reads the store: off the main thread, then back to it to touch the tray.
    tauri::async_runtime::spawn_blocking(move || {
        let Ok(view) = tasks::today(&store, offset) else { return };
        let n = view.overdue_total as usize + view.today_total as usize;
        let sends: Vec<(Id, String)> = progress::running(&store)
            .unwrap_or_default()
            .iter()
            .map(|p| (p.campaign_id, notify_text::tray_sending(p, lang)))
            .collect();
        let handle = app.clone();
        let _ = app.run_on_main_thread(move || {
            let mut tooltip = notify_text::tray_tooltip(n, lang);
            for (_, line) in &sends {
                tooltip.push('\n');
                tooltip.push_str(line);
            }
            let _ = tray.set_tooltip(Some(tooltip));
            let _ = tray.set_title(if n > 0 { Some(n.to_string()) } else { None });
            let shown = handle.state::<Shown>();
            let mut shown = shown.0.lock().unwrap_or_else(|p| p.into_inner());
            if *shown != sends {
                if let Ok(menu) = menu(&handle, lang, &sends) {
                    let _ = tray.set_menu(Some(menu));
                    *shown = sends;
                }
            }
        });
    });
}

fn language<R: Runtime>(app: &AppHandle<R>) -> Lang {
    let setting = app.state::<AppState>().store().and_then(|s| settings::get(&s).ok()).and_then(|s| s.language);
    Lang::from_tag(setting.as_deref().or(sys_locale::get_locale().as_deref()))
}

//! The baseline of `tests/perf/rss.sh`: an empty Tauri window. The same Tauri, wry and WebKitGTK as the app,
//! the same config (so the same window size), one window showing `about:blank`, and nothing of Relata: no
//! store, no commands, no UI bundle loaded. What the app uses beyond this is Relata's own.
//!
//! `cargo build --example blank_window` (add `--release` to compare with a release app).

use tauri::{WebviewUrl, WebviewWindowBuilder};

fn main() {
    let mut context = tauri::generate_context!();
    // The config's window would load the app's UI; this one opens a blank page instead.
    let windows = std::mem::take(&mut context.config_mut().app.windows);
    tauri::Builder::default()
        .setup(move |app| {
            let url = WebviewUrl::External("about:blank".parse().expect("a valid URL"));
            let mut window = WebviewWindowBuilder::new(app, "main", url).title("blank");
            if let Some(w) = windows.first() {
                window = window.inner_size(w.width, w.height);
            }
            window.build()?;
            Ok(())
        })
        .run(context)
        .expect("the window could not start");
}

// Each IPC command gets an `allow-<name>` permission, and the main window's capability grants exactly
// those: the webview can call Relata's own commands and nothing else.
include!("app/command_list.rs");

fn main() {
    let attributes = tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri-build failed");
}

//! Native open and save dialogs, asked for by the webview through `pick_file`. The dialog runs in the
//! shell (the webview gets a path, never a file handle or a dialog permission), and the picker is a hook in
//! `AppState`, so the command itself stays free of the runtime type and the mock-runtime tests can fake it.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;

use super::state::AppState;

/// What the user is picking a file for; it decides the dialog's kind, title and filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum FilePurpose {
    /// A CSV, TSV, spreadsheet or vCard file to import.
    ImportSource,
    /// Where to save the rejected rows of the last import (a CSV).
    SaveRejectedRows,
    /// An iCalendar file of holidays for a business-hours calendar.
    HolidaysIcs,
    /// Where to save the automation rules as JSON.
    SaveRules,
    /// A JSON file of automation rules to import.
    RulesJson,
}

impl FilePurpose {
    pub fn saves(self) -> bool {
        matches!(self, FilePurpose::SaveRejectedRows | FilePurpose::SaveRules)
    }
}

/// The desktop picker: the plugin's dialog, parented to the main window when there is one.
pub fn attach<R: Runtime>(app: &AppHandle<R>) {
    let handle = app.clone();
    app.state::<AppState>().on_pick_file(move |purpose| {
        let mut dialog = handle.dialog().file();
        if let Some(window) = handle.get_webview_window("main") {
            dialog = dialog.set_parent(&window);
        }
        let picked = match purpose {
            FilePurpose::ImportSource => dialog
                .add_filter(
                    "CSV, Excel, vCard, JSON",
                    &["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "ods", "vcf", "json"],
                )
                .blocking_pick_file(),
            FilePurpose::HolidaysIcs => dialog.add_filter("iCalendar", &["ics", "ical", "ifb"]).blocking_pick_file(),
            FilePurpose::RulesJson => dialog.add_filter("JSON", &["json"]).blocking_pick_file(),
            FilePurpose::SaveRules => {
                dialog.add_filter("JSON", &["json"]).set_file_name("relata-rules.json").blocking_save_file()
            }
            FilePurpose::SaveRejectedRows => {
                dialog.add_filter("CSV", &["csv"]).set_file_name("rejected-rows.csv").blocking_save_file()
            }
        };
        picked.and_then(|p| p.into_path().ok()).map(PathBuf::into_os_string).and_then(|p| p.into_string().ok())
    });
}

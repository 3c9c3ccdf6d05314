//! Native open and save dialogs, asked for by the webview through `pick_file`. The dialog runs in the
//! shell (the webview gets a path, never a file handle or a dialog permission), and the picker is a hook in
//! `AppState`, so the command itself stays free of the runtime type and the mock-runtime tests can fake it.

use std::path::PathBuf;

use relata_core::services::export::ExportFormat;
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
    /// Where to save a dashboard chart's figures as CSV (the path is granted to `chart_export_save`).
    SaveChartCsv,
    /// Where to save a dashboard chart as a PNG image (the path is granted to `chart_export_save`).
    SaveChartPng,
    /// Where to save selected people as CSV (the path is granted to `people_export_save`).
    SavePeopleCsv,
    /// Where to save selected people as vCard (the path is granted to `people_export_save`).
    SavePeopleVcard,
    /// A file to add to the document library (the path is granted to `documents_add`, once).
    Document,
}

impl FilePurpose {
    pub fn saves(self) -> bool {
        matches!(self, FilePurpose::SaveRejectedRows | FilePurpose::SaveRules)
            || self.grant().is_some_and(|g| g != SaveGrant::OpenDocument)
    }

    /// The one write a save dialog of this purpose grants (or the one read an open dialog does).
    pub fn grant(self) -> Option<SaveGrant> {
        match self {
            FilePurpose::SaveChartCsv => Some(SaveGrant::Chart(ChartFormat::Csv)),
            FilePurpose::SaveChartPng => Some(SaveGrant::Chart(ChartFormat::Png)),
            FilePurpose::SavePeopleCsv => Some(SaveGrant::People(ExportFormat::Csv)),
            FilePurpose::SavePeopleVcard => Some(SaveGrant::People(ExportFormat::Vcard)),
            FilePurpose::Document => Some(SaveGrant::OpenDocument),
            _ => None,
        }
    }

    /// The file name the save dialog suggests when the caller names none, and the extension it keeps.
    fn default_name(self) -> (&'static str, &'static str) {
        match self {
            FilePurpose::SaveRules => ("relata-rules.json", "json"),
            FilePurpose::SaveRejectedRows => ("rejected-rows.csv", "csv"),
            FilePurpose::SaveChartPng => ("chart.png", "png"),
            FilePurpose::SavePeopleCsv => ("people.csv", "csv"),
            FilePurpose::SavePeopleVcard => ("people.vcf", "vcf"),
            _ => ("chart.csv", "csv"),
        }
    }
}

/// What a save dialog's path may be written with, once: a chart export, or an export of selected people
/// (whose bytes the core writes); or, for an open dialog, the one read of a file added to the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SaveGrant {
    Chart(ChartFormat),
    People(ExportFormat),
    OpenDocument,
}

/// What a dashboard export writes: CSV text or a PNG image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ChartFormat {
    Csv,
    Png,
}

/// The suggested name as a plain file name for a save dialog: the last path component only, without
/// control or reserved characters, at most 120 characters, with the purpose's extension (the default name
/// when nothing usable is left).
pub fn suggested_name(purpose: FilePurpose, name: Option<&str>) -> String {
    let (fallback, ext) = purpose.default_name();
    let last = name.unwrap_or("").rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|'))
        .take(120)
        .collect();
    let clean = clean.trim().trim_start_matches('.').trim();
    if clean.is_empty() {
        return fallback.to_string();
    }
    let suffix = format!(".{ext}");
    if clean.to_lowercase().ends_with(&suffix) {
        clean.to_string()
    } else {
        format!("{clean}{suffix}")
    }
}

/// The desktop picker: the plugin's dialog, parented to the main window when there is one.
pub fn attach<R: Runtime>(app: &AppHandle<R>) {
    let handle = app.clone();
    app.state::<AppState>().on_pick_file(move |purpose, name| {
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
            FilePurpose::Document => {
                let limits = relata_core::services::documents::limits();
                let exts: Vec<&str> = limits.types.iter().map(|t| t.extension).collect();
                dialog.add_filter("Documents", &exts).blocking_pick_file()
            }
            FilePurpose::SaveRules => dialog.add_filter("JSON", &["json"]).set_file_name(name).blocking_save_file(),
            FilePurpose::SaveRejectedRows | FilePurpose::SaveChartCsv | FilePurpose::SavePeopleCsv => {
                dialog.add_filter("CSV", &["csv"]).set_file_name(name).blocking_save_file()
            }
            FilePurpose::SaveChartPng => dialog.add_filter("PNG", &["png"]).set_file_name(name).blocking_save_file(),
            FilePurpose::SavePeopleVcard => {
                dialog.add_filter("vCard", &["vcf"]).set_file_name(name).blocking_save_file()
            }
        };
        picked.and_then(|p| p.into_path().ok()).map(PathBuf::into_os_string).and_then(|p| p.into_string().ok())
    });
}

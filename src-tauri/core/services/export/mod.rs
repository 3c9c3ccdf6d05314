//! Taking data out: CSV per record type, vCard for people, an iCalendar feed of follow-ups, and the full
//! JSON export (with its import into an empty store). Every writer streams: rows go out as they are read.
//! Exports are plaintext, whatever protects the store.

pub mod csv;
pub mod ics;
pub mod json;
mod json_import;
mod text;
pub mod vcard;

pub use json_import::{import as import_json, JsonImportSummary};

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::domain::{AuditAction, Entity, PeopleQuery};
use crate::error::AppResult;
use crate::services::audit;
use crate::store::Store;

/// Where the app writes exports when it has no file dialog to ask with.
pub fn exports_dir(store: &Store) -> PathBuf {
    store.data_dir().join("exports")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Csv,
    Vcard,
    Ics,
    Json,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Vcard => "vcf",
            ExportFormat::Ics => "ics",
            ExportFormat::Json => "json",
        }
    }
}

/// Writes one export (`csv` picks the records of a CSV export) and records it in the audit trail: which
/// kind of data left the store, never the data.
pub fn write(
    store: &Store,
    format: ExportFormat,
    csv_query: &csv::CsvQuery,
    mut out: &mut dyn Write,
) -> AppResult<u64> {
    let count = match format {
        ExportFormat::Csv => csv::write(store, csv_query, &mut out)?,
        // A people view's vCards (a segment's members), or everyone's.
        ExportFormat::Vcard => match csv_query {
            csv::CsvQuery::Person(q) => vcard::write(store, q, &mut out)?,
            _ => vcard::write(store, &PeopleQuery::default(), &mut out)?,
        },
        ExportFormat::Ics => ics::write(store, &mut out)?,
        ExportFormat::Json => json::write(store, &mut out)?,
    };
    let entity = match format {
        ExportFormat::Csv => Some(csv_query.entity()),
        ExportFormat::Vcard => Some(Entity::Person),
        ExportFormat::Ics => Some(Entity::Task),
        ExportFormat::Json => None,
    };
    let now = store.clock().now_ms();
    store.write(|tx| audit::record(tx, now, AuditAction::Export, entity, None, &[format.extension()]))?;
    Ok(count)
}

/// A written export file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ExportResult {
    pub path: String,
    /// Records (CSV, vCard), events (ICS) or table rows (JSON) written.
    pub count: i64,
}

/// Writes `path` through `write`, first under a temporary name, so a failed export never leaves a file
/// that looks complete.
pub fn to_file(path: &Path, write: impl FnOnce(&mut BufWriter<File>) -> AppResult<u64>) -> AppResult<ExportResult> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let result = File::create(&partial).map_err(Into::into).and_then(|f| write(&mut BufWriter::new(f)));
    match result {
        Ok(count) => {
            std::fs::rename(&partial, path)?;
            Ok(ExportResult { path: path.display().to_string(), count: count as i64 })
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}

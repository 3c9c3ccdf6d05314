//! Importing people, leads, signups, companies, deals, activities and orders from CSV, XLSX, vCard and JSON
//! files.
//!
//! `import_file(store, path, options, progress, cancel)` is the one entry point (the CLI, the app and
//! `relata bench` call it):
//! - the file is streamed (CSV and vCard; an XLSX sheet is read whole by calamine), its encoding and
//!   delimiter detected;
//! - columns are mapped automatically (`fields`), the caller's overrides first; other columns become
//!   custom fields whose type is inferred from all their values (a first, read-only pass);
//! - all rows run inside ONE transaction: rejected rows leave no trace (a people row is checked before it
//!   writes, other rows run in a savepoint), are reported (row number, message, field) and written to
//!   `rejected_csv`; accepted rows commit together or not at all;
//! - duplicates (external id, email, phone, then name + company) are skipped, updated or created; a
//!   people import first hashes the store's keys (`dedupe`) so that most rows need no lookup query;
//! - the import is a batch (`batch`): `undo` deletes what it created (kept as id ranges, `created`) and
//!   restores what it updated.

mod ahead;
mod apply;
pub mod batch;
mod columns;
mod created;
mod custom_cols;
mod decode;
mod dedupe;
pub mod delimited;
mod fields;
mod headers;
mod infer;
mod json;
mod lookup;
pub mod merge;
mod order_row;
mod person;
mod rejected;
mod rows;
mod run;
mod signup;
mod snapshot;
pub mod source;
pub mod types;
mod values;
pub mod vcard;
mod xlsx;

use std::path::Path;

pub use batch::{list as list_batches, undo};
pub(crate) use created::load as created_ranges;
pub use run::import_file;
pub use types::*;

use crate::error::{AppError, AppResult, ErrorCode};
use source::RowSource;

const PREVIEW_ROWS: usize = 20;

/// The first rows, what was detected, and the mapping the import would use without overrides.
pub fn preview(path: &Path, format: Option<ImportFormat>, entity: ImportEntity) -> AppResult<ImportPreview> {
    let format = match format {
        Some(f) => f,
        None => format_of(path)?,
    };
    let mut src = open(path, format)?;
    let headers = src.headers().to_vec();
    let mut rows = Vec::new();
    let mut cells = Vec::new();
    while rows.len() < PREVIEW_ROWS {
        match src.next_row(&mut cells)? {
            Some(_) => rows.push(cells.clone()),
            None => break,
        }
    }
    let as_custom = custom_cols::entity_of(entity).is_some();
    let targets = fields::resolve(entity, &headers, &[], as_custom)?;
    let mapping = headers.iter().zip(targets).map(|(h, t)| ColumnMapping { column: h.clone(), target: t }).collect();
    Ok(ImportPreview {
        format,
        encoding: src.encoding(),
        delimiter: src.delimiter().map(|d| d.to_string()),
        headers,
        rows,
        mapping,
        fields: fields::names(entity),
    })
}

/// The format a file's name says it has.
pub fn format_of(path: &Path) -> AppResult<ImportFormat> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "tsv" | "txt" => Ok(ImportFormat::Csv),
        "xlsx" | "xlsm" | "xls" | "ods" => Ok(ImportFormat::Xlsx),
        "vcf" | "vcard" => Ok(ImportFormat::Vcard),
        "json" => Ok(ImportFormat::Json),
        _ => Err(AppError::field(
            ErrorCode::InvalidValue,
            "format",
            format!("cannot tell the format of \"{}\": name it csv, xlsx, vcard or json", path.display()),
        )),
    }
}

/// The reader for a file of this format.
pub fn open(path: &Path, format: ImportFormat) -> AppResult<Box<dyn RowSource + Send>> {
    Ok(match format {
        ImportFormat::Csv => Box::new(delimited::CsvSource::open(path)?),
        ImportFormat::Xlsx => Box::new(xlsx::XlsxSource::open(path)?),
        ImportFormat::Vcard => Box::new(vcard::VcardSource::open(path)?),
        ImportFormat::Json => Box::new(json::JsonSource::open(path)?),
    })
}

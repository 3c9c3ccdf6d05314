//! A stream of rows from an imported file, whatever its format: a header, then rows of text cells.

use std::path::Path;

use super::types::ImportFormat;
use super::{delimited, vcard, xlsx};
use crate::error::{AppError, AppResult, ErrorCode};

/// One row read: its number as the user sees it, and why it cannot be used as is (a ragged row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowRead {
    pub row: u32,
    pub problem: Option<String>,
}

pub trait RowSource {
    fn headers(&self) -> &[String];
    /// Reads the next row into `out` (one cell per header, reusing its strings); `None` at the end.
    fn next_row(&mut self, out: &mut Vec<String>) -> AppResult<Option<RowRead>>;
    /// Share of the input consumed, 0..=1.
    fn fraction(&self) -> f64;
    fn encoding(&self) -> Option<String> {
        None
    }
    fn delimiter(&self) -> Option<char> {
        None
    }
}

pub fn format_of(path: &Path) -> AppResult<ImportFormat> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "tsv" | "txt" => Ok(ImportFormat::Csv),
        "xlsx" | "xlsm" | "xls" | "ods" => Ok(ImportFormat::Xlsx),
        "vcf" | "vcard" => Ok(ImportFormat::Vcard),
        _ => Err(AppError::field(
            ErrorCode::InvalidValue,
            "format",
            format!("cannot tell the format of \"{}\": name it csv, xlsx or vcard", path.display()),
        )),
    }
}

pub fn open(path: &Path, format: ImportFormat) -> AppResult<Box<dyn RowSource>> {
    Ok(match format {
        ImportFormat::Csv => Box::new(delimited::CsvSource::open(path)?),
        ImportFormat::Xlsx => Box::new(xlsx::XlsxSource::open(path)?),
        ImportFormat::Vcard => Box::new(vcard::VcardSource::open(path)?),
    })
}

/// Copies cells into reused strings, so a long import allocates once per column, not once per cell.
pub fn fill(out: &mut Vec<String>, cells: impl Iterator<Item = impl AsRef<str>>) {
    let mut n = 0;
    for cell in cells {
        if n == out.len() {
            out.push(String::new());
        }
        out[n].clear();
        out[n].push_str(cell.as_ref());
        n += 1;
    }
    out.truncate(n);
}

//! CSV (and TSV, `;`- and `|`-separated) files: encoding and delimiter detected from the start of the file,
//! then streamed record by record. Quoted fields may hold delimiters, quotes and newlines.

use std::borrow::Cow;
use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use csv::{ByteRecord, ReaderBuilder};

use super::decode::{self, Detected, SAMPLE_LEN};
use super::source::{fill, RowRead, RowSource};
use crate::error::{AppError, AppResult, ErrorCode};

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

pub struct CsvSource {
    reader: csv::Reader<Box<dyn Read + Send>>,
    headers: Vec<String>,
    record: ByteRecord,
    row: u32,
    read: Arc<AtomicU64>,
    total: u64,
    detected: Detected,
    delimiter: u8,
}

impl CsvSource {
    pub fn open(path: &Path) -> AppResult<CsvSource> {
        let file = decode::open_file(path)?;
        let delimiter = detect_delimiter(&file.sample);
        Self::from_reader(file.body, file.detected, delimiter, file.read, file.total)
    }

    fn from_reader(
        input: Box<dyn Read + Send>,
        detected: Detected,
        delimiter: u8,
        read: Arc<AtomicU64>,
        total: u64,
    ) -> AppResult<CsvSource> {
        let mut reader = ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(256 * 1024)
            .from_reader(input);
        let mut record = ByteRecord::new();
        if !reader.read_byte_record(&mut record).map_err(csv_error)? {
            return Err(AppError::new(ErrorCode::InvalidValue, "the file is empty: it needs a header row"));
        }
        let headers: Vec<String> = record.iter().map(|h| text(h).trim().to_string()).collect();
        if headers.iter().all(String::is_empty) {
            return Err(AppError::new(ErrorCode::InvalidValue, "the first row must name the columns"));
        }
        Ok(CsvSource { reader, headers, record, row: 1, read, total, detected, delimiter })
    }

    /// A source over text in memory (tests, fuzzing).
    pub fn from_bytes(bytes: Vec<u8>) -> AppResult<CsvSource> {
        let detected = decode::detect(&bytes[..bytes.len().min(SAMPLE_LEN)]);
        let delimiter = detect_delimiter(&decode::decode_sample(&bytes[..bytes.len().min(SAMPLE_LEN)], detected));
        let total = bytes.len() as u64;
        let body = Cursor::new(bytes[detected.bom_len.min(bytes.len())..].to_vec());
        Self::from_reader(
            decode::utf8_reader(body, detected),
            detected,
            delimiter,
            Arc::new(AtomicU64::new(total)),
            total,
        )
    }
}

impl RowSource for CsvSource {
    fn headers(&self) -> &[String] {
        &self.headers
    }

    fn next_row(&mut self, out: &mut Vec<String>) -> AppResult<Option<RowRead>> {
        loop {
            if !self.reader.read_byte_record(&mut self.record).map_err(csv_error)? {
                return Ok(None);
            }
            self.row += 1;
            // A line of only delimiters (spreadsheets pad with them) is no row.
            if self.record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                continue;
            }
            fill(out, self.record.iter().map(text));
            let problem = (out.len() != self.headers.len())
                .then(|| format!("the row has {} fields but the header has {}", out.len(), self.headers.len()));
            return Ok(Some(RowRead { row: self.row, problem }));
        }
    }

    fn fraction(&self) -> f64 {
        if self.total == 0 {
            return 1.0;
        }
        (self.read.load(Ordering::Relaxed) as f64 / self.total as f64).min(1.0)
    }

    fn encoding(&self) -> Option<String> {
        Some(self.detected.label())
    }

    fn delimiter(&self) -> Option<char> {
        Some(self.delimiter as char)
    }
}

fn text(bytes: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(bytes)
}

fn csv_error(e: csv::Error) -> AppError {
    AppError::new(ErrorCode::Io, format!("cannot read the file: {e}"))
}

/// The delimiter that splits the sample's lines into the same number (more than one) of fields most often.
/// Quotes are respected, so a comma inside a quoted field does not count.
pub fn detect_delimiter(sample: &str) -> u8 {
    let mut best = (b',', 0usize);
    for d in DELIMITERS {
        let counts = field_counts(sample, d);
        let Some(&first) = counts.first() else { continue };
        if first < 2 {
            continue;
        }
        let agreeing = counts.iter().filter(|&&c| c == first).count();
        // Ties go to the earlier (more common) delimiter.
        if agreeing * first > best.1 {
            best = (d, agreeing * first);
        }
    }
    best.0
}

/// Fields per record for the first records of the sample (the last, possibly cut, record is left out).
fn field_counts(sample: &str, delimiter: u8) -> Vec<usize> {
    let mut counts = Vec::new();
    let (mut fields, mut quoted) = (1, false);
    for b in sample.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                counts.push(fields);
                fields = 1;
                if counts.len() == 50 {
                    break;
                }
            }
            _ if b == delimiter && !quoted => fields += 1,
            _ => {}
        }
    }
    if counts.is_empty() {
        counts.push(fields);
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    type Rows = Vec<(Vec<String>, Option<String>)>;

    fn rows(text: &[u8]) -> (Vec<String>, Rows) {
        let mut src = CsvSource::from_bytes(text.to_vec()).unwrap();
        let mut out = Vec::new();
        let mut rows = Vec::new();
        while let Some(r) = src.next_row(&mut out).unwrap() {
            rows.push((out.clone(), r.problem));
        }
        (src.headers().to_vec(), rows)
    }

    #[test]
    fn delimiters_are_detected() {
        assert_eq!(detect_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(detect_delimiter("a;b;c\n1,5;2;3\n"), b';');
        assert_eq!(detect_delimiter("a\tb\n1\t2\n"), b'\t');
        assert_eq!(detect_delimiter("a|b|c\n\"x,y\"|2|3\n"), b'|');
        assert_eq!(detect_delimiter("name\nAda\n"), b',');
    }

    #[test]
    fn quoted_newlines_and_ragged_rows() {
        let (headers, rows) = rows(b"name;note\n\"Ada\";\"line 1\nline 2; still\"\nBob;x;extra\n;;\nCy;y\n");
        assert_eq!(headers, ["name", "note"]);
        assert_eq!(rows[0].0, ["Ada", "line 1\nline 2; still"]);
        assert_eq!(rows[1].1.as_deref(), Some("the row has 3 fields but the header has 2"));
        assert_eq!(rows[2].0, ["Cy", "y"]);
        assert_eq!(rows.len(), 3);
    }

    #[test]
    fn an_empty_file_is_a_clear_error() {
        assert!(CsvSource::from_bytes(Vec::new()).is_err());
        assert!(CsvSource::from_bytes(b" , \n".to_vec()).is_err());
    }
}

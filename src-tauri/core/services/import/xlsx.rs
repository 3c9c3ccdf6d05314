//! Excel workbooks (and ODS) through calamine: the first sheet, its first non-empty row as the header.
//! A worksheet is read whole by calamine; sheets are bounded (about a million rows), so this is the one
//! format whose memory follows the file.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use chrono::{Duration, NaiveDate};

use super::source::{fill, RowRead, RowSource};
use crate::error::{AppError, AppResult, ErrorCode};

pub struct XlsxSource {
    rows: std::vec::IntoIter<(u32, Vec<String>)>,
    headers: Vec<String>,
    total: usize,
}

impl XlsxSource {
    pub fn open(path: &Path) -> AppResult<XlsxSource> {
        let bad = |e: calamine::Error| AppError::new(ErrorCode::InvalidValue, format!("cannot read the workbook: {e}"));
        let mut book = open_workbook_auto(path).map_err(bad)?;
        let range = book
            .worksheet_range_at(0)
            .ok_or_else(|| AppError::new(ErrorCode::InvalidValue, "the workbook has no sheet"))?
            .map_err(bad)?;
        let first_row = range.start().map_or(0, |(r, _)| r);
        let mut rows = range
            .rows()
            .enumerate()
            .map(|(i, cells)| (first_row + i as u32 + 1, cells.iter().map(cell_text).collect::<Vec<String>>()))
            .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
        let (_, headers) = rows
            .next()
            .ok_or_else(|| AppError::new(ErrorCode::InvalidValue, "the sheet is empty: it needs a header row"))?;
        let headers: Vec<String> = headers.iter().map(|h| h.trim().to_string()).collect();
        let rows: Vec<(u32, Vec<String>)> = rows.collect();
        Ok(XlsxSource { total: rows.len(), rows: rows.into_iter(), headers })
    }
}

impl RowSource for XlsxSource {
    fn headers(&self) -> &[String] {
        &self.headers
    }

    fn next_row(&mut self, out: &mut Vec<String>) -> AppResult<Option<RowRead>> {
        Ok(self.rows.next().map(|(row, cells)| {
            fill(out, cells.iter());
            // Calamine pads every row to the sheet's width: only extra filled cells make a row ragged.
            let extra = out.iter().skip(self.headers.len()).any(|c| !c.trim().is_empty());
            out.resize(self.headers.len(), String::new());
            let problem = extra.then(|| format!("the row has values beyond the {} named columns", self.headers.len()));
            RowRead { row, problem }
        }))
    }

    fn fraction(&self) -> f64 {
        if self.total == 0 {
            return 1.0;
        }
        1.0 - self.rows.len() as f64 / self.total as f64
    }
}

/// A cell as the user would type it: whole numbers without ".0", dates as YYYY-MM-DD.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => serial_date(dt.as_f64()),
    }
}

/// Excel's serial day number (days since 1899-12-30), with the time of day when there is one.
fn serial_date(serial: f64) -> String {
    let Some(base) = NaiveDate::from_ymd_opt(1899, 12, 30) else { return serial.to_string() };
    let days = serial.floor() as i64;
    let Some(date) = base.checked_add_signed(Duration::days(days)) else { return serial.to_string() };
    let secs = ((serial - serial.floor()) * 86_400.0).round() as i64;
    if secs == 0 {
        date.format("%Y-%m-%d").to_string()
    } else {
        format!("{}T{:02}:{:02}:{:02}", date.format("%Y-%m-%d"), secs / 3600, secs % 3600 / 60, secs % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::serial_date;

    #[test]
    fn serial_dates_become_iso() {
        assert_eq!(serial_date(45_658.0), "2025-01-01");
        assert_eq!(serial_date(45_658.5), "2025-01-01T12:00:00");
    }
}

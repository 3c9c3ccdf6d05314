//! The rejected rows as a CSV file the user can fix and import again: the original cells, then the row
//! number and the reason.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use crate::error::{AppError, AppResult, ErrorCode};

pub struct RejectedWriter {
    writer: csv::Writer<BufWriter<File>>,
}

fn write_error(e: csv::Error) -> AppError {
    AppError::new(ErrorCode::Io, format!("cannot write the rejected rows: {e}"))
}

impl RejectedWriter {
    pub fn create(path: &Path, headers: &[String]) -> AppResult<RejectedWriter> {
        let file = BufWriter::new(File::create(path)?);
        let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(file);
        let mut header: Vec<&str> = headers.iter().map(String::as_str).collect();
        header.extend(["row", "error"]);
        writer.write_record(&header).map_err(write_error)?;
        Ok(RejectedWriter { writer })
    }

    pub fn write(&mut self, row: u32, cells: &[String], error: &str) -> AppResult<()> {
        let row = row.to_string();
        let record = cells.iter().map(String::as_str).chain([row.as_str(), error]);
        self.writer.write_record(record).map_err(write_error)
    }

    pub fn finish(mut self) -> AppResult<()> {
        self.writer.flush()?;
        Ok(())
    }
}

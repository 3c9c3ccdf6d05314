//! `relata export csv|vcard|ics|json`, and the JSON restore behind `relata import json FILE`.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::output::{self, enum_arg};
use relata_core::domain::Entity;
use relata_core::error::AppResult;
use relata_core::services::export::{self, csv::CsvQuery, to_file, ExportFormat, ExportResult};
use relata_core::store::Store;

const ENTITIES: &[&str] = &["person", "company", "deal", "activity", "task"];

#[derive(Debug, Subcommand)]
pub enum ExportCmd {
    /// Every live record of one type as CSV (UTF-8 with BOM).
    Csv {
        /// person, company, deal, activity or task.
        #[arg(long, default_value = "person", value_parser = enum_arg::<Entity>(ENTITIES))]
        entity: Entity,
        #[command(flatten)]
        out: Out,
    },
    /// Every live person as vCard 4.0.
    Vcard(Out),
    /// Open follow-ups (tasks) as an iCalendar feed for calendar apps.
    Ics(Out),
    /// The whole store as JSON (see docs/export-format.md); `relata import json` reads it back.
    Json(Out),
}

#[derive(Debug, Args)]
pub struct Out {
    /// Write to this file instead of stdout. Exports are not encrypted.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportJson {
    /// A file written by `relata export json`; the store must hold no records yet.
    pub file: PathBuf,
}

pub fn run(store: &Store, cmd: ExportCmd) -> AppResult<()> {
    match cmd {
        ExportCmd::Csv { entity, out } => {
            emit(out, |w| export::write(store, ExportFormat::Csv, &CsvQuery::all(entity)?, w))
        }
        ExportCmd::Vcard(out) => {
            emit(out, |w| export::write(store, ExportFormat::Vcard, &CsvQuery::all(Entity::Person)?, w))
        }
        ExportCmd::Ics(out) => emit(out, |w| export::write(store, ExportFormat::Ics, &CsvQuery::all(Entity::Task)?, w)),
        ExportCmd::Json(out) => {
            emit(out, |w| export::write(store, ExportFormat::Json, &CsvQuery::all(Entity::Person)?, w))
        }
    }
}

pub fn import_json(store: &Store, cmd: ImportJson) -> AppResult<()> {
    let file = std::fs::File::open(&cmd.file)?;
    output::json(&export::import_json(store, file)?)
}

/// To a file (then the result is printed as JSON), or streamed to stdout.
pub(crate) fn emit(out: Out, write: impl FnOnce(&mut dyn Write) -> AppResult<u64>) -> AppResult<()> {
    match out.out {
        Some(path) => {
            let result: ExportResult = to_file(&path, |w| write(w))?;
            output::json(&result)
        }
        None => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut stdout)?;
            stdout.flush()?;
            Ok(())
        }
    }
}

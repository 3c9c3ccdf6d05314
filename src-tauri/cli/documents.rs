//! `relata documents ...`: the document library (add a file, list, edit, remove).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::output::{self, enum_arg};
use relata_core::domain::{DocumentMeta, DocumentQuery, Id, Language};
use relata_core::error::AppResult;
use relata_core::services::{documents, templates};
use relata_core::store::Store;

const LANGS: &[&str] = &["en", "nl", "de", "da"];

#[derive(Debug, Subcommand)]
pub enum DocumentsCmd {
    /// Add a file to the library (PDF, Office, OpenDocument, text, CSV or an image) and print it as JSON.
    Add(AddDocument),
    /// List the library (a table, or JSON with --json).
    List(ListDocuments),
    /// Change a document's title, language or tags and print it as JSON.
    Update(UpdateDocument),
    /// Delete a document (refused while a template sends it).
    Remove { id: Id },
}

#[derive(Debug, Args)]
pub struct AddDocument {
    /// The file to add.
    file: PathBuf,
    #[arg(long)]
    title: String,
    #[arg(long, value_parser = enum_arg::<Language>(LANGS))]
    language: Option<Language>,
    /// A tag (repeatable).
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ListDocuments {
    #[arg(long, value_parser = enum_arg::<Language>(LANGS))]
    language: Option<Language>,
    #[arg(long)]
    tag: Option<String>,
    /// Part of the title, file name or a tag.
    #[arg(long)]
    search: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct UpdateDocument {
    id: Id,
    #[arg(long)]
    title: Option<String>,
    #[arg(long, value_parser = enum_arg::<Language>(LANGS))]
    language: Option<Language>,
    /// Replaces the tags (repeatable).
    #[arg(long = "tag", value_name = "TAG")]
    tags: Option<Vec<String>>,
}

pub fn run(store: &Store, cmd: DocumentsCmd) -> AppResult<()> {
    match cmd {
        DocumentsCmd::Add(a) => {
            let meta = DocumentMeta { title: a.title, language: a.language, tags: a.tags };
            output::json(&documents::add_file(store, &a.file, meta)?)
        }
        DocumentsCmd::List(l) => {
            let q = DocumentQuery { language: l.language, tag: l.tag, text: l.search };
            let rows = documents::list(store, &q)?;
            let total = rows.len() as i64;
            output::list(l.json, rows, total, &["ID", "TITLE", "LANGUAGE", "TAGS", "FILE", "SIZE", "SENT"], |d| {
                vec![
                    d.id.to_string(),
                    d.title,
                    d.language.map(|l| l.code().to_string()).unwrap_or_default(),
                    d.tags.join(", "),
                    d.file_name,
                    templates::human_size(d.size),
                    d.sent_count.to_string(),
                ]
            })
        }
        DocumentsCmd::Update(u) => {
            let old = documents::get(store, u.id)?;
            let meta = DocumentMeta {
                title: u.title.unwrap_or(old.title),
                language: u.language.or(old.language),
                tags: u.tags.unwrap_or(old.tags),
            };
            output::json(&documents::update(store, u.id, meta)?)
        }
        DocumentsCmd::Remove { id } => {
            documents::remove(store, id)?;
            output::json(&serde_json::json!({ "deleted": { "entity": "document", "id": id } }))
        }
    }
}

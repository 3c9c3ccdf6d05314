use std::io::Read;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::output::{self, enum_arg};
use relata_core::domain::{Id, Language, NewAttachment, RenderFor, TemplateSender, TemplateVariant};
use relata_core::error::AppResult;
use relata_core::services::templates;
use relata_core::store::Store;

const LANGS: &[&str] = &["en", "nl", "de", "da"];

#[derive(Debug, Subcommand)]
pub enum TemplatesCmd {
    /// Add a template, or add (or replace) one language of an existing one, and print it as JSON.
    Add(AddTemplate),
    /// List templates with their languages (a table, or JSON with --json).
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print a template with all its languages as JSON.
    Show {
        /// The template's name (case-insensitive).
        name: String,
    },
    /// Render a template for a person without sending it; prints subject, text, html and the language.
    Render(RenderTemplate),
    /// Attach library documents (`relata documents list`) to a template and print it as JSON.
    Attach {
        /// The template's name (case-insensitive).
        name: String,
        /// A library document's id (repeatable).
        #[arg(long = "document", value_name = "ID", required = true)]
        documents: Vec<Id>,
    },
    /// Delete a template with its languages and attachments.
    Remove {
        /// The template's name (case-insensitive).
        name: String,
    },
}

#[derive(Debug, Args)]
pub struct AddTemplate {
    #[arg(long)]
    name: String,
    #[arg(long, value_parser = enum_arg::<Language>(LANGS))]
    lang: Language,
    #[arg(long)]
    subject: String,
    /// A UTF-8 text file with the body (merge fields like {{ person.first_name | default("there") }}).
    #[arg(long, value_name = "FILE")]
    body_file: PathBuf,
    /// What the template is for, e.g. "follow-up".
    #[arg(long)]
    purpose: Option<String>,
    /// A document to attach (repeatable); one of the same name is replaced.
    #[arg(long = "attach", value_name = "FILE")]
    attach: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RenderTemplate {
    /// The template's name (case-insensitive).
    name: String,
    #[arg(long, value_name = "ID")]
    person: Id,
    #[arg(long, value_name = "ID")]
    deal: Option<Id>,
    /// Render this language instead of the person's.
    #[arg(long, value_parser = enum_arg::<Language>(LANGS))]
    lang: Option<Language>,
    /// The `sender.name` field.
    #[arg(long)]
    sender_name: Option<String>,
    /// The `sender.address` field.
    #[arg(long)]
    sender_address: Option<String>,
    /// A text file with the `sender.signature` field.
    #[arg(long, value_name = "FILE")]
    signature_file: Option<PathBuf>,
}

pub fn run(store: &Store, cmd: TemplatesCmd) -> AppResult<()> {
    match cmd {
        TemplatesCmd::Add(a) => {
            let body = std::fs::read_to_string(&a.body_file)?;
            let docs = a.attach.iter().map(|p| read_doc(p)).collect::<AppResult<Vec<_>>>()?;
            let variant = TemplateVariant { lang: a.lang, subject: a.subject, body };
            output::json(&templates::put(store, &a.name, a.purpose.as_deref(), variant, docs)?)
        }
        TemplatesCmd::List { json } => {
            let rows = templates::list(store)?;
            let total = rows.len() as i64;
            output::list(json, rows, total, &["ID", "NAME", "PURPOSE", "LANGUAGES", "ATTACHMENTS"], |t| {
                let langs: Vec<&str> = t.variants.iter().map(|v| v.lang.code()).collect();
                let docs: Vec<String> = t
                    .attachments
                    .iter()
                    .map(|a| format!("{} ({})", a.name, templates::human_size(a.size)))
                    .chain(t.documents.iter().map(|d| format!("{} ({})", d.file_name, templates::human_size(d.size))))
                    .collect();
                vec![t.id.to_string(), t.name, t.purpose.unwrap_or_default(), langs.join(" "), docs.join(", ")]
            })
        }
        TemplatesCmd::Attach { name, documents } => {
            output::json(&templates::attach_documents(store, &name, &documents)?)
        }
        TemplatesCmd::Show { name } => output::json(&templates::find_by_name(store, &name)?),
        TemplatesCmd::Render(r) => {
            let template = templates::find_by_name(store, &r.name)?;
            let signature = r.signature_file.as_deref().map(std::fs::read_to_string).transpose()?;
            let sender = (r.sender_name.is_some() || r.sender_address.is_some() || signature.is_some())
                .then_some(TemplateSender { name: r.sender_name, address: r.sender_address, signature });
            let req = RenderFor { person_id: r.person, deal_id: r.deal, lang: r.lang, sender, ticket: None };
            output::json(&templates::preview(store, template.id, &req)?)
        }
        TemplatesCmd::Remove { name } => {
            let template = templates::find_by_name(store, &name)?;
            templates::remove(store, template.id)?;
            output::json(&serde_json::json!({ "deleted": { "entity": "template", "id": template.id } }))
        }
    }
}

/// Reads a document, at most one byte over the limit: the core then refuses it with the sizes.
fn read_doc(path: &Path) -> AppResult<NewAttachment> {
    let mut data = Vec::new();
    std::fs::File::open(path)?.take(templates::MAX_ATTACHMENT_BYTES as u64 + 1).read_to_end(&mut data)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(NewAttachment { name, mime: None, data })
}

//! Message templates: a subject and a plain-text body per language (en, nl, de, da) with merge fields
//! (`fields` lists them), and attached documents kept in the store. A template is written in one
//! transaction, and only when every variant parses. `render` turns one into a message for a recipient.

mod attachments;
mod context;
mod engine;
pub mod fields;
mod input;
mod render;

use rusqlite::{params, Connection, OptionalExtension};

pub use attachments::{
    data_in as attachment_data_in, guess_mime, human_size, one as attachment_in, MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES,
    MAX_TOTAL_BYTES,
};
pub use input::{BODY_MAX, SUBJECT_MAX};
pub use render::{choose, language, preview, render_in};

use super::documents;
use crate::domain::{Id, NewAttachment, Template, TemplateInput, TemplateVariant};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::fold::fold;
use crate::store::Store;

pub fn list(store: &Store) -> AppResult<Vec<Template>> {
    store.read(|conn| {
        let ids: Vec<Id> = conn
            .prepare_cached("SELECT id FROM templates ORDER BY name_key, id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| load(conn, id)).collect()
    })
}

pub fn get(store: &Store, id: Id) -> AppResult<Template> {
    store.read(|conn| load(conn, id))
}

/// By name, without regard to case or accents, as the CLI and the mail layer take it.
pub fn find_by_name(store: &Store, name: &str) -> AppResult<Template> {
    store.read(|conn| match id_by_name(conn, name)? {
        Some(id) => load(conn, id),
        None => Err(not_named(name)),
    })
}

fn not_named(name: &str) -> AppError {
    AppError::field(ErrorCode::NotFound, "name", format!("no template is named {:?}", name.trim()))
}

/// Attaches library documents to the template of that name (what `relata templates attach` does).
pub fn attach_documents(store: &Store, name: &str, ids: &[Id]) -> AppResult<Template> {
    let now = store.clock().now_ms();
    store.write(|tx| {
        let id = id_by_name(tx, name)?.ok_or_else(|| not_named(name))?;
        documents::links::attach(tx, id, ids)?;
        attachments::check_limits(tx, id)?;
        tx.prepare_cached("UPDATE templates SET updated_at = ?1 WHERE id = ?2")?.execute(params![now, id])?;
        load(tx, id)
    })
}

/// Creates a template (`id` None) or replaces one's name, purpose and variants; see `TemplateInput` for
/// attachments. All or nothing.
pub fn save(store: &Store, id: Option<Id>, input: TemplateInput) -> AppResult<Template> {
    let input = input::normalize(input)?;
    let now = store.clock().now_ms();
    store.write(|tx| {
        check_unique(tx, &input.name, id)?;
        let id = match id {
            None => insert(tx, &input.name, input.purpose.as_deref(), now)?,
            Some(id) => {
                let changed = tx
                    .prepare_cached(
                        "UPDATE templates SET name = ?1, name_key = ?2, purpose = ?3, updated_at = ?4 WHERE id = ?5",
                    )?
                    .execute(params![input.name, fold(&input.name), input.purpose, now, id])?;
                if changed == 0 {
                    return Err(AppError::not_found("template", id));
                }
                tx.prepare_cached("DELETE FROM template_variants WHERE template_id = ?1")?.execute([id])?;
                attachments::remove(tx, id, &input.remove)?;
                documents::links::detach(tx, id, &input.remove_documents)?;
                id
            }
        };
        for var in &input.variants {
            put_variant(tx, id, var)?;
        }
        attachments::add(tx, id, input.add)?;
        documents::links::attach(tx, id, &input.add_documents)?;
        attachments::check_limits(tx, id)?;
        load(tx, id)
    })
}

/// Adds one language to the template of that name, or replaces that language's variant, creating the
/// template when there is none; `purpose` (when given) and the documents are added too. What
/// `relata templates add` does.
pub fn put(
    store: &Store,
    name: &str,
    purpose: Option<&str>,
    variant: TemplateVariant,
    attach: Vec<NewAttachment>,
) -> AppResult<Template> {
    let name = super::validate::required("name", name, super::validate::NAME_MAX)?;
    let purpose = super::validate::optional("purpose", purpose, super::validate::SHORT_MAX)?;
    let variant = input::variant("variants.0", variant)?;
    let docs = input::docs(attach)?;
    let now = store.clock().now_ms();
    store.write(|tx| {
        let id = match id_by_name(tx, &name)? {
            Some(id) => {
                tx.prepare_cached(
                    "UPDATE templates SET purpose = COALESCE(?1, purpose), updated_at = ?2 WHERE id = ?3",
                )?
                .execute(params![purpose, now, id])?;
                id
            }
            None => insert(tx, &name, purpose.as_deref(), now)?,
        };
        put_variant(tx, id, &variant)?;
        attachments::add(tx, id, docs)?;
        attachments::check_limits(tx, id)?;
        load(tx, id)
    })
}

/// Deletes a template with its variants and documents.
pub fn remove(store: &Store, id: Id) -> AppResult<()> {
    store.write(|tx| {
        let gone = tx.prepare_cached("DELETE FROM templates WHERE id = ?1")?.execute([id])?;
        if gone == 0 {
            return Err(AppError::not_found("template", id));
        }
        Ok(())
    })
}

fn insert(tx: &Connection, name: &str, purpose: Option<&str>, now: i64) -> AppResult<Id> {
    Ok(tx
        .prepare_cached(
            "INSERT INTO templates (name, name_key, purpose, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)
             RETURNING id",
        )?
        .query_row(params![name, fold(name), purpose, now], |r| r.get(0))?)
}

fn put_variant(tx: &Connection, id: Id, var: &TemplateVariant) -> AppResult<()> {
    tx.prepare_cached(
        "INSERT INTO template_variants (template_id, lang, subject, body) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (template_id, lang) DO UPDATE SET subject = excluded.subject, body = excluded.body",
    )?
    .execute(params![id, var.lang.code(), var.subject, var.body])?;
    Ok(())
}

pub(crate) fn id_by_name(conn: &Connection, name: &str) -> AppResult<Option<Id>> {
    Ok(conn
        .prepare_cached("SELECT id FROM templates WHERE name_key = ?1")?
        .query_row([fold(name.trim())], |r| r.get(0))
        .optional()?)
}

fn check_unique(conn: &Connection, name: &str, except: Option<Id>) -> AppResult<()> {
    match id_by_name(conn, name)? {
        Some(other) if Some(other) != except => {
            Err(AppError::field(ErrorCode::Duplicate, "name", format!("a template named {name:?} already exists")))
        }
        _ => Ok(()),
    }
}

pub(crate) fn load(conn: &Connection, id: Id) -> AppResult<Template> {
    let row = conn
        .prepare_cached("SELECT name, purpose, created_at, updated_at FROM templates WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    let Some((name, purpose, created_at, updated_at)) = row else {
        return Err(AppError::not_found("template", id));
    };
    let mut variants: Vec<TemplateVariant> = conn
        .prepare_cached("SELECT lang, subject, body FROM template_variants WHERE template_id = ?1")?
        .query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))?
        .filter_map(|row| match row {
            Ok((lang, subject, body)) => language(&lang).map(|lang| Ok(TemplateVariant { lang, subject, body })),
            Err(e) => Some(Err(e)),
        })
        .collect::<rusqlite::Result<_>>()?;
    input::in_language_order(&mut variants);
    let attachments = attachments::list(conn, id)?;
    let documents = documents::links::of_template(conn, id)?;
    Ok(Template { id, name, purpose, variants, attachments, documents, created_at, updated_at })
}

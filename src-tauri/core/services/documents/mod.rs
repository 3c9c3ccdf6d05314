//! The document library: case studies, white papers and other files sent to leads. A document's bytes
//! live in the store (a BLOB), so they are encrypted at rest with it (SQLCipher), go into every backup and
//! travel to a team like template attachments do. Its media type is sniffed from the bytes (`sniff`), never
//! taken from the UI, and it has a title, a language and tags. A template can send library documents with
//! every message (`links`), and a message can carry them; each message that carries one logs "Sent <title>"
//! on the person's timeline in the queueing transaction (`sends`).

pub mod links;
pub mod sends;
mod sniff;

use rusqlite::{params, Connection, OptionalExtension, Row};
use sha2::{Digest, Sha256};

pub use sniff::{check_size, limits, media_type, MAX_DOCUMENT_BYTES};

use super::records::json_col;
use super::templates::language;
use super::validate::{self as v, NAME_MAX};
use crate::domain::{Document, DocumentMeta, DocumentQuery, Id};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::Store;

const COLUMNS: &str = "d.id, d.title, d.language, d.tags, d.file_name, d.mime, d.size, d.sha256, d.created_at, \
    d.updated_at, (SELECT count(*) FROM template_documents t WHERE t.document_id = d.id), \
    (SELECT count(*) FROM document_sends s WHERE s.document_id = d.id)";

/// Adds a file to the library: `file_name` (its last path part is kept) names it to recipients, the bytes
/// decide its type. Errors name `file` (size, type) or the meta field.
pub fn add(store: &Store, file_name: &str, data: Vec<u8>, meta: DocumentMeta) -> AppResult<Document> {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or_default();
    let file_name = v::required("file", base, NAME_MAX)?;
    let meta = check_meta(meta)?;
    let mime = media_type("file", &file_name, &data)?;
    let sha256 = hex::encode(Sha256::digest(&data));
    let now = store.clock().now_ms();
    store.write(|tx| {
        let id: Id = tx
            .prepare_cached(
                "INSERT INTO documents (title, language, tags, file_name, mime, size, sha256, data, created_at,
                    updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9) RETURNING id",
            )?
            .query_row(
                params![
                    meta.title,
                    meta.language.map(|l| l.code()),
                    serde_json::to_string(&meta.tags)?,
                    file_name,
                    mime,
                    data.len() as i64,
                    sha256,
                    data,
                    now
                ],
                |r| r.get(0),
            )?;
        tracing::info!(id, size = data.len(), "document added");
        load(tx, id)
    })
}

/// Adds the file at `path` (one the user picked in an open dialog); the size is checked before it is read.
pub fn add_file(store: &Store, path: &std::path::Path, meta: DocumentMeta) -> AppResult<Document> {
    let size = std::fs::metadata(path)
        .map_err(|e| AppError::field(ErrorCode::NotFound, "file", format!("{} cannot be read: {e}", path.display())))?
        .len();
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
    check_size("file", &name, size)?;
    let data = std::fs::read(path)
        .map_err(|e| AppError::field(ErrorCode::NotFound, "file", format!("{} cannot be read: {e}", path.display())))?;
    add(store, &name, data, meta)
}

/// The library, by title; `q` filters by language, tag and text.
pub fn list(store: &Store, q: &DocumentQuery) -> AppResult<Vec<Document>> {
    let text = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_lowercase);
    let tag = q.tag.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_lowercase);
    store.read(|conn| {
        let sql = format!(
            "SELECT {COLUMNS} FROM documents d
             WHERE (?1 IS NULL OR d.language = ?1)
               AND (?2 IS NULL OR EXISTS (SELECT 1 FROM json_each(d.tags) j WHERE lower(j.value) = ?2))
               AND (?3 IS NULL OR instr(lower(d.title), ?3) > 0 OR instr(lower(d.file_name), ?3) > 0
                    OR instr(lower(d.tags), ?3) > 0)
             ORDER BY lower(d.title), d.id"
        );
        let rows = conn
            .prepare_cached(&sql)?
            .query_map(params![q.language.map(|l| l.code()), tag, text], row)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    })
}

pub fn get(store: &Store, id: Id) -> AppResult<Document> {
    store.read(|conn| load(conn, id))
}

/// Replaces a document's title, language and tags (its file stays).
pub fn update(store: &Store, id: Id, meta: DocumentMeta) -> AppResult<Document> {
    let meta = check_meta(meta)?;
    let now = store.clock().now_ms();
    store.write(|tx| {
        let changed = tx
            .prepare_cached("UPDATE documents SET title = ?1, language = ?2, tags = ?3, updated_at = ?4 WHERE id = ?5")?
            .execute(params![
                meta.title,
                meta.language.map(|l| l.code()),
                serde_json::to_string(&meta.tags)?,
                now,
                id
            ])?;
        if changed == 0 {
            return Err(AppError::not_found("document", id));
        }
        load(tx, id)
    })
}

/// Deletes a document, refused while a template sends it (the error names the templates). Its sends stay
/// counted under the title it was sent with.
pub fn remove(store: &Store, id: Id) -> AppResult<()> {
    store.write(|tx| {
        let doc = load(tx, id)?;
        let users = links::templates_using(tx, id)?;
        if !users.is_empty() {
            return Err(AppError::new(
                ErrorCode::Conflict,
                format!(
                    "\"{}\" is attached to the template(s) {}: take it off there first",
                    doc.title,
                    users.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        tx.prepare_cached("DELETE FROM documents WHERE id = ?1")?.execute([id])?;
        tracing::info!(id, "document removed");
        Ok(())
    })
}

/// A document's bytes with its file name and type.
pub fn data(store: &Store, id: Id) -> AppResult<(Document, Vec<u8>)> {
    store.read(|conn| {
        let doc = load(conn, id)?;
        let bytes = conn.prepare_cached("SELECT data FROM documents WHERE id = ?1")?.query_row([id], |r| r.get(0))?;
        Ok((doc, bytes))
    })
}

fn check_meta(meta: DocumentMeta) -> AppResult<DocumentMeta> {
    Ok(DocumentMeta {
        title: v::required("title", &meta.title, NAME_MAX)?,
        language: meta.language,
        tags: v::tags("tags", &meta.tags)?,
    })
}

pub(crate) fn load(conn: &Connection, id: Id) -> AppResult<Document> {
    let sql = format!("SELECT {COLUMNS} FROM documents d WHERE d.id = ?1");
    conn.prepare_cached(&sql)?.query_row([id], row).optional()?.ok_or_else(|| AppError::not_found("document", id))
}

fn row(r: &Row) -> rusqlite::Result<Document> {
    Ok(Document {
        id: r.get(0)?,
        title: r.get(1)?,
        language: r.get::<_, Option<String>>(2)?.as_deref().and_then(language),
        tags: json_col(&r.get::<_, String>(3)?)?,
        file_name: r.get(4)?,
        mime: r.get(5)?,
        size: r.get(6)?,
        sha256: r.get(7)?,
        created_at: r.get(8)?,
        updated_at: r.get(9)?,
        template_count: r.get(10)?,
        sent_count: r.get(11)?,
    })
}

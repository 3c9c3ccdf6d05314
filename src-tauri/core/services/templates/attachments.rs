//! Documents attached to a template: their bytes live in the store, within limits that common mail
//! providers accept (a message over about 25 MB is refused by most of them, and base64 adds a third).

use rusqlite::{params, Connection, OptionalExtension};

use super::super::documents;
use super::super::validate as v;
use crate::domain::{AttachmentData, Id, NewAttachment, TemplateAttachment};
use crate::error::{AppError, AppResult, ErrorCode};

/// The largest single document: 10 MiB.
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;
/// All of a template's documents together: 15 MiB (about 20 MiB once encoded in a message).
pub const MAX_TOTAL_BYTES: i64 = 15 * 1024 * 1024;
pub const MAX_ATTACHMENTS: usize = 20;

/// A checked document, ready to store.
#[derive(Debug, Clone)]
pub(super) struct Checked {
    pub name: String,
    pub mime: String,
    pub data: Vec<u8>,
}

/// Checks a document's name, type and size; `field` is e.g. `add_attachments.0`.
pub(super) fn check(field: &str, a: NewAttachment) -> AppResult<Checked> {
    // A path's last part only: a name is shown to recipients, never used to find a file.
    let base = a.name.rsplit(['/', '\\']).next().unwrap_or_default().to_string();
    let name = v::required(&format!("{field}.name"), &base, v::NAME_MAX)?;
    if a.data.len() > MAX_ATTACHMENT_BYTES {
        return Err(AppError::field(
            ErrorCode::OutOfRange,
            format!("{field}.data"),
            format!(
                "\"{name}\" is {} — an attachment may be at most {}",
                human_size(a.data.len() as i64),
                human_size(MAX_ATTACHMENT_BYTES as i64)
            ),
        ));
    }
    let mime = match a.mime.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        Some(m) => mime_type(&format!("{field}.mime"), m)?,
        None => guess_mime(&name).to_string(),
    };
    Ok(Checked { name, mime, data: a.data })
}

fn mime_type(field: &str, m: &str) -> AppResult<String> {
    let ok_part = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || "!#$&^_.+-".contains(c));
    match m.split_once('/') {
        Some((t, s)) if ok_part(t) && ok_part(s) && m.len() <= 127 => Ok(m.to_ascii_lowercase()),
        _ => Err(AppError::field(
            ErrorCode::InvalidValue,
            field,
            format!("\"{m}\" is not a MIME type like application/pdf"),
        )),
    }
}

/// The MIME type of common office documents by their extension; anything else is opaque bytes.
pub fn guess_mime(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "txt" | "md" => "text/plain",
        "csv" => "text/csv",
        "htm" | "html" => "text/html",
        "ics" => "text/calendar",
        "vcf" => "text/vcard",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "zip" => "application/zip",
        "json" => "application/json",
        "xml" => "application/xml",
        _ => "application/octet-stream",
    }
}

/// "2.5 MB", "900 KB", "12 bytes".
pub fn human_size(bytes: i64) -> String {
    const MB: i64 = 1024 * 1024;
    match bytes {
        b if b >= MB => format!("{:.1} MB", b as f64 / MB as f64),
        b if b >= 1024 => format!("{} KB", b / 1024),
        b => format!("{b} bytes"),
    }
}

/// Stores documents on a template, replacing one of the same name.
pub(super) fn add(tx: &Connection, template_id: Id, docs: Vec<Checked>) -> AppResult<()> {
    for d in docs {
        tx.prepare_cached(
            "INSERT INTO template_attachments (template_id, name, mime, size, data) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (template_id, name) DO UPDATE SET mime = excluded.mime, size = excluded.size,
             data = excluded.data",
        )?
        .execute(params![template_id, d.name, d.mime, d.data.len() as i64, d.data])?;
    }
    Ok(())
}

/// Checks a template's limits, counting its own attachments and its library documents together.
pub(super) fn check_limits(tx: &Connection, template_id: Id) -> AppResult<()> {
    let (count, total): (i64, i64) = tx
        .prepare_cached("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM template_attachments WHERE template_id = ?1")?
        .query_row([template_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let (docs, docs_size) = documents::links::totals(tx, template_id)?;
    let (count, total) = (count + docs, total + docs_size);
    if count > MAX_ATTACHMENTS as i64 {
        return Err(AppError::field(
            ErrorCode::OutOfRange,
            "add_attachments",
            format!("a template may have at most {MAX_ATTACHMENTS} attachments"),
        ));
    }
    if total > MAX_TOTAL_BYTES {
        return Err(AppError::field(
            ErrorCode::OutOfRange,
            "add_attachments",
            format!(
                "the attachments come to {}; a template's attachments may be at most {} together",
                human_size(total),
                human_size(MAX_TOTAL_BYTES)
            ),
        ));
    }
    Ok(())
}

pub(super) fn remove(tx: &Connection, template_id: Id, ids: &[Id]) -> AppResult<()> {
    for id in ids {
        let gone = tx
            .prepare_cached("DELETE FROM template_attachments WHERE id = ?1 AND template_id = ?2")?
            .execute([id, &template_id])?;
        if gone == 0 {
            return Err(AppError::field(
                ErrorCode::NotFound,
                "remove_attachments",
                format!("attachment {id} is not on this template"),
            ));
        }
    }
    Ok(())
}

pub(super) fn list(conn: &Connection, template_id: Id) -> AppResult<Vec<TemplateAttachment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, mime, size FROM template_attachments WHERE template_id = ?1 ORDER BY name, id",
    )?;
    let rows = stmt.query_map([template_id], |r| {
        Ok(TemplateAttachment { id: r.get(0)?, name: r.get(1)?, mime: r.get(2)?, size: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A template's documents with their bytes, for the message being sent: its own attachments, then its
/// library documents (marked with their id, so sending them is logged).
pub fn data_in(conn: &Connection, template_id: Id) -> AppResult<Vec<AttachmentData>> {
    let mut stmt = conn
        .prepare_cached("SELECT name, mime, data FROM template_attachments WHERE template_id = ?1 ORDER BY name, id")?;
    let rows = stmt.query_map([template_id], |r| {
        Ok(AttachmentData { name: r.get(0)?, mime: r.get(1)?, data: r.get(2)?, document_id: None })
    })?;
    let mut out: Vec<AttachmentData> = rows.collect::<rusqlite::Result<_>>()?;
    out.extend(documents::links::data_of_template(conn, template_id)?);
    Ok(out)
}

/// One document's bytes.
pub fn one(conn: &Connection, attachment_id: Id) -> AppResult<AttachmentData> {
    conn.prepare_cached("SELECT name, mime, data FROM template_attachments WHERE id = ?1")?
        .query_row([attachment_id], |r| {
            Ok(AttachmentData { name: r.get(0)?, mime: r.get(1)?, data: r.get(2)?, document_id: None })
        })
        .optional()?
        .ok_or_else(|| AppError::not_found("attachment", attachment_id))
}

//! Library documents on templates: a template sends each of its documents with every message, read from
//! the library when the message is queued (so an edited title shows in the log, and the bytes are the
//! library's). A document a template uses cannot be deleted (`documents::remove`).

use rusqlite::{params, Connection};

use super::load;
use crate::domain::{AttachmentData, Document, Id};
use crate::error::{AppError, AppResult, ErrorCode};

/// Attaches documents to a template; one already attached is no change. Errors name `add_documents.N`.
pub fn attach(tx: &Connection, template_id: Id, ids: &[Id]) -> AppResult<()> {
    for (i, id) in ids.iter().enumerate() {
        let exists: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM documents WHERE id = ?1)")?
            .query_row([id], |r| r.get(0))?;
        if !exists {
            return Err(AppError::field(
                ErrorCode::NotFound,
                format!("add_documents.{i}"),
                format!("document {id} is not in the library"),
            ));
        }
        tx.prepare_cached("INSERT OR IGNORE INTO template_documents (template_id, document_id) VALUES (?1, ?2)")?
            .execute(params![template_id, id])?;
    }
    Ok(())
}

/// Takes documents off a template (they stay in the library). Errors name `remove_documents`.
pub fn detach(tx: &Connection, template_id: Id, ids: &[Id]) -> AppResult<()> {
    for id in ids {
        let gone = tx
            .prepare_cached("DELETE FROM template_documents WHERE template_id = ?1 AND document_id = ?2")?
            .execute(params![template_id, id])?;
        if gone == 0 {
            return Err(AppError::field(
                ErrorCode::NotFound,
                "remove_documents",
                format!("document {id} is not on this template"),
            ));
        }
    }
    Ok(())
}

/// A template's library documents, by title.
pub fn of_template(conn: &Connection, template_id: Id) -> AppResult<Vec<Document>> {
    let ids: Vec<Id> = conn
        .prepare_cached(
            "SELECT d.id FROM template_documents t JOIN documents d ON d.id = t.document_id
             WHERE t.template_id = ?1 ORDER BY lower(d.title), d.id",
        )?
        .query_map([template_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    ids.into_iter().map(|id| load(conn, id)).collect()
}

/// The count and total size of a template's library documents (its limits count them with its attachments).
pub fn totals(conn: &Connection, template_id: Id) -> AppResult<(i64, i64)> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*), COALESCE(sum(d.size), 0) FROM template_documents t
             JOIN documents d ON d.id = t.document_id WHERE t.template_id = ?1",
        )?
        .query_row([template_id], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// The names of the templates that send document `id`.
pub fn templates_using(conn: &Connection, id: Id) -> AppResult<Vec<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT m.name FROM template_documents t JOIN templates m ON m.id = t.template_id
             WHERE t.document_id = ?1 ORDER BY m.name_key",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?)
}

/// A template's library documents with their bytes, for the message being queued.
pub fn data_of_template(conn: &Connection, template_id: Id) -> AppResult<Vec<AttachmentData>> {
    let ids: Vec<Id> = conn
        .prepare_cached("SELECT document_id FROM template_documents WHERE template_id = ?1 ORDER BY document_id")?
        .query_map([template_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    data_of(conn, "documents", &ids)
}

/// Documents' bytes as attachments, in the order given; an unknown id is refused naming `field.N`.
pub fn data_of(conn: &Connection, field: &str, ids: &[Id]) -> AppResult<Vec<AttachmentData>> {
    ids.iter()
        .enumerate()
        .map(|(i, id)| {
            conn.prepare_cached("SELECT file_name, mime, data FROM documents WHERE id = ?1")?
                .query_row([id], |r| {
                    Ok(AttachmentData { name: r.get(0)?, mime: r.get(1)?, data: r.get(2)?, document_id: Some(*id) })
                })
                .map_err(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => AppError::field(
                        ErrorCode::NotFound,
                        format!("{field}.{i}"),
                        format!("document {id} is not in the library"),
                    ),
                    e => e.into(),
                })
        })
        .collect()
}

/// The attachments plus the library documents asked for, each document once.
pub fn with_documents(tx: &Connection, given: &[AttachmentData], ids: &[Id]) -> AppResult<Vec<AttachmentData>> {
    let mut out = given.to_vec();
    let new: Vec<Id> = ids.iter().copied().filter(|id| !given.iter().any(|a| a.document_id == Some(*id))).collect();
    for d in data_of(tx, "documents", &new)? {
        if !out.iter().any(|a| a.document_id == d.document_id) {
            out.push(d);
        }
    }
    Ok(out)
}

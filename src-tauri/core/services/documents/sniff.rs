//! What a library document is, told from its bytes: the media type is never taken from the UI or from the
//! file name alone. The name's extension only tells the kinds that share one container apart (Word, Excel
//! and PowerPoint files are all ZIP or OLE containers), and a text file must be named as one.

use crate::domain::{DocumentLimits, DocumentType};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::templates::{human_size, MAX_ATTACHMENT_BYTES};
use crate::services::validate::NAME_MAX;

/// The largest document: a template attachment's limit, so any document fits in a message.
pub const MAX_DOCUMENT_BYTES: usize = MAX_ATTACHMENT_BYTES;

/// The accepted extensions and their media types, in the order the UI lists them.
const TYPES: &[DocumentType] = &[
    DocumentType { extension: "pdf", media_type: "application/pdf" },
    DocumentType {
        extension: "docx",
        media_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    },
    DocumentType { extension: "xlsx", media_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
    DocumentType {
        extension: "pptx",
        media_type: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    },
    DocumentType { extension: "odt", media_type: "application/vnd.oasis.opendocument.text" },
    DocumentType { extension: "ods", media_type: "application/vnd.oasis.opendocument.spreadsheet" },
    DocumentType { extension: "odp", media_type: "application/vnd.oasis.opendocument.presentation" },
    DocumentType { extension: "doc", media_type: "application/msword" },
    DocumentType { extension: "xls", media_type: "application/vnd.ms-excel" },
    DocumentType { extension: "ppt", media_type: "application/vnd.ms-powerpoint" },
    DocumentType { extension: "txt", media_type: "text/plain" },
    DocumentType { extension: "md", media_type: "text/markdown" },
    DocumentType { extension: "csv", media_type: "text/csv" },
    DocumentType { extension: "png", media_type: "image/png" },
    DocumentType { extension: "jpg", media_type: "image/jpeg" },
    DocumentType { extension: "jpeg", media_type: "image/jpeg" },
    DocumentType { extension: "gif", media_type: "image/gif" },
    DocumentType { extension: "webp", media_type: "image/webp" },
];

/// The limits as the UI's bindings carry them.
pub fn limits() -> DocumentLimits {
    DocumentLimits { max_bytes: MAX_DOCUMENT_BYTES, max_title: NAME_MAX, types: TYPES }
}

/// What the bytes start with.
enum Kind {
    Pdf,
    Png,
    Jpeg,
    Gif,
    Webp,
    /// A ZIP container: Office Open XML or OpenDocument, told by the extension.
    Zip,
    /// An OLE compound file: the older Word, Excel and PowerPoint formats.
    Ole,
    Text,
    Other,
}

fn kind(data: &[u8]) -> Kind {
    match data {
        [b'%', b'P', b'D', b'F', b'-', ..] => Kind::Pdf,
        [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', ..] => Kind::Png,
        [0xff, 0xd8, 0xff, ..] => Kind::Jpeg,
        [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => Kind::Gif,
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Kind::Webp,
        [b'P', b'K', 3, 4, ..] => Kind::Zip,
        [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ..] => Kind::Ole,
        _ if !data.contains(&0) && std::str::from_utf8(data).is_ok() => Kind::Text,
        _ => Kind::Other,
    }
}

/// Refuses a document over `MAX_DOCUMENT_BYTES`, naming `field`.
pub fn check_size(field: &str, file_name: &str, len: u64) -> AppResult<()> {
    if len > MAX_DOCUMENT_BYTES as u64 {
        return Err(AppError::field(
            ErrorCode::OutOfRange,
            field,
            format!(
                "\"{file_name}\" is {} — a library document may be at most {}",
                human_size(len as i64),
                human_size(MAX_DOCUMENT_BYTES as i64)
            ),
        ));
    }
    Ok(())
}

/// The media type of a document named `file_name` with these bytes, or why the library refuses it (size
/// first, then the type); errors name `field`.
pub fn media_type(field: &str, file_name: &str, data: &[u8]) -> AppResult<&'static str> {
    if data.is_empty() {
        return Err(AppError::field(ErrorCode::InvalidValue, field, format!("\"{file_name}\" is empty")));
    }
    check_size(field, file_name, data.len() as u64)?;
    let ext = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let by_ext = |allowed: &[&str]| {
        allowed
            .contains(&ext.as_str())
            .then(|| TYPES.iter().find(|t| t.extension == ext).map(|t| t.media_type))
            .flatten()
    };
    let found = match kind(data) {
        Kind::Pdf => Some("application/pdf"),
        Kind::Png => Some("image/png"),
        Kind::Jpeg => Some("image/jpeg"),
        Kind::Gif => Some("image/gif"),
        Kind::Webp => Some("image/webp"),
        Kind::Zip => by_ext(&["docx", "xlsx", "pptx", "odt", "ods", "odp"]),
        Kind::Ole => by_ext(&["doc", "xls", "ppt"]),
        Kind::Text => by_ext(&["txt", "md", "csv"]),
        Kind::Other => None,
    };
    found.ok_or_else(|| {
        AppError::field(
            ErrorCode::InvalidValue,
            field,
            format!(
                "\"{file_name}\" is not a document the library takes (PDF, Word, Excel, PowerPoint, OpenDocument, \
                 text, CSV or an image)"
            ),
        )
    })
}

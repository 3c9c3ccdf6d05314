//! The people search index written from the stored rows: names, emails, phones and the live company's
//! name. Services keep single entries current as they write; a migration that rebuilds the index and the
//! background indexer of large imports fill it from here.

use rusqlite::Connection;

use super::fts::{self, Index};
use crate::domain::Id;
use crate::error::AppResult;

/// Writes every person's search entry into an empty index, with the same parts as `reindex`, in one pass
/// (a schema upgrade that rebuilt the index).
pub fn reindex_all(conn: &Connection) -> AppResult<()> {
    index_range(conn, Id::MIN, Id::MAX, false)?;
    fts::optimize(conn, Index::People)
}

/// Writes the search entries of the people with ids `first..=last`, with the same parts as `reindex`.
/// `replace` removes an entry first (one may exist: the person was edited since); without it, each must
/// have none. Returns how many people it indexed.
pub fn index_range(conn: &Connection, first: Id, last: Id, replace: bool) -> AppResult<u64> {
    // char(31) cannot be typed into a field, so it safely joins a person's emails and phones.
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.first_name, p.last_name,
                (SELECT group_concat(value, char(31)) FROM
                    (SELECT value FROM person_emails WHERE person_id = p.id ORDER BY position)),
                (SELECT group_concat(value, char(31)) FROM
                    (SELECT value FROM person_phones WHERE person_id = p.id ORDER BY position)),
                c.name
         FROM people p LEFT JOIN companies c ON c.id = p.company_id AND c.deleted_at IS NULL
         WHERE p.id BETWEEN ?1 AND ?2 ORDER BY p.id",
    )?;
    let mut rows = stmt.query([first, last])?;
    let mut count = 0;
    while let Some(r) = rows.next()? {
        let (id, first, last): (Id, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let (emails, phones, company): (Option<String>, Option<String>, Option<String>) =
            (r.get(3)?, r.get(4)?, r.get(5)?);
        let mut parts: Vec<&str> = vec![&first, &last];
        parts.extend(emails.iter().flat_map(|e| e.split('\u{1f}')));
        parts.extend(phones.iter().flat_map(|p| p.split('\u{1f}')));
        parts.extend(company.as_deref());
        match replace {
            true => fts::put(conn, Index::People, id, &parts)?,
            false => fts::insert(conn, Index::People, id, &parts)?,
        }
        count += 1;
    }
    Ok(count)
}

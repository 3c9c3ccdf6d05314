//! Which known people a message is to or from: any of a person's addresses. Person emails are stored
//! lower-cased (validation folds them on every write), and parsing lower-cases the message's addresses, so
//! one lookup on the `person_emails_value` index per address does it.

use rusqlite::Connection;

use crate::domain::Id;
use crate::error::AppResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub person_id: Id,
    pub company_id: Option<Id>,
}

/// The live people with this address (usually one; a shared address can belong to several).
pub fn people_with(conn: &Connection, address: &str) -> AppResult<Vec<Match>> {
    let key = address.trim().to_lowercase();
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT p.id, p.company_id FROM person_emails e JOIN people p ON p.id = e.person_id
         WHERE e.value = ?1 AND p.deleted_at IS NULL ORDER BY p.id",
    )?;
    let rows = stmt.query_map([key], |r| Ok(Match { person_id: r.get(0)?, company_id: r.get(1)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The people behind any of these addresses, each once, in the order of the addresses.
pub fn people_for<'a>(conn: &Connection, addresses: impl IntoIterator<Item = &'a str>) -> AppResult<Vec<Match>> {
    let mut out: Vec<Match> = Vec::new();
    for address in addresses {
        for m in people_with(conn, address)? {
            if !out.iter().any(|o| o.person_id == m.person_id) {
                out.push(m);
            }
        }
    }
    Ok(out)
}

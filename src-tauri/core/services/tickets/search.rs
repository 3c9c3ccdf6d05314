//! The Tickets page's search over every ticket: the number (`T-000123`, `123`), text inside the subject (the
//! trigram index of migration 34), or the requester's name (the people index).

use rusqlite::types::Value;
use rusqlite::Connection;

use super::super::search::candidates;
use crate::error::AppResult;
use crate::store::fts::Query;

/// Requesters whose name matches that a search looks at (the best candidates of the people index).
const REQUESTERS: u32 = 200;
/// The newest (by id) subject matches a search reads: the index streams them newest first and stops, so a
/// word in a quarter of all subjects costs no more than a rare one. The page shows at most 500 anyway; with
/// more matches than this (twice a page), a ticket recorded long after it was opened (an imported history)
/// can be missed.
const SUBJECT_MATCHES: u32 = 1000;
/// The trigram index needs three characters; a shorter query reads the subjects themselves.
const TRIGRAM: usize = 3;

/// Appends to a `WHERE` the condition that `text` matches a ticket (`t`), with its parameters.
pub(super) fn condition(conn: &Connection, text: &str, sql: &mut String, params: &mut Vec<Value>) -> AppResult<()> {
    let mut any: Vec<String> = Vec::new();
    if let Some(n) = number(text) {
        any.push("t.number = ?".into());
        params.push(n.into());
    }
    // Three characters or more: a phrase in the trigram index, which matches inside words and ignores case
    // and accents. Shorter: the subjects themselves, with LIKE's wildcards taken literally.
    if text.chars().count() >= TRIGRAM {
        any.push(format!(
            "t.id IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ? ORDER BY rowid DESC LIMIT {SUBJECT_MATCHES})"
        ));
        params.push(format!("subject : \"{}\"", text.replace('"', "\"\"")).into());
    } else {
        any.push("t.subject LIKE ? ESCAPE '\\'".into());
        params.push(format!("%{}%", text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")).into());
    }
    if let Some(q) = Query::parse(text).and_then(|q| q.names()) {
        let people = candidates(conn, "people_fts", &q, REQUESTERS)?;
        if !people.is_empty() {
            any.push("t.person_id IN (SELECT value FROM json_each(?))".into());
            params.push(serde_json::to_string(&people)?.into());
        }
    }
    sql.push_str(&format!(" AND ({})", any.join(" OR ")));
    Ok(())
}

/// The number in `T-000123`, `t-123`, `#123` or `123`.
fn number(text: &str) -> Option<i64> {
    let t = text.trim();
    let t = t.strip_prefix('#').unwrap_or(t);
    let t = t.get(..2).filter(|p| p.eq_ignore_ascii_case("T-")).map_or(t, |_| &t[2..]);
    (!t.is_empty() && t.chars().all(|c| c.is_ascii_digit())).then(|| t.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    #[test]
    fn ticket_numbers_are_read_in_every_spelling() {
        for s in ["T-000123", "t-123", "#123", "123", " 123 "] {
            assert_eq!(super::number(s), Some(123), "{s}");
        }
        for s in ["T-", "refund", "12a", "T-1x", ""] {
            assert_eq!(super::number(s), None, "{s}");
        }
    }
}

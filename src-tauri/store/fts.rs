//! The full-text indexes (FTS5, rowid = record id). The services write folded text here in the same
//! transaction as the record; queries are built from user input that can never be FTS syntax.

use rusqlite::Connection;

use super::fold::{fold, transliterate};
use crate::domain::Id;
use crate::error::AppResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Index {
    People,
    Companies,
    Deals,
}

impl Index {
    pub fn table(self) -> &'static str {
        match self {
            Index::People => "people_fts",
            Index::Companies => "companies_fts",
            Index::Deals => "deals_fts",
        }
    }
}

/// Replaces the indexed text of one record. Each part is indexed folded, plus its transliteration when
/// that differs, so both spellings of a name find it.
pub fn put(conn: &Connection, index: Index, id: Id, parts: &[&str]) -> AppResult<()> {
    remove(conn, index, id)?;
    insert(conn, index, id, parts)
}

/// Adds the entry of a record that has none yet (bulk loads, where the DELETE of `put` is wasted work).
pub fn insert(conn: &Connection, index: Index, id: Id, parts: &[&str]) -> AppResult<()> {
    let body = index_text(parts);
    let sql = format!("INSERT INTO {} (rowid, body) VALUES (?1, ?2)", index.table());
    conn.prepare_cached(&sql)?.execute(rusqlite::params![id, body])?;
    Ok(())
}

pub fn remove(conn: &Connection, index: Index, id: Id) -> AppResult<()> {
    let sql = format!("DELETE FROM {} WHERE rowid = ?1", index.table());
    conn.prepare_cached(&sql)?.execute([id])?;
    Ok(())
}

pub fn index_text(parts: &[&str]) -> String {
    let mut body = String::new();
    for part in parts.iter().filter(|p| !p.trim().is_empty()) {
        body.push_str(&fold(part));
        body.push(' ');
        if let Some(t) = transliterate(part) {
            body.push_str(&t);
            body.push(' ');
        }
    }
    body.trim_end().to_string()
}

/// An FTS5 MATCH expression for what a user typed: every word must match as a prefix. Words are cut at
/// anything that is not a letter or digit and quoted, so no input can be read as FTS syntax. A query that
/// looks like a phone number also matches the digits run together. `None` when nothing searchable is left.
pub fn match_expr(input: &str) -> Option<String> {
    let folded = fold(input);
    let words: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return None;
    }
    let all_words = words.iter().map(|w| format!("\"{w}\"*")).collect::<Vec<_>>().join(" AND ");
    let phone_like = folded.chars().all(|c| c.is_ascii_digit() || " +-./()".contains(c));
    if phone_like && (words.len() > 1 || folded.trim_start().starts_with("00")) {
        let digits: String = folded.chars().filter(char::is_ascii_digit).collect();
        let digits = digits.strip_prefix("00").filter(|d| !d.is_empty()).unwrap_or(&digits);
        return Some(format!("\"{digits}\"* OR ({all_words})"));
    }
    Some(all_words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_words_are_quoted_prefixes() {
        assert_eq!(match_expr("Søren  Kierke").as_deref(), Some("\"soren\"* AND \"kierke\"*"));
        assert_eq!(match_expr("a\"b OR c*").as_deref(), Some("\"a\"* AND \"b\"* AND \"or\"* AND \"c\"*"));
        assert_eq!(match_expr(" -*\"() "), None);
    }

    #[test]
    fn phone_like_queries_also_match_joined_digits() {
        assert_eq!(match_expr("+31 6 12").as_deref(), Some("\"31612\"* OR (\"31\"* AND \"6\"* AND \"12\"*)"));
        assert_eq!(match_expr("0031612").as_deref(), Some("\"31612\"* OR (\"0031612\"*)"));
        assert_eq!(match_expr("2024").as_deref(), Some("\"2024\"*"));
    }

    #[test]
    fn index_text_holds_both_spellings() {
        assert_eq!(index_text(&["Jürgen", "", "Straße"]), "jurgen juergen strasse");
    }
}

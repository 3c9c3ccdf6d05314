//! The full-text indexes (FTS5, rowid = record id). The services write folded text here in the same
//! transaction as the record; queries are built from user input that can never be FTS syntax.
//!
//! Every index keeps prefix indexes for 1 to 4 characters, so a typed prefix is read as one stored term that
//! streams in rowid order (a `LIMIT` stops it early) instead of every term starting with it being merged
//! first. People have three columns: `name` (first and last name), `phone` (each number as its digits run
//! together) and `body` (emails, company name), so a search can look at names first and a phone-like query
//! looks only at phone numbers.

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
/// that differs, so both spellings of a name find it. For people the parts are, in order, the first name,
/// the last name and then the rest: a part made of phone characters only is a phone number, any other
/// (emails, the company name) goes to `body`.
pub fn put(conn: &Connection, index: Index, id: Id, parts: &[&str]) -> AppResult<()> {
    remove(conn, index, id)?;
    insert(conn, index, id, parts)
}

/// Adds the entry of a record that has none yet (bulk loads, where the DELETE of `put` is wasted work).
pub fn insert(conn: &Connection, index: Index, id: Id, parts: &[&str]) -> AppResult<()> {
    match index {
        Index::People => {
            let (name, phone, body) = person_columns(parts);
            conn.prepare_cached("INSERT INTO people_fts (rowid, name, phone, body) VALUES (?1, ?2, ?3, ?4)")?
                .execute(rusqlite::params![id, name, phone, body])?;
        }
        Index::Companies | Index::Deals => {
            let sql = format!("INSERT INTO {} (rowid, body) VALUES (?1, ?2)", index.table());
            conn.prepare_cached(&sql)?.execute(rusqlite::params![id, index_text(parts)])?;
        }
    }
    Ok(())
}

pub fn remove(conn: &Connection, index: Index, id: Id) -> AppResult<()> {
    let sql = format!("DELETE FROM {} WHERE rowid = ?1", index.table());
    conn.prepare_cached(&sql)?.execute([id])?;
    Ok(())
}

/// Merges an index into one segment after a bulk load, so queries read one b-tree per term.
pub fn optimize(conn: &Connection, index: Index) -> AppResult<()> {
    let t = index.table();
    conn.execute(&format!("INSERT INTO {t} ({t}) VALUES ('optimize')"), [])?;
    Ok(())
}

/// The (name, phone, body) columns of a person's entry from its parts (see `put`).
pub fn person_columns(parts: &[&str]) -> (String, String, String) {
    let names = parts.get(..2.min(parts.len())).unwrap_or_default();
    let rest = parts.get(2..).unwrap_or_default();
    let (phones, others): (Vec<&str>, Vec<&str>) = rest.iter().partition(|p| phone_digits(p).is_some());
    let phone = phones.iter().filter_map(|p| phone_digits(p)).collect::<Vec<_>>().join(" ");
    (index_text(names), phone, index_text(&others))
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

/// The digits of text written like a phone number ("+31 6-1234 5678"), `None` for anything else. A
/// leading international "00" is dropped, the way numbers are stored with "+".
fn phone_digits(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit() || " +-./()".contains(c)) {
        return None;
    }
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.strip_prefix("00").filter(|d| !d.is_empty()).map(str::to_string).unwrap_or(digits);
    (!digits.is_empty()).then_some(digits)
}

/// What a user typed, as FTS5 expressions: every word must match as a prefix. Words are cut at anything
/// that is not a letter or digit and quoted, so no input can be read as FTS syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    words: String,
    /// The digits of a query that looks like a phone number ("+31 6 1234", "0031612").
    phone: Option<String>,
    /// The same digits as they run in E.164, when the query was written nationally ("06 12" in NL: "31612").
    phone_e164: Option<String>,
}

impl Query {
    /// `None` when nothing searchable is left.
    pub fn parse(input: &str) -> Option<Query> {
        Self::parse_in(input, None)
    }

    /// As `parse`; a number written nationally in `region` (the app's, "06 1234 5678" in NL) also finds
    /// the numbers stored in E.164 (`crate::phone`).
    pub fn parse_in(input: &str, region: Option<&str>) -> Option<Query> {
        let folded = fold(input);
        let words: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        if words.is_empty() {
            return None;
        }
        let start = folded.trim_start();
        let national = region.is_some() && start.starts_with('0') && start.len() >= 4;
        let phone_like = words.len() > 1 || start.starts_with("00") || start.starts_with('+') || national;
        let phone = phone_digits(&folded).filter(|_| phone_like);
        let phone_e164 = match (&phone, region) {
            (Some(d), Some(r)) if !start.starts_with('+') => crate::phone::international_digits(d, r),
            _ => None,
        };
        Some(Query {
            words: words.iter().map(|w| format!("\"{w}\"*")).collect::<Vec<_>>().join(" AND "),
            phone,
            phone_e164,
        })
    }

    /// Every word in any column of a single-column index (companies, deals).
    pub fn words(&self) -> &str {
        &self.words
    }

    /// The people index: a phone-like query only in the phone column with its digits run together, so the
    /// "31" of "+31 6" does not also match every number's country code on its own.
    pub fn people(&self) -> String {
        match (&self.phone, &self.phone_e164) {
            (Some(digits), Some(e164)) => format!("phone : (\"{digits}\"* OR \"{e164}\"*)"),
            (Some(digits), None) => format!("phone : \"{digits}\"*"),
            (None, _) => self.words.clone(),
        }
    }

    /// The people whose name has every word, the best candidates; `None` for a phone number.
    pub fn names(&self) -> Option<String> {
        self.phone.is_none().then(|| format!("name : ({})", self.words))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_words_are_quoted_prefixes() {
        let q = Query::parse("Søren  Kierke").unwrap();
        assert_eq!(q.people(), "\"soren\"* AND \"kierke\"*");
        assert_eq!(q.names().as_deref(), Some("name : (\"soren\"* AND \"kierke\"*)"));
        assert_eq!(Query::parse("a\"b OR c*").unwrap().words(), "\"a\"* AND \"b\"* AND \"or\"* AND \"c\"*");
        assert_eq!(Query::parse(" -*\"() "), None);
    }

    #[test]
    fn phone_like_queries_match_joined_digits_in_the_phone_column() {
        for typed in ["+31 6 12", "0031612", "+31612", "31-6-12"] {
            let q = Query::parse(typed).unwrap();
            assert_eq!(q.people(), "phone : \"31612\"*", "{typed}");
            assert_eq!(q.names(), None);
        }
        let year = Query::parse("2024").unwrap();
        assert_eq!((year.people(), year.names().is_some()), ("\"2024\"*".to_string(), true));
        assert_eq!(Query::parse("+31 6 12").unwrap().words(), "\"31\"* AND \"6\"* AND \"12\"*");
    }

    #[test]
    fn a_national_number_also_matches_its_e164_digits() {
        let q = Query::parse_in("06 1234", Some("NL")).unwrap();
        assert_eq!(q.people(), "phone : (\"061234\"* OR \"3161234\"*)");
        let q = Query::parse_in("0612345678", Some("NL")).unwrap();
        assert_eq!(q.people(), "phone : (\"0612345678\"* OR \"31612345678\"*)");
        assert_eq!(Query::parse_in("+31 6 12", Some("NL")).unwrap().people(), "phone : \"31612\"*");
        assert_eq!(Query::parse_in("2024", Some("NL")).unwrap().people(), "\"2024\"*");
    }

    #[test]
    fn index_text_holds_both_spellings() {
        assert_eq!(index_text(&["Jürgen", "", "Straße"]), "jurgen juergen strasse");
    }

    #[test]
    fn person_parts_go_to_their_columns() {
        let parts = ["Jürgen", "Straße", "j@x.de", "+49 30 1234567", "Ærø A/S", "0049 40 1"];
        let (name, phone, body) = person_columns(&parts);
        assert_eq!(name, "jurgen juergen strasse");
        assert_eq!(phone, "49301234567 49401");
        assert_eq!(body, "j@x.de aero a/s aeroe a/s");
    }
}

//! Printing results and parsing the argument types the commands share.

use std::io::Write;

use chrono::{DateTime, Local, TimeZone};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use serde::de::DeserializeOwned;
use serde::Serialize;

use relata_core::clock::Millis;
use relata_core::count::saturating_u32;
use relata_core::domain::Page;
use relata_core::error::AppResult;

/// Writes to stdout; a closed pipe (`relata ... | head`) is not an error worth a panic.
pub fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{text}");
}

/// One line of standard input holding a secret (a passphrase, a password): never an argument, which
/// other users could see in the process list.
pub fn read_secret(field: &str, what: &str) -> AppResult<String> {
    use std::io::BufRead;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let secret = line.trim_end_matches(['\r', '\n']).to_string();
    if secret.is_empty() {
        return Err(relata_core::error::AppError::field(
            relata_core::error::ErrorCode::Required,
            field,
            format!("type {what} on standard input"),
        ));
    }
    Ok(secret)
}

pub fn json<T: Serialize>(value: &T) -> AppResult<()> {
    out(&serde_json::to_string_pretty(value)?);
    Ok(())
}

/// A plain text table with left-aligned columns, followed by a count line.
pub fn table(headers: &[&str], rows: Vec<Vec<String>>, total: i64) {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<String>| {
        let padded: Vec<String> = cells.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
        padded.join("  ").trim_end().to_string()
    };
    out(&line(headers.iter().map(|h| h.to_string()).collect()));
    let shown = rows.len();
    for row in rows {
        out(&line(row));
    }
    out(&format!("({shown} of {total})"));
}

/// Prints listed rows as a JSON array, or as a table built by `cells`.
pub fn list<T: Serialize>(
    as_json: bool,
    rows: Vec<T>,
    total: i64,
    headers: &[&str],
    cells: impl FnMut(T) -> Vec<String>,
) -> AppResult<()> {
    if as_json {
        return json(&rows);
    }
    table(headers, rows.into_iter().map(cells).collect(), total);
    Ok(())
}

/// Reads pages until `limit` rows (or all of them, without a limit) are collected.
pub fn collect<T>(
    limit: Option<u32>,
    mut page: impl FnMut(Option<String>, u32) -> AppResult<Page<T>>,
) -> AppResult<(Vec<T>, i64)> {
    let mut items = Vec::new();
    let mut cursor = None;
    loop {
        let want =
            limit.map_or(relata_core::store::keyset::MAX_LIMIT, |l| l.saturating_sub(saturating_u32(items.len())));
        let p = page(cursor, want)?;
        items.extend(p.items);
        cursor = p.next_cursor;
        if cursor.is_none() || limit.is_some_and(|l| saturating_u32(items.len()) >= l) {
            return Ok((items, p.total));
        }
    }
}

pub fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// Local time, minutes precision, for tables (JSON keeps the exact milliseconds).
pub fn time(ms: Millis) -> String {
    match Local.timestamp_millis_opt(ms).single() {
        Some(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        None => ms.to_string(),
    }
}

/// An RFC 3339 instant as unix milliseconds.
pub fn rfc3339(s: &str) -> Result<Millis, String> {
    DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.timestamp_millis())
        .map_err(|_| format!("expected an RFC 3339 time like 2025-06-30T09:00:00+02:00 ({s:?})"))
}

/// A clap parser for one of the domain's snake_case enums.
pub fn enum_arg<T>(names: &'static [&'static str]) -> impl TypedValueParser<Value = T>
where
    T: DeserializeOwned + Clone + Send + Sync + 'static,
{
    PossibleValuesParser::new(names).try_map(|s: String| serde_json::from_value::<T>(serde_json::Value::String(s)))
}

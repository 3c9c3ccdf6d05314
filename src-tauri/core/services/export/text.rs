//! Content lines shared by vCard (RFC 6350) and iCalendar (RFC 5545): the same TEXT escaping, the same
//! folding at 75 octets, CRLF line ends.

use std::io::Write;

use chrono::{TimeZone, Utc};

use crate::clock::Millis;
use crate::error::AppResult;

const MAX_OCTETS: usize = 75;

/// Escapes a TEXT value: backslash, comma, semicolon and line breaks.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            // Other control characters are not allowed in a content line.
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line: no line longer than 75 octets, continuation lines start with a space, and a
/// multi-byte character is never split.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / MAX_OCTETS * 3);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > MAX_OCTETS {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out
}

/// Writes `NAME[;PARAMS]:VALUE` folded and CRLF-terminated; `value` must already be escaped.
pub fn write_line(out: &mut impl Write, name: &str, value: &str) -> AppResult<()> {
    out.write_all(fold(&format!("{name}:{value}")).as_bytes())?;
    out.write_all(b"\r\n")?;
    Ok(())
}

/// A UTC date-time in the basic format both standards use, e.g. 20250310T120000Z.
pub fn utc_stamp(ms: Millis) -> String {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default().format("%Y%m%dT%H%M%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_values() {
        assert_eq!(escape("a,b;c\\d\r\ne\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
    }

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let line = format!("SUMMARY:{}", "é".repeat(60));
        let folded = fold(&line);
        for part in folded.split("\r\n") {
            assert!(part.len() <= MAX_OCTETS, "{part:?} is {} octets", part.len());
        }
        assert_eq!(folded.replace("\r\n ", ""), line);
        assert_eq!(fold("short"), "short");
    }
}

//! vCard 2.1/3.0/4.0 files (phones, Outlook, address books): any number of cards, folded lines,
//! quoted-printable values with a charset, escaped text. Each card becomes a row with the people fields'
//! names as columns. Photos are skipped: Relata keeps no contact pictures.

use std::io::{BufRead, BufReader, Cursor};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use encoding_rs::{Encoding, UTF_8};

use super::decode::{self, SAMPLE_LEN};
use super::source::{RowRead, RowSource};
use crate::error::AppResult;

pub const COLUMNS: [&str; 21] = [
    "first_name",
    "last_name",
    "full_name",
    "email",
    "email_home",
    "email_other",
    "phone",
    "mobile",
    "phone_home",
    "phone_other",
    "street",
    "postal_code",
    "city",
    "region",
    "country",
    "company",
    "job_title",
    "website",
    "note",
    "tags",
    "external_id",
];

fn col(name: &str) -> usize {
    COLUMNS.iter().position(|c| *c == name).unwrap_or(0)
}

pub struct VcardSource {
    reader: Box<dyn BufRead + Send>,
    headers: Vec<String>,
    pending: Option<Vec<u8>>,
    card: u32,
    read: Arc<AtomicU64>,
    total: u64,
    encoding: String,
}

impl VcardSource {
    pub fn open(path: &Path) -> AppResult<VcardSource> {
        let file = decode::open_file(path)?;
        let reader = BufReader::with_capacity(256 * 1024, file.body);
        Ok(Self::new(Box::new(reader), file.read, file.total, file.detected.label()))
    }

    /// A source over bytes in memory (tests, fuzzing).
    pub fn from_bytes(bytes: Vec<u8>) -> VcardSource {
        let detected = decode::detect(&bytes[..bytes.len().min(SAMPLE_LEN)]);
        let total = bytes.len() as u64;
        let body = Cursor::new(bytes[detected.bom_len.min(bytes.len())..].to_vec());
        let reader = BufReader::new(decode::utf8_reader(body, detected));
        Self::new(Box::new(reader), Arc::new(AtomicU64::new(total)), total, detected.label())
    }

    fn new(reader: Box<dyn BufRead + Send>, read: Arc<AtomicU64>, total: u64, encoding: String) -> Self {
        let headers = COLUMNS.iter().map(|c| c.to_string()).collect();
        VcardSource { reader, headers, pending: None, card: 0, read, total, encoding }
    }

    fn physical_line(&mut self) -> AppResult<Option<Vec<u8>>> {
        let mut line = Vec::new();
        if self.reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(None);
        }
        while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            line.pop();
        }
        Ok(Some(line))
    }

    /// One property, with folded continuation lines (leading space or tab) and quoted-printable soft
    /// line breaks (a trailing `=`) joined.
    fn logical_line(&mut self) -> AppResult<Option<Vec<u8>>> {
        let mut line = match self.pending.take() {
            Some(l) => l,
            None => match self.physical_line()? {
                Some(l) => l,
                None => return Ok(None),
            },
        };
        loop {
            match self.physical_line()? {
                Some(next) if next.first().is_some_and(|b| *b == b' ' || *b == b'\t') => {
                    line.extend_from_slice(&next[1..])
                }
                Some(next) if line.ends_with(b"=") && is_quoted_printable(&line) => {
                    line.pop();
                    line.extend_from_slice(&next);
                }
                other => {
                    self.pending = other;
                    return Ok(Some(line));
                }
            }
        }
    }
}

impl RowSource for VcardSource {
    fn headers(&self) -> &[String] {
        &self.headers
    }

    fn next_row(&mut self, out: &mut Vec<String>) -> AppResult<Option<RowRead>> {
        out.resize(COLUMNS.len(), String::new());
        out.iter_mut().for_each(String::clear);
        let mut in_card = false;
        while let Some(line) = self.logical_line()? {
            let Some(prop) = Property::parse(&line) else { continue };
            match (prop.name.as_str(), in_card) {
                ("BEGIN", false) if prop.value.eq_ignore_ascii_case("vcard") => in_card = true,
                ("END", true) if prop.value.eq_ignore_ascii_case("vcard") => break,
                (_, true) => apply(&prop, out),
                _ => {}
            }
        }
        if !in_card {
            return Ok(None);
        }
        self.card += 1;
        Ok(Some(RowRead { row: self.card, problem: None }))
    }

    fn fraction(&self) -> f64 {
        if self.total == 0 {
            return 1.0;
        }
        (self.read.load(Ordering::Relaxed) as f64 / self.total as f64).min(1.0)
    }

    fn encoding(&self) -> Option<String> {
        Some(self.encoding.clone())
    }
}

fn is_quoted_printable(line: &[u8]) -> bool {
    let head = line.split(|b| *b == b':').next().unwrap_or(&[]);
    String::from_utf8_lossy(head).to_ascii_uppercase().contains("QUOTED-PRINTABLE")
}

struct Property {
    name: String,
    types: Vec<String>,
    value: String,
}

impl Property {
    fn parse(line: &[u8]) -> Option<Property> {
        let colon = colon_outside_quotes(line)?;
        let head = String::from_utf8_lossy(&line[..colon]);
        let mut parts = head.split(';');
        let name = parts.next()?.rsplit('.').next()?.trim().to_ascii_uppercase();
        let (mut types, mut qp, mut charset) = (Vec::new(), false, None);
        for param in parts {
            let (key, value) = param.split_once('=').unwrap_or(("TYPE", param));
            let value = value.trim_matches('"');
            match key.trim().to_ascii_uppercase().as_str() {
                "TYPE" => types.extend(value.split(',').map(|t| t.trim().to_ascii_lowercase())),
                "ENCODING" => qp = value.eq_ignore_ascii_case("quoted-printable"),
                "CHARSET" => charset = Encoding::for_label(value.trim().as_bytes()),
                _ => {}
            }
        }
        let raw = &line[colon + 1..];
        let value = if qp {
            let bytes = quoted_printable(raw);
            charset.unwrap_or(UTF_8).decode_without_bom_handling(&bytes).0.into_owned()
        } else {
            String::from_utf8_lossy(raw).into_owned()
        };
        Some(Property { name, types, value })
    }
}

fn colon_outside_quotes(line: &[u8]) -> Option<usize> {
    let mut quoted = false;
    line.iter().position(|b| {
        if *b == b'"' {
            quoted = !quoted;
        }
        *b == b':' && !quoted
    })
}

fn quoted_printable(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (raw[i], raw.get(i + 1).copied().and_then(hex), raw.get(i + 2).copied().and_then(hex)) {
            (b'=', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// Splits a structured value at unescaped `;` and unescapes each part.
fn components(value: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') | Some('N') => parts.last_mut().map(|p| p.push('\n')),
                Some(other) => parts.last_mut().map(|p| p.push(other)),
                None => None,
            },
            ';' => {
                parts.push(String::new());
                None
            }
            c => parts.last_mut().map(|p| p.push(c)),
        };
    }
    parts.into_iter().map(|p| p.trim().to_string()).collect()
}

fn unescape(value: &str) -> String {
    components(&value.replace(';', "\\;")).concat()
}

fn set(out: &mut [String], column: &str, value: &str) {
    let cell = &mut out[col(column)];
    if cell.is_empty() {
        cell.push_str(value.trim());
    }
}

/// Several emails or phones of one kind share a cell, separated by `;` (the import splits them again).
fn append(out: &mut [String], column: &str, value: &str, separator: &str) {
    let (value, cell) = (value.trim(), &mut out[col(column)]);
    if value.is_empty() {
        return;
    }
    if !cell.is_empty() {
        cell.push_str(separator);
    }
    cell.push_str(value);
}

fn apply(p: &Property, out: &mut [String]) {
    let has = |t: &str| p.types.iter().any(|x| x == t);
    match p.name.as_str() {
        "N" => {
            let c = components(&p.value);
            set(out, "last_name", c.first().map_or("", String::as_str));
            let given: Vec<&str> = c.iter().skip(1).take(2).map(String::as_str).filter(|s| !s.is_empty()).collect();
            set(out, "first_name", &given.join(" "));
        }
        "FN" => set(out, "full_name", &unescape(&p.value)),
        "EMAIL" => {
            let column = if has("home") {
                "email_home"
            } else if has("work") || out[col("email")].is_empty() {
                "email"
            } else {
                "email_other"
            };
            append(out, column, &unescape(&p.value), ";");
        }
        "TEL" => {
            let column = if has("cell") || has("mobile") {
                "mobile"
            } else if has("home") {
                "phone_home"
            } else if has("work") || out[col("phone")].is_empty() {
                "phone"
            } else {
                "phone_other"
            };
            let value = unescape(&p.value);
            append(out, column, value.trim().trim_start_matches("tel:"), ";");
        }
        "ADR" if out[col("street")].is_empty() && out[col("city")].is_empty() => {
            let c = components(&p.value);
            let part = |i: usize| c.get(i).map_or("", String::as_str);
            let street: Vec<&str> = [part(1), part(2)].into_iter().filter(|s| !s.is_empty()).collect();
            set(out, "street", &street.join(", "));
            for (i, column) in [(3, "city"), (4, "region"), (5, "postal_code"), (6, "country")] {
                set(out, column, part(i));
            }
        }
        "ORG" => set(out, "company", components(&p.value).first().map_or("", String::as_str)),
        "TITLE" => set(out, "job_title", &unescape(&p.value)),
        "NOTE" => append(out, "note", &unescape(&p.value), "\n"),
        "URL" => set(out, "website", &unescape(&p.value)),
        "CATEGORIES" => append(
            out,
            "tags",
            &unescape(&p.value.replace("\\,", "\u{0}")).replace(',', ";").replace('\u{0}', ","),
            ";",
        ),
        "UID" => set(out, "external_id", &unescape(&p.value)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cards(text: &[u8]) -> Vec<Vec<String>> {
        let mut src = VcardSource::from_bytes(text.to_vec());
        let mut out = Vec::new();
        let mut all = Vec::new();
        while src.next_row(&mut out).unwrap().is_some() {
            all.push(out.clone());
        }
        all
    }

    fn cell<'a>(card: &'a [String], column: &str) -> &'a str {
        &card[col(column)]
    }

    #[test]
    fn folded_escaped_and_typed_values() {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Kierkegaard;Søren;;;\r\nFN:Søren Kierkegaard\r\nEMAIL;TYPE=INTERNET,WORK:s@example.dk\r\nEMAIL;TYPE=HOME:home@example.dk\r\nTEL;TYPE=CELL:+45 12 34\r\n 56 78\r\nADR;TYPE=WORK:;;Nytorv 2\\, 1. sal;København;;1450;DK\r\nORG:Fil;Dept\r\nNOTE:line one\\nline two\r\nPHOTO;ENCODING=b;TYPE=JPEG:AAAA\r\n BBBB\r\nEND:VCARD\r\n";
        let c = &cards(text.as_bytes())[0];
        assert_eq!((cell(c, "first_name"), cell(c, "last_name")), ("Søren", "Kierkegaard"));
        assert_eq!((cell(c, "email"), cell(c, "email_home")), ("s@example.dk", "home@example.dk"));
        assert_eq!(cell(c, "mobile"), "+45 12 3456 78");
        assert_eq!(
            (cell(c, "street"), cell(c, "city"), cell(c, "postal_code")),
            ("Nytorv 2, 1. sal", "København", "1450")
        );
        assert_eq!((cell(c, "company"), cell(c, "note")), ("Fil", "line one\nline two"));
    }

    #[test]
    fn quoted_printable_with_charset_and_soft_breaks() {
        let text = b"BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FCller;J=FCr=\ngen\nTEL;HOME:030 123\nEND:VCARD\nBEGIN:VCARD\nVERSION:4.0\nFN:Zo\xC3\xAB\nTEL;VALUE=uri;TYPE=\"voice,work\":tel:+31-20-555\nEND:VCARD\n";
        let all = cards(text);
        assert_eq!(all.len(), 2);
        assert_eq!((cell(&all[0], "last_name"), cell(&all[0], "first_name")), ("Müller", "Jürgen"));
        assert_eq!(cell(&all[0], "phone_home"), "030 123");
        assert_eq!((cell(&all[1], "full_name"), cell(&all[1], "phone")), ("Zoë", "+31-20-555"));
    }

    #[test]
    fn garbage_and_truncated_cards_do_not_panic() {
        assert!(cards(b"hello\nworld").is_empty());
        assert_eq!(cards(b"BEGIN:VCARD\nFN:Cut off").len(), 1);
        assert_eq!(quoted_printable(b"=4"), b"=4");
    }
}

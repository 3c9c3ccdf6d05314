//! vCard 4.0 (RFC 6350) for people: every live person, or those a people list view shows.

use std::io::Write;

use super::csv::full_page;
use super::text::{escape, utc_stamp, write_line};
use crate::domain::{PeopleQuery, Person};
use crate::error::AppResult;
use crate::services::people;
use crate::store::keyset::MAX_LIMIT;
use crate::store::Store;

/// Writes one vCard per person and returns how many were written.
pub fn write(store: &Store, query: &PeopleQuery, out: &mut impl Write) -> AppResult<u64> {
    let mut cursor = None;
    let mut written = 0;
    loop {
        let rows = people::list(store, &PeopleQuery { limit: Some(MAX_LIMIT), cursor, ..query.clone() })?;
        let page = full_page(store, rows, |conn, rows| {
            people::load_many(conn, &rows.iter().map(|r| r.id).collect::<Vec<_>>())
        })?;
        for person in &page.items {
            card(person, out)?;
            written += 1;
        }
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    out.flush()?;
    Ok(written)
}

pub fn card(p: &Person, out: &mut impl Write) -> AppResult<()> {
    write_line(out, "BEGIN", "VCARD")?;
    write_line(out, "VERSION", "4.0")?;
    write_line(out, "UID", &format!("urn:relata:person:{}", p.id))?;
    let full = format!("{} {}", p.first_name, p.last_name);
    write_line(out, "FN", &escape(full.trim()))?;
    write_line(out, "N", &format!("{};{};;;", escape(&p.last_name), escape(&p.first_name)))?;
    for (i, e) in p.emails.iter().enumerate() {
        write_line(out, &format!("EMAIL{}", params(&e.label, i)), &escape(&e.value))?;
    }
    for (i, t) in p.phones.iter().enumerate() {
        write_line(out, &format!("TEL;VALUE=uri{}", params(&t.label, i)), &format!("tel:{}", t.value))?;
    }
    if let Some(company) = &p.company_name {
        write_line(out, "ORG", &escape(company))?;
    }
    if let Some(title) = &p.job_title {
        write_line(out, "TITLE", &escape(title))?;
    }
    let a = &p.address;
    if [&a.street, &a.city, &a.region, &a.postal_code, &a.country].iter().any(|f| f.is_some()) {
        let part = |f: &Option<String>| f.as_deref().map(escape).unwrap_or_default();
        let value = format!(
            ";;{};{};{};{};{}",
            part(&a.street),
            part(&a.city),
            part(&a.region),
            part(&a.postal_code),
            part(&a.country)
        );
        write_line(out, "ADR", &value)?;
    }
    for s in &p.socials {
        write_line(out, &format!("URL;TYPE={}", param_value(&s.network)), &escape(&s.url))?;
    }
    if let Some(lang) = &p.language {
        write_line(out, "LANG", &escape(lang))?;
    }
    if !p.tags.is_empty() {
        write_line(out, "CATEGORIES", &p.tags.iter().map(|t| escape(t)).collect::<Vec<_>>().join(","))?;
    }
    write_line(out, "REV", &utc_stamp(p.updated_at))?;
    write_line(out, "END", "VCARD")
}

/// TYPE for the labels vCard knows (work, home, mobile as cell), PREF=1 for the first (primary) value.
fn params(label: &str, index: usize) -> String {
    let label = label.trim().to_lowercase();
    let kind = match label.as_str() {
        "work" | "home" => Some(label.as_str()),
        "mobile" | "cell" => Some("cell"),
        _ => None,
    };
    let mut p = kind.map(|k| format!(";TYPE={k}")).unwrap_or_default();
    if index == 0 {
        p.push_str(";PREF=1");
    }
    p
}

/// A parameter value quoted when it holds characters that would end it.
fn param_value(v: &str) -> String {
    let clean: String = v.chars().filter(|c| !c.is_control() && *c != '"').collect();
    if clean.contains([';', ':', ',']) {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

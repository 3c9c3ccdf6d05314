//! The proposals for one person, from their first email address (and their phone for the country).

use rusqlite::{Connection, OptionalExtension};

use super::domains::{self, Provider};
use super::{country, names};
use crate::domain::{Person, Proposal};
use crate::error::AppResult;

fn p(field: &str, value: impl Into<String>, source: &str, confidence: f64) -> Proposal {
    Proposal { field: field.into(), value: value.into(), source: source.into(), confidence }
}

/// Everything enrichment can say about the person, whether or not they have the field filled in.
pub fn proposals(conn: &Connection, person: &Person) -> AppResult<Vec<Proposal>> {
    let mut out = Vec::new();
    let email = person.emails.first().map(|e| e.value.as_str());
    let mut country_guess: Option<(String, &str, f64)> = None;
    if let Some((local, host)) = email.and_then(|e| e.rsplit_once('@')) {
        let registrable = domains::registrable(host);
        let provider = domains::provider(host);
        out.push(p("free_mail", (provider != Provider::Business).to_string(), "free_mail_list", 1.0));
        if provider == Provider::Disposable {
            out.push(p("disposable", "true", "disposable_list", 1.0));
        }
        if let Some(g) = names::guess(local) {
            if let Some(first) = g.first_name {
                out.push(p("first_name", first, "local_part", g.confidence));
            }
            if let Some(last) = g.last_name {
                out.push(p("last_name", last, "local_part", g.confidence));
            }
        }
        if let Some(domain) = registrable.as_deref() {
            if provider == Provider::Business {
                out.push(p("company_domain", domain, "public_suffix", 1.0));
                company(conn, host, domain, &mut out)?;
            }
            // A free-mail provider's ccTLD says less about where its user lives (web.de, gmx.de, ...).
            let sure = if provider == Provider::Business { 0.7 } else { 0.5 };
            country_guess = domains::cctld_country(domain).map(|c| (c, "cctld", sure));
        }
    }
    if let Some(c) = person.phones.iter().find_map(|ph| crate::phone::country(&ph.value)) {
        country_guess = Some((c, "phone", 0.9));
    }
    if let Some((code, source, confidence)) = country_guess {
        if let Some(tz) = country::timezone(&code) {
            out.push(p("timezone", tz, "country", confidence));
        }
        if let Some((language, sure)) = country::language(&code) {
            out.push(p("language", language, "country", confidence * sure));
        }
        out.push(p("country", code, source, confidence));
    }
    Ok(out)
}

/// The company with the address's domain, else a new one named after the domain.
fn company(conn: &Connection, host: &str, domain: &str, out: &mut Vec<Proposal>) -> AppResult<()> {
    let found: Option<(i64, String)> = conn
        .prepare_cached(
            "SELECT id, name FROM companies WHERE deleted_at IS NULL AND (domain = ?1 OR domain = ?2)
             ORDER BY domain = ?2 DESC, id LIMIT 1",
        )?
        .query_row([domain, host], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match found {
        Some((id, name)) => {
            out.push(p("company_id", id.to_string(), "company_domain", 0.95));
            out.push(p("company_name", name, "company_domain", 0.95));
        }
        None => {
            if let Some(name) = domains::company_name(domain) {
                out.push(p("company_name", name, "domain_name", 0.5));
            }
        }
    }
    Ok(())
}

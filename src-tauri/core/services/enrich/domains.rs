//! What an address's domain says: its registrable domain (the public-suffix list compiled into the `psl`
//! crate), whether it is a free-mail or a disposable provider (lists vendored in `data/` with their
//! licences, plus Relata's own Dutch, Belgian, German and Danish providers), and its country (ccTLD).

use std::collections::HashSet;
use std::sync::OnceLock;

const DISPOSABLE: &str = include_str!("data/disposable.txt");
const FREEMAIL: &str = include_str!("data/freemail.txt");
const FREEMAIL_EXTRA: &str = include_str!("data/freemail-extra.txt");

/// What kind of provider a domain is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    Business,
    FreeMail,
    Disposable,
}

fn set(texts: &[&'static str]) -> HashSet<&'static str> {
    texts.iter().flat_map(|t| t.lines()).map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect()
}

fn disposable() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| set(&[DISPOSABLE]))
}

fn free_mail() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| set(&[FREEMAIL, FREEMAIL_EXTRA]))
}

/// The registrable domain of a host (`mail.sales.tulp.co.uk` → `tulp.co.uk`), `None` for a bare suffix.
pub fn registrable(host: &str) -> Option<String> {
    let host = host.trim().trim_end_matches('.').to_lowercase();
    psl::domain_str(&host).map(str::to_string)
}

/// The provider kind of a host, looked up as written and by its registrable domain.
pub fn provider(host: &str) -> Provider {
    let host = host.trim().to_lowercase();
    let reg = registrable(&host);
    let listed = |s: &HashSet<&str>| s.contains(host.as_str()) || reg.as_deref().is_some_and(|r| s.contains(r));
    if listed(disposable()) {
        Provider::Disposable
    } else if listed(free_mail()) {
        Provider::FreeMail
    } else {
        Provider::Business
    }
}

/// The country of a country-code top-level domain (`.nl` → NL, `.uk` → GB), `None` for `.com` and the like.
pub fn cctld_country(domain: &str) -> Option<String> {
    let tld = domain.rsplit('.').next()?.to_ascii_uppercase();
    let code = match tld.as_str() {
        "UK" => "GB".to_string(),
        t if t.len() == 2
            && t.chars().all(|c| c.is_ascii_alphabetic())
            && !matches!(t, "EU" | "IO" | "CO" | "TV" | "ME" | "AI") =>
        {
            t.to_string()
        }
        _ => return None,
    };
    Some(code)
}

/// A company name guessed from a registrable domain: `tulp-bloemen.nl` → "Tulp Bloemen", `acme-gmbh.de` →
/// "Acme GmbH".
pub fn company_name(domain: &str) -> Option<String> {
    let label = domain.split('.').next().filter(|l| !l.is_empty())?;
    let words: Vec<String> = label
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "bv" => "BV".to_string(),
            "nv" => "NV".to_string(),
            "vof" => "VOF".to_string(),
            "gmbh" => "GmbH".to_string(),
            "ag" => "AG".to_string(),
            "kg" => "KG".to_string(),
            "aps" => "ApS".to_string(),
            "ab" => "AB".to_string(),
            w => super::names::capitalize(w),
        })
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn providers_and_domains() {
        assert_eq!(registrable("mail.sales.tulp.co.uk").as_deref(), Some("tulp.co.uk"));
        assert_eq!(registrable("co.uk"), None);
        for free in ["gmail.com", "ziggo.nl", "kpnmail.nl", "web.de", "gmx.net", "mail.dk", "ofir.dk", "telenet.be"] {
            assert_eq!(provider(free), Provider::FreeMail, "{free}");
        }
        assert_eq!(provider("mailinator.com"), Provider::Disposable);
        assert_eq!(provider("tulp.nl"), Provider::Business);
        assert_eq!(cctld_country("tulp.nl").as_deref(), Some("NL"));
        assert_eq!(cctld_country("acme.co.uk").as_deref(), Some("GB"));
        assert_eq!(cctld_country("acme.com"), None);
        assert_eq!(company_name("tulp-bloemen.nl").as_deref(), Some("Tulp Bloemen"));
        assert_eq!(company_name("acme-gmbh.de").as_deref(), Some("Acme GmbH"));
    }
}

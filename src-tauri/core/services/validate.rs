//! Validation and normalisation of user input. Every failure names the input field by its JSON name.

use chrono::NaiveDate;

use super::countries;
use crate::domain::{Address, LabeledValue};
use crate::error::{AppError, AppResult, ErrorCode};

/// Lengths count characters (Unicode scalar values), as `str::chars` does; the UI counts the same way.
pub const NAME_MAX: usize = 200;
pub const SHORT_MAX: usize = 200;
pub const LABEL_MAX: usize = 50;
pub const URL_MAX: usize = 2048;
pub const EMAIL_MAX: usize = 254;
pub const SUBJECT_MAX: usize = 500;
pub const TEXT_MAX: usize = 100_000;
/// A custom text field's value.
pub const CUSTOM_TEXT_MAX: usize = 10_000;

fn check_len(field: &str, s: &str, max: usize) -> AppResult<()> {
    if s.chars().count() > max {
        return Err(AppError::field(ErrorCode::TooLong, field, format!("{field} is longer than {max} characters")));
    }
    Ok(())
}

/// Trimmed text; may be empty.
pub fn text(field: &str, s: &str, max: usize) -> AppResult<String> {
    let s = s.trim();
    check_len(field, s, max)?;
    Ok(s.to_string())
}

/// Trimmed, non-empty text.
pub fn required(field: &str, s: &str, max: usize) -> AppResult<String> {
    let s = text(field, s, max)?;
    if s.is_empty() {
        return Err(AppError::field(ErrorCode::Required, field, format!("{field} is required")));
    }
    Ok(s)
}

/// Trimmed text; empty becomes `None`.
pub fn optional(field: &str, s: Option<&str>, max: usize) -> AppResult<Option<String>> {
    let s = text(field, s.unwrap_or(""), max)?;
    Ok((!s.is_empty()).then_some(s))
}

/// Applies `f` to a trimmed, non-empty optional value.
pub fn optional_with(
    field: &str,
    s: Option<&str>,
    f: impl FnOnce(&str, &str) -> AppResult<String>,
) -> AppResult<Option<String>> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => f(field, s).map(Some),
        None => Ok(None),
    }
}

pub fn email(field: &str, s: &str) -> AppResult<String> {
    let e = s.trim().to_lowercase();
    check_len(field, &e, EMAIL_MAX)?;
    let bad =
        || AppError::field(ErrorCode::InvalidEmail, field, format!("\"{}\" is not a valid email address", s.trim()));
    let (local, domain) = e.split_once('@').ok_or_else(bad)?;
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| !c.is_whitespace() && !c.is_control() && !"@<>()[]\\,;:\"".contains(c));
    if !local_ok || !valid_host(domain) || !domain.contains('.') {
        return Err(bad());
    }
    Ok(e)
}

/// A host name: dot-separated labels of letters, digits and inner hyphens, ending in a non-numeric label.
pub(crate) fn valid_host(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.chars().count() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    host.len() <= 253
        && labels.iter().all(label_ok)
        && labels.last().is_some_and(|tld| !tld.chars().all(|c| c.is_ascii_digit()))
}

/// A phone number in E.164 (see `crate::phone`), read in `region` when it has no country code. Text that is
/// written like a phone number (digits, spaces, dashes, dots, slashes, parentheses, a leading `+`) but is
/// not a valid number is kept as typed: the UI flags it. Anything else (letters, a second `+`) is an error.
pub fn phone(field: &str, s: &str, region: Option<&str>) -> AppResult<String> {
    let s = s.trim();
    let bad = |why: &str| {
        AppError::field(ErrorCode::InvalidPhone, field, format!("\"{s}\" is not a valid phone number: {why}"))
    };
    let rest = s.strip_prefix('+').unwrap_or(s);
    if !rest.chars().all(|c| c.is_ascii_digit() || " -./()\u{a0}".contains(c)) {
        return Err(bad("only digits, spaces, dashes and a leading + are allowed"));
    }
    let digits = rest.chars().filter(char::is_ascii_digit).count();
    if !(2..=17).contains(&digits) {
        return Err(bad("it needs 2 to 17 digits"));
    }
    Ok(crate::phone::normalize(s, region))
}

/// An http(s) URL; `https://` is added when no scheme is given. Other schemes (javascript:, file:, ...)
/// are refused, because the UI turns these into links.
pub fn url(field: &str, s: &str) -> AppResult<String> {
    let s = s.trim();
    check_len(field, s, URL_MAX)?;
    let bad = || AppError::field(ErrorCode::InvalidUrl, field, format!("\"{s}\" is not a valid http(s) web address"));
    let full = match scheme_of(s) {
        Some(scheme) if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") => {
            let rest = s[scheme.len() + 1..].strip_prefix("//").ok_or_else(bad)?;
            format!("{}://{rest}", scheme.to_ascii_lowercase())
        }
        Some(_) => return Err(bad()),
        None => format!("https://{s}"),
    };
    let after = full.split_once("://").map(|(_, a)| a).unwrap_or("");
    let authority = after.split(['/', '?', '#']).next().unwrap_or("");
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.chars().all(|c| c.is_ascii_digit()));
    let host_ok = host == "localhost" || (valid_host(&host.to_lowercase()) && host.contains('.'));
    if !port_ok || !host_ok || full.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    Ok(full)
}

/// The scheme of `s`, if it starts with one. `example.com:8080/x` has none: what follows the colon is a port.
fn scheme_of(s: &str) -> Option<&str> {
    let (scheme, rest) = s.split_once(':')?;
    let is_scheme = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c));
    let port_follows = rest.chars().next().is_some_and(|c| c.is_ascii_digit())
        && rest.split('/').next().is_some_and(|p| p.chars().all(|c| c.is_ascii_digit()));
    (is_scheme && !port_follows).then_some(scheme)
}

/// A company's domain: the lower-case host of whatever was typed (a URL works too), without `www.`.
pub fn domain(field: &str, s: &str) -> AppResult<String> {
    let normal = url(field, s)?;
    let after = normal.split_once("://").map(|(_, a)| a).unwrap_or("");
    let host = after.split(['/', '?', '#', ':']).next().unwrap_or("").to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    if host == "localhost" || !host.contains('.') {
        return Err(AppError::field(ErrorCode::InvalidUrl, field, format!("\"{}\" is not a domain name", s.trim())));
    }
    Ok(host)
}

/// A country: its ISO 3166-1 alpha-2 code when the text names one Relata knows (a code or a name in
/// English, Dutch, German or Danish, see `countries`), else the text as typed (two letters upper-cased), so
/// an address from an import is never lost for a country spelled unlike the table; the import reports it
/// and the edit form asks for a code.
pub fn country(field: &str, s: &str) -> AppResult<String> {
    if let Some(code) = countries::code(s) {
        return Ok(code.to_string());
    }
    let typed = text(field, s, SHORT_MAX)?;
    Ok(match typed.len() == 2 && typed.chars().all(|c| c.is_ascii_alphabetic()) {
        true => typed.to_ascii_uppercase(),
        false => typed,
    })
}

/// ISO 4217: a listed code, upper case.
pub fn currency(field: &str, s: &str) -> AppResult<String> {
    let c = s.trim().to_ascii_uppercase();
    if crate::domain::money::minor_digits(&c).is_none() {
        return Err(AppError::field(
            ErrorCode::InvalidCurrency,
            field,
            format!("\"{s}\" is not an ISO 4217 currency code"),
        ));
    }
    Ok(c)
}

/// A calendar date written `YYYY-MM-DD`.
pub fn date(field: &str, s: &str) -> AppResult<String> {
    let s = s.trim();
    let ok = s.len() == 10 && NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok();
    if !ok {
        return Err(AppError::field(ErrorCode::InvalidDate, field, format!("\"{s}\" is not a date like 2025-12-31")));
    }
    Ok(s.to_string())
}

/// A BCP 47 tag like `nl` or `de-AT`, normalised to that casing.
pub fn language(field: &str, s: &str) -> AppResult<String> {
    let mut parts = s.trim().split(['-', '_']);
    let primary = parts.next().unwrap_or("");
    let mut out = primary.to_ascii_lowercase();
    let mut ok = (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic());
    for sub in parts {
        ok &= (2..=8).contains(&sub.len()) && sub.chars().all(|c| c.is_ascii_alphanumeric());
        out.push('-');
        out.push_str(&if sub.len() == 2 { sub.to_ascii_uppercase() } else { sub.to_ascii_lowercase() });
    }
    if !ok {
        return Err(AppError::field(
            ErrorCode::InvalidValue,
            field,
            format!("\"{s}\" is not a language tag like nl or de-AT"),
        ));
    }
    Ok(out)
}

pub fn range(field: &str, v: i64, min: i64, max: i64) -> AppResult<()> {
    if !(min..=max).contains(&v) {
        return Err(AppError::field(ErrorCode::OutOfRange, field, format!("{field} must be between {min} and {max}")));
    }
    Ok(())
}

/// Trimmed, non-empty tags without case-insensitive duplicates (the first spelling wins).
pub fn tags(field: &str, tags: &[String]) -> AppResult<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for (i, t) in tags.iter().enumerate() {
        let t = text(&format!("{field}.{i}"), t, LABEL_MAX)?;
        if !t.is_empty() && !out.iter().any(|o| o.to_lowercase() == t.to_lowercase()) {
            out.push(t);
        }
    }
    Ok(out)
}

/// A postal address; every part is optional, the country becomes an ISO code when it is known (`country`).
pub fn address(prefix: &str, a: &Address) -> AppResult<Address> {
    let f = |name: &str| format!("{prefix}.{name}");
    Ok(Address {
        street: optional(&f("street"), a.street.as_deref(), 500)?,
        postal_code: optional(&f("postal_code"), a.postal_code.as_deref(), 20)?,
        city: optional(&f("city"), a.city.as_deref(), SHORT_MAX)?,
        region: optional(&f("region"), a.region.as_deref(), SHORT_MAX)?,
        country: optional_with(&f("country"), a.country.as_deref(), country)?,
    })
}

/// Labelled emails or phones: blank rows are dropped, each value is normalised by `f`, duplicates go
/// (the first wins) and an empty label becomes `default_label`.
pub fn labeled(
    field: &str,
    items: &[LabeledValue],
    default_label: &str,
    f: impl Fn(&str, &str) -> AppResult<String>,
) -> AppResult<Vec<LabeledValue>> {
    let mut out: Vec<LabeledValue> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if item.value.trim().is_empty() {
            continue;
        }
        let value = f(&format!("{field}.{i}.value"), &item.value)?;
        let label = text(&format!("{field}.{i}.label"), &item.label, LABEL_MAX)?;
        let label = if label.is_empty() { default_label.to_string() } else { label };
        if !out.iter().any(|o| o.value == value) {
            out.push(LabeledValue { label, value });
        }
    }
    Ok(out)
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;

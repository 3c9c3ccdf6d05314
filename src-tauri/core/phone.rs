//! Phone numbers in E.164 (`+31612345678`), parsed and validated with the `phonenumber` crate (Google's
//! libphonenumber metadata). A number written without a country code is read in a default region (the
//! person's country, else their company's, else the app's); one that does not parse as a valid number is
//! kept as typed and flagged (`is_e164` is false for it). The people service, the search index, the
//! import's duplicate lookup and migration 21 all go through here, so every spelling of a number meets.

use std::str::FromStr;

use phonenumber::country::Id;
use phonenumber::Mode;

/// The E.164 form of `typed`, read in `region` (ISO 3166-1 alpha-2) when it has no country code; `None`
/// when it is not a valid number there.
pub fn e164(typed: &str, region: Option<&str>) -> Option<String> {
    let typed = typed.trim();
    if typed.is_empty() || typed.len() > 64 {
        return None;
    }
    let region = region.and_then(|r| Id::from_str(&r.trim().to_ascii_uppercase()).ok());
    // Without a region "00" cannot be read as the international prefix; it is that across Europe.
    let plus;
    let typed = match typed.strip_prefix("00").filter(|_| region.is_none()) {
        Some(rest) => {
            plus = format!("+{rest}");
            plus.as_str()
        }
        None => typed,
    };
    let number = phonenumber::parse(region, typed).ok()?;
    if !phonenumber::is_valid(&number) {
        return None;
    }
    Some(number.format().mode(Mode::E164).to_string())
}

/// The stored form of a typed number: E.164 when it parses, else the text as typed (trimmed).
pub fn normalize(typed: &str, region: Option<&str>) -> String {
    e164(typed, region).unwrap_or_else(|| typed.trim().to_string())
}

/// Whether a stored value is a valid number in E.164 (else it was kept as typed: the UI flags it).
pub fn is_e164(value: &str) -> bool {
    value.starts_with('+')
        && value[1..].chars().all(|c| c.is_ascii_digit())
        && e164(value, None).is_some_and(|v| v == value)
}

/// The country (ISO alpha-2) a number in E.164 belongs to, e.g. "NL" for `+31...`.
pub fn country(value: &str) -> Option<String> {
    let number = phonenumber::parse(None, value).ok()?;
    number.country().id().map(|id| id.as_ref().to_string())
}

/// The digits of a number (or its start) written nationally in `region` ("0612") as they run in E.164
/// without the `+` ("31612"): the national prefix becomes the country code. `None` when they do not start
/// with the region's national prefix (or the region is unknown).
pub fn international_digits(digits: &str, region: &str) -> Option<String> {
    let meta = phonenumber::metadata::DATABASE.by_id(region.to_ascii_uppercase().as_str())?;
    let prefix = meta.national_prefix().filter(|p| !p.is_empty())?;
    let rest = digits.strip_prefix(prefix).filter(|r| !r.is_empty() && !digits.starts_with("00"))?;
    Some(format!("{}{rest}", meta.country_code()))
}

/// The country of one of the app's languages: nl → NL, de → DE, da → DK (English names no country).
pub fn region_of_language(language: &str) -> Option<&'static str> {
    match language {
        "nl" => Some("NL"),
        "de" => Some("DE"),
        "da" => Some("DK"),
        _ => None,
    }
}

/// A default region from a country as stored: a two-letter code, else `None`.
pub fn region(country: Option<&str>) -> Option<&str> {
    country.map(str::trim).filter(|c| c.len() == 2 && c.chars().all(|c| c.is_ascii_alphabetic()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_meet_in_e164() {
        for typed in ["06-12345678", "06 1234 5678", "+31 6 12345678", "0031612345678", "(06) 12 34 56 78"] {
            assert_eq!(e164(typed, Some("NL")).as_deref(), Some("+31612345678"), "{typed}");
        }
        assert_eq!(e164("+31 6 12345678", Some("DE")).as_deref(), Some("+31612345678"));
        assert_eq!(e164("030 1234567", Some("de")).as_deref(), Some("+49301234567"));
        assert_eq!(e164("06 12345678", None), None);
        assert_eq!(e164("0045 20 12 34 56", None).as_deref(), Some("+4520123456"));
        assert_eq!(normalize(" call me maybe ", Some("NL")), "call me maybe");
        assert!(is_e164("+31612345678") && !is_e164("0612345678") && !is_e164("+31 6 12345678"));
        assert_eq!(country("+4520123456").as_deref(), Some("DK"));
        assert_eq!(region(Some("nl")), Some("nl"));
        assert_eq!(international_digits("0612", "NL").as_deref(), Some("31612"));
        assert_eq!(international_digits("030123", "de").as_deref(), Some("4930123"));
        assert_eq!(international_digits("0031612", "NL"), None);
        assert_eq!(international_digits("2012", "DK"), None);
        assert_eq!(region(Some("Nederland")), None);
    }
}

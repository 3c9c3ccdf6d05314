//! Exact decimal amounts for the command line: "1234.50" or "1234,50" become minor units without floats.

use std::collections::BTreeMap;

use iso_currency::{Currency, IntoEnumIterator};

use crate::error::{AppError, AppResult, ErrorCode};

/// A non-negative decimal as typed: the digits before and after the separator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    whole: String,
    fraction: String,
}

/// Clap value parser: digits with at most one `.` or `,` as the decimal separator.
pub fn parse_amount(s: &str) -> Result<Amount, String> {
    let s = s.trim();
    let bad = || format!("expected an amount like 1234.50 or 1234,50 ({s:?})");
    let (whole, fraction) = match s.split_once(['.', ',']) {
        Some((w, f)) => (w, f),
        None => (s, ""),
    };
    let digits = |p: &str| p.chars().all(|c| c.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        return Err(bad());
    }
    Ok(Amount { whole: whole.to_string(), fraction: fraction.to_string() })
}

/// Digits after the decimal point of an ISO 4217 currency ("minor unit"), `None` for a code ISO 4217 does
/// not list. The table is the `iso_currency` crate's copy of the ISO 4217 list (current and recently
/// superseded codes, so older records still read right); codes without a minor unit (gold, SDR) count 0.
pub fn minor_digits(code: &str) -> Option<u32> {
    Currency::from_code(code).map(|c| c.exponent().map_or(0, u32::from))
}

/// `minor_digits`, with 2 for a code ISO 4217 does not list (the store only holds listed ones).
pub fn exponent(currency: &str) -> u32 {
    minor_digits(currency).unwrap_or(2)
}

/// Every ISO 4217 code with its minor digits: the one table the UI formats and parses amounts with.
pub fn minor_digits_table() -> BTreeMap<&'static str, u32> {
    Currency::iter().map(|c| (c.code(), c.exponent().map_or(0, u32::from))).collect()
}

impl Amount {
    /// The amount in minor units of a currency with `exponent` decimals. More decimals than the currency
    /// has are refused unless they are zeros; nothing is ever rounded.
    pub fn to_minor(&self, exponent: u32, field: &str) -> AppResult<i64> {
        let exp = exponent as usize;
        let (kept, extra) = self.fraction.split_at(self.fraction.len().min(exp));
        if extra.chars().any(|c| c != '0') {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                field,
                format!("the amount has more than {exponent} decimals"),
            ));
        }
        let digits = format!("{}{kept:0<exp$}", self.whole);
        let too_big = || AppError::field(ErrorCode::OutOfRange, field, "the amount is too large");
        digits.chars().try_fold(0i64, |acc, c| {
            let d = i64::from(c.to_digit(10).ok_or_else(too_big)?);
            acc.checked_mul(10).and_then(|a| a.checked_add(d)).ok_or_else(too_big)
        })
    }
}

pub fn format_minor(value_minor: i64, currency: &str) -> String {
    let exp = exponent(currency);
    if exp == 0 {
        return format!("{value_minor} {currency}");
    }
    let unit = 10i64.pow(exp);
    let sign = if value_minor < 0 { "-" } else { "" };
    let v = value_minor.unsigned_abs();
    let unit = unit.unsigned_abs();
    format!("{sign}{}.{:0w$} {currency}", v / unit, v % unit, w = exp as usize)
}

/// An amount as a reader of `lang` ("en", "nl", "de", "da"; anything else reads as English) writes it:
/// "€1,234.50", "€ 1.234,50", "1.234,50 €", "1.234,50 kr." (Danish kroner in Danish). Used where the core
/// writes money into text for a person, such as a mail template's `deal.amount`.
pub fn format_local(value_minor: i64, currency: &str, lang: &str) -> String {
    let exp = exponent(currency) as usize;
    let digits = value_minor.unsigned_abs().to_string();
    let digits = format!("{digits:0>w$}", w = exp + 1);
    let (whole, fraction) = digits.split_at(digits.len() - exp);
    let english = !matches!(lang, "nl" | "de" | "da");
    let (group, decimal) = if english { (',', '.') } else { ('.', ',') };
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    let sign = if value_minor < 0 { "-" } else { "" };
    let number = if exp == 0 { grouped } else { format!("{grouped}{decimal}{fraction}") };
    let symbol = match (currency, lang) {
        ("DKK", "da") => Some("kr."),
        ("EUR", _) => Some("€"),
        ("USD", _) => Some("$"),
        ("GBP", _) => Some("£"),
        _ => None,
    };
    match (lang, symbol) {
        ("de" | "da", Some(s)) => format!("{sign}{number} {s}"),
        ("nl", Some(s)) => format!("{s} {sign}{number}"),
        (_, Some(s)) => format!("{sign}{s}{number}"),
        ("de" | "da", None) => format!("{sign}{number} {currency}"),
        (_, None) => format!("{currency} {sign}{number}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minor(s: &str, exp: u32) -> AppResult<i64> {
        parse_amount(s).unwrap().to_minor(exp, "value")
    }

    #[test]
    fn minor_digits_follow_iso_4217() {
        let table = minor_digits_table();
        for (code, digits) in [("HUF", 2), ("JPY", 0), ("KWD", 3), ("IQD", 3), ("CLF", 4), ("EUR", 2), ("ISK", 0)] {
            assert_eq!((code, table.get(code).copied()), (code, Some(digits)));
            assert_eq!(exponent(code), digits);
        }
        assert!(table.len() > 150, "{} codes", table.len());
        assert_eq!(minor_digits("ABC"), None);
        assert_eq!(exponent("ABC"), 2);
    }

    #[test]
    fn amounts_become_exact_minor_units() {
        assert_eq!(minor("1234.50", 2).unwrap(), 123_450);
        assert_eq!(minor("1234,5", 2).unwrap(), 123_450);
        assert_eq!(minor("0.01", 2).unwrap(), 1);
        assert_eq!(minor("12", 2).unwrap(), 1200);
        assert_eq!(minor(".5", 2).unwrap(), 50);
        assert_eq!(minor("12.", 2).unwrap(), 1200);
        assert_eq!(minor("1500", 0).unwrap(), 1500);
        assert_eq!(minor("1.2340", 3).unwrap(), 1234);
        assert_eq!(minor("0.10", 0).unwrap_err().code, ErrorCode::InvalidValue);
        assert_eq!(minor("1.005", 2).unwrap_err().code, ErrorCode::InvalidValue);
        assert_eq!(minor("99999999999999999999", 2).unwrap_err().code, ErrorCode::OutOfRange);
    }

    #[test]
    fn malformed_amounts_are_refused() {
        for bad in ["", ".", "-5", "1.234,50", "1 000", "12a", "1e3", "+5"] {
            assert!(parse_amount(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn formats_by_currency() {
        assert_eq!(format_minor(123_450, "EUR"), "1234.50 EUR");
        assert_eq!(format_minor(5, "DKK"), "0.05 DKK");
        assert_eq!(format_minor(1500, "JPY"), "1500 JPY");
        assert_eq!(format_minor(1234, "KWD"), "1.234 KWD");
    }

    #[test]
    fn local_amounts_follow_the_readers_language() {
        assert_eq!(format_local(123_450, "EUR", "en"), "€1,234.50");
        assert_eq!(format_local(123_450, "EUR", "nl"), "€ 1.234,50");
        assert_eq!(format_local(123_450, "EUR", "de"), "1.234,50 €");
        assert_eq!(format_local(123_456_789, "DKK", "da"), "1.234.567,89 kr.");
        assert_eq!(format_local(5, "DKK", "en"), "DKK 0.05");
        assert_eq!(format_local(1_500_000, "JPY", "de"), "1.500.000 JPY");
        assert_eq!(format_local(-1234, "KWD", "nl"), "KWD -1,234");
        assert_eq!(format_local(100, "USD", "fr"), "$1.00");
    }
}

//! Exact decimal amounts for the command line: "1234.50" or "1234,50" become minor units without floats.

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

/// Digits after the decimal point of an ISO 4217 currency (2 unless listed).
pub fn exponent(currency: &str) -> u32 {
    match currency {
        "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF" | "UGX" | "UYI" | "VND"
        | "VUV" | "XAF" | "XOF" | "XPF" => 0,
        "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
        _ => 2,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn minor(s: &str, exp: u32) -> AppResult<i64> {
        parse_amount(s).unwrap().to_minor(exp, "value")
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
}

//! Reading typed values out of spreadsheet text: numbers with either decimal separator, yes/no in the four
//! UI languages, and the date layouts European and US exports use.

use std::borrow::Cow;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// "1234.5", "1234,5", "1.234,50", "1,234.50", "€ 12", "-3" -> the number as plain decimal text
/// ("1234.50"), so money can be read exactly. A single separator is the decimal one; when both appear,
/// the last one is.
pub fn decimal_text(s: &str) -> Option<Cow<'_, str>> {
    // Most cells are plain ("-12.50", "3"): given back as they are, with no copy made.
    let trimmed = s.trim();
    if plain_decimal(trimmed) {
        return Some(Cow::Borrowed(trimmed));
    }
    let s: String =
        s.trim().chars().filter(|c| !c.is_whitespace() && !matches!(c, '€' | '$' | '£' | '\'' | '\u{a0}')).collect();
    let s = s.strip_suffix("kr").or_else(|| s.strip_suffix("EUR")).unwrap_or(&s);
    let (negative, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s),
    };
    if body.is_empty() || !body.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return None;
    }
    let decimal = match (body.rfind('.'), body.rfind(',')) {
        (Some(d), Some(c)) => Some(d.max(c)),
        (Some(d), None) if body.matches('.').count() == 1 => Some(d),
        (None, Some(c)) if body.matches(',').count() == 1 => Some(c),
        _ => None,
    };
    let (whole, fraction) = match decimal {
        Some(i) => (&body[..i], &body[i + 1..]),
        None => (body, ""),
    };
    let whole: String = whole.chars().filter(char::is_ascii_digit).collect();
    if (whole.is_empty() && fraction.is_empty()) || !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let whole = if whole.is_empty() { "0".to_string() } else { whole };
    let sign = if negative { "-" } else { "" };
    Some(Cow::Owned(if fraction.is_empty() { format!("{sign}{whole}") } else { format!("{sign}{whole}.{fraction}") }))
}

/// Digits, then at most one point followed by digits, after an optional minus: text `decimal_text` would give
/// back unchanged.
fn plain_decimal(s: &str) -> bool {
    let body = s.strip_prefix('-').unwrap_or(s);
    let (whole, fraction) = body.split_once('.').unwrap_or((body, "0"));
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && digits(fraction)
}

pub fn number(s: &str) -> Option<f64> {
    decimal_text(s)?.parse::<f64>().ok().filter(|n| n.is_finite())
}

pub fn boolean(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "true" | "yes" | "y" | "ja" | "j" | "waar" | "wahr" | "sand" | "x" => Some(true),
        "false" | "no" | "n" | "nee" | "nein" | "nej" | "onwaar" | "falsch" | "falsk" => Some(false),
        _ => None,
    }
}

/// A calendar date as `YYYY-MM-DD`: ISO (`2025-03-01`, `2025/03/01`), day first (`01.03.2025`,
/// `01-03-2025`, `01/03/2025`), or month first when the day first cannot be (`12/31/2025`). A time after
/// the date is ignored here.
pub fn date(s: &str) -> Option<String> {
    naive_date(s).map(|d| d.format("%Y-%m-%d").to_string())
}

fn naive_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let day_part = s.split(['T', ' ']).next()?;
    let parts: Vec<&str> = day_part.split(['-', '/', '.']).collect();
    let [a, b, c] = parts.as_slice() else { return None };
    let num = |p: &str| p.parse::<u32>().ok().filter(|_| !p.is_empty() && p.len() <= 4);
    let (a, b, c, a_len) = (num(a)?, num(b)?, num(c)?, a.len());
    if a_len == 4 {
        return NaiveDate::from_ymd_opt(a as i32, b, c);
    }
    let year = match c {
        0..=99 => 2000 + c as i32,
        1000..=9999 => c as i32,
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year, b, a).or_else(|| NaiveDate::from_ymd_opt(year, a, b))
}

/// A moment in UTC milliseconds: RFC 3339, or a date with an optional `HH:MM[:SS]` read as UTC.
pub fn moment(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(dt.timestamp_millis());
    }
    for layout in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, layout) {
            return Some(dt.and_utc().timestamp_millis());
        }
    }
    let day = naive_date(s)?;
    let time = s
        .split_once([' ', 'T'])
        .and_then(|(_, t)| {
            NaiveTime::parse_from_str(t.trim(), "%H:%M:%S")
                .or_else(|_| NaiveTime::parse_from_str(t.trim(), "%H:%M"))
                .ok()
        })
        .unwrap_or(NaiveTime::MIN);
    Some(day.and_time(time).and_utc().timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_with_either_separator() {
        assert_eq!(decimal_text("1234,5").as_deref(), Some("1234.5"));
        assert_eq!(decimal_text("1.234,50").as_deref(), Some("1234.50"));
        assert_eq!(decimal_text("1,234.50").as_deref(), Some("1234.50"));
        assert_eq!(decimal_text("1.234.567").as_deref(), Some("1234567"));
        assert_eq!(decimal_text("€ 12").as_deref(), Some("12"));
        assert_eq!(decimal_text("-0,5").as_deref(), Some("-0.5"));
        assert_eq!(decimal_text(" -12.50 ").as_deref(), Some("-12.50"));
        assert_eq!(decimal_text("007").as_deref(), Some("007"));
        assert_eq!(decimal_text(".5").as_deref(), Some("0.5"));
        assert_eq!(decimal_text("5.").as_deref(), Some("5"));
        assert_eq!(decimal_text("-").as_deref(), None);
        assert_eq!(number("12a"), None);
        assert_eq!(number(""), None);
        assert_eq!(number(","), None);
    }

    #[test]
    fn booleans_and_dates() {
        assert_eq!(boolean(" Ja "), Some(true));
        assert_eq!(boolean("nej"), Some(false));
        assert_eq!(boolean("1"), None);
        assert_eq!(date("2025-03-01").as_deref(), Some("2025-03-01"));
        assert_eq!(date("01.03.2025").as_deref(), Some("2025-03-01"));
        assert_eq!(date("12/31/2025").as_deref(), Some("2025-12-31"));
        assert_eq!(date("31/12/25").as_deref(), Some("2025-12-31"));
        assert_eq!(date("2025-02-30"), None);
        assert_eq!(date("1.5"), None);
        assert_eq!(moment("2025-03-01 14:30"), Some(1_740_839_400_000));
        assert_eq!(moment("01.03.2025 14:30"), Some(1_740_839_400_000));
        assert_eq!(moment("2025-03-01T14:30:00+01:00"), Some(1_740_835_800_000));
    }
}

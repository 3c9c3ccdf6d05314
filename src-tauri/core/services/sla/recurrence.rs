//! The dates a recurring holiday event (RFC 5545 `RRULE`) falls on inside a window of dates. The rule is
//! expanded by the `rrule` crate (FREQ, INTERVAL, COUNT, UNTIL, BYMONTH, BYMONTHDAY, BYDAY with `-1MO` and
//! the like, BYSETPOS, ...), never here. Only dates matter to a holiday, so the rule runs on the event's
//! own wall-clock start taken as UTC: the wall-clock dates come out as in the event's zone, whatever zone
//! name the file uses (Outlook writes Windows names the crate does not know).

use chrono::{Duration, NaiveDate, NaiveDateTime, TimeZone};
use rrule::{RRule, Tz, Unvalidated};

/// How a time zone ahead of UTC can move a UTC `UNTIL` back across midnight (UTC+14 is the furthest).
const FURTHEST_AHEAD: Duration = Duration::hours(14);

/// The rule's `UNTIL`, in the event's wall-clock time. RFC 5545 wants a date for an all-day event, a UTC
/// time for a zoned one and a floating time for a floating one; exporters mix them, so each form is read:
/// a date keeps its whole day; a UTC time on an all-day event keeps the day that starts at it somewhere
/// (Outlook writes midnight of the last day in the user's zone as UTC); a UTC time on a zoned event is
/// turned into that zone when it is an IANA name and kept as it is otherwise.
fn until_of(value: &str, all_day: bool, zone: Option<&str>) -> Option<NaiveDateTime> {
    let date = NaiveDate::parse_from_str(value.get(..8)?, "%Y%m%d").ok()?;
    let Some(time) = value.get(9..15) else { return date.and_hms_opt(23, 59, 59) };
    let at = date.and_time(chrono::NaiveTime::parse_from_str(time, "%H%M%S").ok()?);
    if !value.ends_with('Z') {
        return Some(at);
    }
    if all_day {
        return Some(at + FURTHEST_AHEAD);
    }
    match zone.and_then(|z| z.parse::<chrono_tz::Tz>().ok()) {
        Some(tz) => Some(tz.from_utc_datetime(&at).naive_local()),
        None => Some(at),
    }
}

/// The first dates of the occurrences of `rule` (an `RRULE` value) of an event starting at the wall-clock
/// time `start`, from `window.0` to `window.1` inclusive; None when the rule cannot be read.
pub(super) fn occurrences(
    start: NaiveDateTime,
    rule: &str,
    all_day: bool,
    zone: Option<&str>,
    window: (NaiveDate, NaiveDate),
) -> Option<Vec<NaiveDate>> {
    let (mut parts, mut until) = (Vec::new(), None);
    for part in rule.trim().trim_start_matches("RRULE:").split(';').filter(|p| !p.is_empty()) {
        match part.split_once('=') {
            Some((key, value)) if key.eq_ignore_ascii_case("UNTIL") => until = Some(until_of(value, all_day, zone)?),
            _ => parts.push(part),
        }
    }
    let mut parsed: RRule<Unvalidated> = parts.join(";").parse().ok()?;
    if let Some(until) = until {
        parsed = parsed.until(Tz::UTC.from_utc_datetime(&until));
    }
    let set = parsed.build(Tz::UTC.from_utc_datetime(&start)).ok()?.limit();
    let dates =
        set.into_iter().map(|at| at.date_naive()).take_while(|d| *d <= window.1).filter(|d| *d >= window.0).collect();
    Some(dates)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn dates(start: &str, rule: &str, all_day: bool, zone: Option<&str>) -> Vec<String> {
        let start = NaiveDateTime::parse_from_str(start, "%Y-%m-%dT%H:%M").unwrap();
        let window = (day("2020-01-01"), day("2030-12-31"));
        occurrences(start, rule, all_day, zone, window).unwrap().iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn yearly_by_month_and_last_weekday_with_count() {
        // The last Monday of May (the UK's Spring bank holiday), three times.
        let got = dates("2024-05-27T00:00", "FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO;COUNT=3", true, None);
        assert_eq!(got, ["2024-05-27", "2025-05-26", "2026-05-25"]);
    }

    #[test]
    fn until_as_a_date_or_as_outlooks_utc_midnight_keeps_the_last_day() {
        let as_date = dates("2026-12-25T00:00", "FREQ=YEARLY;UNTIL=20281225", true, None);
        let as_utc = dates("2026-12-25T00:00", "FREQ=YEARLY;UNTIL=20281224T230000Z", true, None);
        assert_eq!(as_date, ["2026-12-25", "2027-12-25", "2028-12-25"]);
        assert_eq!(as_utc, as_date);
        // A zoned event: 2028-03-01 08:00Z is 09:00 in Amsterdam, so the 09:00 meeting of that day is the last.
        let zoned = dates("2028-02-28T09:00", "FREQ=DAILY;UNTIL=20280301T080000Z", false, Some("Europe/Amsterdam"));
        assert_eq!(zoned, ["2028-02-28", "2028-02-29", "2028-03-01"]);
    }

    #[test]
    fn a_rule_runs_only_inside_the_window_and_a_broken_one_is_none() {
        let got = dates("1990-01-01T00:00", "FREQ=YEARLY", true, None);
        assert_eq!(
            (got.first().map(String::as_str), got.last().map(String::as_str)),
            (Some("2020-01-01"), Some("2030-01-01"))
        );
        assert_eq!(got.len(), 11);
        let start = NaiveDateTime::parse_from_str("2026-01-01T00:00", "%Y-%m-%dT%H:%M").unwrap();
        let window = (day("2026-01-01"), day("2026-12-31"));
        assert_eq!(occurrences(start, "FREQ=SOMETIMES", true, None, window), None);
        assert_eq!(occurrences(start, "FREQ=YEARLY;UNTIL=2025", true, None, window), None);
        // A rule that never falls (the 31st of February) ends instead of looping.
        assert_eq!(occurrences(start, "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31", true, None, window), Some(vec![]));
    }
}

//! Closed dates for a business-hours calendar from an ICS file (a holiday feed exported from a calendar app
//! or published by a government). Each event is one or more whole days: an all-day event covers its start
//! date up to, not including, its end date (RFC 5545); an event with times covers its start's date. A
//! recurring event (RRULE, with EXDATE) closes the same span at each occurrence (`recurrence`) in the years
//! an SLA clock can need: `RECURRENCE_YEARS` before and after the current one. An occurrence moved by a
//! separate event of the same UID (RECURRENCE-ID, as Outlook exports an exception) closes the moved dates
//! instead; cancelled events close nothing.

use std::collections::{BTreeSet, HashSet};

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};
use icalendar::{Calendar, CalendarComponent, CalendarDateTime, Component, DatePerhapsTime, Event};
use serde::Serialize;
use specta::Type;

use super::recurrence;
use crate::clock::Millis;
use crate::error::{AppError, AppResult, ErrorCode};

/// The longest single event taken as holidays; longer ones are almost surely not closures (a year-long
/// "school year" event) and are skipped.
const MAX_EVENT_DAYS: u64 = 31;
/// How many years before and after the current one a recurring event is expanded for: tickets imported
/// from another helpdesk reach back, and a due time is looked for up to five years ahead.
pub const RECURRENCE_YEARS: i32 = 10;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Type)]
pub struct IcsHolidays {
    /// The closed dates, `YYYY-MM-DD`, sorted and without repeats.
    pub dates: Vec<String>,
    /// Events not taken: ones without a start, ones longer than 31 days, and recurring ones whose rule
    /// cannot be read.
    pub skipped: u32,
}

fn date_of(d: &DatePerhapsTime) -> NaiveDate {
    wall_clock(d).date()
}

/// The wall-clock start of a date or time (midnight for a date; a UTC time as UTC).
fn wall_clock(d: &DatePerhapsTime) -> NaiveDateTime {
    match d {
        DatePerhapsTime::Date(date) => date.and_time(chrono::NaiveTime::MIN),
        DatePerhapsTime::DateTime(CalendarDateTime::Floating(t)) => *t,
        DatePerhapsTime::DateTime(CalendarDateTime::Utc(t)) => t.naive_utc(),
        DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, .. }) => *date_time,
    }
}

/// The dates of a multi-property's values (`EXDATE;VALUE=DATE:20261225,20271225`; a time's date as written).
fn dates_of(event: &Event, key: &str) -> Vec<NaiveDate> {
    let values = event.multi_properties().get(key).into_iter().flatten().chain(event.properties().get(key));
    let parse = |v: &str| NaiveDate::parse_from_str(v.get(..8)?, "%Y%m%d").ok();
    values.flat_map(|p| p.value().split(',').filter_map(parse).collect::<Vec<_>>()).collect()
}

/// The years recurring events are expanded for, as of `now`.
fn window(now: Millis) -> (NaiveDate, NaiveDate) {
    let year = chrono::DateTime::from_timestamp_millis(now).map_or(2000, |t| t.year());
    let first = NaiveDate::from_ymd_opt(year - RECURRENCE_YEARS, 1, 1).unwrap_or(NaiveDate::MIN);
    (first, NaiveDate::from_ymd_opt(year + RECURRENCE_YEARS, 12, 31).unwrap_or(NaiveDate::MAX))
}

/// Reads the holidays of an ICS text, expanding recurring events for the years around `now`. A text that is
/// not iCalendar is an `invalid_value` error on `file`.
pub fn holidays_from_ics(text: &str, now: Millis) -> AppResult<IcsHolidays> {
    let calendar: Calendar = text
        .parse()
        .map_err(|e: String| AppError::field(ErrorCode::InvalidValue, "file", format!("not an ICS calendar: {e}")))?;
    let events: Vec<&Event> = calendar
        .components
        .iter()
        .filter_map(|c| if let CalendarComponent::Event(e) = c { Some(e) } else { None })
        .collect();
    // Occurrences replaced by an event of their own (it closes its own dates, or none when cancelled).
    let moved: HashSet<(&str, NaiveDate)> =
        events.iter().filter_map(|e| Some((e.get_uid()?, date_of(&e.get_recurrence_id()?)))).collect();
    let window = window(now);
    let mut dates = BTreeSet::new();
    let mut skipped = 0;
    for event in events {
        if event.property_value("STATUS").is_some_and(|s| s.eq_ignore_ascii_case("CANCELLED")) {
            continue;
        }
        let Some(start) = event.get_start() else {
            skipped += 1;
            continue;
        };
        let first = date_of(&start);
        // All-day events end on the day after their last date; an event with times ends on its last date.
        let last = match (&start, event.get_end()) {
            (DatePerhapsTime::Date(_), Some(end @ DatePerhapsTime::Date(_))) => {
                date_of(&end).checked_sub_days(Days::new(1)).unwrap_or(first)
            }
            (_, Some(end)) => date_of(&end),
            (_, None) => first,
        };
        let span = (last.max(first) - first).num_days() as u64;
        if span >= MAX_EVENT_DAYS {
            skipped += 1;
            continue;
        }
        let starts = match event.property_value("RRULE") {
            None => vec![first],
            Some(rule) => {
                let zone = match &start {
                    DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { tzid, .. }) => Some(tzid.as_str()),
                    _ => None,
                };
                let all_day = matches!(start, DatePerhapsTime::Date(_));
                let Some(mut starts) = recurrence::occurrences(wall_clock(&start), rule, all_day, zone, window) else {
                    skipped += 1;
                    continue;
                };
                let (excluded, uid) = (dates_of(event, "EXDATE"), event.get_uid().unwrap_or_default());
                starts.retain(|d| !excluded.contains(d) && !moved.contains(&(uid, *d)));
                starts.extend(dates_of(event, "RDATE").into_iter().filter(|d| (window.0..=window.1).contains(d)));
                starts
            }
        };
        for day in starts {
            let days = day.iter_days().take(span as usize + 1);
            dates.extend(days.map(|d| d.format("%Y-%m-%d").to_string()));
        }
    }
    Ok(IcsHolidays { dates: dates.into_iter().collect(), skipped })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FEED: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Holidays//EN\r\n\
        BEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:Eerste Kerstdag\r\n\
        DTSTART;VALUE=DATE:20261225\r\nDTEND;VALUE=DATE:20261227\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:2\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:Koningsdag with a long summary that is\r\n  folded\r\n\
        DTSTART;VALUE=DATE:20270427\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:3\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:Company outing\r\n\
        DTSTART;TZID=Europe/Amsterdam:20260612T090000\r\nDTEND;TZID=Europe/Amsterdam:20260612T170000\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:4\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:Nieuwjaarsdag\r\n\
        DTSTART;VALUE=DATE:20260101\r\nRRULE:FREQ=YEARLY\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:5\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:Duplicate of Christmas\r\n\
        DTSTART;VALUE=DATE:20261225\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:6\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:School year\r\n\
        DTSTART;VALUE=DATE:20260901\r\nDTEND;VALUE=DATE:20270701\r\nEND:VEVENT\r\n\
        END:VCALENDAR\r\n";

    /// 2026-12-07T12:00Z: recurring events are expanded from 2016 to 2036.
    const NOW: Millis = 1_796_644_800_000;

    fn years(dates: &[String], suffix: &str) -> Vec<String> {
        dates.iter().filter(|d| d.ends_with(suffix)).cloned().collect()
    }

    #[test]
    fn all_day_ranges_timed_events_and_repeats_become_sorted_dates() {
        let h = holidays_from_ics(FEED, NOW).unwrap();
        let new_year: Vec<String> = (2026..=2036).map(|y| format!("{y}-01-01")).collect();
        assert_eq!(years(&h.dates, "-01-01"), new_year, "the yearly rule, up to ten years after now");
        let once: Vec<&String> = h.dates.iter().filter(|d| !d.ends_with("-01-01")).collect();
        assert_eq!(once, ["2026-06-12", "2026-12-25", "2026-12-26", "2027-04-27"]);
        assert_eq!(h.skipped, 1, "the school year");
    }

    /// An Outlook export: a yearly holiday with one occurrence moved (RECURRENCE-ID), a two-day yearly
    /// closure with UNTIL as Outlook writes it (UTC midnight in Amsterdam) and an EXDATE, a monthly rule on the
    /// first Monday with COUNT in a Windows time zone, a daily run, a fortnightly rule with a list EXDATE, a
    /// rule that cannot be read and a cancelled event.
    #[test]
    fn an_outlook_export_with_rules_and_exceptions() {
        let text = include_str!("../../../../tests/fixtures/sla/outlook-closures.ics");
        let h = holidays_from_ics(text, NOW).unwrap();
        let mut kings_day = vec!["2025-04-26".to_owned()];
        kings_day.extend((2026..=2036).map(|y| format!("{y}-04-27")));
        assert_eq!(h.dates.iter().filter(|d| d.contains("-04-2")).cloned().collect::<Vec<_>>(), kings_day);
        let christmas: Vec<&String> = h.dates.iter().filter(|d| d.contains("-12-2")).collect();
        assert_eq!(christmas, ["2025-12-25", "2025-12-26", "2026-12-25", "2026-12-26", "2028-12-25", "2028-12-26"]);
        let rest: Vec<&String> = h.dates.iter().filter(|d| !d.contains("-04-2") && !d.contains("-12-2")).collect();
        assert_eq!(
            rest,
            [
                "2026-01-05",
                "2026-02-02",
                "2026-03-02", // first Mondays, COUNT=3
                "2026-05-27",
                "2026-05-28",
                "2026-07-08",
                "2026-07-09", // fortnightly, two EXDATEs, UNTIL
                "2026-07-27",
                "2026-07-28",
                "2026-07-29",
                "2026-07-30",
                "2026-07-31", // daily, COUNT=5
            ]
        );
        assert_eq!(h.skipped, 1, "the rule with BYMONTH=13");
    }

    #[test]
    fn the_years_follow_now() {
        let in_1990 = holidays_from_ics(FEED, 631_152_000_000).unwrap();
        assert!(in_1990.dates.iter().all(|d| !d.ends_with("-01-01")), "{:?}", in_1990.dates);
        let in_2040 = holidays_from_ics(FEED, 2_208_988_800_000).unwrap();
        assert_eq!(years(&in_2040.dates, "-01-01").last().map(String::as_str), Some("2050-01-01"));
    }

    #[test]
    fn text_that_is_not_a_calendar_is_a_field_error() {
        let e = holidays_from_ics("name,date\nXmas,2026-12-25\n", NOW).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidValue, Some("file")));
    }
}

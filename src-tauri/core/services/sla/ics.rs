//! Closed dates for a business-hours calendar from an ICS file (a holiday feed exported from a calendar app
//! or published by a government). Each event is one or more whole days: an all-day event covers its start
//! date up to, not including, its end date (RFC 5545); an event with times covers its start's date. A
//! recurring event (RRULE) is not expanded: it is counted as skipped so the caller can say so, because a
//! holiday feed lists each year's dates and a yearly rule would need a horizon to be turned into dates.

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};
use icalendar::{Calendar, CalendarComponent, CalendarDateTime, Component, DatePerhapsTime};
use serde::Serialize;
use specta::Type;

use crate::error::{AppError, AppResult, ErrorCode};

/// The longest single event taken as holidays; longer ones are almost surely not closures (a year-long
/// "school year" event) and are skipped.
const MAX_EVENT_DAYS: u64 = 31;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Type)]
pub struct IcsHolidays {
    /// The closed dates, `YYYY-MM-DD`, sorted and without repeats.
    pub dates: Vec<String>,
    /// Events not taken: recurring ones, ones without a start, and ones longer than 31 days.
    pub skipped: u32,
}

fn date_of(d: &DatePerhapsTime) -> NaiveDate {
    match d {
        DatePerhapsTime::Date(date) => *date,
        DatePerhapsTime::DateTime(CalendarDateTime::Floating(t)) => t.date(),
        DatePerhapsTime::DateTime(CalendarDateTime::Utc(t)) => t.date_naive(),
        DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, .. }) => date_time.date(),
    }
}

/// Reads the holidays of an ICS text. A text that is not iCalendar is an `invalid_value` error on `file`.
pub fn holidays_from_ics(text: &str) -> AppResult<IcsHolidays> {
    let calendar: Calendar = text
        .parse()
        .map_err(|e: String| AppError::field(ErrorCode::InvalidValue, "file", format!("not an ICS calendar: {e}")))?;
    let mut dates = BTreeSet::new();
    let mut skipped = 0;
    for component in &calendar.components {
        let CalendarComponent::Event(event) = component else { continue };
        let Some(start) = event.get_start() else {
            skipped += 1;
            continue;
        };
        if event.property_value("RRULE").is_some() {
            skipped += 1;
            continue;
        }
        let first = date_of(&start);
        // All-day events end on the day after their last date; an event with times ends on its last date.
        let last = match (&start, event.get_end()) {
            (DatePerhapsTime::Date(_), Some(end @ DatePerhapsTime::Date(_))) => {
                date_of(&end).checked_sub_days(Days::new(1)).unwrap_or(first)
            }
            (_, Some(end)) => date_of(&end),
            (_, None) => first,
        };
        let last = last.max(first);
        if (last - first).num_days() as u64 >= MAX_EVENT_DAYS {
            skipped += 1;
            continue;
        }
        dates.extend(first.iter_days().take_while(|d| *d <= last).map(|d| d.format("%Y-%m-%d").to_string()));
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

    #[test]
    fn all_day_ranges_timed_events_and_repeats_become_sorted_dates() {
        let h = holidays_from_ics(FEED).unwrap();
        assert_eq!(h.dates, ["2026-06-12", "2026-12-25", "2026-12-26", "2027-04-27"]);
        assert_eq!(h.skipped, 2, "the yearly rule and the school year");
    }

    #[test]
    fn text_that_is_not_a_calendar_is_a_field_error() {
        let e = holidays_from_ics("name,date\nXmas,2026-12-25\n").unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidValue, Some("file")));
    }
}

//! When an order was placed: text as typed or exported, read in a time zone when it carries no offset.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

/// How a date written with slashes or dots and the year last is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayOrder {
    DayFirst,
    MonthFirst,
}

/// A moment as (unix seconds, local `YYYY-MM-DD` in `zone`). Accepts RFC 3339 (its own offset),
/// `YYYY-MM-DD[ HH:MM[:SS]]` (also with `T`), and `D/M/YYYY H:MM` or `M/D/YYYY H:MM` (slashes, dots or dashes,
/// by `order`) read in `zone`. A local time that a clock change skips is read an hour later.
pub fn moment(s: &str, zone: Tz, order: DayOrder) -> Option<(i64, String)> {
    let s = s.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        let local = dt.with_timezone(&zone);
        return Some((dt.timestamp(), local.format("%Y-%m-%d").to_string()));
    }
    let naive = naive(s, order)?;
    let local = zone
        .from_local_datetime(&naive)
        .earliest()
        .or_else(|| zone.from_local_datetime(&(naive + chrono::Duration::hours(1))).earliest())?;
    Some((local.timestamp(), naive.date().format("%Y-%m-%d").to_string()))
}

fn naive(s: &str, order: DayOrder) -> Option<NaiveDateTime> {
    let (day, time) = match s.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t.trim())),
        None => (s, None),
    };
    let time = match time {
        None | Some("") => NaiveTime::MIN,
        Some(t) => NaiveTime::parse_from_str(t, "%H:%M:%S")
            .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M"))
            .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M:%S%.f"))
            .ok()?,
    };
    Some(date(day, order)?.and_time(time))
}

/// The three numbers of a date, year first or last.
fn date(s: &str, order: DayOrder) -> Option<NaiveDate> {
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    let [a, b, c] = parts.as_slice() else { return None };
    let num = |p: &str| p.parse::<u32>().ok().filter(|_| !p.is_empty() && p.len() <= 4);
    let (x, y, z) = (num(a)?, num(b)?, num(c)?);
    if a.len() == 4 {
        return NaiveDate::from_ymd_opt(x as i32, y, z);
    }
    let year = match z {
        0..=99 => 2000 + z as i32,
        1000..=9999 => z as i32,
        _ => return None,
    };
    match order {
        DayOrder::DayFirst => NaiveDate::from_ymd_opt(year, y, x),
        DayOrder::MonthFirst => NaiveDate::from_ymd_opt(year, x, y),
    }
}

/// What a date cell says about the file's day order: `Some` when only one order reads it (a number above
/// 12 in the first or second place), `None` when both or neither do.
pub fn tells_order(s: &str) -> Option<DayOrder> {
    let [a, b] = first_two(s)?;
    if a.len() == 4 {
        return None;
    }
    match (a.parse::<u32>().ok()?, b.parse::<u32>().ok()?) {
        (x, y) if x > 12 && y <= 12 => Some(DayOrder::DayFirst),
        (x, y) if y > 12 && x <= 12 => Some(DayOrder::MonthFirst),
        _ => None,
    }
}

/// Whether a date cell is written year first (`2011-12-09 12:50`, ISO): a file that writes its dates so has
/// no day order to find.
pub fn year_first(s: &str) -> bool {
    first_two(s).is_some_and(|[a, _]| a.len() == 4)
}

/// The first two of a date's three numbers, as written.
fn first_two(s: &str) -> Option<[&str; 2]> {
    let day = s.trim().split(['T', ' ']).next()?;
    let mut parts = day.split(['/', '.', '-']);
    let (a, b) = (parts.next()?, parts.next()?);
    (parts.next().is_some() && parts.next().is_none()).then_some([a, b])
}

/// A unix moment with its local date in `zone`.
pub fn at(secs: i64, zone: Tz) -> (i64, String) {
    let utc = DateTime::from_timestamp(secs, 0).unwrap_or_default();
    (secs, utc.with_timezone(&zone).format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_tells_the_day_order_only_when_one_order_reads_it() {
        assert_eq!(tells_order("12/13/2010 08:26"), Some(DayOrder::MonthFirst));
        assert_eq!(tells_order("25.04.2025"), Some(DayOrder::DayFirst));
        assert_eq!(tells_order("01/02/2011"), None);
        assert_eq!(tells_order("2011-12-13"), None);
        assert_eq!(tells_order("13/12"), None);
        assert_eq!(tells_order("13/12/2011/1"), None);
        assert!(year_first("2011-12-09 12:50:00"));
        assert!(year_first("2011-12-09T12:50:00+01:00"));
        assert!(!year_first("09-12-2011"));
        assert!(!year_first("2011"));
    }
}

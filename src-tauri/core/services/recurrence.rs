//! The RRULE subset a CRM needs: FREQ=DAILY|WEEKLY|MONTHLY, INTERVAL, BYDAY (weekly), BYMONTHDAY (monthly),
//! UNTIL and COUNT. Occurrences are computed on the local wall clock of an IANA zone, so a weekly 09:00 call
//! stays at 09:00 local across DST changes; only turning a wall-clock time into an instant consults the zone.
//!
//! A series is evaluated one step at a time from the current occurrence's intended local time (not from its
//! instant: a time moved out of a DST gap must not shift the rest of the series). COUNT is the caller's job,
//! because only the caller knows how many occurrences a series has had (`Rule::count`).

use std::fmt;

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc, Weekday};
use chrono_tz::Tz;

use crate::domain::{RepeatDay, RepeatFreq, RepeatRule};
use crate::error::{AppError, AppResult, ErrorCode};

const FIELD: &str = "repeat";
/// Bounds that keep every computation small and far from chrono's date limits.
pub const MAX_INTERVAL: u32 = 1000;
pub const MAX_COUNT: u32 = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freq {
    Daily,
    Weekly,
    Monthly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Until {
    /// Inclusive last local date (`UNTIL=20251231`).
    Date(NaiveDate),
    /// Inclusive last local wall-clock time (`UNTIL=20251231T090000`).
    Local(NaiveDateTime),
    /// Inclusive last instant (`UNTIL=20251231T080000Z`).
    Instant(DateTime<Utc>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub freq: Freq,
    pub interval: u32,
    /// Weekly only; sorted Monday first, no duplicates. Empty means the series start's weekday.
    pub by_day: Vec<Weekday>,
    /// Monthly only, 1..=31. In a shorter month the occurrence falls on the month's last day (the 31st becomes
    /// April 30th, February 28th or 29th); the series keeps the 31st for later months.
    pub by_month_day: Option<u32>,
    pub until: Option<Until>,
    pub count: Option<u32>,
}

fn bad(message: impl Into<String>) -> AppError {
    AppError::field(ErrorCode::InvalidValue, FIELD, message)
}

fn number(key: &str, value: &str, min: u32, max: u32) -> AppResult<u32> {
    match value.parse::<u32>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(bad(format!("{key} must be a whole number from {min} to {max}"))),
    }
}

fn weekday(code: &str) -> AppResult<Weekday> {
    Ok(match code {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return Err(bad(format!("BYDAY takes MO, TU, WE, TH, FR, SA or SU, not {code:?}"))),
    })
}

fn weekday_code(d: Weekday) -> &'static str {
    ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][d.num_days_from_monday() as usize]
}

fn until(value: &str) -> AppResult<Until> {
    let err = || bad("UNTIL must be a date (20251231) or a date-time (20251231T090000 or 20251231T080000Z)");
    if let Some(utc) = value.strip_suffix('Z') {
        let t = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").map_err(|_| err())?;
        Ok(Until::Instant(t.and_utc()))
    } else if value.len() == 8 {
        NaiveDate::parse_from_str(value, "%Y%m%d").map(Until::Date).map_err(|_| err())
    } else {
        NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").map(Until::Local).map_err(|_| err())
    }
}

impl Rule {
    /// Parses `FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH` (an optional `RRULE:` prefix and any letter case are fine).
    /// Anything outside the subset is refused rather than silently ignored.
    pub fn parse(text: &str) -> AppResult<Rule> {
        let upper = text.trim().to_ascii_uppercase();
        let body = upper.strip_prefix("RRULE:").unwrap_or(&upper);
        let (mut freq, mut interval, mut by_day, mut by_month_day, mut until_v, mut count) =
            (None, None, None, None, None, None);
        for part in body.split(';').filter(|p| !p.trim().is_empty()) {
            let Some((key, value)) = part.split_once('=') else {
                return Err(bad(format!("{part:?} is not KEY=VALUE")));
            };
            let (key, value) = (key.trim(), value.trim());
            let dup = match key {
                "FREQ" => freq
                    .replace(match value {
                        "DAILY" => Freq::Daily,
                        "WEEKLY" => Freq::Weekly,
                        "MONTHLY" => Freq::Monthly,
                        _ => return Err(bad("FREQ must be DAILY, WEEKLY or MONTHLY")),
                    })
                    .is_some(),
                "INTERVAL" => interval.replace(number(key, value, 1, MAX_INTERVAL)?).is_some(),
                "COUNT" => count.replace(number(key, value, 1, MAX_COUNT)?).is_some(),
                "BYMONTHDAY" => by_month_day.replace(number(key, value, 1, 31)?).is_some(),
                "UNTIL" => until_v.replace(until(value)?).is_some(),
                "BYDAY" => {
                    let mut days = value.split(',').map(|d| weekday(d.trim())).collect::<AppResult<Vec<_>>>()?;
                    days.sort_by_key(|d| d.num_days_from_monday());
                    days.dedup();
                    by_day.replace(days).is_some()
                }
                _ => return Err(bad(format!("{key} is not supported"))),
            };
            if dup {
                return Err(bad(format!("{key} is given twice")));
            }
        }
        let freq = freq.ok_or_else(|| bad("FREQ is required"))?;
        if by_day.is_some() && freq != Freq::Weekly {
            return Err(bad("BYDAY needs FREQ=WEEKLY"));
        }
        if by_month_day.is_some() && freq != Freq::Monthly {
            return Err(bad("BYMONTHDAY needs FREQ=MONTHLY"));
        }
        if until_v.is_some() && count.is_some() {
            return Err(bad("use UNTIL or COUNT, not both"));
        }
        Ok(Rule {
            freq,
            interval: interval.unwrap_or(1),
            by_day: by_day.unwrap_or_default(),
            by_month_day,
            until: until_v,
            count,
        })
    }

    /// Makes the series start's implicit parts explicit (its weekday, its day of the month), so the series
    /// never drifts: without this, a monthly series starting on the 31st would continue from February 28th
    /// on the 28th. Stored rules are anchored.
    pub fn anchored(mut self, start: NaiveDateTime) -> Rule {
        match self.freq {
            Freq::Weekly if self.by_day.is_empty() => self.by_day = vec![start.weekday()],
            Freq::Monthly if self.by_month_day.is_none() => self.by_month_day = Some(start.day()),
            _ => {}
        }
        self
    }

    /// The rule's parts for the UI, unless its UNTIL has a time (the picker offers a last date only).
    pub fn parts(&self) -> Option<RepeatRule> {
        let until = match self.until {
            None => None,
            Some(Until::Date(d)) => Some(d.format("%Y-%m-%d").to_string()),
            Some(Until::Local(_) | Until::Instant(_)) => return None,
        };
        Some(RepeatRule {
            freq: match self.freq {
                Freq::Daily => RepeatFreq::Daily,
                Freq::Weekly => RepeatFreq::Weekly,
                Freq::Monthly => RepeatFreq::Monthly,
            },
            interval: self.interval,
            by_day: self.by_day.iter().map(|d| RepeatDay::ALL[d.num_days_from_monday() as usize]).collect(),
            by_month_day: self.by_month_day,
            until,
            count: self.count,
        })
    }

    /// The next occurrence's local wall-clock time strictly after `current` (the current occurrence's
    /// intended local time, or the series start), or None once UNTIL has passed.
    pub fn next_local(&self, current: NaiveDateTime, tz: Tz) -> Option<NaiveDateTime> {
        let next = match self.freq {
            Freq::Daily => current.checked_add_signed(Duration::days(i64::from(self.interval)))?,
            Freq::Weekly => self.next_weekly(current)?,
            Freq::Monthly => self.next_monthly(current)?,
        };
        let within = match self.until {
            None => true,
            Some(Until::Date(d)) => next.date() <= d,
            Some(Until::Local(t)) => next <= t,
            Some(Until::Instant(t)) => resolve(next, tz) <= t,
        };
        within.then_some(next)
    }

    /// The next occurrence as an instant (see `next_local` and `resolve`).
    pub fn next_after(&self, current: NaiveDateTime, tz: Tz) -> Option<DateTime<Utc>> {
        self.next_local(current, tz).map(|t| resolve(t, tz))
    }

    fn next_weekly(&self, current: NaiveDateTime) -> Option<NaiveDateTime> {
        let days = &self.by_day;
        let today = current.weekday().num_days_from_monday();
        let wanted = |d: &Weekday| d.num_days_from_monday();
        // A later listed day in the current week comes first; otherwise the first listed day of the week
        // INTERVAL weeks on (weeks start on Monday, the RFC's default WKST).
        let offset = match days.iter().map(wanted).find(|&d| d > today) {
            Some(d) => i64::from(d - today),
            None => {
                let first = days.first().map_or(today, wanted);
                7 * i64::from(self.interval) - i64::from(today) + i64::from(first)
            }
        };
        current.checked_add_signed(Duration::days(offset))
    }

    fn next_monthly(&self, current: NaiveDateTime) -> Option<NaiveDateTime> {
        let wanted = self.by_month_day.unwrap_or(current.day());
        let on = |year: i32, month: u32| {
            let day = wanted.min(days_in_month(year, month)?);
            NaiveDate::from_ymd_opt(year, month, day).map(|d| d.and_time(current.time()))
        };
        // A series that starts before its day of the month has its first repeat in the same month.
        if let Some(same) = on(current.year(), current.month()).filter(|t| *t > current) {
            return Some(same);
        }
        let index = i64::from(current.year()) * 12 + i64::from(current.month0()) + i64::from(self.interval);
        on(i32::try_from(index.div_euclid(12)).ok()?, u32::try_from(index.rem_euclid(12)).ok()? + 1)
    }
}

fn days_in_month(year: i32, month: u32) -> Option<u32> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1)? } else { first.with_month(month + 1)? };
    u32::try_from((next - first).num_days()).ok()
}

/// The instant of a local wall-clock time. A time that occurs twice (the fall-back hour) takes the earlier
/// instant; a time that does not occur (the spring-forward gap) moves forward to the first valid instant,
/// the moment the gap ends (02:30 on the last Sunday of March in Amsterdam becomes 03:00 CEST).
pub fn resolve(local: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(a, b) => a.min(b).with_timezone(&Utc),
        LocalResult::None => {
            // Gaps end on a whole minute; the longest on record (Samoa, 2011) skipped one whole day.
            let start = local.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(local);
            (1..=2 * 24 * 60)
                .map(|m| start + Duration::minutes(m))
                .find_map(|t| tz.from_local_datetime(&t).earliest())
                .map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc))
        }
    }
}

/// A stored rule's parts for the UI (see `Rule::parts`); None for no rule or one the picker cannot show.
pub fn read(text: Option<&str>) -> Option<RepeatRule> {
    text.and_then(|t| Rule::parse(t).ok()).and_then(|r| r.parts())
}

/// Parses an IANA zone name (`Europe/Amsterdam`); `field` names the input field in the error.
pub fn time_zone(field: &str, name: &str) -> AppResult<Tz> {
    name.trim()
        .parse::<Tz>()
        .map_err(|_| AppError::field(ErrorCode::InvalidValue, field, format!("{name:?} is not a known IANA time zone")))
}

/// The canonical text, as stored: `FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH`.
impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let freq = match self.freq {
            Freq::Daily => "DAILY",
            Freq::Weekly => "WEEKLY",
            Freq::Monthly => "MONTHLY",
        };
        write!(f, "FREQ={freq}")?;
        if self.interval != 1 {
            write!(f, ";INTERVAL={}", self.interval)?;
        }
        if !self.by_day.is_empty() {
            let days: Vec<_> = self.by_day.iter().map(|d| weekday_code(*d)).collect();
            write!(f, ";BYDAY={}", days.join(","))?;
        }
        if let Some(d) = self.by_month_day {
            write!(f, ";BYMONTHDAY={d}")?;
        }
        match self.until {
            Some(Until::Date(d)) => write!(f, ";UNTIL={}", d.format("%Y%m%d"))?,
            Some(Until::Local(t)) => write!(f, ";UNTIL={}", t.format("%Y%m%dT%H%M%S"))?,
            Some(Until::Instant(t)) => write!(f, ";UNTIL={}", t.format("%Y%m%dT%H%M%SZ"))?,
            None => {}
        }
        if let Some(c) = self.count {
            write!(f, ";COUNT={c}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
#[path = "recurrence_tests.rs"]
mod tests;

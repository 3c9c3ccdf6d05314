//! Business time on a calendar: an instant is business time when its wall-clock time in the calendar's zone
//! falls inside the opening hours of its local date, and that date is not a holiday. So an hour skipped by a
//! DST change is never business time, and an hour repeated by one counts twice, as it is lived. The clock is
//! walked in pieces of constant UTC offset (at most a day each), so each piece maps linearly to local time.

use std::collections::HashMap;
use std::collections::HashSet;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use chrono::{DateTime, Datelike, NaiveDate, Offset, TimeZone};
use chrono_tz::Tz;

use super::holidays::HolidaySet;
use super::index::Index;
use crate::clock::Millis;
use crate::domain::CalendarDef;
use crate::error::{AppError, AppResult, ErrorCode};

pub const MINUTE: i64 = 60_000;
const DAY: i64 = 86_400_000;
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/// How far ahead a due time is looked for (a calendar whose holidays close it for longer has none).
const HORIZON: i64 = 5 * 366 * DAY;

#[derive(Debug)]
pub struct BusinessCalendar {
    tz: Tz,
    /// Monday first: sorted, disjoint `[start, end)` in ms after local midnight.
    week: [Vec<(i64, i64)>; 7],
    holidays: HashSet<NaiveDate>,
    public: Option<HolidaySet>,
    /// The business intervals walked so far, for the arithmetic below (see `index`).
    index: Mutex<Index>,
}

impl Clone for BusinessCalendar {
    fn clone(&self) -> Self {
        BusinessCalendar {
            tz: self.tz,
            week: self.week.clone(),
            holidays: self.holidays.clone(),
            public: self.public,
            index: Mutex::new(self.index().clone()),
        }
    }
}

fn invalid(field: &str, message: String) -> AppError {
    AppError::field(ErrorCode::InvalidValue, field, message)
}

fn clock_time(field: &str, s: &str) -> AppResult<i64> {
    let bad = || invalid(field, format!("{s:?} is not a time as HH:MM"));
    let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
    let (h, m): (i64, i64) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if !(0..=24).contains(&h) || !(0..60).contains(&m) || (h == 24 && m != 0) {
        return Err(bad());
    }
    Ok((h * 60 + m) * MINUTE)
}

impl BusinessCalendar {
    pub fn compile(def: &CalendarDef) -> AppResult<BusinessCalendar> {
        let tz: Tz = def
            .timezone
            .trim()
            .parse()
            .map_err(|_| invalid("timezone", format!("{:?} is not an IANA time zone", def.timezone)))?;
        let mut week: [Vec<(i64, i64)>; 7] = Default::default();
        for (day, ranges) in &def.hours {
            let field = format!("hours.{day}");
            let i = WEEKDAYS
                .iter()
                .position(|d| d.eq_ignore_ascii_case(day.trim()))
                .ok_or_else(|| invalid("hours", format!("{day:?} is not a weekday (mon ... sun)")))?;
            for [from, to] in ranges {
                let (s, e) = (clock_time(&field, from)?, clock_time(&field, to)?);
                if s >= e {
                    return Err(invalid(&field, format!("{from}-{to} ends before it starts")));
                }
                week[i].push((s, e));
            }
            week[i].sort_unstable();
            if week[i].windows(2).any(|w| w[1].0 < w[0].1) {
                return Err(invalid(&field, format!("the hours of {day} overlap")));
            }
        }
        if week.iter().all(Vec::is_empty) {
            return Err(invalid("hours", "a calendar needs opening hours on at least one day".into()));
        }
        let holidays = def
            .holidays
            .iter()
            .map(|d| {
                NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
                    .map_err(|_| AppError::field(ErrorCode::InvalidDate, "holidays", format!("{d:?} is not a date")))
            })
            .collect::<AppResult<_>>()?;
        let public = def.public_holidays.as_deref().map(HolidaySet::parse).transpose()?;
        Ok(BusinessCalendar { tz, week, holidays, public, index: Mutex::default() })
    }

    /// `compile`, kept for the life of the process by definition: the business intervals indexed while one
    /// call reads tickets are there for the next. A changed definition is a different key.
    pub fn compiled(def: &CalendarDef) -> AppResult<Arc<BusinessCalendar>> {
        static COMPILED: LazyLock<Mutex<HashMap<String, Arc<BusinessCalendar>>>> = LazyLock::new(Mutex::default);
        let key = serde_json::to_string(def)?;
        if let Some(c) = COMPILED.lock().unwrap_or_else(PoisonError::into_inner).get(&key) {
            return Ok(Arc::clone(c));
        }
        let cal = Arc::new(BusinessCalendar::compile(def)?);
        let mut all = COMPILED.lock().unwrap_or_else(PoisonError::into_inner);
        if all.len() >= 32 {
            all.clear();
        }
        all.insert(key, Arc::clone(&cal));
        Ok(cal)
    }

    fn index(&self) -> std::sync::MutexGuard<'_, Index> {
        self.index.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The opening hours of a local date (none on a holiday or a closed weekday).
    pub fn hours_on(&self, date: NaiveDate) -> &[(i64, i64)] {
        if self.holidays.contains(&date) || self.public.is_some_and(|p| p.contains(date)) {
            return &[];
        }
        &self.week[date.weekday().num_days_from_monday() as usize]
    }

    /// The zone's UTC offset at an instant, in ms.
    pub fn offset(&self, t: Millis) -> i64 {
        DateTime::from_timestamp_millis(t)
            .map(|d| i64::from(self.tz.offset_from_utc_datetime(&d.naive_utc()).fix().local_minus_utc()) * 1000)
            .unwrap_or(0)
    }

    /// The end of the piece of constant offset that starts at `t`: at most a day long, ended early by an
    /// offset change (found by bisection to the millisecond) and by `limit`.
    fn piece_end(&self, t: Millis, limit: Millis) -> Millis {
        let end = limit.min(t + DAY);
        let o = self.offset(t);
        if self.offset(end - 1) == o {
            return end;
        }
        // offset(lo) == o, offset(hi) != o.
        let (mut lo, mut hi) = (t, end - 1);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.offset(mid) == o {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        hi
    }

    /// Calls `f(start, end)` with the business intervals inside `[a, b)`, in order, as UTC instants; stops
    /// when `f` returns false.
    pub(super) fn each_interval(&self, a: Millis, b: Millis, mut f: impl FnMut(Millis, Millis) -> bool) {
        let mut t = a;
        while t < b {
            let end = self.piece_end(t, b);
            let o = self.offset(t);
            let (ls, le) = (t + o, end + o);
            let mut day = ls.div_euclid(DAY);
            while day * DAY < le {
                let date = NaiveDate::from_num_days_from_ce_opt((day + 719_163).clamp(1, i32::MAX.into()) as i32);
                for &(s, e) in date.map(|d| self.hours_on(d)).unwrap_or(&[]) {
                    let (s, e) = ((day * DAY + s).max(ls), (day * DAY + e).min(le));
                    if s < e && !f(s - o, e - o) {
                        return;
                    }
                }
                day += 1;
            }
            t = end;
        }
    }

    /// Business time in `[a, b)`, in ms (0 when `b <= a`).
    pub fn business_ms(&self, a: Millis, b: Millis) -> i64 {
        if b <= a {
            return 0;
        }
        let mut index = self.index();
        if index.cover(self, a, b) {
            return index.total_at(b) - index.total_at(a);
        }
        drop(index);
        let mut total = 0;
        self.each_interval(a, b, |s, e| {
            total += e - s;
            true
        });
        total
    }

    /// The instant at which `ms` of business time have passed since `a`; None beyond about five years.
    pub fn add_business(&self, a: Millis, ms: i64) -> Option<Millis> {
        if ms <= 0 {
            return Some(a);
        }
        // Looked for in a reach that grows fourfold, so a short target does not index five years ahead.
        let mut reach = (ms.saturating_mul(4)).clamp(60 * DAY, HORIZON);
        let mut index = self.index();
        loop {
            let hi = a.saturating_add(reach);
            if !index.cover(self, a, hi) {
                drop(index);
                return self.walk_add(a, ms);
            }
            let total = index.total_at(a) + ms;
            if index.total_at(hi) >= total {
                return index.instant_at(total);
            }
            if reach >= HORIZON {
                return None;
            }
            reach = reach.saturating_mul(4).min(HORIZON);
        }
    }

    /// `add_business` by walking the calendar (for instants too far apart to index).
    fn walk_add(&self, a: Millis, ms: i64) -> Option<Millis> {
        let (mut left, mut found) = (ms, None);
        self.each_interval(a, a.saturating_add(HORIZON), |s, e| {
            if e - s >= left {
                found = Some(s + left);
                return false;
            }
            left -= e - s;
            true
        });
        found
    }
}

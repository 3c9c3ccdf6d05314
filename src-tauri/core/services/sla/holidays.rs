//! Built-in public holidays of NL, DE (nationwide and per state), DK and BE, computed for any year. No
//! maintained Rust crate covers these four countries with the German states, so the sets are data here:
//! fixed dates and offsets from Easter Sunday (the anonymous Gregorian computus), each with the years it
//! applies to. Only statutory days off are listed (no observances such as Carnival or Christmas Eve).

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::error::{AppError, AppResult, ErrorCode};

/// Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, Meeus/Jones/Butcher).
pub fn easter(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

#[derive(Debug, Clone, Copy)]
enum Rule {
    Fixed(u32, u32),
    /// Days after (or before, negative) Easter Sunday.
    Easter(i64),
    /// Buß- und Bettag: the Wednesday before 23 November.
    Repentance,
    /// Koningsdag: 27 April, or the 26th when the 27th is a Sunday.
    KingsDay,
    /// Bevrijdingsdag is a day off every fifth year (2025, 2030, ...).
    LiberationLustrum,
}

/// A holiday rule and the years (inclusive) it holds in.
#[derive(Debug, Clone, Copy)]
struct Day(Rule, i32, i32);

const ALWAYS: (i32, i32) = (i32::MIN, i32::MAX);
const fn d(rule: Rule) -> Day {
    Day(rule, ALWAYS.0, ALWAYS.1)
}
const fn since(rule: Rule, year: i32) -> Day {
    Day(rule, year, i32::MAX)
}

use Rule::{Easter, Fixed};

const NL: &[Day] = &[
    d(Fixed(1, 1)),
    d(Easter(0)),
    d(Easter(1)),
    d(Rule::KingsDay),
    d(Rule::LiberationLustrum),
    d(Easter(39)),
    d(Easter(49)),
    d(Easter(50)),
    d(Fixed(12, 25)),
    d(Fixed(12, 26)),
];
const DE: &[Day] = &[
    d(Fixed(1, 1)),
    d(Easter(-2)),
    d(Easter(1)),
    d(Fixed(5, 1)),
    d(Easter(39)),
    d(Easter(50)),
    d(Fixed(10, 3)),
    // Reformationstag 2017 (500 years) was a holiday in every state.
    Day(Fixed(10, 31), 2017, 2017),
    d(Fixed(12, 25)),
    d(Fixed(12, 26)),
];
const EPIPHANY: Day = d(Fixed(1, 6));
const CORPUS_CHRISTI: Day = d(Easter(60));
const ASSUMPTION: Day = d(Fixed(8, 15));
const ALL_SAINTS: Day = d(Fixed(11, 1));
const REFORMATION: Day = d(Fixed(10, 31));
const REFORMATION_2018: Day = since(Fixed(10, 31), 2018);

/// The German states by their ISO 3166-2 suffix, with their days on top of the nationwide ones.
const DE_STATES: &[(&str, &[Day])] = &[
    ("BW", &[EPIPHANY, CORPUS_CHRISTI, ALL_SAINTS]),
    ("BY", &[EPIPHANY, CORPUS_CHRISTI, ASSUMPTION, ALL_SAINTS]),
    ("BE", &[since(Fixed(3, 8), 2019)]),
    ("BB", &[d(Easter(0)), d(Easter(49)), REFORMATION]),
    ("HB", &[REFORMATION_2018]),
    ("HH", &[REFORMATION_2018]),
    ("HE", &[CORPUS_CHRISTI]),
    ("MV", &[REFORMATION, since(Fixed(3, 8), 2023)]),
    ("NI", &[REFORMATION_2018]),
    ("NW", &[CORPUS_CHRISTI, ALL_SAINTS]),
    ("RP", &[CORPUS_CHRISTI, ALL_SAINTS]),
    ("SL", &[CORPUS_CHRISTI, ASSUMPTION, ALL_SAINTS]),
    ("SN", &[REFORMATION, d(Rule::Repentance)]),
    ("ST", &[EPIPHANY, REFORMATION]),
    ("SH", &[REFORMATION_2018]),
    ("TH", &[REFORMATION, since(Fixed(9, 20), 2019)]),
];
const DK: &[Day] = &[
    d(Fixed(1, 1)),
    d(Easter(-3)),
    d(Easter(-2)),
    d(Easter(0)),
    d(Easter(1)),
    // Store bededag was abolished from 2024.
    Day(Easter(26), i32::MIN, 2023),
    d(Easter(39)),
    d(Easter(49)),
    d(Easter(50)),
    d(Fixed(12, 25)),
    d(Fixed(12, 26)),
];
const BE: &[Day] = &[
    d(Fixed(1, 1)),
    d(Easter(0)),
    d(Easter(1)),
    d(Fixed(5, 1)),
    d(Easter(39)),
    d(Easter(49)),
    d(Easter(50)),
    d(Fixed(7, 21)),
    ASSUMPTION,
    ALL_SAINTS,
    d(Fixed(11, 11)),
    d(Fixed(12, 25)),
];

/// Every set code `HolidaySet::parse` accepts, in the order a picker shows them: the countries, then each
/// German state as `DE-XX`.
pub fn set_codes() -> Vec<String> {
    let mut codes: Vec<String> = ["NL", "DE", "DK", "BE"].iter().map(|c| c.to_string()).collect();
    codes.extend(DE_STATES.iter().map(|(state, _)| format!("DE-{state}")));
    codes
}

/// A validated public-holiday set: a country's days plus a region's.
#[derive(Debug, Clone, Copy)]
pub struct HolidaySet {
    country: &'static [Day],
    region: &'static [Day],
}

impl HolidaySet {
    /// `NL`, `DE`, `DE-BY` (any German state), `DK` or `BE`, case-insensitive.
    pub fn parse(code: &str) -> AppResult<HolidaySet> {
        let code = code.trim().to_ascii_uppercase();
        let country = |c| Ok(HolidaySet { country: c, region: &[] });
        match code.as_str() {
            "NL" => country(NL),
            "DE" => country(DE),
            "DK" => country(DK),
            "BE" => country(BE),
            _ => match code.strip_prefix("DE-").and_then(|s| DE_STATES.iter().find(|(k, _)| *k == s)) {
                Some((_, region)) => Ok(HolidaySet { country: DE, region }),
                None => Err(AppError::field(
                    ErrorCode::InvalidValue,
                    "public_holidays",
                    format!("unknown public holiday set {code:?} (NL, DE, DE-BY and the other states, DK, BE)"),
                )),
            },
        }
    }

    /// The set's dates in a year, sorted.
    pub fn dates(&self, year: i32) -> Vec<NaiveDate> {
        let mut out: Vec<NaiveDate> = self
            .country
            .iter()
            .chain(self.region)
            .filter(|Day(_, from, to)| (*from..=*to).contains(&year))
            .filter_map(|Day(rule, _, _)| date_of(*rule, year))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        let year = date.year();
        self.country
            .iter()
            .chain(self.region)
            .any(|Day(rule, from, to)| (*from..=*to).contains(&year) && date_of(*rule, year) == Some(date))
    }
}

fn date_of(rule: Rule, year: i32) -> Option<NaiveDate> {
    match rule {
        Fixed(m, d) => NaiveDate::from_ymd_opt(year, m, d),
        Easter(days) => easter(year).and_then(|e| e.checked_add_signed(Duration::days(days))),
        Rule::Repentance => {
            let nov22 = NaiveDate::from_ymd_opt(year, 11, 22)?;
            let back = (nov22.weekday().num_days_from_monday() + 7 - Weekday::Wed.num_days_from_monday()) % 7;
            nov22.checked_sub_signed(Duration::days(i64::from(back)))
        }
        Rule::KingsDay => {
            let d = NaiveDate::from_ymd_opt(year, 4, 27)?;
            if d.weekday() == Weekday::Sun {
                d.pred_opt()
            } else {
                Some(d)
            }
        }
        Rule::LiberationLustrum => (year % 5 == 0).then(|| NaiveDate::from_ymd_opt(year, 5, 5)).flatten(),
    }
}

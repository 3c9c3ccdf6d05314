//! Business-hours arithmetic, the public holiday sets and the SLA clocks, without a store; and a property
//! test against a minute-by-minute reference over random calendars and events.

use chrono::{DateTime, NaiveDate, TimeZone};
use proptest::prelude::*;
use relata_core::clock::Millis;
use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::rng::Rng;
use relata_core::services::sla::calendar::BusinessCalendar;
use relata_core::services::sla::clock::{self, rfc3339};
use relata_core::services::sla::holidays::{easter, HolidaySet};

use super::support::{assert_err, DAY, HOUR, MINUTE};

pub fn t(s: &str) -> Millis {
    DateTime::parse_from_rfc3339(s).expect(s).timestamp_millis()
}

type Ranges<'a> = &'a [(&'a str, &'a str)];

pub fn def(tz: &str, days: &[&str], ranges: Ranges, holidays: &[&str], public: Option<&str>) -> CalendarDef {
    let hours = days
        .iter()
        .map(|d| (d.to_string(), ranges.iter().map(|(a, b)| [a.to_string(), b.to_string()]).collect()))
        .collect();
    CalendarDef {
        name: "Office".into(),
        timezone: tz.into(),
        hours,
        holidays: holidays.iter().map(|h| h.to_string()).collect(),
        public_holidays: public.map(str::to_owned),
    }
}

const WEEKDAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri"];
const LUNCH: Ranges = &[("09:00", "12:00"), ("13:00", "17:00")];

fn cal(tz: &str, ranges: Ranges, holidays: &[&str], public: Option<&str>) -> BusinessCalendar {
    BusinessCalendar::compile(&def(tz, WEEKDAYS, ranges, holidays, public)).unwrap()
}

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn easter_and_the_holiday_sets() {
    for (y, d) in
        [(1900, "1900-04-15"), (2024, "2024-03-31"), (2026, "2026-04-05"), (2285, "2285-03-22"), (2400, "2400-04-16")]
    {
        assert_eq!(easter(y), Some(date(d)), "{y}");
    }
    let by = HolidaySet::parse("de-by").unwrap();
    assert!(by.contains(date("2026-06-04")), "Fronleichnam in Bavaria");
    assert!(by.contains(date("2026-01-06")) && by.contains(date("2026-08-15")));
    assert!(!HolidaySet::parse("DE-BE").unwrap().contains(date("2026-06-04")), "not in Berlin");
    assert!(HolidaySet::parse("DE-BE").unwrap().contains(date("2026-03-08")), "Frauentag in Berlin");
    assert!(HolidaySet::parse("DE-SN").unwrap().contains(date("2026-11-18")), "Buß- und Bettag");
    assert!(HolidaySet::parse("DE").unwrap().contains(date("2026-04-03")), "Good Friday");
    let nl = HolidaySet::parse("NL").unwrap();
    assert!(nl.contains(date("2025-04-26")) && !nl.contains(date("2025-04-27")), "King's Day moves off a Sunday");
    assert!(nl.contains(date("2025-05-05")) && !nl.contains(date("2026-05-05")), "Liberation Day every fifth year");
    assert!(nl.contains(date("2026-05-14")), "Ascension");
    let dk = HolidaySet::parse("DK").unwrap();
    assert!(dk.contains(date("2023-05-05")) && !dk.contains(date("2024-04-26")), "Store bededag until 2023");
    assert!(dk.contains(date("2026-04-02")), "Maundy Thursday");
    let be = HolidaySet::parse("BE").unwrap();
    assert_eq!(be.dates(2026).len(), 12);
    assert!(be.contains(date("2026-07-21")) && be.contains(date("2026-11-11")));
    assert!(HolidaySet::parse("FR").is_err() && HolidaySet::parse("DE-XX").is_err());
}

#[test]
fn calendars_are_validated() {
    let bad =
        |d: CalendarDef, field: &str| assert_err(BusinessCalendar::compile(&d), ErrorCode::InvalidValue, Some(field));
    bad(def("Mars/Olympus", WEEKDAYS, LUNCH, &[], None), "timezone");
    bad(def("UTC", &["funday"], LUNCH, &[], None), "hours");
    bad(def("UTC", &["mon"], &[("17:00", "09:00")], &[], None), "hours.mon");
    bad(def("UTC", &["mon"], &[("09:00", "12:00"), ("11:00", "13:00")], &[], None), "hours.mon");
    bad(def("UTC", &["mon"], &[("25:00", "26:00")], &[], None), "hours.mon");
    bad(def("UTC", &[], LUNCH, &[], None), "hours");
    bad(def("UTC", WEEKDAYS, LUNCH, &[], Some("XX")), "public_holidays");
    assert_err(
        BusinessCalendar::compile(&def("UTC", WEEKDAYS, LUNCH, &["2026-13-01"], None)),
        ErrorCode::InvalidDate,
        Some("holidays"),
    );
    assert!(BusinessCalendar::compile(&def("UTC", &["sun"], &[("00:00", "24:00")], &[], None)).is_ok());
}

#[test]
fn dst_days_are_as_long_as_they_are_lived() {
    for tz in ["Europe/Amsterdam", "Europe/Copenhagen"] {
        let c = BusinessCalendar::compile(&def(tz, &["sun"], &[("00:00", "24:00")], &[], None)).unwrap();
        // Whole weekends around the changes: only the Sundays count.
        assert_eq!(c.business_ms(t("2026-03-27T00:00:00Z"), t("2026-03-31T00:00:00Z")), 23 * HOUR, "{tz} spring");
        assert_eq!(c.business_ms(t("2026-10-23T00:00:00Z"), t("2026-10-27T00:00:00Z")), 25 * HOUR, "{tz} autumn");
        // Office hours keep their wall-clock times across the change.
        let office = cal(tz, LUNCH, &[], None);
        // Friday 16:00 CET + 120 business minutes = Monday 10:00 CEST.
        assert_eq!(office.add_business(t("2026-03-27T15:00:00Z"), 120 * MINUTE), Some(t("2026-03-30T08:00:00Z")));
        // Friday 16:00 CEST + 120 = Monday 10:00 CET.
        assert_eq!(office.add_business(t("2026-10-23T14:00:00Z"), 120 * MINUTE), Some(t("2026-10-26T09:00:00Z")));
        assert_eq!(office.business_ms(t("2026-10-23T14:00:00Z"), t("2026-10-26T09:00:00Z")), 120 * MINUTE);
    }
}

#[test]
fn holidays_and_breaks_are_skipped() {
    let nl = cal("Europe/Amsterdam", LUNCH, &[], Some("NL"));
    // Thursday 24 December 16:00: an hour that day, Christmas on Friday, weekend, Monday 09:00 + 120.
    assert_eq!(nl.add_business(t("2026-12-24T15:00:00Z"), 180 * MINUTE), Some(t("2026-12-28T10:00:00Z")));
    // A date of the calendar's own.
    let own = cal("Europe/Amsterdam", LUNCH, &["2026-12-28"], Some("NL"));
    assert_eq!(own.add_business(t("2026-12-24T15:00:00Z"), 180 * MINUTE), Some(t("2026-12-29T10:00:00Z")));
    // 11:30 + 60 business minutes over the lunch break = 13:30.
    assert_eq!(nl.add_business(t("2026-06-01T09:30:00Z"), 60 * MINUTE), Some(t("2026-06-01T11:30:00Z")));
    assert_eq!(nl.business_ms(t("2026-06-01T09:30:00Z"), t("2026-06-01T11:30:00Z")), 60 * MINUTE);
    // Exactly at the end of the morning.
    assert_eq!(nl.add_business(t("2026-06-01T07:00:00Z"), 180 * MINUTE), Some(t("2026-06-01T10:00:00Z")));
    assert_eq!(nl.add_business(t("2026-06-01T07:00:00Z"), 0), Some(t("2026-06-01T07:00:00Z")));
    // A calendar closed for longer than the horizon has no due time.
    let closed = cal("UTC", LUNCH, &[], None);
    assert!(closed.add_business(0, 10_000 * 365 * DAY).is_none());
}

pub fn ev(kind: TicketEventKind, at: Millis, status: Option<TicketStatus>) -> TicketEvent {
    TicketEvent { id: 0, kind, at, author: None, status, body: None, assignee: None, rating: None, activity_id: None }
}

fn status(at: Millis, s: TicketStatus) -> TicketEvent {
    ev(TicketEventKind::Status, at, Some(s))
}

pub fn policy(first: u32, next: u32, resolution: u32) -> PolicyDef {
    let targets = SlaTargets { first_response: Some(first), next_reply: Some(next), resolution: Some(resolution) };
    PolicyDef {
        name: "Standard".into(),
        calendar: "Office".into(),
        when: None,
        targets: [(TicketPriority::Normal, targets)].into_iter().collect(),
        pause_statuses: vec![TicketStatus::Pending, TicketStatus::OnHold],
    }
}

#[test]
fn pause_and_resume_move_the_resolution_due_time() {
    let c = cal("Europe/Amsterdam", LUNCH, &[], Some("NL"));
    let p = policy(60, 60, 240);
    let opened = t("2026-06-01T07:00:00Z"); // Monday 09:00
    let events = [status(opened + HOUR, TicketStatus::Pending), status(opened + 5 * HOUR, TicketStatus::Open)];
    let now = opened + 6 * HOUR;
    let s = clock::compute(Some((&p, &c)), TicketPriority::Normal, opened, &events, now, 30);
    // 60 minutes before the pause, 180 after 14:00 (the break was inside the pause) = 17:00.
    assert_eq!(s.resolution_due.as_deref(), Some("2026-06-01T15:00:00Z"));
    assert_eq!(s.paused_minutes, 180);
    assert!(!s.paused && s.resolution_met.is_none());
    // First response was due at 10:00 and nobody replied: breached while running.
    assert_eq!(s.first_response_due.as_deref(), Some("2026-06-01T08:00:00Z"));
    assert_eq!(s.first_response_met, Some(false));
    assert!(s.breached);
    // While paused the running clocks have no due time.
    let paused = clock::compute(Some((&p, &c)), TicketPriority::Normal, opened, &events[..1], now, 30);
    assert!(paused.paused && paused.resolution_due.is_none() && paused.resolution_met.is_none());
    assert_eq!(paused.paused_minutes, 240);
}

#[test]
fn replies_stop_the_clocks_and_warn_before_a_breach() {
    let c = cal("Europe/Copenhagen", LUNCH, &[], Some("DK"));
    let p = policy(60, 120, 480);
    let opened = t("2026-06-01T07:00:00Z");
    let reply = ev(TicketEventKind::Reply, opened + 40 * MINUTE, None);
    let answer = ev(TicketEventKind::CustomerReply, opened + 2 * HOUR, None);
    let s =
        clock::compute(Some((&p, &c)), TicketPriority::Normal, opened, std::slice::from_ref(&reply), opened + HOUR, 30);
    assert_eq!((s.first_response_met, s.first_response_at.as_deref()), (Some(true), Some("2026-06-01T07:40:00Z")));
    assert!(s.next_reply_due.is_none() && !s.breaching_soon);
    // The customer answers at 11:00; the next reply is due at 14:00 (the break does not count).
    let events = [reply.clone(), answer.clone()];
    let s = clock::compute(Some((&p, &c)), TicketPriority::Normal, opened, &events, opened + 3 * HOUR, 30);
    assert_eq!(s.next_reply_due.as_deref(), Some("2026-06-01T12:00:00Z"));
    assert!(!s.breaching_soon && s.next_reply_met.is_none());
    // At 13:40 it is due within 30 business minutes.
    let s = clock::compute(Some((&p, &c)), TicketPriority::Normal, opened, &events, t("2026-06-01T11:40:00Z"), 30);
    assert!(s.breaching_soon && !s.breached);
    // Answered at 14:30: late.
    let late = [reply, answer, ev(TicketEventKind::Reply, t("2026-06-01T12:30:00Z"), None)];
    let s = clock::compute(Some((&p, &c)), TicketPriority::Normal, opened, &late, t("2026-06-01T13:00:00Z"), 30);
    assert_eq!((s.next_reply_met, s.next_reply_at.as_deref()), (Some(false), Some("2026-06-01T12:30:00Z")));
    assert!(s.breached && !s.breaching_soon);
    // Solved at 15:00: resolution met, 6 business hours after opening.
    let mut solved = late.to_vec();
    solved.push(status(t("2026-06-01T13:00:00Z"), TicketStatus::Solved));
    let s = clock::compute(Some((&p, &c)), TicketPriority::Normal, opened, &solved, t("2026-06-02T13:00:00Z"), 30);
    assert_eq!((s.resolution_met, s.resolved_at.as_deref()), (Some(true), Some("2026-06-01T13:00:00Z")));
    // Without a policy, or a target for the priority, there is no SLA.
    assert_eq!(clock::compute(None, TicketPriority::Normal, opened, &solved, opened, 30), SlaState::default());
    let s = clock::compute(Some((&p, &c)), TicketPriority::Urgent, opened, &solved, opened + HOUR, 30);
    assert_eq!(s.policy.as_deref(), Some("Standard"));
    assert!(s.first_response_due.is_none() && s.first_response_met.is_none());
}

// The property test: the calendar walk against a minute-by-minute reference.

const ZONES: &[&str] =
    &["Europe/Amsterdam", "Europe/Copenhagen", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"];
/// DST changes of 2026 in those zones, to start near.
pub const CHANGES: &[&str] = &["2026-03-08", "2026-03-29", "2026-04-05", "2026-10-04", "2026-10-25", "2026-11-01"];
const DAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn hhmm(m: u64) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// A random calendar: each day up to three disjoint ranges at random minutes, random holidays near `start`.
pub fn random_calendar(r: &mut Rng, start: NaiveDate) -> CalendarDef {
    let mut hours = std::collections::BTreeMap::new();
    for d in DAYS {
        let mut cuts: Vec<u64> = (0..r.below(4) * 2).map(|_| r.below(1441)).collect();
        cuts.sort_unstable();
        cuts.dedup();
        let ranges: Vec<[String; 2]> = cuts.chunks_exact(2).map(|c| [hhmm(c[0]), hhmm(c[1])]).collect();
        hours.insert(d.to_string(), ranges);
    }
    hours.insert("mon".into(), vec![["08:00".into(), "17:30".into()]]);
    let holidays = (0..r.below(4)).map(|_| (start + chrono::Duration::days(r.below(20) as i64)).to_string()).collect();
    let public = [None, Some("NL"), Some("DE-BY"), Some("DK"), Some("BE")][r.below(5) as usize].map(str::to_owned);
    CalendarDef {
        name: "R".into(),
        timezone: ZONES[r.below(ZONES.len() as u64) as usize].into(),
        hours,
        holidays,
        public_holidays: public,
    }
}

/// Whether the minute starting at `m` is business time, read from the wall clock directly.
fn reference_open(c: &BusinessCalendar, tz: chrono_tz::Tz, m: Millis) -> bool {
    let local = tz.timestamp_millis_opt(m).unwrap().naive_local();
    let since_midnight = (local - local.date().and_hms_opt(0, 0, 0).unwrap()).num_milliseconds();
    c.hours_on(local.date()).iter().any(|&(s, e)| s <= since_midnight && since_midnight < e)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn business_time_matches_a_minute_walk(seed in any::<u64>()) {
        let mut r = Rng::new(seed);
        let anchor = date(CHANGES[r.below(CHANGES.len() as u64) as usize]) - chrono::Duration::days(r.below(8) as i64);
        let d = random_calendar(&mut r, anchor);
        let c = BusinessCalendar::compile(&d).unwrap();
        let tz: chrono_tz::Tz = d.timezone.parse().unwrap();
        let a = anchor.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp_millis() + r.below(1440) as i64 * MINUTE;
        let len = r.below(10 * 1440) as i64;
        let open: Vec<bool> = (0..len).map(|i| reference_open(&c, tz, a + i * MINUTE)).collect();
        let total = open.iter().filter(|o| **o).count() as i64;
        prop_assert_eq!(c.business_ms(a, a + len * MINUTE), total * MINUTE);
        // Every k-th business minute ends where the walk says.
        let mut k = 0;
        for (i, o) in open.iter().enumerate() {
            if *o {
                k += 1;
                if k % 97 == 1 || k == total {
                    prop_assert_eq!(c.add_business(a, k * MINUTE), Some(a + (i as i64 + 1) * MINUTE));
                }
            }
        }
        // The resolution clock under random pauses against the same walk.
        let mut events = Vec::new();
        let mut at = a;
        for _ in 0..r.below(6) {
            at += r.below(3 * 1440) as i64 * MINUTE;
            let s = [TicketStatus::Open, TicketStatus::Pending, TicketStatus::OnHold][r.below(3) as usize];
            events.push(status(at, s));
        }
        let now = at + r.below(2 * 1440) as i64 * MINUTE;
        let target = 1 + r.below(900) as i64;
        let p = PolicyDef { calendar: "R".into(), ..policy(1, 1, target as u32) };
        let s = clock::compute(Some((&p, &c)), TicketPriority::Normal, a, &events, now, 30);
        let state_at = |m: Millis| events.iter().rev().find(|e| e.at <= m).and_then(|e| e.status).unwrap_or(TicketStatus::New);
        let paused = |m: Millis| matches!(state_at(m), TicketStatus::Pending | TicketStatus::OnHold);
        let (mut run, mut pause, mut due, mut m) = (0, 0, None, a);
        while m < now + 120 * DAY && due.is_none() {
            if m >= now && paused(now) {
                break;
            }
            if reference_open(&c, tz, m) {
                if !paused(m) {
                    run += 1;
                    if run == target {
                        due = Some(m + MINUTE);
                    }
                } else if m < now {
                    pause += 1;
                }
            }
            m += MINUTE;
        }
        if due.is_none() && !paused(now) {
            return Ok(()); // beyond the reference's horizon
        }
        if due.is_some_and(|d| d <= now) || !paused(now) {
            // count the rest of the paused minutes the loop did not reach
            while m < now {
                pause += i64::from(reference_open(&c, tz, m) && paused(m));
                m += MINUTE;
            }
            prop_assert_eq!(i64::from(s.paused_minutes), pause);
        }
        prop_assert_eq!(s.resolution_due, due.and_then(rfc3339));
        prop_assert_eq!(s.resolution_met, due.filter(|d| *d < now).map(|_| false));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// The calendar indexes the business intervals it walked; requests in random order over years grow that
    /// index backwards and forwards. Each answer must be the one a freshly compiled calendar gives (whose
    /// arithmetic the minute walk above checks).
    #[test]
    fn an_index_grown_in_any_order_answers_as_a_fresh_calendar(seed in any::<u64>()) {
        let mut r = Rng::new(seed);
        let anchor = date(CHANGES[r.below(CHANGES.len() as u64) as usize]);
        let d = random_calendar(&mut r, anchor);
        let warm = BusinessCalendar::compile(&d).unwrap();
        let base = anchor.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp_millis();
        for _ in 0..12 {
            let a = base + (r.below(6 * 365 * 1440) as i64 - 3 * 365 * 1440) * MINUTE;
            let b = a + r.below(400 * 1440) as i64 * MINUTE;
            let fresh = BusinessCalendar::compile(&d).unwrap();
            prop_assert_eq!(warm.business_ms(a, b), fresh.business_ms(a, b));
            let ms = (1 + r.below(3000)) as i64 * MINUTE;
            let fresh = BusinessCalendar::compile(&d).unwrap();
            prop_assert_eq!(warm.add_business(a, ms), fresh.add_business(a, ms));
        }
    }
}

use chrono::NaiveTime;

use super::*;
use crate::rng::Rng;

const AMS: Tz = chrono_tz::Europe::Amsterdam;
const CPH: Tz = chrono_tz::Europe::Copenhagen;

fn local(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect(s)
}

fn utc(s: &str) -> DateTime<Utc> {
    local(s).and_utc()
}

fn rule(s: &str) -> Rule {
    Rule::parse(s).unwrap_or_else(|e| panic!("{s}: {}", e.message))
}

/// The local times of the first `n` occurrences after `start` (COUNT is the caller's job, so not here).
fn series(r: &Rule, start: &str, n: usize, tz: Tz) -> Vec<NaiveDateTime> {
    std::iter::successors(Some(local(start)), |t| r.next_local(*t, tz)).skip(1).take(n).collect()
}

#[test]
fn parses_the_subset_into_a_canonical_text() {
    for (input, canonical) in [
        ("FREQ=DAILY", "FREQ=DAILY"),
        ("rrule:freq=weekly;byday=th,mo,th;interval=2", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH"),
        (" FREQ=MONTHLY; BYMONTHDAY=31 ;COUNT=3 ", "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3"),
        ("FREQ=DAILY;INTERVAL=1;UNTIL=20251231", "FREQ=DAILY;UNTIL=20251231"),
        ("FREQ=DAILY;UNTIL=20251231T090000", "FREQ=DAILY;UNTIL=20251231T090000"),
        ("FREQ=DAILY;UNTIL=20251231T080000Z", "FREQ=DAILY;UNTIL=20251231T080000Z"),
    ] {
        let r = rule(input);
        assert_eq!(r.to_string(), canonical, "{input}");
        assert_eq!(rule(canonical), r, "the canonical text parses back to the same rule");
    }
}

#[test]
fn anything_outside_the_subset_is_refused_on_the_repeat_field() {
    for bad in [
        "",
        "FREQ=YEARLY",
        "FREQ=HOURLY",
        "INTERVAL=2",
        "FREQ=DAILY;INTERVAL=0",
        "FREQ=DAILY;INTERVAL=-1",
        "FREQ=DAILY;INTERVAL=x",
        "FREQ=DAILY;COUNT=0",
        "FREQ=DAILY;BYDAY=MO",
        "FREQ=WEEKLY;BYDAY=1MO",
        "FREQ=WEEKLY;BYDAY=",
        "FREQ=WEEKLY;BYMONTHDAY=1",
        "FREQ=MONTHLY;BYMONTHDAY=32",
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        "FREQ=DAILY;UNTIL=2025-12-31",
        "FREQ=DAILY;UNTIL=20251331",
        "FREQ=DAILY;COUNT=2;UNTIL=20251231",
        "FREQ=DAILY;FREQ=WEEKLY",
        "FREQ=DAILY;BYSETPOS=1",
        "FREQ=DAILY;WKST",
        "FREQ=DAILY;ÜNTIL=1",
    ] {
        let e = Rule::parse(bad).expect_err(bad);
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidValue, Some("repeat")), "{bad}: {}", e.message);
    }
}

#[test]
fn a_weekly_call_stays_at_nine_local_across_both_dst_changes() {
    // Mondays at 09:00 around the last Sundays of March (30th) and October (26th) 2025.
    let r = rule("FREQ=WEEKLY;BYDAY=MO");
    for tz in [AMS, CPH] {
        let spring = series(&r, "2025-03-24 09:00", 1, tz)[0];
        assert_eq!(spring, local("2025-03-31 09:00"));
        assert_eq!(r.next_after(local("2025-03-24 09:00"), tz), Some(utc("2025-03-31 07:00")), "CEST is UTC+2");
        assert_eq!(resolve(local("2025-03-24 09:00"), tz), utc("2025-03-24 08:00"), "CET is UTC+1");
        assert_eq!(r.next_after(local("2025-10-20 09:00"), tz), Some(utc("2025-10-27 08:00")));
        assert_eq!(resolve(local("2025-10-20 09:00"), tz), utc("2025-10-20 07:00"));
    }
    // A Sunday call on the change days themselves.
    let sunday = rule("FREQ=WEEKLY;BYDAY=SU");
    assert_eq!(sunday.next_after(local("2025-03-23 09:00"), CPH), Some(utc("2025-03-30 07:00")));
    assert_eq!(sunday.next_after(local("2025-10-19 09:00"), CPH), Some(utc("2025-10-26 08:00")));
}

#[test]
fn a_time_in_the_spring_gap_moves_to_the_gap_end_without_shifting_the_series() {
    let r = rule("FREQ=DAILY");
    let times: Vec<_> = series(&r, "2025-03-29 02:30", 2, AMS).into_iter().map(|t| resolve(t, AMS)).collect();
    // 02:30 on March 30th does not exist: 03:00 CEST (01:00Z) is the first valid instant. The day after is
    // back at 02:30 local (00:30Z), not at the moved 03:00.
    assert_eq!(times, vec![utc("2025-03-30 01:00"), utc("2025-03-31 00:30")]);
    assert_eq!(resolve(local("2025-03-30 02:00"), AMS), utc("2025-03-30 01:00"));
    assert_eq!(resolve(local("2025-03-30 01:59"), AMS), utc("2025-03-30 00:59"));
}

#[test]
fn a_time_in_the_autumn_overlap_takes_the_earlier_instant() {
    // 02:30 on October 26th happens twice: first in CEST (00:30Z), then in CET (01:30Z).
    assert_eq!(resolve(local("2025-10-26 02:30"), AMS), utc("2025-10-26 00:30"));
    assert_eq!(rule("FREQ=DAILY").next_after(local("2025-10-25 02:30"), CPH), Some(utc("2025-10-26 00:30")));
}

#[test]
fn weekly_with_interval_and_several_days() {
    let r = rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH,MO");
    // 2025-03-10 is a Monday.
    let got = series(&r, "2025-03-10 10:00", 5, Tz::UTC);
    let want = ["2025-03-13 10:00", "2025-03-24 10:00", "2025-03-27 10:00", "2025-04-07 10:00", "2025-04-10 10:00"];
    assert_eq!(got, want.map(local).to_vec());
    // A start on a day that is not listed (a Wednesday) continues with the next listed day that week.
    assert_eq!(series(&r, "2025-03-12 10:00", 2, Tz::UTC), vec![local("2025-03-13 10:00"), local("2025-03-24 10:00")]);
}

#[test]
fn monthly_on_a_late_day_is_clamped_to_the_month_end_and_does_not_drift() {
    let r = rule("FREQ=MONTHLY;BYMONTHDAY=31");
    let got = series(&r, "2027-12-31 09:00", 5, AMS);
    let want = ["2028-01-31 09:00", "2028-02-29 09:00", "2028-03-31 09:00", "2028-04-30 09:00", "2028-05-31 09:00"];
    assert_eq!(got, want.map(local).to_vec());
    // Without BYMONTHDAY the start's day is anchored into the rule, so February does not pull it to the 28th.
    let anchored = rule("FREQ=MONTHLY;INTERVAL=1").anchored(local("2025-01-31 09:00"));
    assert_eq!(anchored.to_string(), "FREQ=MONTHLY;BYMONTHDAY=31");
    assert_eq!(
        series(&anchored, "2025-01-31 09:00", 2, AMS),
        vec![local("2025-02-28 09:00"), local("2025-03-31 09:00")]
    );
    // A start before the listed day repeats in the same month first; INTERVAL skips months.
    let quarterly = rule("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15");
    assert_eq!(
        series(&quarterly, "2025-11-02 08:00", 2, AMS),
        vec![local("2025-11-15 08:00"), local("2026-02-15 08:00")]
    );
    assert_eq!(rule("FREQ=WEEKLY").anchored(local("2025-03-12 08:00")).to_string(), "FREQ=WEEKLY;BYDAY=WE");
}

#[test]
fn until_is_inclusive_in_all_three_forms() {
    let start = "2025-03-28 09:00";
    assert_eq!(series(&rule("FREQ=DAILY;UNTIL=20250330"), start, 9, AMS).len(), 2);
    assert_eq!(series(&rule("FREQ=DAILY;UNTIL=20250330T090000"), start, 9, AMS).len(), 2);
    assert_eq!(series(&rule("FREQ=DAILY;UNTIL=20250330T085959"), start, 9, AMS).len(), 1);
    // 09:00 CEST on March 30th is 07:00Z.
    assert_eq!(series(&rule("FREQ=DAILY;UNTIL=20250330T070000Z"), start, 9, AMS).len(), 2);
    assert_eq!(series(&rule("FREQ=DAILY;UNTIL=20250330T065959Z"), start, 9, AMS).len(), 1);
    assert_eq!(rule("FREQ=DAILY;COUNT=2").count, Some(2));
}

#[test]
fn time_zones_are_validated_by_name() {
    assert_eq!(time_zone("time_zone", " Europe/Copenhagen ").unwrap(), CPH);
    let e = time_zone("time_zone", "Europe/Atlantis").unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidValue, Some("time_zone")));
}

/// A draw in `0..n` as the small unsigned number the date and time constructors take.
fn below(rng: &mut Rng, n: u64) -> u32 {
    u32::try_from(rng.below(n)).expect("n fits in u32")
}

#[test]
fn property_occurrences_increase_match_the_rule_and_keep_the_local_time() {
    let zones = [AMS, CPH, chrono_tz::America::New_York, chrono_tz::Australia::Lord_Howe, chrono_tz::Asia::Kolkata];
    let codes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
    let mut rng = Rng::new(0x5EED);
    for case in 0..400 {
        let tz = zones[below(&mut rng, zones.len() as u64) as usize];
        let interval = 1 + below(&mut rng, 4);
        let text = match below(&mut rng, 3) {
            0 => format!("FREQ=DAILY;INTERVAL={interval}"),
            1 => {
                let days: Vec<_> = codes.iter().filter(|_| below(&mut rng, 3) == 0).copied().collect();
                let days = if days.is_empty() { "WE".to_string() } else { days.join(",") };
                format!("FREQ=WEEKLY;INTERVAL={interval};BYDAY={days}")
            }
            _ => format!("FREQ=MONTHLY;INTERVAL={interval};BYMONTHDAY={}", 1 + below(&mut rng, 31)),
        };
        let r = rule(&text);
        // Starts spread over 2024-2027, at any minute of the day (including DST gap and overlap hours).
        let day = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Duration::days(i64::from(below(&mut rng, 4 * 365)));
        let time = NaiveTime::from_hms_opt(below(&mut rng, 24), below(&mut rng, 60), 0).unwrap();
        let start = day.and_time(time);
        let (mut prev_local, mut prev_instant) = (start, resolve(start, tz));
        for _ in 0..60 {
            let next = r.next_local(prev_local, tz).expect("no UNTIL: the series goes on");
            let instant = resolve(next, tz);
            let ctx = format!("case {case}: {text} in {tz} from {start}, at {next}");
            assert!(next > prev_local && instant > prev_instant, "{ctx}: not increasing");
            assert_eq!(next.time(), time, "{ctx}: the local time drifted");
            match r.freq {
                Freq::Daily => assert_eq!((next - prev_local).num_days(), i64::from(interval), "{ctx}"),
                Freq::Weekly => assert!(r.by_day.contains(&next.weekday()), "{ctx}: wrong weekday"),
                Freq::Monthly => {
                    let want = r.by_month_day.unwrap().min(days_in_month(next.year(), next.month()).unwrap());
                    assert_eq!(next.day(), want, "{ctx}: wrong day of the month");
                }
            }
            // The instant shows the intended local time unless that time fell in a gap (then it is later).
            let shown = instant.with_timezone(&tz).naive_local();
            let gap = matches!(tz.from_local_datetime(&next), LocalResult::None);
            assert!(if gap { shown > next } else { shown == next }, "{ctx}: shown as {shown}");
            (prev_local, prev_instant) = (next, instant);
        }
    }
}

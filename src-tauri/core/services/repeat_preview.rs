//! What the repeat picker shows before saving: whether a rule is valid (the same parse the save runs) and
//! when its next occurrences fall, computed by the same code that moves a done task to its next date.

use chrono::{DateTime, TimeZone};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::recurrence::{self, Rule};
use crate::clock::Millis;
use crate::domain::RepeatRule;
use crate::error::{AppError, AppResult, ErrorCode};

/// At most this many occurrences are previewed.
pub const PREVIEW_MAX: u32 = 10;

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct RepeatPreview {
    /// The rule as it will be stored (canonical, anchored to the start).
    pub rule: String,
    /// Its parts, when the picker can show them.
    pub parts: Option<RepeatRule>,
    /// The first occurrences, the start included, as unix milliseconds.
    pub next: Vec<Millis>,
}

/// Checks `rule` and lists up to `limit` occurrences from `start` (the task's due time) on the wall clock of
/// `time_zone` (UTC when none). A bad rule is an `invalid_value` error at the field `repeat`.
pub fn preview(rule: &str, start: Millis, time_zone: Option<&str>, limit: u32) -> AppResult<RepeatPreview> {
    let tz = time_zone.map(|n| recurrence::time_zone("time_zone", n)).transpose()?.unwrap_or(Tz::UTC);
    let start_at = DateTime::from_timestamp_millis(start)
        .ok_or_else(|| AppError::field(ErrorCode::OutOfRange, "due_at", "the start is out of range"))?;
    let local = tz.from_utc_datetime(&start_at.naive_utc()).naive_local();
    let rule = Rule::parse(rule)?.anchored(local);
    let wanted = limit.min(PREVIEW_MAX).min(rule.count.unwrap_or(u32::MAX)) as usize;
    let mut next = Vec::with_capacity(wanted);
    let mut at = Some(local);
    while let Some(t) = at.filter(|_| next.len() < wanted) {
        next.push(recurrence::resolve(t, tz).timestamp_millis());
        at = rule.next_local(t, tz);
    }
    Ok(RepeatPreview { rule: rule.to_string(), parts: rule.parts(), next })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RepeatDay;

    const MON_9_AMS: Millis = 1_765_180_800_000; // 2025-12-08 08:00 UTC = 09:00 in Amsterdam, a Monday

    #[test]
    fn weekly_preview_lists_the_chosen_days_on_the_local_clock() {
        let p = preview("FREQ=WEEKLY;BYDAY=MO,TH;COUNT=3", MON_9_AMS, Some("Europe/Amsterdam"), 10).unwrap();
        assert_eq!(p.rule, "FREQ=WEEKLY;BYDAY=MO,TH;COUNT=3");
        let parts = p.parts.unwrap();
        assert_eq!((parts.by_day, parts.count), (vec![RepeatDay::Mo, RepeatDay::Th], Some(3)));
        let day = 86_400_000;
        assert_eq!(p.next, vec![MON_9_AMS, MON_9_AMS + 3 * day, MON_9_AMS + 7 * day]);
    }

    #[test]
    fn stored_rules_give_their_parts_unless_the_picker_cannot_show_them() {
        use crate::domain::RepeatFreq;
        let parts = recurrence::read(Some("freq=monthly;bymonthday=3;until=20261231")).unwrap();
        assert_eq!((parts.freq, parts.by_month_day), (RepeatFreq::Monthly, Some(3)));
        assert_eq!((parts.until.as_deref(), parts.count, parts.interval), (Some("2026-12-31"), None, 1));
        assert_eq!(recurrence::read(Some("FREQ=DAILY;UNTIL=20260101T080000Z")), None);
        assert_eq!(recurrence::read(Some("FREQ=YEARLY")), None);
        assert_eq!(recurrence::read(None), None);
    }

    #[test]
    fn a_bad_rule_is_an_error_at_repeat() {
        let e = preview("FREQ=YEARLY", MON_9_AMS, None, 3).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidValue, Some("repeat")));
        let e = preview("FREQ=DAILY;INTERVAL=1001", MON_9_AMS, None, 3).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("repeat"));
    }
}

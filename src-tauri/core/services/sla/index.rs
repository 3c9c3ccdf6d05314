//! A calendar's business intervals over a span of time, with running totals, so that business time between
//! two instants, and the instant a business duration ends, are found by binary search instead of walking the
//! calendar day by day. A ticket open for a year would otherwise walk 365 days for each of its clocks.
//!
//! The intervals are exactly those the calendar's walk yields (`BusinessCalendar::each_interval`), so the
//! answers are the walk's; the span grows on demand, and a request that would make it longer than
//! `MAX_SPAN` is answered by the walk instead.

use super::calendar::BusinessCalendar;
use crate::clock::Millis;

const DAY: i64 = 86_400_000;
/// A span is grown by at least this much, so that neighbouring requests do not grow it a day at a time.
const GROW: i64 = 366 * DAY;
/// The longest span kept (its intervals take about 16 bytes each, some 500 a year for an office calendar).
const MAX_SPAN: i64 = 60 * 366 * DAY;

#[derive(Debug, Clone, Default)]
pub(super) struct Index {
    /// The covered span `[from, to)`; None while empty.
    span: Option<(Millis, Millis)>,
    /// The business intervals inside the span, sorted and disjoint: `[starts[i], ends[i])`.
    starts: Vec<Millis>,
    ends: Vec<Millis>,
    /// `cum[i]`: business ms in the intervals before `i` (one longer than `starts`).
    cum: Vec<i64>,
}

impl Index {
    fn intervals(cal: &BusinessCalendar, from: Millis, to: Millis) -> Vec<(Millis, Millis)> {
        let mut out = Vec::new();
        cal.each_interval(from, to, |s, e| {
            out.push((s, e));
            true
        });
        out
    }

    /// Makes `[lo, hi]` part of the span; false when the span would grow beyond `MAX_SPAN` (the index is
    /// then left as it was).
    pub(super) fn cover(&mut self, cal: &BusinessCalendar, lo: Millis, hi: Millis) -> bool {
        let Some((from, to)) = self.span else {
            let (from, to) = (lo.saturating_sub(DAY), hi.saturating_add(DAY).max(lo.saturating_add(GROW)));
            if to.saturating_sub(from) > MAX_SPAN {
                return false;
            }
            self.span = Some((from, to));
            self.cum = vec![0];
            self.append(Self::intervals(cal, from, to));
            return true;
        };
        if lo >= from && hi <= to {
            return true;
        }
        let new_from = if lo < from { lo.min(from.saturating_sub(GROW)) } else { from };
        let new_to = if hi >= to { hi.saturating_add(DAY).max(to.saturating_add(GROW)) } else { to };
        if new_to.saturating_sub(new_from) > MAX_SPAN {
            return false;
        }
        if new_from < from {
            let mut before = Self::intervals(cal, new_from, from);
            before.extend(self.starts.iter().copied().zip(self.ends.iter().copied()));
            (self.starts, self.ends, self.cum) = (Vec::new(), Vec::new(), vec![0]);
            self.append(before);
        }
        if new_to > to {
            self.append(Self::intervals(cal, to, new_to));
        }
        self.span = Some((new_from, new_to));
        true
    }

    fn append(&mut self, intervals: Vec<(Millis, Millis)>) {
        for (s, e) in intervals {
            let total = self.cum.last().copied().unwrap_or(0);
            self.starts.push(s);
            self.ends.push(e);
            self.cum.push(total + (e - s));
        }
    }

    /// Business ms from the span's start to `t` (inside the span).
    pub(super) fn total_at(&self, t: Millis) -> i64 {
        match self.starts.partition_point(|&s| s <= t) {
            0 => 0,
            i => self.cum[i - 1] + (t.min(self.ends[i - 1]) - self.starts[i - 1]),
        }
    }

    /// The first instant at which `total_at` reaches `total` (> 0), if the span holds that much.
    pub(super) fn instant_at(&self, total: i64) -> Option<Millis> {
        let j = self.cum[1..].partition_point(|&c| c < total);
        (j < self.starts.len()).then(|| self.starts[j] + (total - self.cum[j]))
    }
}

//! A ticket's SLA clocks as of its latest event: everything `clock::compute` works out from the events that
//! does not depend on "now". The ticket list and the support figures keep it per ticket (the `ticket_sla`
//! table, see `tickets::sla_cache`) and derive the state at read time with `state_at`, which gives what
//! `compute` gives for any `now` not before the latest event (tests/core/sla_cache.rs checks that).

use super::calendar::{BusinessCalendar, MINUTE};
use super::clock::{self, rfc3339, Ctx, Run};
use crate::clock::Millis;
use crate::domain::{PolicyDef, SlaState, TicketEvent, TicketEventKind, TicketPriority};

/// What a clock with a target does after the snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockRun {
    /// Counting business time now: due at a fixed instant, late after it.
    Running = 0,
    /// Not stopped, but not counting (paused, or the ticket is solved): late only if already due.
    Halted = 1,
    /// Stopped within its target.
    Met = 2,
    /// Stopped late.
    Missed = 3,
}

impl ClockRun {
    pub fn from_i64(v: i64) -> Option<ClockRun> {
        [ClockRun::Running, ClockRun::Halted, ClockRun::Met, ClockRun::Missed].into_iter().find(|r| *r as i64 == v)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockSnap {
    pub run: ClockRun,
    pub due: Option<Millis>,
}

impl ClockSnap {
    fn met(&self, now: Millis) -> Option<bool> {
        match self.run {
            ClockRun::Met => Some(true),
            ClockRun::Missed => Some(false),
            _ if self.due.is_some_and(|d| d < now) => Some(false),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// The state holds for any `now` from here on: the latest event (or the opening). Without a policy only
    /// `valid_from`, `first_response_at` and `resolved_at` are set.
    pub valid_from: Millis,
    pub policy: Option<String>,
    pub calendar: Option<String>,
    pub first_response: Option<ClockSnap>,
    pub first_response_at: Option<Millis>,
    pub next_reply: Option<ClockSnap>,
    pub next_reply_at: Option<Millis>,
    pub resolution: Option<ClockSnap>,
    pub resolved_at: Option<Millis>,
    pub paused: bool,
    /// Business ms paused before the current stretch, which began at `since`.
    pub paused_ms: i64,
    pub since: Millis,
    /// A clock stopped late (an earlier next-reply cycle counts too).
    pub breached: bool,
    /// From this instant on the ticket is breached or breaching soon (None: not without a new event).
    pub attention_at: Option<Millis>,
    /// Business ms until the first response and the resolution (for the support figures).
    pub first_response_ms: Option<i64>,
    pub resolution_ms: Option<i64>,
}

/// The snapshot of a ticket opened at `opened_at` with `events` (sorted by time) under `policy`.
pub fn snapshot(
    policy: Option<(&PolicyDef, &BusinessCalendar)>,
    priority: TicketPriority,
    opened_at: Millis,
    events: &[TicketEvent],
) -> Snapshot {
    let t0 = events.iter().map(|e| e.at).max().unwrap_or(opened_at).max(opened_at);
    let first_reply = events.iter().find(|e| e.kind == TicketEventKind::Reply).map(|e| e.at);
    let resolved_at = clock::resolved_at(events, t0);
    let Some((p, cal)) = policy else {
        let none =
            Snapshot { valid_from: t0, since: t0, first_response_at: first_reply, resolved_at, ..Snapshot::default() };
        return none;
    };
    let (spans, current, since) = clock::stretches(opened_at, events, &p.pause_statuses, t0);
    let paused_ms = spans.iter().filter(|s| s.2 == Run::Paused && s.0 < since).map(|s| cal.business_ms(s.0, s.1)).sum();
    let ctx = Ctx { cal, spans, current, now: t0 };
    let targets = p.targets.get(&priority).copied().unwrap_or_default();
    let mut breached = false;
    let mut snap = |start: Millis, stop: Option<Millis>, target: Option<u32>| {
        let c = ctx.measure(start, stop, i64::from(target?) * MINUTE);
        let run = match (stop, c.met, c.running) {
            (Some(_), Some(true), _) => ClockRun::Met,
            (Some(_), _, _) => ClockRun::Missed,
            (None, _, true) => ClockRun::Running,
            (None, _, false) => ClockRun::Halted,
        };
        breached |= run == ClockRun::Missed;
        Some(ClockSnap { run, due: c.due })
    };
    let first_response = snap(opened_at, first_reply, targets.first_response);
    let cycles = clock::next_reply_cycles(events, first_reply, t0);
    let mut next_reply = None;
    for (i, &(start, stop)) in cycles.iter().enumerate().filter(|_| targets.next_reply.is_some()) {
        let c = snap(start, stop, targets.next_reply);
        if i + 1 == cycles.len() {
            next_reply = c;
        }
    }
    let next_reply_at = cycles.last().filter(|_| targets.next_reply.is_some()).and_then(|c| c.1);
    let resolution = snap(opened_at, resolved_at, targets.resolution);
    let (first_response_ms, resolution_ms) = clock::stopped_durations((p, cal), opened_at, events, t0);
    let mut out = Snapshot {
        valid_from: t0,
        policy: Some(p.name.clone()),
        calendar: Some(p.calendar.clone()),
        first_response,
        first_response_at: first_reply,
        next_reply,
        next_reply_at,
        resolution,
        resolved_at,
        paused: current == Run::Paused,
        paused_ms,
        since,
        breached,
        attention_at: None,
        first_response_ms,
        resolution_ms,
    };
    out.attention_at = out.attention(cal, clock::WARNING_MINUTES * MINUTE);
    out
}

impl Snapshot {
    fn clocks(&self) -> impl Iterator<Item = &ClockSnap> {
        [&self.first_response, &self.next_reply, &self.resolution].into_iter().flatten()
    }

    /// The first instant (not before `valid_from`) at which a clock is late or a running one falls due
    /// within `window` ms of business time.
    fn attention(&self, cal: &BusinessCalendar, window: i64) -> Option<Millis> {
        if self.breached {
            return Some(Millis::MIN);
        }
        let t0 = self.valid_from;
        let at = |c: &ClockSnap| match (c.run, c.due) {
            (ClockRun::Running, Some(due)) => Some(warning_from(cal, t0, due, window)),
            (ClockRun::Halted, Some(due)) => Some(due.saturating_add(1)),
            _ => None,
        };
        self.clocks().filter_map(at).min()
    }

    /// The SLA state as of `now` (not before `valid_from`), as `clock::compute` gives it.
    pub fn state_at(&self, cal: &BusinessCalendar, now: Millis, window_minutes: i64) -> SlaState {
        if self.policy.is_none() {
            return SlaState::default();
        }
        let due = |c: &Option<ClockSnap>| c.and_then(|c| c.due).and_then(rfc3339);
        let met = |c: &Option<ClockSnap>| c.and_then(|c| c.met(now));
        let current = if self.paused { cal.business_ms(self.since, now) } else { 0 };
        SlaState {
            policy: self.policy.clone(),
            calendar: self.calendar.clone(),
            first_response_due: due(&self.first_response),
            first_response_at: self.first_response_at.and_then(rfc3339),
            first_response_met: met(&self.first_response),
            next_reply_due: due(&self.next_reply),
            next_reply_at: self.next_reply_at.and_then(rfc3339),
            next_reply_met: met(&self.next_reply),
            resolution_due: due(&self.resolution),
            resolved_at: self.resolved_at.and_then(rfc3339),
            resolution_met: met(&self.resolution),
            paused: self.paused,
            paused_minutes: i32::try_from((self.paused_ms + current) / MINUTE).unwrap_or(i32::MAX),
            breaching_soon: self.breaching_soon(cal, now, window_minutes),
            breached: self.breached || self.clocks().any(|c| c.met(now) == Some(false)),
        }
    }
}

impl Snapshot {
    /// From this instant on `state_at` says `breached` (None: not without a new event).
    pub fn late_from(&self) -> Option<Millis> {
        let at = |c: &ClockSnap| match c.run {
            ClockRun::Missed => Some(Millis::MIN),
            ClockRun::Met => None,
            _ => c.due.map(|d| d.saturating_add(1)),
        };
        if self.breached {
            Some(Millis::MIN)
        } else {
            self.clocks().filter_map(at).min()
        }
    }

    /// From this instant on some clock has a verdict (`*_met` not null) in `state_at`.
    pub fn verdict_from(&self) -> Option<Millis> {
        let at = |c: &ClockSnap| match c.run {
            ClockRun::Met | ClockRun::Missed => Some(Millis::MIN),
            _ => c.due.map(|d| d.saturating_add(1)),
        };
        self.clocks().filter_map(at).min()
    }

    /// When a running clock may be breaching soon: from the first instant one is within the warning window
    /// to the last due time of one (None: no clock runs with a due time).
    pub fn soon_span(&self, cal: &BusinessCalendar, window_minutes: i64) -> Option<(Millis, Millis)> {
        let running = || self.clocks().filter(|c| c.run == ClockRun::Running).filter_map(|c| c.due);
        let from = running().map(|due| warning_from(cal, self.valid_from, due, window_minutes * MINUTE)).min()?;
        Some((from, running().max()?))
    }

    /// Whether a clock runs in time and falls due within `window_minutes` of business time after `now`.
    pub fn breaching_soon(&self, cal: &BusinessCalendar, now: Millis, window_minutes: i64) -> bool {
        let window = window_minutes * MINUTE;
        self.clocks().any(|c| {
            c.run == ClockRun::Running
                && c.met(now).is_none()
                && c.due.is_some_and(|d| d >= now && cal.business_ms(now, d) <= window)
        })
    }
}

/// The earliest instant `t` from `from` on with at most `window` ms of business time left until `due`.
fn warning_from(cal: &BusinessCalendar, from: Millis, due: Millis, window: i64) -> Millis {
    if due <= from || cal.business_ms(from, due) <= window {
        return from;
    }
    let (mut lo, mut hi) = (from, due);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if cal.business_ms(mid, due) <= window {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

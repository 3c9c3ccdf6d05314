//! A ticket's SLA state, computed from its events every time (never kept as counters), so a changed policy
//! or calendar and a backdated event give the right answer. See docs/support-metrics.md for the definitions.

use chrono::{DateTime, SecondsFormat};

use super::calendar::{BusinessCalendar, MINUTE};
use crate::clock::Millis;
use crate::domain::{PolicyDef, SlaState, SlaTarget, TicketEvent, TicketEventKind, TicketPriority, TicketStatus};

/// The default warning window before a breach, in business minutes.
pub const WARNING_MINUTES: i64 = 30;

/// What the clocks do during a stretch of the ticket's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Run {
    Running,
    Paused,
    /// Solved or closed.
    Stopped,
}

/// The stretches `[from, to)` of a ticket's life from its opening until `now`, by what the clocks do, what
/// they do now, and since when.
pub(super) fn stretches(
    opened_at: Millis,
    events: &[TicketEvent],
    pause: &[TicketStatus],
    now: Millis,
) -> (Vec<(Millis, Millis, Run)>, Run, Millis) {
    let run_of = |s: TicketStatus| match s {
        TicketStatus::Solved | TicketStatus::Closed => Run::Stopped,
        s if pause.contains(&s) => Run::Paused,
        _ => Run::Running,
    };
    let mut out = Vec::new();
    let (mut from, mut run) = (opened_at, run_of(TicketStatus::New));
    for e in events.iter().filter(|e| e.kind == TicketEventKind::Status && e.at <= now) {
        let Some(status) = e.status else { continue };
        let at = e.at.clamp(opened_at, now);
        if at > from {
            out.push((from, at, run));
        }
        from = at;
        run = run_of(status);
    }
    if now > from {
        out.push((from, now, run));
    }
    (out, run, from)
}

/// One SLA clock: started at `start`, stopped at `stop` (None: still running), against `target` ms.
pub(super) struct Clock {
    pub(super) due: Option<Millis>,
    pub(super) met: Option<bool>,
    pub(super) running: bool,
}

pub(super) struct Ctx<'a> {
    pub(super) cal: &'a BusinessCalendar,
    pub(super) spans: Vec<(Millis, Millis, Run)>,
    pub(super) current: Run,
    pub(super) now: Millis,
}

impl Ctx<'_> {
    pub(super) fn measure(&self, start: Millis, stop: Option<Millis>, target: i64) -> Clock {
        let end = stop.unwrap_or(self.now);
        let (mut elapsed, mut due) = (0i64, None);
        for &(a, b, run) in &self.spans {
            let (a, b) = (a.max(start), b.min(end));
            if run != Run::Running || a >= b {
                continue;
            }
            let part = self.cal.business_ms(a, b);
            if due.is_none() && elapsed + part >= target {
                due = self.cal.add_business(a, target - elapsed);
            }
            elapsed += part;
        }
        let running_now = self.current == Run::Running;
        let met = match stop {
            Some(_) => Some(elapsed <= target),
            None if due.is_some_and(|d| d < self.now) => Some(false),
            None => None,
        };
        if due.is_none() && (stop.is_some() || running_now) {
            due = self.cal.add_business(end, target - elapsed);
        }
        let running = stop.is_none() && running_now;
        Clock { due, met, running }
    }

    /// A clock still running in time that falls due within `window` ms of business time.
    pub(super) fn soon(&self, c: &Clock, window: i64) -> bool {
        c.running
            && c.met.is_none()
            && c.due.is_some_and(|d| d >= self.now && self.cal.business_ms(self.now, d) <= window)
    }
}

pub fn rfc3339(t: Millis) -> Option<String> {
    DateTime::from_timestamp_millis(t).map(|d| d.to_rfc3339_opts(SecondsFormat::Secs, true))
}

/// The SLA state of a ticket opened at `opened_at` with `events` (sorted by time), under `policy` (with its
/// compiled calendar), as of `now`.
pub fn compute(
    policy: Option<(&PolicyDef, &BusinessCalendar)>,
    priority: TicketPriority,
    opened_at: Millis,
    events: &[TicketEvent],
    now: Millis,
    window_minutes: i64,
) -> SlaState {
    let Some((policy, cal)) = policy else { return SlaState::default() };
    let mut state =
        SlaState { policy: Some(policy.name.clone()), calendar: Some(policy.calendar.clone()), ..SlaState::default() };
    let (spans, current, _) = stretches(opened_at, events, &policy.pause_statuses, now);
    state.paused = current == Run::Paused;
    let paused_ms: i64 = spans.iter().filter(|s| s.2 == Run::Paused).map(|s| cal.business_ms(s.0, s.1)).sum();
    state.paused_minutes = i32::try_from(paused_ms / MINUTE).unwrap_or(i32::MAX);
    let ctx = Ctx { cal, spans, current, now };
    let targets = policy.targets.get(&priority).copied().unwrap_or_default();
    let window = window_minutes * MINUTE;
    let at = |kind: TicketEventKind| events.iter().filter(move |e| e.kind == kind && e.at <= now);
    let mut breached = false;
    let mut soon = false;
    let mut record = |c: &Clock| {
        breached |= c.met == Some(false);
        soon |= ctx.soon(c, window);
    };

    let first_reply = at(TicketEventKind::Reply).next().map(|e| e.at);
    state.first_response_at = first_reply.and_then(rfc3339);
    if let Some(target) = targets.first_response {
        let c = ctx.measure(opened_at, first_reply, i64::from(target) * MINUTE);
        record(&c);
        (state.first_response_due, state.first_response_met) = (c.due.and_then(rfc3339), c.met);
    }

    // Next reply: each customer message after the first response, not already waiting, starts a clock that
    // the next public reply stops. The latest such clock is reported; every one counts for `breached`.
    let cycles = next_reply_cycles(events, first_reply, now);
    if let (Some(target), Some(&(start, stop))) = (targets.next_reply, cycles.last()) {
        for &(s, e) in &cycles {
            let c = ctx.measure(s, e, i64::from(target) * MINUTE);
            record(&c);
            if (s, e) == (start, stop) {
                (state.next_reply_due, state.next_reply_met) = (c.due.and_then(rfc3339), c.met);
            }
        }
        state.next_reply_at = stop.and_then(rfc3339);
    }

    // Resolution: the last move into solved or closed, if the ticket is solved or closed now.
    let resolved = resolved_at(events, now);
    state.resolved_at = resolved.and_then(rfc3339);
    if let Some(target) = targets.resolution {
        let c = ctx.measure(opened_at, resolved, i64::from(target) * MINUTE);
        record(&c);
        (state.resolution_due, state.resolution_met) = (c.due.and_then(rfc3339), c.met);
    }
    state.breached = breached;
    state.breaching_soon = soon;
    state
}

/// The next-reply clocks: `(start, stop)` per customer message after the first response that no earlier one
/// is still waiting with (stop: the next public reply, None while waiting).
pub(super) fn next_reply_cycles(
    events: &[TicketEvent],
    first_reply: Option<Millis>,
    now: Millis,
) -> Vec<(Millis, Option<Millis>)> {
    let mut cycles: Vec<(Millis, Option<Millis>)> = Vec::new();
    let mut waiting = None;
    for e in events.iter().filter(|e| e.at <= now && first_reply.is_some_and(|f| e.at >= f)) {
        match e.kind {
            TicketEventKind::CustomerReply if waiting.is_none() => waiting = Some(e.at),
            TicketEventKind::Reply => {
                if let Some(w) = waiting.take() {
                    cycles.push((w, Some(e.at)));
                }
            }
            _ => {}
        }
    }
    cycles.extend(waiting.map(|w| (w, None)));
    cycles
}

/// One SLA clock of a ticket, for the breach warnings.
#[derive(Debug, Clone, PartialEq)]
pub struct ClockState {
    pub target: SlaTarget,
    /// When the clock started: the opening, or the customer message a next reply answers.
    pub start: Millis,
    pub due: Option<Millis>,
    /// Ran past its target (stopped late, or still running past `due`).
    pub breached: bool,
    /// Running in time and due within the warning window.
    pub soon: bool,
}

/// Every SLA clock of a ticket that has a target, with its verdict as of `now` (the clocks `compute`
/// summarises).
pub fn clock_states(
    (policy, cal): (&PolicyDef, &BusinessCalendar),
    priority: TicketPriority,
    opened_at: Millis,
    events: &[TicketEvent],
    now: Millis,
    window_minutes: i64,
) -> Vec<ClockState> {
    let (spans, current, _) = stretches(opened_at, events, &policy.pause_statuses, now);
    let ctx = Ctx { cal, spans, current, now };
    let targets = policy.targets.get(&priority).copied().unwrap_or_default();
    let first_reply = events.iter().find(|e| e.kind == TicketEventKind::Reply && e.at <= now).map(|e| e.at);
    let mut clocks = vec![
        (SlaTarget::FirstResponse, targets.first_response, opened_at, first_reply),
        (SlaTarget::Resolution, targets.resolution, opened_at, resolved_at(events, now)),
    ];
    for (start, stop) in next_reply_cycles(events, first_reply, now) {
        clocks.push((SlaTarget::NextReply, targets.next_reply, start, stop));
    }
    clocks
        .into_iter()
        .filter_map(|(target, minutes, start, stop)| {
            let c = ctx.measure(start, stop, i64::from(minutes?) * MINUTE);
            let soon = ctx.soon(&c, window_minutes * MINUTE);
            Some(ClockState { target, start, due: c.due, breached: c.met == Some(false), soon })
        })
        .collect()
}

/// The business time (ms) the first-response and resolution clocks ran until they stopped: the first public
/// reply and the resolution (None while not stopped). Time in a pause status is not counted. For the support
/// figures.
pub fn stopped_durations(
    (policy, cal): (&PolicyDef, &BusinessCalendar),
    opened_at: Millis,
    events: &[TicketEvent],
    now: Millis,
) -> (Option<i64>, Option<i64>) {
    let (spans, _, _) = stretches(opened_at, events, &policy.pause_statuses, now);
    let ran = |end: Millis| -> i64 {
        let parts = spans.iter().filter(|s| s.2 == Run::Running && s.0 < end);
        parts.map(|&(a, b, _)| cal.business_ms(a, b.min(end))).sum()
    };
    let first = events.iter().find(|e| e.kind == TicketEventKind::Reply && e.at <= now).map(|e| ran(e.at));
    (first, resolved_at(events, now).map(ran))
}

/// When the ticket was solved or closed, if it is solved or closed as of `now`.
pub fn resolved_at(events: &[TicketEvent], now: Millis) -> Option<Millis> {
    let done = |s: Option<TicketStatus>| matches!(s, Some(TicketStatus::Solved | TicketStatus::Closed));
    let mut since = None;
    for e in events.iter().filter(|e| e.kind == TicketEventKind::Status && e.at <= now) {
        match (done(e.status), since) {
            (true, None) => since = Some(e.at),
            (false, _) => since = None,
            _ => {}
        }
    }
    since
}

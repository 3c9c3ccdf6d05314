//! `tickets::metrics` on a fixed history whose figures were worked out by hand (Office: Mon-Fri 09-12 and
//! 13-17 Europe/Amsterdam, UTC+1 in March 2025; Standard: first response 60, next reply 120, resolution 480
//! business minutes). The clock stands at T0 = Mon 2025-03-10 13:00 local; the period is 3-9 March.

use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::tickets::{self, metrics};
use relata_core::services::{people, sla};

use super::sla_calendar::{def, policy, t};
use super::support::*;

#[derive(Clone, Copy)]
pub struct Spec {
    pub opened: &'static str,
    pub assignee: Option<&'static str>,
    pub channel: TicketChannel,
    pub kind: TicketType,
}

pub fn open(e: &Env, pid: Id, s: Spec) -> Id {
    let input = TicketInput {
        subject: "Help".into(),
        description: None,
        person_id: pid,
        priority: None,
        kind: Some(s.kind),
        channel: Some(s.channel),
        assignee: s.assignee.map(str::to_owned),
        tags: vec![],
        deal_id: None,
        at: Some(t(s.opened)),
    };
    tickets::create(&e.store, input).unwrap().ticket.id
}

pub fn reply(e: &Env, id: Id, at: &str) {
    let m = TicketMessage { body: "Answer".into(), internal: false, at: Some(t(at)), author: None };
    tickets::reply(&e.store, id, m).unwrap();
}

pub fn status(e: &Env, id: Id, s: TicketStatus, at: &str) {
    tickets::set_status(&e.store, id, s, Some(t(at))).unwrap();
}

/// A requester, the Office calendar and the Standard policy; returns the requester's id.
pub fn office(e: &Env) -> Id {
    let pid = people::create(&e.store, person("Ann", "Customer")).unwrap().id;
    let office = def(
        "Europe/Amsterdam",
        &["mon", "tue", "wed", "thu", "fri"],
        &[("09:00", "12:00"), ("13:00", "17:00")],
        &[],
        Some("NL"),
    );
    sla::add_calendar(&e.store, office).unwrap();
    sla::add_policy(&e.store, policy(60, 120, 480)).unwrap();
    pid
}

/// Tickets A-F; the times are UTC (local time is one hour later).
fn history(e: &Env) {
    let pid = office(e);
    let spec = |opened, assignee, channel, kind| Spec { opened, assignee, channel, kind };
    use TicketChannel::*;
    use TicketStatus::*;
    use TicketType::*;
    // A: answered after 30 min, solved after 120: within SLA, rated 5.
    let a = open(e, pid, spec("2025-03-03T08:00:00Z", Some("bob"), Email, Question));
    reply(e, a, "2025-03-03T08:30:00Z");
    status(e, a, Solved, "2025-03-03T10:00:00Z");
    // B: answered after exactly 60 min, pending overnight, the customer's answer reopens it; 210 min.
    let b = open(e, pid, spec("2025-03-03T10:30:00Z", Some("bob"), Email, Question));
    reply(e, b, "2025-03-03T12:30:00Z");
    status(e, b, Pending, "2025-03-03T13:00:00Z");
    let customer = TicketMessage {
        body: "Still broken".into(),
        internal: false,
        at: Some(t("2025-03-04T08:00:00Z")),
        author: None,
    };
    tickets::customer_reply(&e.store, b, customer).unwrap();
    reply(e, b, "2025-03-04T08:30:00Z");
    status(e, b, Solved, "2025-03-04T10:00:00Z");
    // C: answered after 120 min (late), solved after 270: breached, rated 2.
    let c = open(e, pid, spec("2025-03-05T15:00:00Z", Some("eve"), Phone, Incident));
    reply(e, c, "2025-03-06T09:00:00Z");
    status(e, c, Solved, "2025-03-06T12:30:00Z");
    // D: never answered, still new: breached, 3 days old.
    open(e, pid, spec("2025-03-07T09:00:00Z", None, Chat, Question));
    // E: opened before the period, first answered in it after 70 min, still open: breached, 9 days old.
    let ee = open(e, pid, spec("2025-02-28T15:00:00Z", Some("bob"), Email, Question));
    reply(e, ee, "2025-03-03T08:10:00Z");
    status(e, ee, Open, "2025-03-03T08:10:00Z");
    // F: opened after the period, 30 of its 60 first-response minutes gone: breaching soon.
    let f = open(e, pid, spec("2025-03-10T10:30:00Z", Some("eve"), Email, Request));
    status(e, f, Open, "2025-03-10T10:35:00Z");
    for (id, r) in [(a, 5), (b, 4), (c, 2)] {
        tickets::rate(&e.store, id, r, None).unwrap();
    }
}

fn query(agent: Option<&str>) -> MetricsQuery {
    MetricsQuery { from: "2025-03-03".into(), to: "2025-03-09".into(), agent: agent.map(str::to_owned) }
}

fn dur(count: i32, median: i32, p90: i32) -> DurationStats {
    DurationStats { count, median_minutes: Some(median), p90_minutes: Some(p90) }
}

#[test]
fn the_figures_of_a_fixed_history_match_the_hand_computed_ones() {
    let e = env();
    history(&e);
    let m = metrics::metrics(&e.store, &query(None)).unwrap();
    assert_eq!((m.opened, m.resolved), (4, 3));
    // First responses in the period: A 30, B 60, E 70, C 120 (nearest rank: 2nd and 4th of 4).
    assert_eq!(m.first_response, dur(4, 60, 120));
    // Resolutions: A 120, B 210 (the pending night not counted), C 270.
    assert_eq!(m.resolution, dur(3, 210, 270));
    assert_eq!((m.sla.measured, m.sla.within), (3, 2));
    assert!((m.sla.share.unwrap() - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!((m.breaching_soon, m.breached_open, m.breached), (1, 2, 2));
    let by_status: Vec<_> = m.backlog.by_status.iter().map(|s| (s.status, s.count)).collect();
    assert_eq!((m.backlog.total, by_status), (3, vec![(TicketStatus::New, 1), (TicketStatus::Open, 2)]));
    let ages: Vec<_> = m.backlog.by_age.iter().map(|a| a.count).collect();
    assert_eq!(ages, [1, 0, 1, 1, 0]);
    let channels: Vec<_> = m.by_channel.iter().map(|c| (c.channel, c.count)).collect();
    assert_eq!(channels, [(TicketChannel::Email, 2), (TicketChannel::Phone, 1), (TicketChannel::Chat, 1)]);
    let types: Vec<_> = m.by_type.iter().map(|c| (c.kind, c.count)).collect();
    assert_eq!(types, [(TicketType::Question, 3), (TicketType::Incident, 1)]);
    assert_eq!(m.satisfaction.count, 3);
    assert!((m.satisfaction.average.unwrap() - 11.0 / 3.0).abs() < 1e-9);
    assert!((m.satisfaction.share_good.unwrap() - 2.0 / 3.0).abs() < 1e-9);

    let agents: Vec<_> = m.agents.iter().map(|a| (a.agent.as_deref(), a.opened, a.resolved, a.backlog)).collect();
    assert_eq!(agents, [(None, 1, 0, 1), (Some("bob"), 2, 2, 1), (Some("eve"), 1, 1, 1)]);
    let bob = &m.agents[1];
    assert_eq!((bob.first_response.clone(), bob.resolution.clone()), (dur(3, 60, 70), dur(2, 120, 210)));
    assert_eq!((bob.sla.share, bob.satisfaction.average), (Some(1.0), Some(4.5)));
    let eve = &m.agents[2];
    assert_eq!(
        (eve.first_response.clone(), eve.sla.share, eve.satisfaction.share_good),
        (dur(1, 120, 120), Some(0.0), Some(0.0))
    );
    assert_eq!(m.agents[0].first_response, DurationStats { count: 0, median_minutes: None, p90_minutes: None });

    // One agent: only the tickets assigned to eve now.
    let m = metrics::metrics(&e.store, &query(Some("eve"))).unwrap();
    assert_eq!((m.opened, m.resolved, m.breaching_soon, m.backlog.total, m.agents.len()), (1, 1, 1, 1, 1));
    assert_eq!(m.resolution, dur(1, 270, 270));
}

#[test]
fn each_figure_exports_as_csv() {
    let e = env();
    history(&e);
    let m = metrics::metrics(&e.store, &query(None)).unwrap();
    assert_eq!(metrics::csv(&m, MetricsFigure::Channels).unwrap(), "channel,count\nemail,2\nphone,1\nchat,1\n");
    let summary = metrics::csv(&m, MetricsFigure::Summary).unwrap();
    assert!(summary.contains("first_response_median_minutes,60\n") && summary.contains("sla_share,0.6667\n"));
    let backlog = metrics::csv(&m, MetricsFigure::Backlog).unwrap();
    assert!(backlog.starts_with("group,key,count\nstatus,new,1\nstatus,open,2\nage,under_1_day,1\n"), "{backlog}");
    let agents = metrics::csv(&m, MetricsFigure::Agents).unwrap();
    assert_eq!(agents.lines().nth(2), Some("bob,2,2,60,70,120,210,1.0000,4.5000,2,1"));
}

#[test]
fn a_bad_period_is_refused_with_its_field() {
    let e = env();
    let q = |from: &str, to: &str| MetricsQuery { from: from.into(), to: to.into(), agent: None };
    assert_err(metrics::metrics(&e.store, &q("2025-13-01", "2025-12-31")), ErrorCode::InvalidValue, Some("from"));
    assert_err(metrics::metrics(&e.store, &q("2025-03-09", "2025-03-03")), ErrorCode::OutOfRange, Some("to"));
    let empty = metrics::metrics(&e.store, &q("2025-03-03", "2025-03-09")).unwrap();
    assert_eq!((empty.opened, empty.first_response.median_minutes, empty.sla.share), (0, None, None));
}

/// The figures read only the tickets that can count: open now, or opened, answered or resolved in the period.
/// A ticket opened before the period and closed in it counts as resolved; one closed before it does not count.
#[test]
fn tickets_opened_before_the_period_count_for_what_happened_in_it() {
    let e = env();
    let pid = office(&e);
    let spec = Spec {
        opened: "2025-02-26T09:00:00Z",
        assignee: Some("bob"),
        channel: TicketChannel::Email,
        kind: TicketType::Question,
    };
    let early = open(&e, pid, spec);
    reply(&e, early, "2025-02-26T09:20:00Z");
    status(&e, early, TicketStatus::Solved, "2025-03-04T09:00:00Z");
    let late_answer = open(&e, pid, Spec { opened: "2025-02-27T09:00:00Z", ..spec });
    reply(&e, late_answer, "2025-03-03T08:30:00Z");
    status(&e, late_answer, TicketStatus::Closed, "2025-03-03T09:00:00Z");
    let before = open(&e, pid, Spec { opened: "2025-02-20T09:00:00Z", ..spec });
    reply(&e, before, "2025-02-20T09:30:00Z");
    status(&e, before, TicketStatus::Solved, "2025-02-21T09:00:00Z");

    let m = metrics::metrics(&e.store, &query(None)).unwrap();
    assert_eq!((m.opened, m.resolved, m.resolution.count, m.first_response.count), (0, 2, 2, 1));
    assert_eq!(m.agents.iter().map(|a| (a.agent.as_deref(), a.resolved)).collect::<Vec<_>>(), [(Some("bob"), 2)]);
    assert_eq!(m.backlog.total, 0);
    let q = MetricsQuery { from: "2025-03-05".into(), to: "2025-03-09".into(), agent: None };
    let quiet = metrics::metrics(&e.store, &q).unwrap();
    assert_eq!((quiet.opened, quiet.resolved, quiet.first_response.count), (0, 0, 0));
    assert!(quiet.agents.is_empty());
}

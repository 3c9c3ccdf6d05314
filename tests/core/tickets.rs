//! Tickets on a store: numbers, events with past times, replies on the timeline, reopening, ratings, and the
//! SLA state under stored calendars and policies (a policy change and a backdated event recompute it).

use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::{activities, companies, people, sla, tickets};

use super::sla_calendar::{def, policy, t};
use super::support::*;

fn setup(e: &Env) -> (Id, Id) {
    let c = companies::create(
        &e.store,
        CompanyInput { name: "Acme".into(), tags: vec!["VIP".into()], ..Default::default() },
    )
    .unwrap();
    let p = people::create(&e.store, PersonInput { company_id: Some(c.id), ..person("Ann", "Customer") }).unwrap();
    let cal = def(
        "Europe/Amsterdam",
        &["mon", "tue", "wed", "thu", "fri"],
        &[("09:00", "12:00"), ("13:00", "17:00")],
        &[],
        Some("NL"),
    );
    sla::add_calendar(&e.store, cal).unwrap();
    (p.id, c.id)
}

pub fn input(person_id: Id, at: Option<Millis>) -> TicketInput {
    TicketInput {
        subject: "Printer on fire".into(),
        description: Some("Smoke".into()),
        person_id,
        priority: None,
        kind: None,
        channel: None,
        assignee: None,
        tags: vec![],
        deal_id: None,
        at,
    }
}

fn msg(body: &str, at: Option<Millis>) -> TicketMessage {
    TicketMessage { body: body.into(), internal: false, at, author: Some("bob".into()) }
}

#[test]
fn tickets_are_numbered_validated_and_keep_their_history() {
    let e = env();
    let (pid, cid) = setup(&e);
    let s = &e.store;
    assert_err(
        tickets::create(s, TicketInput { subject: " ".into(), ..input(pid, None) }),
        ErrorCode::Required,
        Some("subject"),
    );
    assert_err(tickets::create(s, input(pid, Some(T0 + 1))), ErrorCode::OutOfRange, Some("at"));
    assert_err(tickets::create(s, input(999, None)), ErrorCode::NotFound, None);
    let a = tickets::create(s, TicketInput { assignee: Some("bob".into()), ..input(pid, Some(T0 - DAY)) }).unwrap();
    let b = tickets::create(s, input(pid, None)).unwrap();
    assert_eq!((a.ticket.number.as_str(), b.ticket.number.as_str()), ("T-000001", "T-000002"));
    assert_eq!((a.ticket.company_id, a.ticket.status, a.ticket.opened_at), (Some(cid), TicketStatus::New, T0 - DAY));
    assert_eq!(a.ticket.assignee.as_deref(), Some("bob"));
    assert_eq!(tickets::find(s, "t-000002").unwrap(), b.ticket.id);
    assert_eq!(tickets::find(s, &a.ticket.id.to_string()).unwrap(), a.ticket.id);
    assert_err(tickets::find(s, "T-9"), ErrorCode::NotFound, None);
    let id = a.ticket.id;
    // Events may lie in the past, not before the opening nor in the future.
    assert_err(tickets::reply(s, id, msg("hi", Some(T0 - 2 * DAY))), ErrorCode::OutOfRange, Some("at"));
    assert_err(tickets::reply(s, id, msg("hi", Some(T0 + 1))), ErrorCode::OutOfRange, Some("at"));
    assert_err(tickets::reply(s, id, msg(" ", None)), ErrorCode::Required, Some("body"));
    tickets::reply(s, id, msg("On it", Some(T0 - DAY + HOUR))).unwrap();
    tickets::reply(s, id, TicketMessage { internal: true, ..msg("Check the fuser", None) }).unwrap();
    // Replies and notes are on the requester's timeline (and so the company's).
    let tl = activities::timeline(s, &TimelineQuery { company_id: Some(cid), ..Default::default() }).unwrap();
    let kinds: Vec<_> = tl.items.iter().map(|a| (a.kind, a.direction, a.subject.as_str())).collect();
    assert_eq!(
        kinds,
        [
            (ActivityKind::Note, None, "[T-000001] Printer on fire"),
            (ActivityKind::Email, Some(Direction::Outbound), "[T-000001] Printer on fire"),
        ]
    );
    // Status changes; a rating only once solved.
    assert_err(tickets::rate(s, id, 5, None), ErrorCode::InvalidValue, Some("rating"));
    assert_err(tickets::set_status(s, id, TicketStatus::New, None), ErrorCode::InvalidValue, Some("status"));
    tickets::set_status(s, id, TicketStatus::Pending, Some(T0 - DAY + 2 * HOUR)).unwrap();
    // The customer answers: the pending ticket opens again.
    let d = tickets::customer_reply(s, id, msg("Still smoking", Some(T0 - DAY + 3 * HOUR))).unwrap();
    assert_eq!(d.ticket.status, TicketStatus::Open);
    tickets::set_status(s, id, TicketStatus::Solved, None).unwrap();
    assert_err(tickets::rate(s, id, 6, None), ErrorCode::OutOfRange, Some("rating"));
    let d = tickets::rate(s, id, 4, Some("Quick")).unwrap();
    assert_eq!((d.ticket.satisfaction, d.ticket.satisfaction_comment.as_deref()), (Some(4), Some("Quick")));
    let kinds: Vec<_> = d.events.iter().map(|e| e.kind).collect();
    use TicketEventKind::*;
    assert_eq!(kinds, [Created, Assign, Reply, Status, CustomerReply, Status, Note, Status, Rating]);
    // A backdated status change becomes the current status only when it is the latest.
    tickets::set_status(s, id, TicketStatus::OnHold, Some(T0 - DAY + 4 * HOUR)).unwrap();
    assert_eq!(tickets::get(s, id).unwrap().ticket.status, TicketStatus::Solved);
    let assigned = tickets::assign(s, id, None, None).unwrap();
    assert_eq!(assigned.ticket.assignee, None);
    let solved = tickets::list(s, &TicketsQuery { status: Some(TicketStatus::Solved), ..Default::default() }).unwrap();
    assert_eq!(solved.iter().map(|t| t.id).collect::<Vec<_>>(), [id]);
}

#[test]
fn sla_follows_policies_and_backdated_events() {
    let e = env();
    let (pid, _) = setup(&e);
    let s = &e.store;
    // A policy needs an existing calendar.
    assert_err(
        sla::add_policy(s, PolicyDef { calendar: "Nope".into(), ..policy(60, 60, 480) }),
        ErrorCode::NotFound,
        Some("calendar"),
    );
    sla::add_policy(s, policy(60, 120, 480)).unwrap();
    let vip = PolicyDef {
        name: "VIP".into(),
        when: Some(PolicyWhen { company_tag: vec!["vip".into()], ..Default::default() }),
        ..policy(15, 30, 120)
    };
    sla::add_policy(s, vip).unwrap();
    // Monday 2026-06-01 09:00 Amsterdam; now is 11:00.
    let opened = t("2026-06-01T07:00:00Z");
    e.clock.set(t("2026-06-01T09:00:00Z"));
    let id = tickets::create(s, input(pid, Some(opened))).unwrap().ticket.id;
    let sla_of = || tickets::get(s, id).unwrap().ticket.sla;
    // The first policy matches every ticket, so the VIP one behind it never applies.
    let st = sla_of();
    assert_eq!(st.policy.as_deref(), Some("Standard"));
    assert_eq!((st.first_response_due.as_deref(), st.first_response_met), (Some("2026-06-01T08:00:00Z"), Some(false)));
    // Changing the policy (same name, new targets) recomputes the state from the events.
    let mut relaxed = policy(180, 120, 480);
    relaxed.targets.insert(TicketPriority::Urgent, SlaTargets { first_response: Some(5), ..Default::default() });
    sla::add_policy(s, relaxed).unwrap();
    let st = sla_of();
    assert_eq!((st.first_response_due.as_deref(), st.first_response_met), (Some("2026-06-01T10:00:00Z"), None));
    assert!(!st.breaching_soon);
    assert_eq!(
        sla::list_policies(s).unwrap().iter().map(|p| (p.position, p.def.name.as_str())).collect::<Vec<_>>(),
        [(1, "Standard"), (2, "VIP")]
    );
    // A reply recorded afterwards with its real, earlier time stops the clock then.
    tickets::reply(s, id, msg("Looking", Some(t("2026-06-01T08:30:00Z")))).unwrap();
    let st = sla_of();
    assert_eq!((st.first_response_at.as_deref(), st.first_response_met), (Some("2026-06-01T08:30:00Z"), Some(true)));
    // A backdated pause (10:00-11:00 on hold) moves the resolution due time by a business hour:
    // 480 minutes from 09:00 is 18:00 -> Tuesday 10:00; with the pause, Tuesday 11:00.
    assert_eq!(sla_of().resolution_due.as_deref(), Some("2026-06-02T08:00:00Z"));
    tickets::set_status(s, id, TicketStatus::Open, Some(t("2026-06-01T07:05:00Z"))).unwrap();
    tickets::set_status(s, id, TicketStatus::OnHold, Some(t("2026-06-01T08:00:00Z"))).unwrap();
    tickets::set_status(s, id, TicketStatus::Open, Some(t("2026-06-01T09:00:00Z"))).unwrap();
    let st = sla_of();
    assert_eq!((st.resolution_due.as_deref(), st.paused_minutes), (Some("2026-06-02T09:00:00Z"), 60));
    // Within 30 business minutes of a due time the ticket is breaching soon, and listed so.
    e.clock.set(t("2026-06-02T08:20:00Z"));
    assert!(!sla_of().breaching_soon);
    e.clock.set(t("2026-06-02T08:40:00Z"));
    assert!(sla_of().breaching_soon);
    let breaching = tickets::list(s, &TicketsQuery { breaching: true, ..Default::default() }).unwrap();
    assert_eq!(breaching.len(), 1);
    tickets::set_status(s, id, TicketStatus::Solved, None).unwrap();
    let st = sla_of();
    assert_eq!((st.resolution_met, st.resolved_at.as_deref()), (Some(true), Some("2026-06-02T08:40:00Z")));
    assert!(tickets::list(s, &TicketsQuery { breaching: true, ..Default::default() }).unwrap().is_empty());
    // The company tag decides when the VIP policy comes first: a new calendar order needs a new policy list.
    let e2 = env();
    let (pid2, _) = setup(&e2);
    sla::add_policy(
        &e2.store,
        PolicyDef {
            name: "VIP".into(),
            when: Some(PolicyWhen { company_tag: vec!["Vip".into()], ..Default::default() }),
            ..policy(15, 30, 120)
        },
    )
    .unwrap();
    let d = tickets::create(&e2.store, input(pid2, None)).unwrap();
    assert_eq!(d.ticket.sla.policy.as_deref(), Some("VIP"));
    let other = people::create(&e2.store, person("Bob", "Nobody")).unwrap();
    assert_eq!(tickets::create(&e2.store, input(other.id, None)).unwrap().ticket.sla, SlaState::default());
    // The support figures pick the policy by the company's tag too: three business days on, the VIP ticket
    // has breached its 15 minutes, and the other one has no policy to breach.
    e2.clock.set(d.ticket.opened_at + 5 * DAY);
    let day = |ms: Millis| chrono::DateTime::from_timestamp_millis(ms).unwrap().format("%Y-%m-%d").to_string();
    let q = MetricsQuery { from: day(d.ticket.opened_at), to: day(d.ticket.opened_at + 5 * DAY), agent: None };
    let m = tickets::metrics::metrics(&e2.store, &q).unwrap();
    assert_eq!((m.opened, m.breached, m.breached_open, m.backlog.total), (2, 1, 1, 2));
}

/// The Tickets page's box searches every ticket, not the page it loaded: by number in any spelling, by words
/// of the subject (accents and case ignored, wildcards taken literally), by the requester's name.
#[test]
fn search_finds_tickets_by_number_subject_and_requester() {
    let e = env();
    let (ann, _) = setup(&e);
    let s = &e.store;
    let bob = people::create(s, person("Bøb", "Jørgensen")).unwrap().id;
    let subject = |pid, text: &str| {
        let t = tickets::create(s, TicketInput { subject: text.into(), ..input(pid, None) }).unwrap();
        t.ticket.id
    };
    let refund = subject(ann, "Refund for invoice 2024-17");
    let café = subject(bob, "Café order 100% wrong");
    let login = subject(ann, "Cannot log in");
    let find = |text: &str| {
        let q = TicketsQuery { search: Some(text.into()), ..Default::default() };
        let mut ids: Vec<Id> = tickets::list(s, &q).unwrap().iter().map(|t| t.id).collect();
        ids.sort_unstable();
        ids
    };
    assert_eq!(find("REFUND"), [refund]);
    assert_eq!(find("nvoic"), [refund], "inside a word");
    assert_eq!(find("cafe"), [café], "accents ignored");
    assert_eq!(find("100%"), [café], "a wildcard is a character");
    assert_eq!(find("_"), Vec::<Id>::new());
    assert_eq!(find("in"), [refund, login], "two letters read the subjects");
    assert_eq!(find("jorgensen"), [café], "the requester's name");
    let number = tickets::get(s, login).unwrap().ticket.number;
    assert_eq!(find(&number), [login]);
    assert_eq!(find(&number.to_lowercase().replace("t-00000", "#")), [login]);
    assert_eq!(find("nothing like it"), Vec::<Id>::new());
    // With another filter, both hold.
    let q = TicketsQuery { search: Some("refund".into()), status: Some(TicketStatus::Solved), ..Default::default() };
    assert!(tickets::list(s, &q).unwrap().is_empty());
}

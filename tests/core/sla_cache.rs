//! The tickets' kept SLA snapshots (`ticket_sla`): the state a snapshot gives at any later time is the one
//! computed from the events, and the kept rows follow every write, policy and calendar change, tag change and
//! restore, so the list (which reads them) always shows what the ticket's own page computes. And paging.

use proptest::prelude::*;
use relata_core::clock::{Clock, Millis};
use relata_core::domain::*;
use relata_core::rng::Rng;
use relata_core::services::export::{import_json, json};
use relata_core::services::sla::calendar::BusinessCalendar;
use relata_core::services::sla::clock;
use relata_core::services::sla::snapshot::snapshot;
use relata_core::services::{companies, people, sla, tickets};

use super::sla_calendar::{date, def, ev, random_calendar, CHANGES};
use super::support::*;

pub(super) const STATUSES: [TicketStatus; 5] =
    [TicketStatus::Open, TicketStatus::Pending, TicketStatus::OnHold, TicketStatus::Solved, TicketStatus::Closed];
pub(super) const PRIORITIES: [TicketPriority; 4] =
    [TicketPriority::Low, TicketPriority::Normal, TicketPriority::High, TicketPriority::Urgent];

fn random_targets(r: &mut Rng) -> SlaTargets {
    let mut t = || r.chance(80).then(|| 1 + r.below(600) as u32);
    SlaTargets { first_response: t(), next_reply: t(), resolution: t() }
}

pub(super) fn random_policy(r: &mut Rng, calendar: &str) -> PolicyDef {
    let mut targets = std::collections::BTreeMap::new();
    for p in PRIORITIES {
        if r.chance(85) {
            targets.insert(p, random_targets(r));
        }
    }
    let pause = [vec![], vec![TicketStatus::Pending], vec![TicketStatus::Pending, TicketStatus::OnHold]];
    PolicyDef {
        name: "Standard".into(),
        calendar: calendar.into(),
        when: None,
        targets,
        pause_statuses: pause[r.below(3) as usize].clone(),
    }
}

/// Events after `opened`, sorted by time (ties in the order made), like a ticket's.
fn random_events(r: &mut Rng, opened: Millis) -> Vec<TicketEvent> {
    let mut out = vec![ev(TicketEventKind::Created, opened, None)];
    let mut at = opened;
    for _ in 0..r.below(12) {
        at += r.below(2 * 1440) as i64 * MINUTE * i64::from(!r.chance(15));
        let mut e = match r.below(5) {
            0 => ev(TicketEventKind::Reply, at, None),
            1 => ev(TicketEventKind::CustomerReply, at, None),
            2 | 3 => ev(TicketEventKind::Status, at, Some(*r.pick(&STATUSES))),
            _ => ev(TicketEventKind::Note, at, None),
        };
        e.id = out.len() as i64;
        out.push(e);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    /// The snapshot as of a ticket's latest event gives, at any later time, the state computed from the
    /// events; and its `attention_at` is exactly when the ticket becomes breached or breaching soon.
    #[test]
    fn a_snapshot_gives_the_computed_state_later(seed in any::<u64>()) {
        let mut r = Rng::new(seed);
        let anchor = date(CHANGES[r.below(CHANGES.len() as u64) as usize]) - chrono::Duration::days(r.below(8) as i64);
        let d = random_calendar(&mut r, anchor);
        let cal = BusinessCalendar::compile(&d).unwrap();
        let opened = anchor.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp_millis() + r.below(1440) as i64 * MINUTE;
        let events = random_events(&mut r, opened);
        let policy = random_policy(&mut r, "R");
        let priority = *r.pick(&PRIORITIES);
        let snap = snapshot(Some((&policy, &cal)), priority, opened, &events);
        for _ in 0..8 {
            let later = [0, r.below(90), r.below(1440), r.below(14 * 1440)][r.below(4) as usize] as i64 * MINUTE;
            let now = snap.valid_from + later + r.below(60_000) as i64;
            let want = clock::compute(Some((&policy, &cal)), priority, opened, &events, now, clock::WARNING_MINUTES);
            prop_assert_eq!(&snap.state_at(&cal, now, clock::WARNING_MINUTES), &want, "now {}", now);
            let attention = snap.attention_at.is_some_and(|a| a <= now);
            prop_assert_eq!(attention, want.breached || want.breaching_soon, "now {} {:?}", now, snap);
        }
    }
}

pub(super) struct Desk {
    pub e: Env,
    pub people: Vec<Id>,
    pub company: Id,
}

pub(super) fn desk() -> Desk {
    let e = env();
    let c = companies::create(&e.store, CompanyInput { name: "Acme".into(), ..Default::default() }).unwrap();
    let with = people::create(&e.store, PersonInput { company_id: Some(c.id), ..person("Ann", "Acme") }).unwrap();
    let without = people::create(&e.store, person("Bo", "Solo")).unwrap();
    let hours: &[(&str, &str)] = &[("09:00", "12:00"), ("13:00", "17:00")];
    sla::add_calendar(&e.store, def("Europe/Amsterdam", &["mon", "tue", "wed", "thu", "fri"], hours, &[], Some("NL")))
        .unwrap();
    Desk { e, people: vec![with.id, without.id], company: c.id }
}

/// Every ticket as the list shows it (from the kept rows) equals the ticket as its page computes it, the
/// breaching filter finds exactly the open ones breached or breaching soon, and every ticket has its row.
fn check(d: &Desk) {
    let s = &d.e.store;
    let listed = tickets::list(s, &TicketsQuery::default()).unwrap();
    assert_eq!(d.e.count("SELECT COUNT(*) FROM ticket_sla"), listed.len() as i64, "a row per ticket");
    assert_eq!(kept_missing(d), 0, "the kept count of missing rows");
    let mut breaching = Vec::new();
    for t in &listed {
        let fresh = tickets::get(s, t.id).unwrap().ticket;
        assert_eq!(
            (&t.sla, t.satisfaction, &t.satisfaction_comment),
            (&fresh.sla, fresh.satisfaction, &fresh.satisfaction_comment),
            "{}",
            t.number
        );
        if !matches!(t.status, TicketStatus::Solved | TicketStatus::Closed) && (t.sla.breached || t.sla.breaching_soon)
        {
            breaching.push(t.id);
        }
    }
    let found: Vec<Id> = tickets::list(s, &TicketsQuery { breaching: true, ..Default::default() })
        .unwrap()
        .iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(found, breaching);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    /// Random writes through the services (backdated too), priority, policy, calendar and company tag
    /// changes, and time passing: the kept rows always give what a fresh computation gives.
    #[test]
    fn kept_rows_equal_a_fresh_computation(seed in any::<u64>()) {
        kept_rows_case(seed);
    }
}

/// A schedule the property test found: rows dropped while the rules had changed were never computed again
/// once a later change brought the rules back to the definitions the rows were kept under.
#[test]
fn rows_dropped_under_other_rules_are_computed_again_when_the_rules_come_back() {
    kept_rows_case(2487979108502392118);
}

/// Random writes through the services (backdated too), priority, policy, calendar and company tag changes,
/// and time passing: the kept rows always give what a fresh computation gives.
fn kept_rows_case(seed: u64) {
    let mut r = Rng::new(seed);
    let d = desk();
    let s = &d.e.store;
    let mut open: Vec<Id> = Vec::new();
    for step in 0..40 {
        d.e.clock.advance(r.below(600) as i64 * MINUTE);
        let now = d.e.clock.now_ms();
        let pick = |r: &mut Rng, open: &[Id]| open[r.below(open.len() as u64) as usize];
        match r.below(11) {
            _ if open.is_empty() || step == 0 => {}
            0 => {
                let _ = tickets::set_priority(s, pick(&mut r, &open), *r.pick(&PRIORITIES));
            }
            1 => {
                let mut p = random_policy(&mut r, "Office");
                if r.chance(50) {
                    p.when = Some(PolicyWhen { company_tag: vec!["vip".into()], ..Default::default() });
                }
                sla::add_policy(s, p).unwrap();
            }
            2 => {
                let tags = if r.chance(50) { vec!["VIP".into()] } else { vec![] };
                let c = companies::get(s, d.company).unwrap();
                companies::update(s, d.company, CompanyInput { tags, ..c.to_input() }).unwrap();
            }
            3 => {
                let id = pick(&mut r, &open);
                let _ = tickets::set_status(s, id, *r.pick(&STATUSES), Some(now - r.below(3000) as i64 * MINUTE));
            }
            8 => {
                let ends = ["15:00", "17:00", "19:30"];
                let hours: &[(&str, &str)] = &[("09:00", "12:00"), ("13:00", ends[r.below(3) as usize])];
                let days: &[&str] =
                    if r.chance(50) { &["mon", "tue", "wed", "thu", "fri"] } else { &["mon", "wed", "sat"] };
                sla::add_calendar(s, def("Europe/Amsterdam", days, hours, &[], Some("NL"))).unwrap();
            }
            4 => {
                let _ = tickets::rate(s, pick(&mut r, &open), 1 + r.below(5) as i32, Some("ok"));
            }
            5 => {
                let m = TicketMessage { body: "Hello".into(), internal: r.chance(20), at: None, author: None };
                tickets::customer_reply(s, pick(&mut r, &open), m).unwrap();
            }
            _ => {
                let at = (r.chance(50)).then(|| now - r.below(3000) as i64 * MINUTE);
                let m = TicketMessage { body: "On it".into(), internal: false, at, author: None };
                let _ = tickets::reply(s, pick(&mut r, &open), m);
            }
        }
        if r.chance(30) || open.is_empty() {
            let at = now - r.below(5 * 1440) as i64 * MINUTE;
            let input = TicketInput {
                subject: format!("Ticket {step}"),
                description: None,
                person_id: d.people[r.below(2) as usize],
                priority: Some(*r.pick(&PRIORITIES)),
                kind: None,
                channel: None,
                assignee: None,
                tags: vec![],
                deal_id: None,
                at: Some(at),
            };
            open.push(tickets::create(s, input).unwrap().ticket.id);
        }
        if step % 8 == 7 {
            check(&d);
        }
    }
    check(&d);
    d.e.clock.advance(3 * DAY);
    check(&d);
}

#[test]
fn a_restore_computes_the_rows_again() {
    let d = desk();
    let s = &d.e.store;
    sla::add_policy(s, super::sla_calendar::policy(30, 60, 240)).unwrap();
    for i in 0..3 {
        tickets::create(s, super::tickets::input(d.people[0], Some(T0 - i * DAY))).unwrap();
    }
    check(&d);
    let mut dump = Vec::new();
    json::write(s, &mut dump).unwrap();
    let text = String::from_utf8(dump.clone()).unwrap();
    assert!(!text.contains("\"ticket_sla"), "the snapshots are no part of an export");
    let other = env();
    import_json(&other.store, dump.as_slice()).unwrap();
    assert_eq!(other.count("SELECT COUNT(*) FROM ticket_sla"), 3);
    let got = tickets::list(&other.store, &TicketsQuery::default()).unwrap();
    let want = tickets::list(s, &TicketsQuery::default()).unwrap();
    assert_eq!(got.iter().map(|t| &t.sla).collect::<Vec<_>>(), want.iter().map(|t| &t.sla).collect::<Vec<_>>());
}

#[test]
fn the_list_pages_after_a_ticket() {
    let d = desk();
    let s = &d.e.store;
    // Two opened at the same instant: the id breaks the tie.
    for at in [T0 - 5 * DAY, T0 - DAY, T0 - 3 * DAY, T0 - DAY, T0 - 2 * DAY, T0 - 4 * DAY, T0] {
        tickets::create(s, super::tickets::input(d.people[1], Some(at))).unwrap();
    }
    let all = tickets::list(s, &TicketsQuery::default()).unwrap();
    assert_eq!(all.len(), 7);
    let mut paged = Vec::new();
    let mut after = None;
    loop {
        let page = tickets::list(s, &TicketsQuery { limit: Some(3), after, ..Default::default() }).unwrap();
        paged.extend(page.iter().map(|t| t.id));
        match page.last() {
            Some(t) if page.len() == 3 => after = Some(t.id),
            _ => break,
        }
    }
    assert_eq!(paged, all.iter().map(|t| t.id).collect::<Vec<_>>());
    let q = TicketsQuery { after: Some(9999), ..Default::default() };
    assert_err(tickets::list(s, &q), relata_core::error::ErrorCode::NotFound, Some("after"));
}

/// `ticket_sla_meta.rows_missing`, checked against a count of both tables.
fn kept_missing(d: &Desk) -> i64 {
    let counted = d.e.count("SELECT (SELECT COUNT(*) FROM tickets) - (SELECT COUNT(*) FROM ticket_sla)");
    assert_eq!(d.e.count("SELECT rows_missing FROM ticket_sla_meta"), counted, "kept and counted");
    counted
}

/// Writers that drop rows without writing them again (raw SQL, as team sync, imports and the bench generator
/// write) move the kept count of missing rows; the figures then come from the events, and the next read
/// computes the missing rows and the count is 0 again.
#[test]
fn the_kept_count_of_missing_rows_follows_every_writer() {
    let d = desk();
    let s = &d.e.store;
    sla::add_policy(s, super::sla_calendar::policy(30, 60, 240)).unwrap();
    let ids: Vec<Id> = (0..4)
        .map(|i| tickets::create(s, super::tickets::input(d.people[0], Some(T0 - i * DAY))).unwrap().ticket.id)
        .collect();
    tickets::reply(s, ids[0], TicketMessage { body: "On it".into(), internal: false, at: None, author: None }).unwrap();
    check(&d);
    let raw = d.e.raw();
    raw.execute("UPDATE tickets SET priority = 'urgent' WHERE id = ?1", [ids[1]]).unwrap();
    raw.execute("DELETE FROM ticket_events WHERE ticket_id = ?1", [ids[0]]).unwrap();
    assert_eq!(kept_missing(&d), 2);
    let copy = "INSERT INTO tickets (number, subject, person_id, status, priority, type, channel, opened_at, created_at,
        updated_at) SELECT 999999, subject, person_id, status, priority, type, channel, opened_at, created_at, updated_at
        FROM tickets WHERE id = ?1";
    raw.execute(copy, [ids[2]]).unwrap();
    assert_eq!(kept_missing(&d), 3);
    raw.execute("DELETE FROM tickets WHERE id = ?1", [ids[3]]).unwrap();
    assert_eq!(kept_missing(&d), 3, "a ticket and its row went together");
    let q = MetricsQuery { from: "2025-01-01".into(), to: "2025-12-31".into(), agent: None };
    let figures = tickets::metrics::metrics(s, &q).unwrap();
    assert_eq!(kept_missing(&d), 0, "the read computed the missing rows");
    assert_eq!(figures, tickets::metrics::metrics_by_ticket(s, &q).unwrap());
    check(&d);
}

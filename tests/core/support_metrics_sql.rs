//! The support figures aggregated in SQL over the kept snapshots (`metrics`) equal the figures computed ticket
//! by ticket (`metrics_by_ticket`, the computation before migration 37), on random stores: random writes
//! through the services (backdated too), assignees, channels, types, ratings, priority, policy, calendar and
//! company tag changes, and time passing, over random periods, for everyone and for each agent.

use proptest::prelude::*;
use relata_core::clock::Clock;
use relata_core::domain::*;
use relata_core::rng::Rng;
use relata_core::services::tickets::metrics::{metrics, metrics_by_ticket};
use relata_core::services::{companies, sla, tickets};

use super::sla_cache::{desk, random_policy, Desk, PRIORITIES, STATUSES};
use super::sla_calendar::def;
use super::support::*;

const AGENTS: [Option<&str>; 4] = [None, Some("ann"), Some("bo"), Some("cy")];
const CHANNELS: [TicketChannel; 3] = [TicketChannel::Email, TicketChannel::Phone, TicketChannel::Chat];
const TYPES: [TicketType; 3] = [TicketType::Question, TicketType::Incident, TicketType::Request];

fn day(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms).unwrap().format("%Y-%m-%d").to_string()
}

/// Both computations agree for a few periods around now, for everyone and each agent.
fn check(d: &Desk, r: &mut Rng) -> i32 {
    let now = d.e.clock.now_ms();
    let mut seen = 0;
    for _ in 0..3 {
        let from = now - r.below(12) as i64 * DAY;
        let to = from + r.below(10) as i64 * DAY;
        for agent in [None, Some("ann"), Some("nobody")] {
            let q = MetricsQuery { from: day(from), to: day(to), agent: agent.map(str::to_owned) };
            let sql = metrics(&d.e.store, &q).unwrap();
            assert_eq!(sql, metrics_by_ticket(&d.e.store, &q).unwrap(), "{q:?}");
            seen += sql.opened + sql.resolved + sql.backlog.total;
        }
    }
    seen
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    #[test]
    fn the_sql_figures_equal_the_ticket_by_ticket_ones(seed in any::<u64>()) {
        let mut r = Rng::new(seed);
        let d = desk();
        let s = &d.e.store;
        sla::add_policy(s, random_policy(&mut r, "Office")).unwrap();
        let mut ids: Vec<Id> = Vec::new();
        let mut seen = 0;
        for step in 0..40 {
            d.e.clock.advance(r.below(600) as i64 * MINUTE);
            let now = d.e.clock.now_ms();
            let back = |r: &mut Rng| Some(now - r.below(3000) as i64 * MINUTE);
            if r.chance(35) || ids.is_empty() {
                let input = TicketInput {
                    subject: format!("Ticket {step}"),
                    description: None,
                    person_id: d.people[r.below(2) as usize],
                    priority: Some(*r.pick(&PRIORITIES)),
                    kind: Some(*r.pick(&TYPES)),
                    channel: Some(*r.pick(&CHANNELS)),
                    assignee: r.pick(&AGENTS).map(str::to_owned),
                    tags: vec![],
                    deal_id: None,
                    at: Some(now - r.below(8 * 1440) as i64 * MINUTE),
                };
                ids.push(tickets::create(s, input).unwrap().ticket.id);
            }
            let id = ids[r.below(ids.len() as u64) as usize];
            match r.below(12) {
                0 => { let _ = tickets::set_priority(s, id, *r.pick(&PRIORITIES)); }
                1 => { sla::add_policy(s, random_policy(&mut r, "Office")).unwrap(); }
                2 => {
                    let tags = if r.chance(50) { vec!["VIP".into()] } else { vec![] };
                    let c = companies::get(s, d.company).unwrap();
                    companies::update(s, d.company, CompanyInput { tags, ..c.to_input() }).unwrap();
                }
                3 | 4 => { let _ = tickets::set_status(s, id, *r.pick(&STATUSES), back(&mut r)); }
                5 => { let _ = tickets::assign(s, id, *r.pick(&AGENTS), back(&mut r)); }
                6 => { let _ = tickets::rate(s, id, 1 + r.below(5) as i32, None); }
                7 => {
                    let hours: &[(&str, &str)] = &[("09:00", "12:00"), ("13:00", "17:00")];
                    let days: &[&str] = if r.chance(50) { &["mon", "tue", "wed", "thu", "fri"] } else { &["mon", "sat"] };
                    sla::add_calendar(s, def("Europe/Amsterdam", days, hours, &[], Some("NL"))).unwrap();
                }
                8 => {
                    let m = TicketMessage { body: "Hello".into(), internal: false, at: None, author: None };
                    let _ = tickets::customer_reply(s, id, m);
                }
                _ => {
                    let m = TicketMessage { body: "On it".into(), internal: r.chance(15), at: back(&mut r), author: None };
                    let _ = tickets::reply(s, id, m);
                }
            }
            if step % 5 == 4 {
                seen += check(&d, &mut r);
            }
        }
        d.e.clock.advance(2 * DAY + r.below(1440) as i64 * MINUTE);
        seen += check(&d, &mut r);
        prop_assert!(seen > 0, "the periods held some tickets");
    }
}

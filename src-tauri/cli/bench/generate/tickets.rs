//! Generated service desk (the 200k tickets with 1M events per million people): an office calendar
//! and two SLA policies, then tickets from requesters spread over all people, opened over the past year, with
//! their conversations: assignments, public replies and internal notes, customer replies, pending pauses,
//! solved and closed tickets and ratings. Recent tickets are more often still open.

use rusqlite::{params, Transaction};
use serde_json::json;

use super::super::names::{DEAL_WORDS, OWNERS};
use super::{days_ago, in_batches, Counts, Progress, ANCHOR_MS, DAY_MS};
use relata_core::error::AppResult;
use relata_core::rng::Rng;
use relata_core::services::sla;
use relata_core::store::Store;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const SUBJECTS: &[&str] = &[
    "Cannot log in to the portal",
    "Invoice amount is wrong",
    "Delivery is late",
    "Refund request",
    "Password reset needed",
    "Question about",
    "Broken on arrival:",
    "How do I export",
    "Change of address",
    "Cancel my subscription",
];

/// The calendar and policies the SLA state is computed with: an urgent/high policy for incidents and a
/// standard one for everything else.
pub fn sla_rules(store: &Store) -> AppResult<()> {
    let days = ["mon", "tue", "wed", "thu", "fri"];
    let hours: serde_json::Map<_, _> = days.iter().map(|d| (d.to_string(), json!([["08:30", "17:30"]]))).collect();
    sla::add_calendar(
        store,
        serde_json::from_value(json!({"name": "Office NL", "timezone": "Europe/Amsterdam", "hours": hours,
            "public_holidays": "NL"}))?,
    )?;
    sla::add_policy(
        store,
        serde_json::from_value(json!({"name": "Incidents", "calendar": "Office NL",
            "when": {"priority": ["urgent", "high"], "type": ["incident", "problem"]},
            "targets": {"urgent": {"first_response": 30, "next_reply": 60, "resolution": 240},
                        "high": {"first_response": 60, "next_reply": 120, "resolution": 480}}}))?,
    )?;
    sla::add_policy(
        store,
        serde_json::from_value(json!({"name": "Standard", "calendar": "Office NL",
            "targets": {"urgent": {"first_response": 60, "next_reply": 120, "resolution": 480},
                        "high": {"first_response": 120, "next_reply": 240, "resolution": 960},
                        "normal": {"first_response": 240, "next_reply": 480, "resolution": 2400},
                        "low": {"first_response": 480, "next_reply": 960, "resolution": 4800}}}))?,
    )?;
    Ok(())
}

/// One event before it is written: kind, offset from the previous event, author, status, body, assignee, rating.
struct Ev {
    kind: &'static str,
    at: i64,
    author: Option<&'static str>,
    status: Option<&'static str>,
    body: Option<String>,
    assignee: Option<&'static str>,
    rating: Option<i64>,
}

impl Ev {
    fn new(kind: &'static str, at: i64) -> Ev {
        Ev { kind, at, author: None, status: None, body: None, assignee: None, rating: None }
    }
}

/// Writes the tickets and their events; the events' total follows `counts.ticket_events` (each ticket gets
/// its core events plus a varying number of exchanges that keeps the running total on target).
pub fn tickets(
    conn: &mut rusqlite::Connection,
    seed: u64,
    counts: &Counts,
    person_company: &[u32],
    progress: Progress,
) -> AppResult<()> {
    let mut rng = Rng::stream(seed, 8);
    let people = person_company.len() as u64;
    let mut written = 0u64;
    let mut event_id = 0i64;
    in_batches(conn, "tickets", counts.tickets, progress, |tx, i| {
        let id = i as i64 + 1;
        let person = rng.below(people) as usize;
        let company = person_company[person];
        let opened = days_ago(&mut rng, 365);
        let recent = ANCHOR_MS - opened < 14 * DAY_MS;
        let status = match (recent, rng.below(100)) {
            (true, 0..=14) => "new",
            (true, 15..=49) => "open",
            (true, 50..=69) => "pending",
            (true, 70..=74) => "on_hold",
            (true, _) => "solved",
            (false, 0..=2) => "open",
            (false, 3..=4) => "pending",
            (false, 5..=39) => "solved",
            (false, _) => "closed",
        };
        let priority = weighted(&mut rng, &[("low", 20), ("normal", 55), ("high", 18), ("urgent", 7)]);
        let kind = weighted(&mut rng, &[("question", 40), ("incident", 30), ("problem", 10), ("request", 20)]);
        let channel =
            weighted(&mut rng, &[("email", 50), ("web", 20), ("chat", 12), ("phone", 10), ("social", 5), ("visit", 3)]);
        let agent = (status != "new" || rng.chance(40)).then(|| *rng.pick(OWNERS)).filter(|_| rng.chance(92));
        let subject = format!("{} {}", rng.pick(SUBJECTS), rng.pick(DEAL_WORDS).to_lowercase());
        let mut evs = core_events(&mut rng, opened, status, agent);
        let target = (i + 1) * counts.ticket_events / counts.tickets;
        let deficit = target as i64 - (written + evs.len() as u64) as i64;
        let last = i + 1 == counts.tickets;
        let extra = if last { deficit.max(0) } else { (deficit + rng.range(-1, 1)).clamp(0, 6) };
        insert_exchanges(&mut rng, &mut evs, extra as usize, agent);
        written += evs.len() as u64;
        tx.prepare_cached(
            "INSERT INTO tickets (id, number, subject, description, person_id, company_id, status, priority, type,
             channel, assignee, tags, opened_at, created_at, updated_at)
             VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, '[]', ?11, ?11, ?12)",
        )?
        .execute(params![
            id,
            subject,
            format!("{subject}: please help, this concerns our account."),
            person as i64 + 1,
            (company > 0).then_some(i64::from(company)),
            status,
            priority,
            kind,
            channel,
            agent,
            opened,
            evs.last().map_or(opened, |e| e.at)
        ])?;
        for e in evs {
            event_id += 1;
            write_event(tx, event_id, id, &e)?;
        }
        Ok(())
    })
}

fn write_event(tx: &Transaction, event_id: i64, ticket: i64, e: &Ev) -> AppResult<()> {
    tx.prepare_cached(
        "INSERT INTO ticket_events (id, ticket_id, kind, at, author, status, body, assignee, rating, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?4)",
    )?
    .execute(params![event_id, ticket, e.kind, e.at, e.author, e.status, e.body, e.assignee, e.rating])?;
    Ok(())
}

fn weighted(rng: &mut Rng, items: &[(&'static str, u64)]) -> &'static str {
    let mut draw = rng.below(items.iter().map(|(_, w)| w).sum());
    for (item, w) in items {
        if draw < *w {
            return item;
        }
        draw -= w;
    }
    items[0].0
}

/// The events every ticket with this outcome has: opened, assigned, first answer, pending pause, solved,
/// rated, closed. Times move forward from the opening and never pass the anchor.
fn core_events(rng: &mut Rng, opened: i64, status: &'static str, agent: Option<&'static str>) -> Vec<Ev> {
    let mut at = opened;
    let mut step = |rng: &mut Rng, lo: i64, hi: i64| {
        at = (at + rng.range(lo, hi)).min(ANCHOR_MS - 1);
        at
    };
    let mut evs = vec![Ev::new("created", opened)];
    if let Some(a) = agent {
        evs.push(Ev { assignee: Some(a), author: Some(a), ..Ev::new("assign", step(rng, MINUTE, 30 * MINUTE)) });
    }
    if status == "new" {
        return evs;
    }
    let author = agent.or(Some(OWNERS[0]));
    let reply = |at| Ev { author, body: Some("Thanks, we are looking into it.".into()), ..Ev::new("reply", at) };
    evs.push(reply(step(rng, 5 * MINUTE, 8 * HOUR)));
    let solved = matches!(status, "solved" | "closed");
    if status == "pending" || (solved && rng.chance(20)) {
        evs.push(Ev { author, status: Some("pending"), ..Ev::new("status", step(rng, MINUTE, 10 * MINUTE)) });
        if solved {
            evs.push(Ev {
                body: Some("Here is what you asked for.".into()),
                ..Ev::new("customer_reply", step(rng, HOUR, 3 * DAY_MS))
            });
        }
    }
    if matches!(status, "on_hold") {
        evs.push(Ev { author, status: Some("on_hold"), ..Ev::new("status", step(rng, MINUTE, DAY_MS)) });
    }
    if solved {
        evs.push(Ev { author, status: Some("solved"), ..Ev::new("status", step(rng, 10 * MINUTE, 2 * DAY_MS)) });
        if rng.chance(30) {
            let rating = Some(*rng.pick(&[1, 2, 3, 4, 4, 5, 5, 5]));
            evs.push(Ev { rating, ..Ev::new("rating", step(rng, HOUR, 2 * DAY_MS)) });
        }
        if status == "closed" {
            evs.push(Ev { author, status: Some("closed"), ..Ev::new("status", step(rng, 4 * DAY_MS, 5 * DAY_MS)) });
        }
    }
    evs
}

/// Inserts `n` events after the first answer (or the opening): customer replies, public answers and internal
/// notes, at times between their neighbours.
fn insert_exchanges(rng: &mut Rng, evs: &mut Vec<Ev>, n: usize, agent: Option<&'static str>) {
    let pos = evs.iter().position(|e| e.kind == "reply").map_or(evs.len(), |p| p + 1);
    let (from, to) = (evs[pos - 1].at, evs.get(pos).map_or(ANCHOR_MS - 1, |e| e.at));
    let mut extra: Vec<Ev> = (0..n)
        .map(|k| {
            let at = from + (to - from) * (k as i64 + 1) / (n as i64 + 1);
            // An unassigned ticket only hears from its requester.
            match (k % 2 == 0 || agent.is_none(), rng.chance(30)) {
                (true, _) => Ev { body: Some("Any news on this?".into()), ..Ev::new("customer_reply", at) },
                (false, true) => Ev { author: agent, body: Some("Checked the logs.".into()), ..Ev::new("note", at) },
                _ => Ev { author: agent, body: Some("We have an update.".into()), ..Ev::new("reply", at) },
            }
        })
        .collect();
    let tail = evs.split_off(pos);
    evs.append(&mut extra);
    evs.extend(tail);
}

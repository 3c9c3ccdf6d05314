//! The call figures of `relata support metrics` on a fixed history worked out by hand (period 3-9 March
//! 2025, UTC days; the clock stands at T0 = Mon 10 March 12:00 UTC).

use relata_core::domain::*;
use relata_core::services::tickets::metrics;
use relata_core::services::{activities, calls, people};

use super::calls::call;
use super::support::*;

/// 00:00 UTC on 3 March, the period's first instant.
const MAR3: Millis = T0 - 7 * DAY - 12 * HOUR;

type Facts = (Direction, CallOutcome, Option<i32>, Option<i32>);

fn log(e: &Env, pid: Id, day: i64, agent: Option<&str>, (dir, outcome, talk, wait): Facts) {
    let input = CallInput {
        talk_secs: talk,
        wait_secs: wait,
        agent: agent.map(str::to_owned),
        at: Some(MAR3 + day * DAY),
        ..call(pid, dir, outcome)
    };
    calls::log(&e.store, input).unwrap();
}

fn figures(agent: Option<&str>, c: [i32; 5], share: Option<f64>, talk: Option<i32>, wait: Option<i32>) -> CallFigures {
    CallFigures {
        agent: agent.map(str::to_owned),
        calls: c[0],
        inbound: c[1],
        outbound: c[2],
        with_outcome: c[3],
        answered: c[4],
        answered_share: share,
        avg_talk_secs: talk,
        avg_wait_secs: wait,
    }
}

#[test]
fn call_figures_per_period_and_agent_match_the_hand_worked_history() {
    use CallOutcome::*;
    use Direction::*;
    let e = env();
    let pid = people::create(&e.store, person("Ann", "Customer")).unwrap().id;
    // Anna: two answered inbound calls (300 s and 121 s talk, waited 20 s and 41 s), an outbound call nobody
    // answered, and an answered outbound call of 60 s.
    log(&e, pid, 0, Some("anna"), (Inbound, Answered, Some(300), Some(20)));
    log(&e, pid, 1, Some("anna"), (Inbound, Answered, Some(121), Some(41)));
    log(&e, pid, 2, Some("anna"), (Outbound, NoAnswer, None, None));
    log(&e, pid, 3, Some("anna"), (Outbound, Answered, Some(60), None));
    // Bob: an inbound call to voicemail (30 s message, waited 15 s), one busy (waited 0 s).
    log(&e, pid, 4, Some("bob"), (Inbound, Voicemail, Some(30), Some(15)));
    log(&e, pid, 5, Some("bob"), (Inbound, Busy, None, Some(0)));
    // Nobody recorded: an answered outbound call of 90 s at the period's last minute...
    let input = CallInput { at: Some(MAR3 + 7 * DAY - MINUTE), talk_secs: Some(90), ..call(pid, Outbound, Answered) };
    calls::log(&e.store, input).unwrap();
    // ...and a call logged as a plain activity (no outcome): counted, outside the answered share.
    let plain = ActivityInput {
        kind: ActivityKind::Call,
        direction: Some(Outbound),
        subject: "old".into(),
        body: None,
        occurred_at: Some(MAR3 + 6 * DAY),
        duration_secs: Some(45),
        person_id: Some(pid),
        company_id: None,
        deal_id: None,
    };
    activities::create(&e.store, plain).unwrap();
    // Outside: the minute before the period, the day after it, and a trashed call inside it.
    log(&e, pid, 0, Some("anna"), (Inbound, Answered, Some(999), Some(999)));
    let before = CallInput { at: Some(MAR3 - MINUTE), ..call(pid, Inbound, Answered) };
    calls::log(&e.store, before).unwrap();
    let after = CallInput { at: Some(MAR3 + 7 * DAY), agent: Some("anna".into()), ..call(pid, Inbound, Busy) };
    calls::log(&e.store, after).unwrap();
    let trashed = e.count("SELECT max(id) FROM activities WHERE call_wait_secs = 999");
    activities::delete(&e.store, trashed).unwrap();

    let q = MetricsQuery { from: "2025-03-03".into(), to: "2025-03-09".into(), agent: None };
    let m = metrics::metrics(&e.store, &q).unwrap();
    // 8 calls, 4 in and 4 out; 7 with an outcome of which 4 answered; talk (300+121+60+90)/4 = 142.75;
    // wait (20+41+15+0)/4 = 19.
    assert_eq!(m.calls.total, figures(None, [8, 4, 4, 7, 4], Some(4.0 / 7.0), Some(143), Some(19)));
    let anna = figures(Some("anna"), [4, 2, 2, 4, 3], Some(0.75), Some(160), Some(31)); // 481/3; 61/2 = 30.5 up
    let bob = figures(Some("bob"), [2, 2, 0, 2, 0], Some(0.0), None, Some(8)); // 15/2 = 7.5 up
    let nobody = figures(None, [2, 0, 2, 1, 1], Some(1.0), Some(90), None);
    assert_eq!(m.calls.agents, vec![anna, bob.clone(), nobody]);

    let csv = metrics::csv(&m, MetricsFigure::Calls).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "scope,agent,calls,inbound,outbound,with_outcome,answered,answered_share,avg_talk_secs,avg_wait_secs"
    );
    assert_eq!(lines[1], "total,,8,4,4,7,4,0.5714,143,19");
    assert_eq!(lines[3], "agent,bob,2,2,0,2,0,0.0000,,8");
    assert_eq!(lines.len(), 5);

    // One agent: the total is theirs.
    let only_bob = metrics::metrics(&e.store, &MetricsQuery { agent: Some("bob".into()), ..q.clone() }).unwrap();
    assert_eq!(only_bob.calls.total, CallFigures { agent: None, ..bob.clone() });
    assert_eq!(only_bob.calls.agents, vec![bob]);
    // A period without calls.
    let empty =
        metrics::metrics(&e.store, &MetricsQuery { from: "2025-01-01".into(), to: "2025-01-31".into(), agent: None })
            .unwrap();
    assert_eq!(empty.calls, CallMetrics::default());
}

//! Breach warnings with the injected clock: once per ticket and clock (also across a restart), only in the
//! calendar's business hours, only for this desktop's user, a breach marked always and announced only when
//! its clock had no warning. Office hours Mon-Fri 09-12 and 13-17 Europe/Amsterdam (UTC+1); first response
//! within 60 business minutes.

use relata_core::domain::*;
use relata_core::services::{scheduler, settings, tickets};
use relata_core::store::Store;

use super::sla_calendar::t;
use super::support::*;
use super::support_metrics::{office, open, Spec};

fn sweep(s: &Store) -> Vec<(String, SlaTarget, AlertKind, i32)> {
    let alerts = tickets::alerts::sweep(s).unwrap();
    alerts.into_iter().map(|a| (a.number, a.target, a.kind, a.minutes_left)).collect()
}

fn spec(opened: &'static str, assignee: &'static str) -> Spec {
    Spec { opened, assignee: Some(assignee), channel: TicketChannel::Email, kind: TicketType::Question }
}

#[test]
fn a_warning_comes_once_before_the_breach_and_a_breach_is_marked() {
    let e = env();
    let pid = office(&e);
    // Opened at 13:00 local (T0): due at 14:00; the warning comes with 30 business minutes left.
    let id = open(&e, pid, spec("2025-03-10T12:00:00Z", "bob"));
    assert!(sweep(&e.store).is_empty());
    e.clock.set(T0 + 29 * MINUTE);
    assert!(sweep(&e.store).is_empty());
    e.clock.set(T0 + 30 * MINUTE);
    let w = ("T-000001".to_string(), SlaTarget::FirstResponse, AlertKind::Warning, 30);
    assert_eq!(sweep(&e.store), [w]);
    e.clock.set(T0 + 40 * MINUTE);
    assert!(sweep(&e.store).is_empty(), "a warning is sent once");
    // A second store on the same file (a restart, or the CLI next to the app) does not send it again.
    let again = Store::open(e.dir.path(), e.clock.clone()).unwrap();
    assert!(sweep(&again).is_empty());
    // Past 14:00 the first response is breached: marked, not announced (it was warned about).
    e.clock.set(T0 + 61 * MINUTE);
    assert!(sweep(&again).is_empty());
    assert_eq!(tickets::alerts::breaches_marked(&e.store, T0, T0 + DAY).unwrap(), 1);
    assert_eq!(e.count("SELECT COUNT(*) FROM ticket_alerts WHERE kind = 'breach' AND notified_at IS NULL"), 1);
    // An answer stops the clock: nothing more, and the mark stays.
    let m = TicketMessage { body: "Sorry".into(), internal: false, at: None, author: None };
    tickets::reply(&e.store, id, m).unwrap();
    assert!(sweep(&e.store).is_empty());
    assert_eq!(tickets::alerts::breaches_marked(&e.store, T0, T0 + DAY).unwrap(), 1);
}

#[test]
fn no_pings_at_night_and_only_for_this_desktops_user() {
    let e = env();
    let pid = office(&e);
    settings::set(&e.store, Settings { user_name: Some(" Eve ".into()), ..settings::get(&e.store).unwrap() }).unwrap();
    // An import of last week's open ticket: its breaches are marked, never announced (too old).
    e.clock.set(t("2025-03-10T15:20:00Z"));
    let old = open(&e, pid, spec("2025-03-03T08:00:00Z", "eve"));
    tickets::set_status(&e.store, old, TicketStatus::Open, Some(t("2025-03-03T08:00:00Z"))).unwrap();
    // Two tickets opened at 16:20 local, eve's and bob's; the app is closed until 18:00.
    open(&e, pid, spec("2025-03-10T15:20:00Z", "EVE"));
    let bobs = open(&e, pid, spec("2025-03-10T15:20:00Z", "bob"));
    e.clock.set(t("2025-03-10T17:00:00Z"));
    assert!(sweep(&e.store).is_empty(), "18:00 is after hours");
    assert_eq!(tickets::alerts::breaches_marked(&e.store, 0, i64::MAX).unwrap(), 2);
    e.clock.set(t("2025-03-11T07:59:00Z"));
    assert!(sweep(&e.store).is_empty(), "08:59 is before hours");
    // At 09:00 eve's ticket has 20 minutes left; bob's is not hers.
    e.clock.set(t("2025-03-11T08:00:00Z"));
    assert_eq!(sweep(&e.store), [("T-000002".to_string(), SlaTarget::FirstResponse, AlertKind::Warning, 20)]);
    // At 09:30 both are breached; bob's ticket becomes eve's: its breach (never warned about) is announced.
    e.clock.set(t("2025-03-11T08:30:00Z"));
    tickets::assign(&e.store, bobs, Some("eve"), None).unwrap();
    assert_eq!(sweep(&e.store), [("T-000003".to_string(), SlaTarget::FirstResponse, AlertKind::Breach, 0)]);
    assert!(sweep(&e.store).is_empty());
    assert_eq!(tickets::alerts::breaches_marked(&e.store, 0, i64::MAX).unwrap(), 4);
}

#[tokio::test]
async fn the_reminder_scheduler_delivers_breach_warnings() {
    let e = env();
    let pid = office(&e);
    // Opened at 12:00 local (the break): 30 of its 60 minutes are gone at 13:30.
    open(&e, pid, spec("2025-03-10T11:00:00Z", "bob"));
    e.clock.set(T0 + 30 * MINUTE);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let store = std::sync::Arc::new(e.store);
    let wake = std::sync::Arc::new(tokio::sync::Notify::new());
    let runtime = tokio::runtime::Handle::current();
    let timer = relata_core::services::jobs::Timer::system();
    let job = scheduler::spawn(&runtime, timer, wake, store, move |d| {
        let _ = tx.send(d);
    });
    let d = tokio::time::timeout(std::time::Duration::from_secs(10), rx.recv()).await.unwrap().unwrap();
    match d {
        scheduler::Delivery::Breach(a) => {
            assert_eq!((a.len(), a[0].kind, a[0].minutes_left), (1, AlertKind::Warning, 30))
        }
        other => panic!("expected a breach, got {other:?}"),
    }
    job.stop().await;
}

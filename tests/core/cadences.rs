use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::{activities, cadences, people, reminders, tasks};

use super::support::*;

fn step(offset_days: i32, kind: ActivityKind, title: &str) -> CadenceStep {
    CadenceStep { offset_days, kind, title: title.into() }
}

fn open_tasks(e: &Env, person_id: Id) -> Vec<Task> {
    tasks::list(&e.store, &TasksQuery { person_id: Some(person_id), ..Default::default() }).unwrap().items
}

/// Open tasks due now or before, as `relata tasks due` asks for them.
fn due_now(e: &Env) -> Vec<Task> {
    let q = TasksQuery { due_before: Some(e.store.clock().now_ms() + 1), ..Default::default() };
    tasks::list(&e.store, &q).unwrap().items
}

fn lead(e: &Env) -> (Person, Cadence) {
    let p = people::create(&e.store, PersonInput { company_name: Some("Tulp BV".into()), ..person("Anna", "Lead") })
        .unwrap();
    let c = cadences::find_by_name(&e.store, "New lead follow-up").unwrap();
    (p, c)
}

fn inbound(person_id: Id) -> ActivityInput {
    ActivityInput {
        kind: ActivityKind::Email,
        direction: Some(Direction::Inbound),
        subject: "Re: info".into(),
        body: None,
        occurred_at: None,
        duration_secs: None,
        person_id: Some(person_id),
        company_id: None,
        deal_id: None,
    }
}

#[test]
fn the_default_cadence_is_seeded_once() {
    let e = env();
    let all = cadences::list(&e.store).unwrap();
    assert_eq!(all.len(), 1);
    let days: Vec<(i32, ActivityKind)> = all[0].steps.iter().map(|s| (s.offset_days, s.kind)).collect();
    use ActivityKind::{Call, Email};
    assert_eq!(days, vec![(0, Call), (3, Email), (7, Call), (14, Email)]);
    assert_eq!(cadences::find_by_name(&e.store, " NEW LEAD follow-up").unwrap().id, all[0].id);
    let dir = e.dir;
    drop(e.store);
    let store =
        relata_core::store::Store::open(dir.path(), std::sync::Arc::new(relata_core::clock::ManualClock::new(T0)))
            .unwrap();
    assert_eq!(cadences::list(&store).unwrap().len(), 1, "reopening does not seed again");
}

#[test]
fn validation_names_the_field() {
    let e = env();
    let s = &e.store;
    let good = || vec![step(0, ActivityKind::Call, "Call {name}")];
    let input = |name: &str, steps| CadenceInput { name: name.into(), steps };
    assert_err(cadences::create(s, input(" ", good())), ErrorCode::Required, Some("name"));
    assert_err(cadences::create(s, input("X", vec![])), ErrorCode::OutOfRange, Some("steps"));
    let many = vec![step(1, ActivityKind::Call, "t"); 21];
    assert_err(cadences::create(s, input("X", many)), ErrorCode::OutOfRange, Some("steps"));
    let steps = vec![step(0, ActivityKind::Call, "a"), step(-1, ActivityKind::Call, "b")];
    assert_err(cadences::create(s, input("X", steps)), ErrorCode::OutOfRange, Some("steps.1.offset_days"));
    let steps = vec![step(0, ActivityKind::Call, "a"), step(366, ActivityKind::Call, "b")];
    assert_err(cadences::create(s, input("X", steps)), ErrorCode::OutOfRange, Some("steps.1.offset_days"));
    let steps =
        vec![step(0, ActivityKind::Call, "a"), step(5, ActivityKind::Email, "b"), step(3, ActivityKind::Call, "c")];
    assert_err(cadences::create(s, input("X", steps)), ErrorCode::OutOfRange, Some("steps.2.offset_days"));
    let steps = vec![step(0, ActivityKind::Call, "a"), step(2, ActivityKind::Email, "  ")];
    assert_err(cadences::create(s, input("X", steps)), ErrorCode::Required, Some("steps.1.title"));
    assert_err(cadences::create(s, input("new lead FOLLOW-UP", good())), ErrorCode::Duplicate, Some("name"));

    let c = cadences::create(s, input(" Renewal ", good())).unwrap();
    assert_eq!((c.name.as_str(), c.steps.len()), ("Renewal", 1));
    let steps = vec![step(0, ActivityKind::Visit, "Visit"), step(30, ActivityKind::Call, "Call")];
    let c = cadences::update(s, c.id, input("Renewal", steps)).unwrap();
    assert_eq!(c.steps[1].offset_days, 30);
    assert_err(cadences::update(s, 999, input("Y", good())), ErrorCode::NotFound, None);
    cadences::delete(s, c.id).unwrap();
    assert_eq!(cadences::list(s).unwrap().len(), 1);
    assert_err(cadences::delete(s, c.id), ErrorCode::NotFound, None);
}

#[test]
fn apply_creates_the_series_in_one_go() {
    let e = env();
    let (p, c) = lead(&e);
    let created = cadences::apply(&e.store, c.id, p.id, Some(T0 + HOUR)).unwrap();
    let dues: Vec<Millis> = created.iter().map(|t| t.due_at).collect();
    let start = T0 + HOUR;
    assert_eq!(dues, vec![start, start + 3 * DAY, start + 7 * DAY, start + 14 * DAY]);
    assert_eq!(created[0].title, "Call: Introduce yourself to Anna Lead");
    assert_eq!(created[1].title, "Email: Send Anna Lead more information");
    assert!(created
        .iter()
        .all(|t| t.person_id == Some(p.id) && t.company_id == p.company_id && t.company_id.is_some()));
    // Applying it again while steps are open would double the series.
    assert_err(cadences::apply(&e.store, c.id, p.id, None), ErrorCode::Conflict, Some("cadence_id"));
    assert_err(cadences::apply(&e.store, c.id, 999, None), ErrorCode::NotFound, Some("person_id"));
    assert_err(cadences::apply(&e.store, 999, p.id, None), ErrorCode::NotFound, None);
    assert_eq!(e.count("SELECT COUNT(*) FROM tasks"), 4, "failed applications wrote nothing");
    // Without a start the series starts now (the injected clock): day 0 is due at once.
    let other = people::create(&e.store, person("Bo", "")).unwrap();
    let t = cadences::apply(&e.store, c.id, other.id, None).unwrap();
    assert_eq!((t[0].due_at, t[3].due_at, t[0].company_id), (T0, T0 + 14 * DAY, None));
}

#[test]
fn apply_keeps_the_local_time_across_dst() {
    let e = env();
    let (p, c) = lead(&e);
    // Friday 2025-03-28 09:00 in Amsterdam (CET); day 3 is Monday after the switch to CEST, still 09:00.
    let start = 1_743_148_800_000;
    let tz: chrono_tz::Tz = "Europe/Amsterdam".parse().unwrap();
    let created = cadences::apply_in(&e.store, c.id, p.id, Some(start), tz).unwrap();
    assert_eq!(created[1].due_at, start + 3 * DAY - HOUR);
}

#[test]
fn a_reply_stops_the_remaining_steps() {
    let e = env();
    let (p, c) = lead(&e);
    let created = cadences::apply(&e.store, c.id, p.id, None).unwrap();
    tasks::set_done(&e.store, created[0].id, true).unwrap();
    e.clock.advance(4 * DAY);
    assert_eq!(due_now(&e).len(), 1, "the day-3 email is due");
    // An outbound email (our own follow-up) is not a reply.
    let mut ours = inbound(p.id);
    ours.direction = Some(Direction::Outbound);
    activities::create(&e.store, ours).unwrap();
    assert_eq!(open_tasks(&e, p.id).len(), 3);
    // A reply logged without a person (company only) does not know whose cadence to stop.
    let mut company_only = inbound(p.id);
    (company_only.person_id, company_only.company_id) = (None, p.company_id);
    activities::create(&e.store, company_only).unwrap();
    assert_eq!(open_tasks(&e, p.id).len(), 3);

    activities::create(&e.store, inbound(p.id)).unwrap();
    assert!(open_tasks(&e, p.id).is_empty());
    assert!(due_now(&e).is_empty());
    e.clock.advance(30 * DAY);
    assert!(reminders::due_now(&e.store).unwrap().is_empty(), "cancelled steps never fire");
    assert_eq!(reminders::next_instant(&e.store).unwrap(), None);
    // The completed step stays completed; the three others are recorded as cancelled, with the reason.
    assert_eq!(e.count("SELECT COUNT(*) FROM cadence_tasks WHERE cancelled_at IS NOT NULL"), 3);
    assert_eq!(e.count("SELECT COUNT(*) FROM cadence_runs WHERE stop_reason = 'reply'"), 1);
    assert_eq!(tasks::get(&e.store, created[0].id).unwrap().done_at, Some(T0));
    // Once stopped, the cadence may be applied again.
    assert_eq!(cadences::apply(&e.store, c.id, p.id, None).unwrap().len(), 4);
}

#[test]
fn a_reply_dated_before_the_cadence_does_not_stop_it() {
    let e = env();
    let (p, c) = lead(&e);
    cadences::apply(&e.store, c.id, p.id, None).unwrap();
    activities::create(&e.store, ActivityInput { occurred_at: Some(T0 - DAY), ..inbound(p.id) }).unwrap();
    assert_eq!(open_tasks(&e, p.id).len(), 4);
}

#[test]
fn converting_the_lead_stops_the_remaining_steps() {
    let e = env();
    let (p, c) = lead(&e);
    cadences::apply(&e.store, c.id, p.id, None).unwrap();
    let input = PersonInput { company_id: p.company_id, ..person("Anna", "Lead") };
    // Edits that leave the lead open change nothing.
    people::update(&e.store, p.id, PersonInput { job_title: Some("Buyer".into()), ..input.clone() }).unwrap();
    assert_eq!(open_tasks(&e, p.id).len(), 4);
    let converted = PersonInput { lead_status: Some(LeadStatus::Converted), ..input.clone() };
    people::update(&e.store, p.id, converted).unwrap();
    assert!(open_tasks(&e, p.id).is_empty());
    assert_eq!(e.count("SELECT COUNT(*) FROM cadence_runs WHERE stop_reason = 'converted'"), 1);

    // A cadence applied on purpose to a customer survives edits to that customer; leaving the lead stage
    // is what stops a lead's cadence.
    let customer = PersonInput { lifecycle: Lifecycle::Customer, ..person("Cas", "Customer") };
    let cust = people::create(&e.store, customer.clone()).unwrap();
    cadences::apply(&e.store, c.id, cust.id, None).unwrap();
    people::update(&e.store, cust.id, PersonInput { job_title: Some("CEO".into()), ..customer }).unwrap();
    assert_eq!(open_tasks(&e, cust.id).len(), 4);
    let other = people::create(&e.store, person("Dirk", "Lead")).unwrap();
    cadences::apply(&e.store, c.id, other.id, None).unwrap();
    let qualified = PersonInput { lifecycle: Lifecycle::Qualified, ..person("Dirk", "Lead") };
    people::update(&e.store, other.id, qualified).unwrap();
    assert!(open_tasks(&e, other.id).is_empty());
}

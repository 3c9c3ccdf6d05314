//! Orders on the timeline (between a customer's activities, in order of time, with their totals), in the
//! trash (delete, restore, purge) and in the audit trail.

use relata_core::domain::*;
use relata_core::services::orders::{self, Filter};
use relata_core::services::{activities, audit, companies, people, trash};

use super::orders::free as line;
use super::support::*;

fn note(person_id: Option<Id>, company_id: Option<Id>, subject: &str, at: Millis) -> ActivityInput {
    ActivityInput {
        kind: ActivityKind::Note,
        subject: subject.into(),
        occurred_at: Some(at),
        person_id,
        company_id,
        direction: None,
        body: None,
        duration_secs: None,
        deal_id: None,
    }
}

/// 2025-03-01 (before T0): an order for Ann; 2025-03-05: a note; 2025-03-07: her return of part of it;
/// 2025-03-08: an order for the company itself; 2025-03-09: another note.
fn history(e: &Env) -> (Id, Id, Order, Order, Order) {
    let acme = companies::create(&e.store, CompanyInput { name: "Acme".into(), ..Default::default() }).unwrap();
    let ann = people::create(&e.store, PersonInput { company_id: Some(acme.id), ..person("Ann", "Buyer") }).unwrap();
    let at = |day: &str| Some(format!("2025-03-{day}T10:00:00+00:00"));
    let bought = OrderInput {
        number: "A-1".into(),
        person_id: Some(ann.id),
        ordered_at: at("01"),
        currency: "EUR".into(),
        lines: vec![line("Pen", 3000, 333, 2100), line("Ink", 1500, 199, 900)],
        ..Default::default()
    };
    let bought = orders::create(&e.store, bought).unwrap();
    activities::create(&e.store, note(Some(ann.id), None, "Asked about ink", T0 - 5 * DAY)).unwrap();
    let returned = OrderInput {
        number: "C-1".into(),
        kind: OrderKind::CreditNote,
        person_id: Some(ann.id),
        original_order_id: Some(bought.id),
        ordered_at: at("07"),
        currency: "EUR".into(),
        lines: vec![line("Ink", -1500, 199, 900)],
        ..Default::default()
    };
    let returned = orders::create(&e.store, returned).unwrap();
    let own = OrderInput {
        number: "B-1".into(),
        company_id: Some(acme.id),
        ordered_at: at("08"),
        currency: "DKK".into(),
        lines: vec![line("Desk", 1000, 250_000, 2500)],
        ..Default::default()
    };
    let own = orders::create(&e.store, own).unwrap();
    activities::create(&e.store, note(Some(ann.id), None, "Happy with the pens", T0 - DAY)).unwrap();
    (ann.id, acme.id, bought, returned, own)
}

fn entries(page: &Page<Activity>) -> Vec<(ActivityKind, String, Option<i64>)> {
    page.items.iter().map(|a| (a.kind, a.subject.clone(), a.order.as_ref().map(|o| o.gross_minor))).collect()
}

#[test]
fn a_customers_timeline_holds_their_orders_and_returns_in_order_of_time() {
    let e = env();
    let (ann, acme, bought, returned, own) = history(&e);
    let q = |person_id, company_id| TimelineQuery { person_id, company_id, ..Default::default() };
    let page = activities::timeline(&e.store, &q(Some(ann), None)).unwrap();
    use ActivityKind::{Note, Order};
    assert_eq!(
        entries(&page),
        vec![
            (Note, "Happy with the pens".into(), None),
            (Order, "C-1".into(), Some(-326)),
            (Note, "Asked about ink".into(), None),
            (Order, "A-1".into(), Some(1209 + 326)),
        ]
    );
    assert_eq!(page.total, 4);
    let ret = &page.items[1];
    assert_eq!(
        (ret.id, ret.occurred_at, ret.person_id, ret.person_name.as_deref()),
        (returned.id, 1_741_341_600_000, Some(ann), Some("Ann Buyer"))
    );
    let facts = ret.order.as_ref().unwrap();
    assert_eq!(
        (facts.kind, facts.status, facts.currency.as_str(), facts.net_minor),
        (OrderKind::CreditNote, OrderStatus::Confirmed, "EUR", -299)
    );
    assert_eq!(page.items[3].id, bought.id);
    // The order page's VAT per rate: sums of the rounded lines, adding up to the order's totals.
    let rates: Vec<_> = bought.vat_rates.iter().map(|r| (r.vat_rate_bp, r.net_minor, r.vat_minor)).collect();
    assert_eq!(rates, [(900, 299, 27), (2100, 999, 210)]);

    // The company's timeline: its own order and its people's, with their activities.
    let page = activities::timeline(&e.store, &q(None, Some(acme))).unwrap();
    let subjects: Vec<_> = page.items.iter().map(|a| a.subject.as_str()).collect();
    assert_eq!(subjects, ["Happy with the pens", "B-1", "C-1", "Asked about ink", "A-1"]);
    assert_eq!(page.items[1].order.as_ref().map(|o| (o.currency.as_str(), o.gross_minor)), Some(("DKK", 312_500)));
    assert_eq!(page.items[1].id, own.id);

    // Pages of two walk them all without skipping or repeating one, though activity and order ids overlap:
    // a third note (activity 3) at the very moment of order 3 (B-1).
    let tie = activities::create(&e.store, note(None, Some(acme), "Desk delivered", own.ordered_at * 1000)).unwrap();
    assert_eq!((tie.id, own.id), (3, 3));
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = activities::timeline(
            &e.store,
            &TimelineQuery { company_id: Some(acme), limit: Some(2), cursor: cursor.clone(), ..Default::default() },
        )
        .unwrap();
        seen.extend(page.items.iter().map(|a| a.subject.clone()));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(seen.len(), 6);
    assert_eq!(seen.iter().filter(|s| *s == "B-1" || *s == "Desk delivered").count(), 2);

    // The kind filter, the search (an order's number) and the trash apply to orders too.
    let only = TimelineQuery { person_id: Some(ann), kinds: vec![Order], ..Default::default() };
    assert_eq!(activities::timeline(&e.store, &only).unwrap().items.len(), 2);
    let found = TimelineQuery { person_id: Some(ann), search: Some("c-1".into()), ..Default::default() };
    assert_eq!(entries(&activities::timeline(&e.store, &found).unwrap()), vec![(Order, "C-1".into(), Some(-326))]);
    orders::delete(&e.store, returned.id).unwrap();
    assert_eq!(activities::timeline(&e.store, &q(Some(ann), None)).unwrap().total, 3);
    // The timeline of every record (the activities list, the CSV export) stays activities only.
    let all = activities::timeline(&e.store, &TimelineQuery::default()).unwrap();
    assert!(all.items.iter().all(|a| a.kind != Order && a.order.is_none()));
    // An order is never written as an activity.
    let bad = ActivityInput { kind: Order, ..note(Some(ann), None, "fake", T0) };
    assert_err(activities::create(&e.store, bad), relata_core::error::ErrorCode::InvalidValue, Some("kind"));
}

#[test]
fn a_deleted_order_is_in_the_trash_until_restored_or_purged() {
    let e = env();
    let (ann, _, bought, returned, own) = history(&e);
    orders::delete(&e.store, returned.id).unwrap();
    e.clock.advance(MINUTE);
    orders::delete(&e.store, bought.id).unwrap();
    let items = trash::list(&e.store).unwrap();
    let listed: Vec<_> = items.iter().map(|i| (i.entity, i.id, i.title.as_str())).collect();
    assert_eq!(listed, [(Entity::Order, bought.id, "A-1"), (Entity::Order, returned.id, "C-1")]);

    trash::restore(&e.store, Entity::Order, bought.id).unwrap();
    assert_eq!(orders::get(&e.store, bought.id).unwrap().lines.len(), 2);
    let ann_orders = Filter { person_id: Some(ann), company_id: None };
    assert_eq!(orders::list(&e.store, ann_orders).unwrap().len(), 1);

    trash::purge(&e.store, Entity::Order, returned.id).unwrap();
    assert_eq!(e.count(&format!("SELECT COUNT(*) FROM orders WHERE id = {}", returned.id)), 0);
    assert_eq!(e.count(&format!("SELECT COUNT(*) FROM order_lines WHERE order_id = {}", returned.id)), 0);
    orders::delete(&e.store, own.id).unwrap();
    assert_eq!(trash::empty(&e.store).unwrap(), 1);
    assert!(trash::list(&e.store).unwrap().is_empty());
    assert_eq!(e.count("SELECT COUNT(*) FROM orders"), 1);
}

#[test]
fn every_order_write_leaves_an_audit_entry() {
    let e = env();
    let (_, _, bought, _, _) = history(&e);
    let paid = orders::set_status(&e.store, bought.id, OrderStatus::Paid).unwrap();
    assert_eq!(paid.status, OrderStatus::Paid);
    // Setting the status it has changes nothing and records nothing.
    orders::set_status(&e.store, bought.id, OrderStatus::Paid).unwrap();
    orders::delete(&e.store, bought.id).unwrap();
    orders::restore(&e.store, bought.id).unwrap();
    orders::delete(&e.store, bought.id).unwrap();
    trash::restore(&e.store, Entity::Order, bought.id).unwrap();
    orders::delete(&e.store, bought.id).unwrap();
    trash::purge(&e.store, Entity::Order, bought.id).unwrap();
    let q = AuditQuery { entity: Some(Entity::Order), record_id: Some(bought.id), cursor: None, limit: 100 };
    let trail: Vec<_> =
        audit::list(&e.store, &q).unwrap().items.into_iter().rev().map(|a| (a.action, a.fields)).collect();
    use AuditAction::*;
    assert_eq!(
        trail,
        vec![
            (Create, vec![]),
            (Update, vec!["status".to_string()]),
            (Delete, vec![]),
            (Restore, vec![]),
            (Delete, vec![]),
            (Restore, vec![]),
            (Delete, vec![]),
            (Purge, vec![]),
        ]
    );
    assert_err(
        orders::set_status(&e.store, bought.id, OrderStatus::Draft),
        relata_core::error::ErrorCode::NotFound,
        None,
    );
}

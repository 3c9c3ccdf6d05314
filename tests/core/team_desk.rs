//! The service desk in a team workspace (docs/team-sync.md, "Every table"): tickets travel with their events
//! in order and give the same SLA state on every desktop, ticket numbers made offline do not collide, and
//! row-level security keeps support away from deals and orders and lets sales read (not write) the tickets
//! of the people they see. Run under `bash .ci/with-postgres.sh`.

use relata_core::domain::*;
use relata_core::services::{deals, orders, people, sla, tickets};

use super::sla_calendar::{def, policy};
use super::support::*;
use super::team_pg::*;

fn office() -> CalendarDef {
    def("Europe/Amsterdam", &["mon", "tue", "wed", "thu", "fri"], &[("09:00", "17:00")], &[], None)
}

pub fn ticket(person_id: Id, subject: &str) -> TicketInput {
    TicketInput {
        subject: subject.into(),
        description: Some("It broke".into()),
        person_id,
        priority: None,
        kind: None,
        channel: None,
        assignee: Some("sam".into()),
        tags: vec!["printer".into()],
        deal_id: None,
        at: Some(T0 - 3 * HOUR),
    }
}

fn msg(body: &str, at: Millis) -> TicketMessage {
    TicketMessage { body: body.into(), internal: false, at: Some(at), author: Some("sam".into()) }
}

/// What two desktops must agree on: (kind, at, author, status, body, assignee) per event, in order.
type EventView = (TicketEventKind, Millis, Option<String>, Option<TicketStatus>, Option<String>, Option<String>);

fn events(d: &TicketDetail) -> Vec<EventView> {
    d.events.iter().map(|e| (e.kind, e.at, e.author.clone(), e.status, e.body.clone(), e.assignee.clone())).collect()
}

/// A count over a raw connection as a team user (the fixture's passwords: `pw-USER`, the admin's own).
async fn raw_count(pg: &Pg, db: &str, user: &str, sql: &str) -> i64 {
    let password = if user == pg.admin { pg.password.clone() } else { format!("pw-{user}") };
    pg.raw(db, user, &password).await.query_one(sql, &[]).await.unwrap().get(0)
}

#[tokio::test]
async fn a_ticket_with_replies_reaches_the_other_desktop_with_its_events_in_order_and_the_same_sla() {
    let pg = pg();
    let (db, a) = workspace(&pg).await;
    let (_, b) = member(&pg, &db, &a, "support").await;
    sla::add_calendar(&a.env.store, office()).unwrap();
    sla::add_policy(&a.env.store, policy(60, 120, 480)).unwrap();
    let ann = people::create(&a.env.store, person("Ann", "Customer")).unwrap();
    let t = tickets::create(&a.env.store, ticket(ann.id, "Printer on fire")).unwrap();
    tickets::reply(&a.env.store, t.ticket.id, msg("We are on it", T0 - 2 * HOUR)).unwrap();
    tickets::customer_reply(&a.env.store, t.ticket.id, msg("Still smoking", T0 - HOUR)).unwrap();
    tickets::set_status(&a.env.store, t.ticket.id, TicketStatus::Pending, Some(T0 - 30 * MINUTE)).unwrap();
    a.sync().await;
    let report = b.sync().await;
    assert!(report.refused.is_empty(), "{report:?}");

    let on_b = b.local_id("tickets", &a.gid("tickets", t.ticket.id)).expect("the ticket reached B");
    let (mine, theirs) = (tickets::get(&a.env.store, t.ticket.id).unwrap(), tickets::get(&b.env.store, on_b).unwrap());
    assert_eq!(events(&theirs), events(&mine));
    assert_eq!(theirs.events.len(), 5, "created, assign, reply, customer reply, status: {:?}", events(&theirs));
    assert_eq!(theirs.ticket.sla, mine.ticket.sla, "the same calendar, policy and events give the same SLA");
    assert!(mine.ticket.sla.policy.is_some(), "a policy applies: {:?}", mine.ticket.sla);
    assert_eq!(
        (&theirs.ticket.number, &theirs.ticket.subject, theirs.ticket.status, &theirs.ticket.tags),
        (&mine.ticket.number, &mine.ticket.subject, mine.ticket.status, &mine.ticket.tags)
    );
    assert_eq!(theirs.ticket.person_id, b.local_id("people", &a.gid("people", ann.id)).unwrap());
    let reply = theirs.events.iter().find(|e| e.kind == TicketEventKind::Reply).unwrap();
    assert!(reply.activity_id.is_some(), "the reply's activity on the timeline travelled too");
    assert_eq!(b.pending(), 0, "what a pull wrote is not pushed back");

    // Support answers on B; A sees the answer after the earlier events. A's list keeps each ticket's SLA
    // snapshot: the pulled reply computes it again (a list after the pull needs no fallback to the events).
    assert_eq!(tickets::list(&a.env.store, &TicketsQuery::default()).unwrap().len(), 1);
    b.env.clock.advance(MINUTE);
    tickets::reply(&b.env.store, on_b, msg("Fixed", T0)).unwrap();
    let report = b.sync().await;
    assert!(report.refused.is_empty(), "support writes tickets: {report:?}");
    a.sync().await;
    assert_eq!(
        a.env.count(&format!("SELECT COUNT(*) FROM ticket_sla WHERE valid_from = {T0}")),
        1,
        "computed after the pull"
    );
    let mine = tickets::get(&a.env.store, t.ticket.id).unwrap();
    let listed = tickets::list(&a.env.store, &TicketsQuery::default()).unwrap();
    assert_eq!(listed[0].sla, mine.ticket.sla, "the kept snapshot after a pull gives the computed SLA");
    assert_eq!(events(&mine), events(&tickets::get(&b.env.store, on_b).unwrap()));
    assert_eq!(mine.events.last().and_then(|e| e.body.as_deref()), Some("Fixed"));
}

#[tokio::test]
async fn ticket_numbers_made_offline_on_two_desktops_do_not_collide() {
    let pg = pg();
    let (db, a) = workspace(&pg).await;
    let (_, b) = member(&pg, &db, &a, "support").await;
    let ann = people::create(&a.env.store, person("Ann", "Customer")).unwrap();
    a.sync().await;
    b.sync().await;
    let ann_b = b.local_id("people", &a.gid("people", ann.id)).unwrap();
    // Offline, both desktops open tickets: each numbers them 1, 2 locally.
    let a1 = tickets::create(&a.env.store, ticket(ann.id, "A one")).unwrap();
    let b1 = tickets::create(&b.env.store, ticket(ann_b, "B one")).unwrap();
    let b2 = tickets::create(&b.env.store, ticket(ann_b, "B two")).unwrap();
    assert_eq!((a1.ticket.number.as_str(), b1.ticket.number.as_str()), ("T-000001", "T-000001"));
    a.sync().await;
    b.sync().await;
    a.sync().await;
    let numbers = |d: &Desk| -> Vec<(String, i64)> {
        d.env
            .raw()
            .prepare("SELECT subject, number FROM tickets ORDER BY number")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let on_a = numbers(&a);
    assert_eq!(on_a.len(), 3, "{on_a:?}");
    assert_eq!(on_a, numbers(&b), "every desktop shows each ticket under one number");
    assert_eq!(on_a[0], ("A one".to_string(), 1), "the first to arrive keeps its number");
    let mut got: Vec<i64> = on_a.iter().map(|(_, n)| *n).collect();
    got.dedup();
    assert_eq!(got, vec![1, 2, 3]);
    assert_eq!((a.pending(), b.pending()), (0, 0));
    assert_eq!(tickets::find(&b.env.store, &tickets::get(&a.env.store, a1.ticket.id).unwrap().ticket.number).ok(), {
        b.local_id("tickets", &a.gid("tickets", a1.ticket.id))
    });
    let _ = b2;
}

#[tokio::test]
async fn support_sees_no_deals_or_orders_and_sales_read_but_do_not_write_the_tickets_of_their_people() {
    let pg = pg();
    let (db, admin) = workspace(&pg).await;
    let (support, sd) = member(&pg, &db, &admin, "support").await;
    let (s1, d1) = member(&pg, &db, &admin, "sales").await;
    let (s2, _) = member(&pg, &db, &admin, "sales").await;
    let owned = |owner: &str, first: &str| PersonInput { owner: Some(owner.into()), ..person(first, "Customer") };
    let mine = people::create(&admin.env.store, owned(&s1, "Mine")).unwrap();
    let theirs = people::create(&admin.env.store, owned(&s2, "Theirs")).unwrap();
    let t_mine = tickets::create(&admin.env.store, ticket(mine.id, "Mine broke")).unwrap();
    tickets::create(&admin.env.store, ticket(theirs.id, "Theirs broke")).unwrap();
    deals::create(
        &admin.env.store,
        DealInput { title: "Big deal".into(), person_id: Some(mine.id), ..Default::default() },
    )
    .unwrap();
    orders::create(
        &admin.env.store,
        OrderInput {
            person_id: Some(mine.id),
            lines: vec![OrderLineInput {
                product_id: None,
                description: Some("Service".into()),
                quantity_milli: 1000,
                unit_price_minor: Some(5000),
                discount_bp: 0,
                vat_rate_bp: Some(0),
            }],
            ..Default::default()
        },
    )
    .unwrap();
    admin.sync().await;

    // Support: tickets and people, no deals, no orders, not even by hand-written SQL.
    sd.sync().await;
    assert_eq!(sd.env.count("SELECT count(*) FROM tickets"), 2);
    assert_eq!(sd.env.count("SELECT count(*) FROM ticket_events"), 4);
    assert_eq!((sd.env.count("SELECT count(*) FROM deals"), sd.env.count("SELECT count(*) FROM orders")), (0, 0));
    let hidden = "SELECT count(*) FROM relata_records WHERE tbl IN ('deals', 'orders')";
    assert_eq!(raw_count(&pg, &db, &support, hidden).await, 0);
    assert_eq!(raw_count(&pg, &db, &pg.admin, hidden).await, 2, "they are there");

    // Sales: the ticket of their own person with its events, read-only.
    d1.sync().await;
    assert_eq!(d1.env.count("SELECT count(*) FROM tickets"), 1);
    assert_eq!(d1.env.count("SELECT count(*) FROM ticket_events"), 2);
    let sql_tickets = "SELECT count(*) FROM relata_records WHERE tbl IN ('tickets', 'ticket_events')";
    assert_eq!(raw_count(&pg, &db, &s1, sql_tickets).await, 3);
    let on_d1 = d1.local_id("tickets", &admin.gid("tickets", t_mine.ticket.id)).unwrap();
    tickets::reply(&d1.env.store, on_d1, msg("Sales chimes in", T0)).unwrap();
    let report = d1.sync().await;
    assert!(report.refused.iter().any(|r| r.table == "ticket_events" && r.reason == "permission_denied"), "{report:?}");
    let raw = pg.raw(&db, &s1, &format!("pw-{s1}")).await;
    let changed = raw
        .execute("UPDATE relata_records SET fields = fields || '{\"subject\": \"x\"}' WHERE tbl = 'tickets'", &[])
        .await
        .unwrap_or(0);
    assert_eq!(changed, 0, "no ticket is writable by sales, even by hand");

    // Readonly: every ticket, deal and order, and no write.
    let (_, ro) = member(&pg, &db, &admin, "readonly").await;
    ro.sync().await;
    let counts =
        ["tickets", "ticket_events", "deals", "orders"].map(|t| ro.env.count(&format!("SELECT count(*) FROM {t}")));
    assert_eq!(counts, [2, 4, 1, 1]);
    let on_ro = ro.local_id("tickets", &admin.gid("tickets", t_mine.ticket.id)).unwrap();
    tickets::reply(&ro.env.store, on_ro, msg("Readonly chimes in", T0)).unwrap();
    let report = ro.sync().await;
    assert!(report.refused.iter().all(|r| r.reason == "permission_denied") && !report.refused.is_empty(), "{report:?}");
}

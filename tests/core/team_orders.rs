//! Products, orders, segments, templates and cadences in a team workspace (docs/team-sync.md, "Every
//! table"): an order line's product travels as a global id inside the order's list of lines and resolves on
//! the other desktop, concurrent edits of different fields of an order both survive, generated order numbers
//! do not collide, the team's segments, templates and cadences travel with their lists, and a workspace on
//! schema 2 is upgraded in place by `team init`. Run under `bash .ci/with-postgres.sh`.

use relata_core::domain::*;
use relata_core::services::orders::{self, products};
use relata_core::services::{cadences, people, segments, team, templates, tickets};

use super::support::*;
use super::team_pg::*;

fn widget() -> ProductInput {
    ProductInput {
        sku: "W-1".into(),
        name: "Widget".into(),
        unit: "piece".into(),
        cost_minor: Some(400),
        prices: vec![
            ProductPrice { currency: "EUR".into(), price_minor: 1000 },
            ProductPrice { currency: "USD".into(), price_minor: 1200 },
        ],
        ..Default::default()
    }
}

fn line(product_id: Option<Id>, description: Option<&str>, quantity_milli: i64) -> OrderLineInput {
    OrderLineInput {
        product_id,
        description: description.map(str::to_owned),
        quantity_milli,
        unit_price_minor: if product_id.is_none() { Some(250) } else { None },
        discount_bp: 0,
        vat_rate_bp: Some(2100),
    }
}

fn order_for(person_id: Id, lines: Vec<OrderLineInput>) -> OrderInput {
    OrderInput {
        person_id: Some(person_id),
        currency: "EUR".into(),
        country: Some("NL".into()),
        lines,
        ..Default::default()
    }
}

/// A line as two desktops must agree on it: (sku, description, quantity, unit price, gross).
type LineView = (Option<String>, String, i64, i64, i64);

/// An order as two desktops must agree on it (local ids aside).
fn view(o: &Order) -> (String, OrderStatus, Option<String>, i64, i64, Vec<LineView>) {
    let lines = o
        .lines
        .iter()
        .map(|l| (l.sku.clone(), l.description.clone(), l.quantity_milli, l.unit_price_minor, l.gross_minor))
        .collect();
    (o.number.clone(), o.status, o.note.clone(), o.net_minor, o.gross_minor, lines)
}

#[tokio::test]
async fn an_order_line_names_its_product_on_the_other_desktop_and_concurrent_edits_of_an_order_both_survive() {
    let pg = pg();
    let (db, a) = workspace(&pg).await;
    let (_, b) = member(&pg, &db, &a, "manager").await;
    let ann = people::create(&a.env.store, person("Ann", "Buyer")).unwrap();
    let w = products::add(&a.env.store, widget()).unwrap();
    let o = orders::create(
        &a.env.store,
        order_for(ann.id, vec![line(Some(w.id), None, 2000), line(None, Some("Setup"), 1000)]),
    )
    .unwrap();
    a.sync().await;
    let report = b.sync().await;
    assert!(report.refused.is_empty(), "{report:?}");

    let w_b = b.local_id("products", &a.gid("products", w.id)).expect("the product reached B");
    let o_b = b.local_id("orders", &a.gid("orders", o.id)).expect("the order reached B");
    let on_b = orders::get(&b.env.store, o_b).unwrap();
    assert_eq!(view(&on_b), view(&orders::get(&a.env.store, o.id).unwrap()));
    assert_eq!(on_b.lines[0].product_id, Some(w_b), "the line names B's own row of the product");
    assert_eq!(on_b.lines[1].product_id, None);
    assert_eq!(on_b.person_id, b.local_id("people", &a.gid("people", ann.id)));
    assert_eq!(products::get(&b.env.store, w_b).unwrap().prices, widget().prices);
    assert_eq!(b.pending(), 0);

    // Offline, A notes something on the order and B marks it paid: both edits survive.
    a.env.clock.advance(MINUTE);
    b.env.clock.advance(2 * MINUTE);
    a.env
        .raw()
        .execute("UPDATE orders SET note = 'call first', updated_at = ?1 WHERE id = ?2", (T0 + MINUTE, o.id))
        .unwrap();
    b.env
        .raw()
        .execute("UPDATE orders SET status = 'paid', updated_at = ?1 WHERE id = ?2", (T0 + 2 * MINUTE, o_b))
        .unwrap();
    a.sync().await;
    b.sync().await;
    a.sync().await;
    for (d, id) in [(&a, o.id), (&b, o_b)] {
        let got = orders::get(&d.env.store, id).unwrap();
        assert_eq!((got.status, got.note.as_deref()), (OrderStatus::Paid, Some("call first")));
    }

    // Offline, each desktop makes an order without a number: two orders, two numbers.
    let ann_b = on_b.person_id.unwrap();
    let mine = orders::create(&a.env.store, order_for(ann.id, vec![line(None, Some("A"), 1000)])).unwrap();
    let theirs = orders::create(&b.env.store, order_for(ann_b, vec![line(Some(w_b), None, 1000)])).unwrap();
    assert_ne!(mine.number, theirs.number);
    a.sync().await;
    b.sync().await;
    a.sync().await;
    assert_eq!((a.env.count("SELECT count(*) FROM orders"), b.env.count("SELECT count(*) FROM orders")), (3, 3));
    let theirs_a = a.local_id("orders", &b.gid("orders", theirs.id)).unwrap();
    assert_eq!(orders::get(&a.env.store, theirs_a).unwrap().lines[0].product_id, Some(w.id));
}

#[tokio::test]
async fn segments_templates_and_cadences_travel_with_their_lists() {
    let pg = pg();
    let (db, a) = workspace(&pg).await;
    let (_, b) = member(&pg, &db, &a, "manager").await;
    let ams = PersonInput {
        address: Address { city: Some("Amsterdam".into()), ..Default::default() },
        ..person("Ann", "Lee")
    };
    let ann = people::create(&a.env.store, ams).unwrap();
    people::create(&a.env.store, person("Bob", "Ray")).unwrap();
    let filter: Filter =
        serde_json::from_value(serde_json::json!({"field": "city", "op": "eq", "value": "Amsterdam"})).unwrap();
    segments::add(&a.env.store, SegmentInput { name: "Amsterdam".into(), filter, is_static: true, pinned: true })
        .unwrap();
    let variant = |lang, subject: &str| TemplateVariant {
        lang,
        subject: subject.into(),
        body: "Hi {{ person.first_name }}".into(),
    };
    templates::save(
        &a.env.store,
        None,
        TemplateInput {
            name: "Welcome".into(),
            variants: vec![variant(Language::En, "Welcome"), variant(Language::Nl, "Welkom")],
            ..Default::default()
        },
    )
    .unwrap();
    let step = |offset_days, title: &str| CadenceStep { offset_days, kind: ActivityKind::Call, title: title.into() };
    cadences::create(
        &a.env.store,
        CadenceInput { name: "Onboarding".into(), steps: vec![step(0, "Hello"), step(3, "Check")] },
    )
    .unwrap();
    a.sync().await;
    let report = b.sync().await;
    assert!(report.refused.is_empty(), "{report:?}");

    let seg = segments::list(&b.env.store).unwrap().into_iter().find(|s| s.name == "Amsterdam").expect("segment");
    let members = segments::members(&b.env.store, seg.id, &PeopleQuery::default()).unwrap();
    let ann_b = b.local_id("people", &a.gid("people", ann.id)).unwrap();
    assert_eq!(members.items.iter().map(|p| p.id).collect::<Vec<_>>(), vec![ann_b], "the snapshot, by B's ids");
    let t = templates::find_by_name(&b.env.store, "welcome").unwrap();
    let mut subjects: Vec<(Language, String)> = t.variants.iter().map(|v| (v.lang, v.subject.clone())).collect();
    subjects.sort_by_key(|(l, _)| l.code());
    assert_eq!(subjects, vec![(Language::En, "Welcome".into()), (Language::Nl, "Welkom".into())]);
    let c = cadences::find_by_name(&b.env.store, "onboarding").unwrap();
    assert_eq!(c.steps, vec![step(0, "Hello"), step(3, "Check")]);
    // The seeded default cadence is the same record on both desktops, not a second copy.
    assert_eq!(a.env.count("SELECT count(*) FROM cadences"), b.env.count("SELECT count(*) FROM cadences"));
    assert_eq!(b.pending(), 0);
}

#[tokio::test]
async fn a_workspace_on_schema_2_is_upgraded_by_team_init_and_then_takes_tickets_and_orders() {
    let pg = pg();
    let db = pg.database().await;
    let admin_raw = pg.older_workspace(&db, 2).await;

    // A desktop with tickets and orders from before: the admin upgrades the workspace, they go up.
    let a = desk();
    let ann = people::create(&a.env.store, person("Ann", "Lee")).unwrap();
    tickets::create(&a.env.store, super::team_desk::ticket(ann.id, "Help")).unwrap();
    orders::create(&a.env.store, order_for(ann.id, vec![line(None, Some("Service"), 1000)])).unwrap();
    team::init(&a.env.store, &a.secrets, &pg.url(Some(&pg.admin), &db), &pg.password).await.expect("upgrade");
    let report = a.sync().await;
    assert!(report.refused.is_empty(), "{report:?}");
    let count: i64 = admin_raw
        .query_one("SELECT count(*) FROM relata_records WHERE tbl IN ('tickets', 'ticket_events', 'orders')", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(count, 4, "a ticket, its created and assign events, and an order");
    let version: String =
        admin_raw.query_one("SELECT value FROM relata_meta WHERE key = 'schema_version'", &[]).await.unwrap().get(0);
    assert_eq!(version, team::server::SCHEMA.to_string());
}

#[tokio::test]
async fn a_template_renamed_to_a_name_made_offline_elsewhere_stays_beside_it_and_the_pull_goes_on() {
    let pg = pg();
    let (db, a) = workspace(&pg).await;
    let (_, b) = member(&pg, &db, &a, "manager").await;
    let named = |name: &str| TemplateInput {
        name: name.into(),
        variants: vec![TemplateVariant { lang: Language::En, subject: name.into(), body: "Hi".into() }],
        ..Default::default()
    };
    let welcome = templates::save(&a.env.store, None, named("Welcome")).unwrap();
    a.sync().await;
    b.sync().await;
    // Offline: A renames Welcome to Hello (its id came from the old name), B makes a new Hello.
    a.env.clock.advance(MINUTE);
    templates::save(&a.env.store, Some(welcome.id), named("Hello")).unwrap();
    templates::save(&b.env.store, None, named("Hello")).unwrap();
    a.sync().await;
    let report = b.sync().await;
    assert!(report.refused.is_empty(), "{report:?}");
    a.sync().await;
    for d in [&a, &b] {
        let names: Vec<String> = templates::list(&d.env.store).unwrap().into_iter().map(|t| t.name).collect();
        assert_eq!(names, vec!["Hello".to_string(), "Hello".to_string()], "both records stay, under one name");
        assert_eq!(d.pending(), 0);
    }
    // A later edit on either desktop still syncs (the pull did not stop at the unique name).
    let c = cadences::create(
        &b.env.store,
        CadenceInput {
            name: "After".into(),
            steps: vec![CadenceStep { offset_days: 0, kind: ActivityKind::Call, title: "Hi".into() }],
        },
    )
    .unwrap();
    b.sync().await;
    a.sync().await;
    assert!(a.local_id("cadences", &b.gid("cadences", c.id)).is_some());
}

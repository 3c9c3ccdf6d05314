//! The order figures read through the months kept packed in `order_facts` (migration 0044) equal the plain
//! index scan after every kind of write: random orders in three currencies around month and year edges,
//! status changes, dates moved across months, customers changed, the trash, hard deletes, a person deleted
//! under their orders, an order import and its undo; also while a month is dirty in the reader's snapshot or
//! its packed form is unreadable.

use std::sync::atomic::AtomicBool;
use std::sync::mpsc;

use relata_core::domain::OrderStatus;
use relata_core::rng::Rng;
use relata_core::services::analytics::*;
use relata_core::services::import::{self, AnonymousPolicy, ImportEntity, ImportOptions};
use relata_core::services::orders;

use super::support::*;

const PEOPLE: i64 = 14;
const COMPANIES: i64 = 4;

fn period(from: &str, to: &str) -> AnalyticsFilter {
    AnalyticsFilter { from: Some(from.into()), to: Some(to.into()), ..Default::default() }
}

/// Every order figure over periods that start and end inside months, on month edges and across years.
type Figures = (Vec<RevenueReport>, Vec<ChurnReport>, Vec<RetentionReport>, Vec<ClvReport>);

fn figures(e: &Env) -> Figures {
    let periods = [
        AnalyticsFilter::default(),
        period("2024-01-31", "2024-03-01"),
        period("2024-02-01", "2024-02-29"),
        period("2024-12-15", "2025-01-14"),
        period("2023-06-01", "2026-12-31"),
        period("2025-02-28", "2025-02-28"),
    ];
    let s = &e.store;
    let revenues = periods.iter().map(|f| revenue(s, f).unwrap()).collect();
    let mut churns: Vec<_> = periods[1..].iter().map(|f| churn(s, f, 90).unwrap()).collect();
    churns.push(churn(s, &AnalyticsFilter::default(), DEFAULT_INACTIVITY_DAYS).unwrap());
    churns.push(churn(s, &period("2024-07-01", "2025-03-31"), 31).unwrap());
    let mut cohorts: Vec<_> = periods.iter().map(|f| retention(s, f, Period::Month).unwrap()).collect();
    cohorts.push(retention(s, &period("2024-02-01", "2025-06-30"), Period::Quarter).unwrap());
    let values = periods.iter().map(|f| clv(s, f, 5).unwrap()).collect();
    (revenues, churns, cohorts, values)
}

/// The figures read the plain way (every order from the index) and through the kept months.
fn both(e: &Env) -> (Figures, Figures) {
    force_plain_scan(true);
    let plain = figures(e);
    force_plain_scan(false);
    (plain, figures(e))
}

#[track_caller]
fn same(e: &Env, step: &str) {
    let (plain, kept) = both(e);
    assert!(!plain.0[0].months.is_empty(), "{step}: there are orders to count");
    assert_eq!(plain, kept, "{step}: the kept months and the index disagree");
    assert_eq!(e.count("SELECT count(*) FROM order_facts_dirty"), 0, "{step}: every month packed again");
}

fn add_person(raw: &rusqlite::Connection, id: i64) {
    let lifecycle = if id % 5 == 0 { "churned" } else { "customer" };
    raw.execute(
        "INSERT INTO people (id, first_name, last_name, sort_name, lifecycle, created_at, updated_at)
         VALUES (?1, 'P', ?2, ?2, ?3, 0, 0)",
        (id, format!("p{id:02}"), lifecycle),
    )
    .unwrap();
}

fn seed_people(e: &Env) {
    let raw = e.raw();
    for id in 1..=PEOPLE {
        add_person(&raw, id);
    }
    for id in 1..=COMPANIES {
        raw.execute(
            "INSERT INTO companies (id, name, name_key, sort_name, created_at, updated_at)
             VALUES (?1, ?2, ?2, ?2, 0, 0)",
            (id, format!("c{id}")),
        )
        .unwrap();
    }
}

/// A day near a month's edge (first, second, 28th-31st) from 2023-11 to 2025-03, or any day.
fn day(rng: &mut Rng) -> String {
    let month = rng.range(0, 16);
    let (year, month) = (2023 + (month + 10) / 12, (month + 10) % 12 + 1);
    let last = match month {
        2 if year % 4 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let any = rng.range(1, last);
    let d = *rng.pick(&[1, 2, last - 1, last, any]);
    format!("{year:04}-{month:02}-{d:02}")
}

/// `n` random orders written as any writer would (raw SQL: the triggers must see them like the services').
fn add_orders(e: &Env, rng: &mut Rng, first_id: i64, n: i64) {
    let raw = e.raw();
    for id in first_id..first_id + n {
        let who = rng.below(10);
        let person = (who < 7).then(|| rng.range(1, PEOPLE));
        let company = (6..9).contains(&who).then(|| rng.range(1, COMPANIES));
        let kind = *rng.pick(&["order", "order", "invoice", "credit_note"]);
        let status = *rng.pick(&["confirmed", "paid", "paid", "draft", "cancelled"]);
        let currency = *rng.pick(&["EUR", "EUR", "DKK", "GBP"]);
        let sign = if kind == "credit_note" { -1 } else { 1 };
        let net = sign * rng.range(0, 50_000);
        let cost = sign * rng.range(0, 30_000);
        let deleted = rng.chance(8).then_some(1);
        raw.execute(
            "INSERT INTO orders (id, number, number_key, kind, status, person_id, company_id, ordered_at, ordered_on,
                                 currency, net_minor, cost_minor, created_at, updated_at, deleted_at)
             VALUES (?1, 'R' || ?1, 'r' || ?1, ?2, ?3, ?4, ?5, 0, ?6, ?7, ?8, ?9, 0, 0, ?10)",
            rusqlite::params![id, kind, status, person, company, day(rng), currency, net, cost, deleted],
        )
        .unwrap();
    }
}

fn ids(e: &Env, sql: &str) -> Vec<i64> {
    let raw = e.raw();
    let mut stmt = raw.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
}

#[test]
fn the_kept_months_equal_the_index_after_every_kind_of_write() {
    let e = env();
    seed_people(&e);
    let mut rng = Rng::new(17);
    add_orders(&e, &mut rng, 1, 600);
    same(&e, "random orders");
    assert!(e.count("SELECT count(*) FROM order_facts") >= 15, "the months are kept");

    // Status changes through the service: drafts confirmed, orders cancelled, confirmed ones paid.
    for id in ids(&e, "SELECT id FROM orders WHERE deleted_at IS NULL AND id % 7 = 0") {
        let status =
            *rng.pick(&[OrderStatus::Confirmed, OrderStatus::Cancelled, OrderStatus::Paid, OrderStatus::Draft]);
        orders::set_status(&e.store, id, status).unwrap();
    }
    same(&e, "status changes");

    // Dates moved across months and years, and a month emptied of every counted order.
    let raw = e.raw();
    raw.execute("UPDATE orders SET ordered_on = '2025-01-01' WHERE id % 11 = 0", []).unwrap();
    raw.execute("UPDATE orders SET ordered_on = '2023-12-31' WHERE id % 13 = 0", []).unwrap();
    raw.execute("UPDATE orders SET ordered_on = '2024-06-15' WHERE ordered_on LIKE '2024-07-%'", []).unwrap();
    same(&e, "dates moved");
    assert_eq!(e.count("SELECT count(*) FROM order_facts WHERE month = '2024-07'"), 0, "an empty month is dropped");

    // Customers changed: person to company only, anonymous to a person; amounts and currencies edited.
    raw.execute("UPDATE orders SET person_id = NULL, company_id = 2 WHERE id % 9 = 0", []).unwrap();
    raw.execute("UPDATE orders SET person_id = 3 WHERE person_id IS NULL AND company_id IS NULL AND id % 2 = 0", [])
        .unwrap();
    raw.execute("UPDATE orders SET net_minor = net_minor + 7, currency = 'SEK' WHERE id % 17 = 0", []).unwrap();
    raw.execute("UPDATE orders SET kind = 'credit_note' WHERE id % 19 = 0", []).unwrap();
    same(&e, "customers and amounts changed");

    // The trash and its restore through the service, then hard deletes.
    let live = ids(&e, "SELECT id FROM orders WHERE deleted_at IS NULL AND id % 5 = 1");
    for id in &live {
        orders::delete(&e.store, *id).unwrap();
    }
    same(&e, "orders trashed");
    for id in live.iter().step_by(2) {
        orders::restore(&e.store, *id).unwrap();
    }
    same(&e, "orders restored");
    raw.execute("DELETE FROM orders WHERE id % 23 = 0", []).unwrap();
    same(&e, "orders deleted for good");

    // A person deleted under their orders: the foreign key sets person_id to NULL (an update the triggers see).
    let theirs = e.count("SELECT count(*) FROM orders WHERE person_id = 4");
    raw.execute_batch("PRAGMA foreign_keys = ON; DELETE FROM people WHERE id = 4;").unwrap();
    assert!(theirs > 0 && e.count("SELECT count(*) FROM orders WHERE person_id = 4") == 0);
    same(&e, "a person deleted");
    add_person(&raw, 4);

    // More orders, then an order import and its undo.
    add_orders(&e, &mut rng, 10_000, 150);
    same(&e, "more orders");
    let o = ImportOptions {
        entity: ImportEntity::Orders,
        currency: Some("GBP".into()),
        timezone: Some("Europe/London".into()),
        anonymous: AnonymousPolicy::Import,
        ..Default::default()
    };
    let report =
        import::import_file(&e.store, &fixture("online_retail.csv"), &o, &mut |_| {}, &AtomicBool::new(false)).unwrap();
    assert!(e.count("SELECT count(*) FROM order_facts_dirty WHERE month = '2010-12'") > 0, "the import marked it");
    same(&e, "an order import");
    import::undo(&e.store, report.batch_id.unwrap()).unwrap();
    same(&e, "the import undone");
    assert_eq!(e.count("SELECT count(*) FROM order_facts WHERE month = '2010-12'"), 0);
}

#[test]
fn the_figures_read_the_kept_months() {
    // Without this, equality with the index could also mean the kept months were never read.
    let e = env();
    seed_people(&e);
    add_orders(&e, &mut Rng::new(3), 1, 200);
    let (plain, kept) = both(&e);
    assert_eq!(plain, kept);
    // Dropping the kept months behind the triggers' back (no month marked) makes the figures lose them.
    e.raw().execute("DELETE FROM order_facts WHERE month < '2024-06'", []).unwrap();
    let fooled = revenue(&e.store, &AnalyticsFilter::default()).unwrap();
    assert!(fooled.months.first().is_some_and(|m| m.month.as_str() >= "2024-06"), "{:?}", fooled.months.first());
    assert_ne!(fooled, plain.0[0]);
}

#[test]
fn a_month_dirty_in_the_readers_snapshot_or_unreadable_is_read_from_the_index() {
    let e = env();
    seed_people(&e);
    let mut rng = Rng::new(5);
    add_orders(&e, &mut rng, 1, 300);
    same(&e, "packed");
    // An unreadable packed month (a newer format, a torn write) is read from the index.
    e.raw().execute("UPDATE order_facts SET data = x'7f00' WHERE month = '2024-02'", []).unwrap();
    e.raw().execute("UPDATE order_facts SET data = 'text' WHERE month = '2024-05'", []).unwrap();
    let (plain, kept) = both(&e);
    assert_eq!(plain, kept, "unreadable months");

    // While another write holds the writer, the dirty months cannot be packed: the read takes them from the
    // index, and packs them at the next call.
    add_orders(&e, &mut rng, 1_000, 40);
    e.raw().execute("UPDATE orders SET ordered_on = '2024-03-31' WHERE ordered_on LIKE '2024-04-%'", []).unwrap();
    let dirty = e.count("SELECT count(*) FROM order_facts_dirty");
    assert!(dirty > 0);
    let (held_tx, held_rx) = mpsc::channel::<()>();
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let store = &e.store;
    std::thread::scope(|s| {
        s.spawn(move || {
            store
                .write(|_| {
                    held_tx.send(()).unwrap();
                    release_rx.recv().unwrap();
                    Ok(())
                })
                .unwrap()
        });
        held_rx.recv().unwrap();
        let (plain, kept) = both(&e);
        assert_eq!(plain, kept, "dirty months in the snapshot");
        assert_eq!(e.count("SELECT count(*) FROM order_facts_dirty"), dirty, "nothing was packed meanwhile");
        release_tx.send(()).unwrap();
    });
    same(&e, "packed after the writer was free");
}

#[test]
fn a_store_from_before_migration_44_packs_its_months_at_the_first_figure() {
    let e = env();
    seed_people(&e);
    // The store as schema 43 left it (without 44's packs and 45's indexes), with orders that no trigger marked:
    // the migration must mark them.
    e.raw()
        .execute_batch(
            "DROP TRIGGER order_facts_insert; DROP TRIGGER order_facts_delete; DROP TRIGGER order_facts_update;
             DROP TABLE order_facts; DROP TABLE order_facts_dirty;
             DROP INDEX people_analytics; DROP INDEX deals_analytics; DROP INDEX orders_bought;
             DROP INDEX deals_won_person; DROP INDEX deals_owner; PRAGMA user_version = 43;",
        )
        .unwrap();
    add_orders(&e, &mut Rng::new(9), 1, 120);
    let Env { dir, clock, store } = e;
    drop(store);
    let e = Env { store: relata_core::store::Store::open(dir.path(), clock.clone()).unwrap(), dir, clock };
    assert!(e.count("SELECT count(*) FROM order_facts_dirty") > 10, "the migration marks the months with orders");
    same(&e, "migrated");
}

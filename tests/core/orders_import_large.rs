//! A file much larger than the store's orders and people: the import sets their secondary indexes aside and
//! builds them again before it commits (`store::set_aside`). The indexes come back exactly as the
//! migrations made them and agree with every row; the orders, totals and customers are those the file
//! says; customers beyond the first `search_backlog::INLINE` get their search entries from the indexer;
//! a cancel after the indexes were set aside leaves the store as it was, indexes included; undo
//! removes everything. The insert triggers that would run for nothing are set aside too and come back; in a
//! team the sync triggers stay and record every row.

use std::sync::atomic::{AtomicBool, Ordering};

use relata_core::services::{import, search_backlog};
use relata_core::store::sync::outbox::start_capture;

use super::orders_import_equal::options;
use super::support::*;

const INVOICES: u64 = 9_000;

/// Two lines per invoice, each invoice a new customer's (every thirteenth anonymous), 400 products.
/// Returns the file's net total in cents.
fn big_file(path: &std::path::Path) -> i64 {
    let mut out = String::from("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n");
    let mut net = 0;
    for k in 0..INVOICES {
        let customer = match k % 13 {
            0 => String::new(),
            _ => format!("{}.0", 70_000 + k),
        };
        for line in 0..2 {
            let (quantity, cents) = (1 + (k + line) % 4, 100 + (k * 7 + line * 31) % 900);
            net += (quantity * cents) as i64;
            out.push_str(&format!(
                "{},SKU{},Thing {},{quantity},2011-{:02}-{:02} 10:{:02},{}.{:02},{customer},Netherlands\n",
                600_000 + k,
                (k * 3 + line) % 400,
                (k * 3 + line) % 400,
                1 + k % 12,
                1 + k % 28,
                k % 60,
                cents / 100,
                cents % 100,
            ));
        }
    }
    std::fs::write(path, out).unwrap();
    net
}

/// Every index and trigger of the store (the import sets indexes and idle triggers aside).
fn indexes(e: &Env) -> Vec<(String, String)> {
    e.raw()
        .prepare(
            "SELECT name, sql FROM sqlite_schema WHERE type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn integrity(e: &Env) -> String {
    e.raw().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap()
}

#[test]
fn a_large_import_builds_the_indexes_again_and_agrees_with_its_file() {
    let e = env();
    let file = e.dir.path().join("big.csv");
    let net = big_file(&file);
    let before = indexes(&e);
    let report = import::import_file(&e.store, &file, &options(), &mut |_| {}, &AtomicBool::new(false)).unwrap();
    assert!(report.errors.is_empty(), "{:?}", &report.errors[..report.errors.len().min(3)]);
    let stats = report.orders.clone().unwrap();
    let anonymous = INVOICES.div_ceil(13);
    assert_eq!((stats.orders as u64, stats.customers_created as u64), (INVOICES, INVOICES - anonymous));
    assert_eq!(indexes(&e), before);
    assert_eq!(integrity(&e), "ok");
    assert_eq!(e.count("SELECT count(*) FROM order_lines"), 2 * INVOICES as i64);
    assert_eq!(e.count("SELECT sum(net_minor) FROM orders"), net);
    assert_eq!(e.count("SELECT sum(net_minor) FROM order_lines"), net);
    // Read through the rebuilt indexes: each customer's order, the counted orders, the people by lifecycle.
    let per_customer =
        "SELECT count(*) FROM orders INDEXED BY orders_person WHERE person_id IS NOT NULL AND deleted_at IS NULL";
    assert_eq!(e.count(per_customer), (INVOICES - anonymous) as i64);
    let counted = "SELECT count(*) FROM orders INDEXED BY orders_counted
                   WHERE ordered_on >= '2011' AND deleted_at IS NULL AND status IN ('confirmed', 'paid')";
    assert_eq!(e.count(counted), INVOICES as i64);
    let customers =
        "SELECT count(*) FROM people INDEXED BY people_lifecycle WHERE lifecycle = 'customer' AND deleted_at IS NULL";
    assert_eq!(e.count(customers), (INVOICES - anonymous) as i64);
    // The first customers got their search entries at once, the rest wait for the indexer (as a people
    // import's do), which the report tells the caller to wake; once it has run, every customer has one.
    let entries = "SELECT count(*) FROM people_fts_docsize";
    assert_eq!(e.count(entries), search_backlog::INLINE as i64);
    assert_eq!(report.search_pending as u64, INVOICES - anonymous - search_backlog::INLINE as u64);
    search_backlog::catch_up(&e.store, &|| false, &mut |_, _| {}).unwrap();
    assert_eq!(e.count(entries), (INVOICES - anonymous) as i64);
    let undone = import::undo(&e.store, report.batch_id.unwrap()).unwrap();
    assert!(undone.deleted as u64 >= INVOICES, "{undone:?}");
    assert_eq!(e.count("SELECT count(*) FROM orders"), 0);
    assert_eq!(indexes(&e), before);
    assert_eq!(integrity(&e), "ok");
}

#[test]
fn a_large_import_cancelled_after_the_indexes_were_set_aside_leaves_the_store_as_it_was() {
    let e = env();
    let file = e.dir.path().join("big.csv");
    big_file(&file);
    let before = indexes(&e);
    let cancel = AtomicBool::new(false);
    // The indexes are set aside at the first progress report (4096 lines of 18,000); cancel at the second.
    let report = import::import_file(
        &e.store,
        &file,
        &options(),
        &mut |p| {
            if p.rows_done >= 8192 {
                cancel.store(true, Ordering::Relaxed);
            }
        },
        &cancel,
    )
    .unwrap();
    assert!(report.cancelled, "{report:?}");
    assert_eq!(e.count("SELECT count(*) FROM orders"), 0);
    assert_eq!(e.count("SELECT count(*) FROM people"), 0);
    assert_eq!(indexes(&e), before);
    assert_eq!(integrity(&e), "ok");
}

#[test]
fn in_a_team_the_import_records_every_row_it_writes() {
    let e = env();
    e.store.write(|tx| start_capture(tx, T0)).unwrap();
    let file = e.dir.path().join("big.csv");
    big_file(&file);
    let before = indexes(&e);
    let report = import::import_file(&e.store, &file, &options(), &mut |_| {}, &AtomicBool::new(false)).unwrap();
    assert!(report.errors.is_empty());
    assert_eq!(indexes(&e), before);
    for table in ["people", "products", "orders"] {
        assert_eq!(
            e.count(&format!("SELECT count(*) FROM {table} WHERE gid IS NULL")),
            0,
            "{table}: every row has its id"
        );
        let logged = format!(
            "SELECT count(DISTINCT c.gid) FROM sync_changes c JOIN {table} t ON t.gid = c.gid WHERE c.tbl = '{table}'"
        );
        assert_eq!(e.count(&logged), e.count(&format!("SELECT count(*) FROM {table}")), "{table}: every row is logged");
    }
    // An order's lines travel as a list field of the order: each order's is marked to be pushed.
    let lines = "SELECT count(DISTINCT c.gid) FROM sync_changes c JOIN orders o ON o.gid = c.gid
                 WHERE c.tbl = 'orders' AND c.field = 'lines'";
    assert_eq!(e.count(lines), INVOICES as i64);
}

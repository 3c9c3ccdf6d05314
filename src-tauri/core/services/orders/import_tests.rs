//! A large file into an empty store: the orders' and the people's secondary indexes are set aside while it
//! is written and are the same, and agree with the rows, once the import is done.

use std::sync::Arc;

use super::*;
use crate::clock::ManualClock;
use crate::store::Store;

fn indexes(conn: &Connection) -> Vec<(String, String)> {
    conn.prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL
         AND tbl_name IN ('orders', 'order_lines', 'people') ORDER BY name",
    )
    .unwrap()
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

fn line(i: u64) -> ImportLine {
    ImportLine {
        number: format!("{}", 100_000 + i / 2),
        sku: Some(format!("SKU-{}", i % 300)),
        description: Some("Item".into()),
        quantity_milli: 1000 + (i % 5) as i64 * 1000,
        unit_price_minor: 250,
        vat_rate_bp: 2100,
        ordered_at: 1_300_000_000 + i as i64 * 60,
        ordered_on: "2011-03-13".into(),
        // Two lines per invoice, a new customer for each invoice, and anonymous sales.
        customer: (i % 13 != 0).then(|| format!("{}", 50_000 + i / 2)),
        email: None,
        country: Some("NL".into()),
        currency: "EUR".into(),
    }
}

#[test]
fn a_large_file_sets_the_indexes_aside_and_builds_the_same_ones_again() {
    const LINES: u64 = 30_000;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), Arc::new(ManualClock::new(1_700_000_000_000))).unwrap();
    let before = store.read(|c| Ok(indexes(c))).unwrap();
    assert!(before.iter().any(|(n, _)| n == "orders_counted") && before.iter().any(|(n, _)| n == "people_score"));
    store
        .bulk_write(|tx| {
            let batch = crate::services::import::batch::create(tx, "csv", "orders", "big.csv", 0)?;
            let mut orders = OrderBatch::load(tx, batch, 0, AnonymousPolicy::Import)?;
            let mut search = NewPeople::new(crate::services::search_backlog::INLINE);
            for i in 0..LINES {
                if i > 0 && i % 4096 == 0 {
                    orders.consider_setting_aside(tx, i, i as f64 / LINES as f64)?;
                }
                assert_eq!(orders.add(tx, line(i), &mut search)?, Taken::Added);
            }
            assert_eq!(orders.indexes_set_aside(), (true, true));
            let during = indexes(tx);
            for kept in ["orders_gid", "people_external_id", "people_gid"] {
                assert!(during.iter().any(|(n, _)| n == kept), "{kept} stays: {during:?}");
            }
            assert!(!during.iter().any(|(n, _)| n == "orders_person" || n == "people_lifecycle"), "{during:?}");
            orders.finish(tx)?;
            assert_eq!(orders.indexes_set_aside(), (false, false));
            assert_eq!(orders.stats.orders, LINES as u32 / 2);
            // An invoice is its first line's customer's (or anonymous).
            let customers = (0..LINES / 2).filter(|k| (2 * k) % 13 != 0).count();
            assert_eq!(orders.stats.customers_created as usize, customers);
            Ok(())
        })
        .unwrap();
    store
        .read(|c| {
            assert_eq!(indexes(c), before);
            let check: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
            assert_eq!(check, "ok");
            let by_index: i64 = c.query_row(
                "SELECT count(*) FROM orders INDEXED BY orders_person WHERE person_id IS NOT NULL AND deleted_at IS NULL",
                [],
                |r| r.get(0),
            )?;
            let by_table: i64 =
                c.query_row("SELECT count(*) FROM orders NOT INDEXED WHERE person_id IS NOT NULL", [], |r| r.get(0))?;
            assert_eq!(by_index, by_table);
            Ok(())
        })
        .unwrap();
}

#[test]
fn a_small_file_or_a_large_table_keeps_the_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), Arc::new(ManualClock::new(1_700_000_000_000))).unwrap();
    store
        .bulk_write(|tx| {
            let batch = crate::services::import::batch::create(tx, "csv", "orders", "small.csv", 0)?;
            let mut orders = OrderBatch::load(tx, batch, 0, AnonymousPolicy::Import)?;
            let mut search = NewPeople::new(crate::services::search_backlog::INLINE);
            for i in 0..4096 {
                orders.add(tx, line(i), &mut search)?;
            }
            // 4096 lines, half of the file: 4096 left is too few to be worth it.
            orders.consider_setting_aside(tx, 4096, 0.5)?;
            assert_eq!(orders.indexes_set_aside(), (false, false));
            orders.finish(tx)?;
            // The table now has far more lines than the rest of a file whose tenth this was.
            orders.order_indexes = WhenItPays::new(tx, &ORDER_TABLES)?;
            orders.consider_setting_aside(tx, 100, 0.9)?;
            assert_eq!(orders.indexes_set_aside(), (false, false));
            Ok(())
        })
        .unwrap();
}

/// Runs `f` on an order batch of a fresh store, in a transaction that is rolled back.
fn with_batch(f: impl FnOnce(&Connection, &mut OrderBatch, &mut NewPeople)) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), Arc::new(ManualClock::new(1_700_000_000_000))).unwrap();
    let _ = store.bulk_write(|tx| -> AppResult<()> {
        tx.execute_batch(
            "INSERT INTO products (id, sku, sku_key, name, created_at, updated_at, deleted_at)
             VALUES (7, 'SKU-1', 'sku-1', 'Gone', 0, 0, 5)",
        )?;
        let batch = crate::services::import::batch::create(tx, "csv", "orders", "f.csv", 0)?;
        let mut orders = OrderBatch::load(tx, batch, 0, AnonymousPolicy::Import)?;
        f(tx, &mut orders, &mut NewPeople::new(crate::services::search_backlog::INLINE));
        Err(AppError::internal("rolled back"))
    });
}

#[test]
fn a_sku_of_a_product_in_the_trash_names_that_product() {
    with_batch(|tx, orders, search| {
        for i in 0..3 {
            assert_eq!(orders.add(tx, line(i), search).unwrap(), Taken::Added);
        }
        orders.finish(tx).unwrap();
        let of = |sku: &str| -> Vec<i64> {
            tx.prepare("SELECT l.product_id FROM order_lines l JOIN products p ON p.id = l.product_id WHERE p.sku = ?1")
                .unwrap()
                .query_map([sku], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        assert_eq!(of("SKU-1"), vec![7]);
        assert_eq!(orders.stats.products_created, 2);
    });
}

#[test]
fn a_write_that_fails_stops_the_import_instead_of_failing_one_line() {
    with_batch(|tx, orders, search| {
        orders.add(tx, line(0), search).unwrap();
        // Another row takes the id the batch chose for its first order: the store, not the line, is at fault.
        tx.execute_batch(
            "INSERT INTO orders (id, number, number_key, ordered_at, ordered_on, currency, created_at, updated_at)
             VALUES (1, 'X', 'x', 0, '1970-01-01', 'EUR', 0, 0)",
        )
        .unwrap();
        let e = orders.finish(tx).unwrap_err();
        assert_eq!(e.code, ErrorCode::Database, "{e:?}");
    });
}

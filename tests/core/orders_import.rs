//! Importing order lines as shops export them (the UCI "Online Retail" columns): invoices become orders,
//! returns credit notes, customers and products are created, anonymous lines imported or skipped, dates
//! read month first when the file says so and in the given time zone; undo removes it all.

use std::sync::atomic::AtomicBool;

use relata_core::domain::*;
use relata_core::services::import::{self, AnonymousPolicy, ImportEntity, ImportOptions, ImportReport};
use relata_core::services::orders::{self, products, Filter};
use relata_core::services::people;

use super::support::*;

fn options(anonymous: AnonymousPolicy) -> ImportOptions {
    ImportOptions {
        entity: ImportEntity::Orders,
        currency: Some("GBP".into()),
        timezone: Some("Europe/London".into()),
        anonymous,
        ..Default::default()
    }
}

fn run(e: &Env, path: &std::path::Path, o: &ImportOptions) -> ImportReport {
    import::import_file(&e.store, path, o, &mut |_| {}, &AtomicBool::new(false)).unwrap()
}

fn by_number(all: &[Order], number: &str) -> Order {
    all.iter().find(|o| o.number == number).unwrap_or_else(|| panic!("order {number}")).clone()
}

#[test]
fn online_retail_lines_become_orders_returns_customers_and_products() {
    let e = env();
    let report = run(&e, &fixture("online_retail.csv"), &options(AnonymousPolicy::Import));
    let errors: Vec<(u32, Option<&str>)> = report.errors.iter().map(|r| (r.row, r.field.as_deref())).collect();
    assert_eq!(errors, [(12, Some("description")), (13, Some("quantity")), (14, Some("unit_price"))]);
    assert_eq!((report.rows, report.created, report.skipped), (13, 10, 0));
    let stats = report.orders.clone().unwrap();
    assert_eq!((stats.orders, stats.returns, stats.customers_created, stats.products_created), (8, 2, 4, 10));
    assert_eq!((stats.anonymous_imported, stats.anonymous_skipped), (2, 0));

    let all = orders::list(&e.store, Filter::default()).unwrap();
    assert_eq!(all.len(), 8);
    // Three lines of invoice 536365, one of them further down the file: 6 x 2.55 + 6 x 3.39 + 2 x 7.65.
    let first = orders::get(&e.store, by_number(&all, "536365").id).unwrap();
    assert_eq!((first.line_count, first.net_minor, first.gross_minor, first.vat_minor), (3, 5094, 5094, 0));
    assert_eq!(
        (first.currency.as_str(), first.country.as_deref(), first.source),
        ("GBP", Some("GB"), OrderSource::Import)
    );
    // 8:26 in London in December is 8:26 UTC.
    assert_eq!((first.ordered_at, first.ordered_on.as_str()), (1_291_191_960, "2010-12-01"));
    assert_eq!(first.lines.iter().map(|l| l.sku.as_deref().unwrap()).collect::<Vec<_>>(), ["85123A", "71053", "22752"]);
    // 12/13/2010: the file writes the month first.
    assert_eq!(by_number(&all, "536370").ordered_on, "2010-12-13");
    // A "C" invoice and an invoice of only negative lines are credit notes with negative quantities.
    let c = orders::get(&e.store, by_number(&all, "C536379").id).unwrap();
    assert_eq!((c.kind, c.lines[0].quantity_milli, c.net_minor), (OrderKind::CreditNote, -1000, -2750));
    let r = by_number(&all, "536371");
    assert_eq!((r.kind, r.net_minor), (OrderKind::CreditNote, -885));
    // Anonymous sales have no customer; a line without a description is named by its SKU.
    let anon = orders::get(&e.store, by_number(&all, "536414").id).unwrap();
    assert_eq!((anon.person_id, anon.lines[0].description.as_str(), anon.net_minor), (None, "22139", 0));

    // Customers are people found by their external id ("17850.0" read as 17850), lifecycle customer.
    let id: i64 = e.raw().query_row("SELECT id FROM people WHERE external_id = '17850'", [], |r| r.get(0)).unwrap();
    let c17850 = people::get(&e.store, id).unwrap();
    assert_eq!((c17850.lifecycle, c17850.address.country.as_deref()), (Lifecycle::Customer, Some("GB")));
    let theirs = orders::list(&e.store, Filter { person_id: Some(c17850.id), company_id: None }).unwrap();
    assert_eq!(theirs.iter().map(|o| o.number.as_str()).collect::<Vec<_>>().len(), 2);
    assert_eq!(products::get_by_sku(&e.store, "85123a").unwrap().name, "WHITE HANGING HEART T-LIGHT HOLDER");

    // The same file again: its invoices exist, so its lines are skipped and nothing doubles.
    let again = run(&e, &fixture("online_retail.csv"), &options(AnonymousPolicy::Import));
    assert_eq!((again.created, again.skipped, again.orders.unwrap().existing_skipped), (0, 10, 10));
    assert_eq!(orders::list(&e.store, Filter::default()).unwrap().len(), 8);

    // Undo takes the orders, the new products and the new customers away.
    let undone = import::undo(&e.store, report.batch_id.unwrap()).unwrap();
    assert_eq!(undone.deleted, 8 + 10 + 4);
    assert_eq!(e.count("SELECT COUNT(*) FROM orders") + e.count("SELECT COUNT(*) FROM order_lines"), 0);
    assert_eq!(e.count("SELECT COUNT(*) FROM products") + e.count("SELECT COUNT(*) FROM people"), 0);
}

#[test]
fn anonymous_lines_can_be_skipped_and_a_bad_time_zone_is_refused() {
    let e = env();
    let report = run(&e, &fixture("online_retail.csv"), &options(AnonymousPolicy::Skip));
    let stats = report.orders.unwrap();
    // Two anonymous lines skipped; the third (a negative price) is rejected before that.
    assert_eq!((report.created, report.skipped, stats.anonymous_skipped, stats.anonymous_imported), (8, 2, 2, 0));
    assert_eq!(report.errors.len(), 3);
    assert_eq!(stats.orders, 6);
    let bad = ImportOptions { timezone: Some("Mars/Olympus".into()), ..options(AnonymousPolicy::Import) };
    let e2 = env();
    let err = import::import_file(&e2.store, &fixture("online_retail.csv"), &bad, &mut |_| {}, &AtomicBool::new(false));
    assert_err(err, relata_core::error::ErrorCode::InvalidValue, Some("timezone"));
}

#[test]
fn headers_in_other_layouts_map_and_day_first_dates_are_read() {
    let e = env();
    let path = e.dir.path().join("shop.csv");
    std::fs::write(
        &path,
        "Invoice;Artikelnummer;Omschrijving;Aantal;Factuurdatum;Prijs;Klantnummer;Land;BTW\n\
         F-1;TEA;Thee;2;03.04.2025 10:00;3,50;K1;Nederland;9\n\
         F-1;;Verzending;1;03.04.2025 10:00;4,95;K1;Nederland;21\n\
         F-2;TEA;Thee;1;25.04.2025 10:00;3,50;K2;Nederland;9\n",
    )
    .unwrap();
    let o = ImportOptions { timezone: Some("Europe/Amsterdam".into()), ..options(AnonymousPolicy::Import) };
    let o = ImportOptions { currency: None, ..o };
    let report = run(&e, &path, &o);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let all = orders::list(&e.store, Filter::default()).unwrap();
    let f1 = orders::get(&e.store, by_number(&all, "F-1").id).unwrap();
    // 3 April (day first), 10:00 in Amsterdam is 08:00 UTC; EUR from settings; VAT per line from the file.
    assert_eq!((f1.ordered_on.as_str(), f1.ordered_at, f1.currency.as_str()), ("2025-04-03", 1_743_667_200, "EUR"));
    assert_eq!((f1.net_minor, f1.vat_minor), (700 + 495, 63 + 104));
    assert_eq!(f1.lines[1].product_id, None);
}

#[test]
fn an_online_retail_ii_workbook_reads_float_ids_and_real_dates() {
    let e = env();
    let report = run(&e, &fixture("online_retail_ii.xlsx"), &options(AnonymousPolicy::Import));
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let stats = report.orders.unwrap();
    assert_eq!((report.created, stats.orders, stats.returns, stats.anonymous_imported), (4, 3, 1, 1));
    let all = orders::list(&e.store, Filter::default()).unwrap();
    let first = by_number(&all, "489434");
    // The date cell holds 2010-12-01 08:26 (London = UTC in winter); the float 17850.0 is customer 17850.
    assert_eq!(
        (first.ordered_at, first.net_minor, first.person_name.as_deref()),
        (1_291_191_960, 12 * 695 + 12 * 675, Some("17850"))
    );
    assert_eq!(by_number(&all, "C489449").kind, OrderKind::CreditNote);
    assert_eq!(by_number(&all, "489450").person_id, None);
}

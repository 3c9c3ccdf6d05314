//! Products and orders: totals with the per-line rounding, the VAT table by country, category and date,
//! returns, deals turned into orders, the trash, and errors that name the field.

use std::sync::{Arc, Mutex};

use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::orders::{self, products, totals, vat, vat_table, Filter};
use relata_core::services::{deals, people};

use super::support::*;

pub(super) fn free(description: &str, quantity_milli: i64, unit_price_minor: i64, vat_rate_bp: i32) -> OrderLineInput {
    OrderLineInput {
        description: Some(description.into()),
        quantity_milli,
        unit_price_minor: Some(unit_price_minor),
        vat_rate_bp: Some(vat_rate_bp),
        ..Default::default()
    }
}

fn order(number: &str, lines: Vec<OrderLineInput>) -> OrderInput {
    OrderInput {
        number: number.into(),
        ordered_at: Some("2025-03-01T10:00:00+01:00".into()),
        country: Some("NL".into()),
        lines,
        ..Default::default()
    }
}

fn tea() -> ProductInput {
    ProductInput {
        sku: "TEA-1".into(),
        name: "Green tea".into(),
        vat_category: VatCategory::Reduced,
        cost_minor: Some(120),
        prices: vec![
            ProductPrice { currency: "EUR".into(), price_minor: 350 },
            ProductPrice { currency: "DKK".into(), price_minor: 2600 },
        ],
        ..Default::default()
    }
}

#[test]
fn line_totals_round_half_away_from_zero_per_line() {
    // (quantity_milli, unit price, discount_bp, vat_bp) -> (net, vat, gross)
    let cases = [
        ((3000, 333, 0, 2100), (999, 210, 1209)),     // 209.79 VAT rounds up
        ((1500, 199, 0, 900), (299, 27, 326)),        // 298.5 net rounds half up, 26.91 VAT
        ((1000, 1005, 1000, 2100), (905, 190, 1095)), // 10 % off 10.05 is 9.045: 904.5 -> 905
        ((-1500, 199, 0, 900), (-299, -27, -326)),    // a return is the exact negative
        ((1, 1, 0, 0), (0, 0, 0)),                    // a thousandth of a cent is nothing
        ((250, 2, 0, 2100), (1, 0, 1)),               // 0.5 -> 1
        ((1000, 500, 10_000, 2100), (0, 0, 0)),       // 100 % discount
    ];
    for ((q, p, d, v), (net, vat, gross)) in cases {
        let t = totals::line(q, p, d, v, "lines.0").unwrap();
        assert_eq!((t.net, t.vat, t.gross), (net, vat, gross), "{q} x {p} -{d}bp +{v}bp");
    }
    assert_err(totals::line(1_000_000_000_000, i64::MAX / 4, 0, 0, "lines.3"), ErrorCode::OutOfRange, Some("lines.3"));
}

#[test]
fn an_orders_vat_is_the_sum_of_its_rounded_lines() {
    let e = env();
    // Three lines of 0.02 at 21 %: each line's VAT (0.0042) rounds to 0, so the order's VAT is 0, not the
    // 0.01 that rounding 21 % of the 0.06 total would give.
    let lines = (0..3).map(|i| free(&format!("Pin {i}"), 1000, 2, 2100)).collect();
    let o = orders::create(&e.store, order("A-1", lines)).unwrap();
    assert_eq!((o.net_minor, o.vat_minor, o.gross_minor), (6, 0, 6));
    let o = orders::create(&e.store, order("A-2", vec![free("Pen", 3000, 333, 2100), free("Ink", 1500, 199, 900)]))
        .unwrap();
    assert_eq!((o.net_minor, o.vat_minor, o.gross_minor), (999 + 299, 210 + 27, 1209 + 326));
    assert_eq!(o.lines.iter().map(|l| l.gross_minor).sum::<i64>(), o.gross_minor);
    assert_eq!((o.ordered_on.as_str(), o.ordered_at), ("2025-03-01", 1_740_819_600));
}

#[test]
fn vat_rates_follow_country_category_and_date() {
    use VatCategory::*;
    let rate = vat::rate;
    // The Netherlands: 21 %, and the low rate went from 6 to 9 % on 2019-01-01.
    assert_eq!(rate("NL", Standard, "2024-06-01"), Some(2100));
    assert_eq!(rate("NL", Reduced, "2018-12-31"), Some(600));
    assert_eq!(rate("NL", Reduced, "2019-01-01"), Some(900));
    assert_eq!(rate("nl", Reduced, "2026-12-31"), Some(900));
    // Germany: 19/7 %, with the cut to 16/5 % in the second half of 2020.
    assert_eq!(rate("DE", Standard, "2020-06-30"), Some(1900));
    assert_eq!(rate("DE", Standard, "2020-07-01"), Some(1600));
    assert_eq!(rate("DE", Reduced, "2020-12-31"), Some(500));
    assert_eq!(rate("DE", Standard, "2021-01-01"), Some(1900));
    for year in ["2024-01-01", "2025-07-15", "2026-12-31"] {
        assert_eq!(rate("DE", Standard, year), Some(1900));
        assert_eq!(rate("DE", Reduced, year), Some(700));
        assert_eq!(rate("DK", Standard, year), Some(2500));
        assert_eq!(rate("BE", Standard, year), Some(2100));
        assert_eq!(rate("BE", Reduced, year), Some(1200));
        assert_eq!(rate("BE", Reduced2, year), Some(600));
        assert_eq!(rate("NL", Standard, year), Some(2100));
    }
    // Denmark has no reduced rate: a reduced product pays the standard 25 %.
    assert_eq!(rate("DK", Reduced, "2025-01-01"), None);
    assert_eq!(vat::rate_or_standard("DK", Reduced, "2025-01-01"), Some(2500));
    // A rate that ended, zero and exempt goods, Greece by either code, a country outside the EU.
    assert_eq!(rate("CZ", Reduced2, "2023-12-31"), Some(1000));
    assert_eq!(rate("CZ", Reduced2, "2024-01-01"), None);
    assert_eq!(rate("FI", Standard, "2024-09-01"), Some(2550));
    assert_eq!(rate("GR", Standard, "2025-01-01"), rate("EL", Standard, "2025-01-01"));
    assert_eq!(rate("NL", Zero, "2025-01-01"), Some(0));
    assert_eq!(rate("US", Standard, "2025-01-01"), None);
    assert_eq!(rate("NL", Standard, "1990-01-01"), None);
    // All 27 member states have a standard rate.
    let mut countries: Vec<&str> = vat_table::VAT_RATES.iter().map(|r| r.0).collect();
    countries.dedup();
    assert_eq!(countries.len(), 27, "{countries:?}");
    assert!(countries.iter().all(|c| vat::rate(c, Standard, "2026-01-01").is_some()));
}

#[test]
fn product_lines_take_name_price_cost_and_vat_from_the_product() {
    let e = env();
    let p = products::add(&e.store, tea()).unwrap();
    assert_eq!((p.unit.as_str(), p.cost_currency.as_deref(), p.prices.len()), ("piece", Some("EUR"), 2));
    assert_eq!(products::get_by_sku(&e.store, " tea-1 ").unwrap().id, p.id);
    assert_eq!(products::list(&e.store).unwrap(), vec![p.clone()]);
    let line = OrderLineInput { product_id: Some(p.id), quantity_milli: 2000, ..Default::default() };
    // In the Netherlands in 2025 tea is at the low rate, 9 %.
    let o = orders::create(&e.store, order("T-1", vec![line.clone()])).unwrap();
    let l = &o.lines[0];
    assert_eq!((l.description.as_str(), l.sku.as_deref(), l.unit_price_minor), ("Green tea", Some("TEA-1"), 350));
    assert_eq!((l.vat_rate_bp, l.net_minor, l.vat_minor, l.cost_minor), (900, 700, 63, Some(240)));
    assert_eq!(o.cost_minor, 240);
    // In Denmark, in DKK: the DKK list price and 25 %; the cost is in EUR, so it is not counted.
    let dk = OrderInput { currency: "DKK".into(), country: Some("DK".into()), ..order("T-2", vec![line]) };
    let o = orders::create(&e.store, dk).unwrap();
    assert_eq!((o.lines[0].unit_price_minor, o.lines[0].vat_rate_bp, o.lines[0].cost_minor), (2600, 2500, None));
    assert_eq!((o.net_minor, o.vat_minor, o.cost_minor), (5200, 1300, 0));
}

#[test]
fn a_credit_note_returns_part_of_an_order_and_the_totals_net_out() {
    let e = env();
    let ann = PersonInput { company_name: Some("Acme".into()), ..person("Ann", "Buyer") };
    let ann = people::create(&e.store, ann).unwrap();
    let bought = OrderInput { person_id: Some(ann.id), ..order("INV-1", vec![free("Chair", 4000, 2500, 2100)]) };
    let bought = orders::create(&e.store, bought).unwrap();
    let back = OrderInput {
        kind: OrderKind::CreditNote,
        person_id: Some(ann.id),
        original_order_id: Some(bought.id),
        ordered_at: Some("2025-03-20".into()),
        ..order("CN-1", vec![free("Chair", -1000, 2500, 2100)])
    };
    let back = orders::create(&e.store, back).unwrap();
    assert_eq!((back.original_order_id, back.net_minor, back.gross_minor), (Some(bought.id), -2500, -3025));
    let s = orders::summary(&e.store, Filter { person_id: Some(ann.id), company_id: None }).unwrap();
    assert_eq!(s.totals, vec![CurrencyTotal { currency: "EUR".into(), net_minor: 7500, gross_minor: 9075 }]);
    assert_eq!((s.order_count, s.last_ordered_on.as_deref()), (1, Some("2025-03-01")));
    // A company's purchases are its own orders and those of its people.
    let acme = Filter { person_id: None, company_id: ann.company_id };
    assert_eq!(orders::summary(&e.store, acme).unwrap(), s);
    assert_eq!(orders::list(&e.store, acme).unwrap().len(), 2);
    assert!(orders::list(&e.store, Filter { person_id: None, company_id: Some(999) }).unwrap().is_empty());
    let listed = orders::list(&e.store, Filter { person_id: Some(ann.id), company_id: None }).unwrap();
    assert_eq!(listed.iter().map(|o| o.number.as_str()).collect::<Vec<_>>(), ["CN-1", "INV-1"]);
    assert_eq!(
        (listed[0].line_count, listed[0].lines.len(), listed[0].person_name.as_deref()),
        (1, 0, Some("Ann Buyer"))
    );

    // A credit note has negative lines; only a credit note links to an original, in the same currency.
    let positive = OrderInput { kind: OrderKind::CreditNote, ..order("CN-2", vec![free("Chair", 1000, 2500, 2100)]) };
    assert_err(orders::create(&e.store, positive), ErrorCode::OutOfRange, Some("lines.0.quantity_milli"));
    let linked_order = OrderInput { original_order_id: Some(bought.id), ..order("X-1", vec![free("A", 1000, 1, 0)]) };
    assert_err(orders::create(&e.store, linked_order), ErrorCode::InvalidValue, Some("original_order_id"));
    let other_currency = OrderInput {
        kind: OrderKind::CreditNote,
        currency: "DKK".into(),
        original_order_id: Some(bought.id),
        ..order("CN-3", vec![free("Chair", -1000, 2500, 2100)])
    };
    assert_err(orders::create(&e.store, other_currency), ErrorCode::InvalidValue, Some("original_order_id"));
}

#[test]
fn bad_input_is_refused_with_the_field_named() {
    let e = env();
    let ok = || order("V-1", vec![free("Pen", 1000, 100, 2100)]);
    let with_line = |l: OrderLineInput| order("V-2", vec![free("Pen", 1000, 100, 0), l]);
    assert_err(orders::create(&e.store, OrderInput { lines: vec![], ..ok() }), ErrorCode::Required, Some("lines"));
    assert_err(
        orders::create(&e.store, OrderInput { currency: "EURO".into(), ..ok() }),
        ErrorCode::InvalidCurrency,
        Some("currency"),
    );
    assert_err(
        orders::create(&e.store, OrderInput { person_id: Some(99), ..ok() }),
        ErrorCode::NotFound,
        Some("person_id"),
    );
    assert_err(
        orders::create(&e.store, OrderInput { company_id: Some(99), ..ok() }),
        ErrorCode::NotFound,
        Some("company_id"),
    );
    let bad_date = OrderInput { ordered_at: Some("yesterday".into()), ..ok() };
    assert_err(orders::create(&e.store, bad_date), ErrorCode::InvalidDate, Some("ordered_at"));
    let no_text = OrderLineInput { quantity_milli: 1000, unit_price_minor: Some(1), ..Default::default() };
    assert_err(orders::create(&e.store, with_line(no_text)), ErrorCode::Required, Some("lines.1.description"));
    assert_err(
        orders::create(&e.store, with_line(free("Zero", 0, 1, 0))),
        ErrorCode::OutOfRange,
        Some("lines.1.quantity_milli"),
    );
    assert_err(
        orders::create(&e.store, with_line(free("Neg", 1000, -1, 0))),
        ErrorCode::OutOfRange,
        Some("lines.1.unit_price_minor"),
    );
    let discount = OrderLineInput { discount_bp: 10_001, ..free("D", 1000, 1, 0) };
    assert_err(orders::create(&e.store, with_line(discount)), ErrorCode::OutOfRange, Some("lines.1.discount_bp"));
    assert_err(
        orders::create(&e.store, with_line(free("V", 1000, 1, 10_001))),
        ErrorCode::OutOfRange,
        Some("lines.1.vat_rate_bp"),
    );
    let ghost = OrderLineInput { product_id: Some(42), quantity_milli: 1000, ..Default::default() };
    assert_err(orders::create(&e.store, with_line(ghost)), ErrorCode::NotFound, Some("lines.1.product_id"));
    let p = products::add(&e.store, ProductInput { prices: vec![], ..tea() }).unwrap();
    let unpriced = OrderLineInput { product_id: Some(p.id), quantity_milli: 1000, ..Default::default() };
    assert_err(orders::create(&e.store, with_line(unpriced)), ErrorCode::Required, Some("lines.1.unit_price_minor"));
    // Nothing of the refused orders was written; a number is unique (case-insensitively).
    assert_eq!(e.count("SELECT COUNT(*) FROM orders") + e.count("SELECT COUNT(*) FROM order_lines"), 0);
    orders::create(&e.store, ok()).unwrap();
    assert_err(
        orders::create(&e.store, OrderInput { number: " v-1 ".into(), ..ok() }),
        ErrorCode::Duplicate,
        Some("number"),
    );

    assert_err(products::add(&e.store, tea()), ErrorCode::Duplicate, Some("sku"));
    assert_err(products::add(&e.store, ProductInput { sku: " ".into(), ..tea() }), ErrorCode::Required, Some("sku"));
    assert_err(
        products::add(&e.store, ProductInput { name: "".into(), sku: "X".into(), ..tea() }),
        ErrorCode::Required,
        Some("name"),
    );
    let twice = ProductInput {
        sku: "X".into(),
        prices: vec![ProductPrice { currency: "EUR".into(), price_minor: 1 }; 2],
        ..tea()
    };
    assert_err(products::add(&e.store, twice), ErrorCode::Duplicate, Some("prices.1.currency"));
    let negative = ProductInput { sku: "Y".into(), cost_minor: Some(-1), ..tea() };
    assert_err(products::add(&e.store, negative), ErrorCode::OutOfRange, Some("cost_minor"));
    assert_err(products::get_by_sku(&e.store, "nope"), ErrorCode::NotFound, Some("sku"));
}

#[test]
fn generated_numbers_dates_in_a_zone_and_the_order_topic() {
    let e = env();
    let heard: Arc<Mutex<Vec<Vec<Topic>>>> = Arc::default();
    let sink = heard.clone();
    e.store.on_change(Arc::new(move |t: &[Topic]| sink.lock().unwrap().push(t.to_vec())));
    let input = OrderInput { number: String::new(), ordered_at: None, ..order("", vec![free("Pen", 1000, 100, 0)]) };
    let o = orders::create(&e.store, input).unwrap();
    assert_eq!((o.number.as_str(), o.ordered_at, o.source), ("O000001", T0 / 1000, OrderSource::Manual));
    assert_eq!(*heard.lock().unwrap(), vec![vec![Topic::Order]]);
    // 23:30 on New Year's Eve in Copenhagen is 22:30 UTC, and still 31 December locally.
    let late =
        OrderInput { ordered_at: Some("2024-12-31 23:30".into()), ..order("Z-1", vec![free("Pen", 1000, 100, 0)]) };
    let o = orders::create_in(&e.store, late, chrono_tz::Europe::Copenhagen).unwrap();
    assert_eq!((o.ordered_at, o.ordered_on.as_str()), (1_735_684_200, "2024-12-31"));
}

#[test]
fn a_deal_becomes_an_order_once_and_orders_go_to_the_trash() {
    let e = env();
    let ann = people::create(
        &e.store,
        PersonInput { address: Address { country: Some("BE".into()), ..Default::default() }, ..person("Ann", "Buyer") },
    )
    .unwrap();
    let deal =
        DealInput { title: "Ten chairs".into(), value_minor: 100_000, person_id: Some(ann.id), ..Default::default() };
    let deal = deals::create(&e.store, deal).unwrap();
    let o = orders::from_deal(&e.store, deal.id).unwrap();
    assert_eq!(
        (o.deal_id, o.person_id, o.source, o.country.as_deref()),
        (Some(deal.id), Some(ann.id), OrderSource::Deal, Some("BE"))
    );
    assert_eq!((o.lines[0].description.as_str(), o.net_minor, o.vat_minor), ("Ten chairs", 100_000, 21_000));
    assert_err(orders::from_deal(&e.store, deal.id), ErrorCode::Conflict, None);
    assert_err(orders::from_deal(&e.store, 999), ErrorCode::NotFound, None);
    let lost = DealInput {
        title: "Gone".into(),
        status: DealStatus::Lost,
        lost_reason: Some("price".into()),
        ..Default::default()
    };
    let lost = deals::create(&e.store, lost).unwrap();
    assert_err(orders::from_deal(&e.store, lost.id), ErrorCode::Conflict, None);

    orders::delete(&e.store, o.id).unwrap();
    assert_err(orders::get(&e.store, o.id), ErrorCode::NotFound, None);
    assert!(orders::list(&e.store, Filter::default()).unwrap().is_empty());
    assert_eq!(orders::summary(&e.store, Filter { person_id: Some(ann.id), company_id: None }).unwrap().order_count, 0);
    assert_err(orders::delete(&e.store, o.id), ErrorCode::NotFound, None);
    assert_eq!(orders::restore(&e.store, o.id).unwrap().id, o.id);
    assert_eq!(orders::list(&e.store, Filter::default()).unwrap().len(), 1);
}

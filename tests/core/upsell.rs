//! Upsell on a small hand-made history whose scores, rankings and hit rates are worked out by hand below.
//!
//! Products A..F (ids 1..6) and G..L (ids 7..12); every training order is dated 2025-01-10.
//!   P1 {A,B,C}  P2 {A,B,C}  P3 {A,B}  P4 {A,E}  P5 {D,E}  P6 {D,E}  P7 {E,F}  P8 {A}  P9 {A,D}
//!   P10..P39: five customers for each of G..L, one product each (popular, but related to nothing).
//! Not counted: a credit note of P8 for F, an anonymous sale of A+F, a draft of P8 for F.
//! Buyers: A 6, B 3, C 2, D 3, E 4, F 1, G..L 5 each. Co-buyers: A-B 3, A-C 2, A-D 1, A-E 1, B-C 2, D-E 2,
//! E-F 1. With shrink 5, sim = co / (sqrt(n_a n_b) + 5):
//!   A-B 3/9.2426 = .32458   A-C 2/8.4641 = .23629   A-D 1/9.2426 = .10819   A-E 1/9.8990 = .10102
//!   D-E 2/8.4641 = .23629
//! Popularity and recency 0.05 each; all bought on one day, so the prior is 0.1 × buyers / 6:
//!   A .1  B .05  C .03333  D .05  E .06667  F .01667  G..L .08333
//! P8 {A}: B .37458, C .26962, E .16769, D .15819, then G..L .08333 (F .01667 last).
//! P9 {A,D}: E .10102 + .23629 + .06667 = .40398 (anchors D then A, 2 co-buyers), B .37458, C .26962.

use relata_core::services::upsell::{self, Params};

use super::support::*;

pub(super) const DAY0: &str = "2025-01-10";

/// (person, day, kind, status, product lines: the product id, negative for a returned unit).
pub(super) type OrderRow = (Option<i64>, &'static str, &'static str, &'static str, Vec<i64>);

fn params() -> Params {
    Params { shrink: 5.0, popularity: 0.05, recency: 0.05, ..Params::default() }
}

/// Writes the history; with `after`, the orders after the 2025-02-01 cutoff too.
fn history(after: bool) -> Env {
    let mut orders: Vec<OrderRow> = vec![
        (Some(1), DAY0, "order", "paid", vec![1, 2, 3]),
        (Some(2), DAY0, "invoice", "confirmed", vec![1, 2, 3]),
        (Some(3), DAY0, "order", "paid", vec![1, 2]),
        (Some(4), DAY0, "order", "paid", vec![1, 5]),
        (Some(5), DAY0, "order", "paid", vec![4, 5]),
        (Some(6), DAY0, "order", "paid", vec![4, 5]),
        (Some(7), DAY0, "order", "paid", vec![5, 6]),
        (Some(8), DAY0, "order", "paid", vec![1]),
        (Some(9), DAY0, "order", "paid", vec![1]),
        (Some(9), DAY0, "order", "paid", vec![4]),
        (Some(8), DAY0, "credit_note", "paid", vec![-6]),
        (None, DAY0, "order", "paid", vec![1, 6]),
        (Some(8), DAY0, "order", "draft", vec![6]),
    ];
    for p in 10..40 {
        orders.push((Some(p), DAY0, "order", "paid", vec![7 + (p - 10) / 5]));
    }
    if after {
        orders.push((Some(8), "2025-02-10", "order", "paid", vec![3]));
        orders.push((Some(3), "2025-02-11", "order", "paid", vec![2]));
        orders.push((Some(7), "2025-02-12", "order", "paid", vec![7]));
        orders.push((Some(40), "2025-02-13", "order", "paid", vec![1]));
    }
    let e = env();
    seed(&e, 1..=40, &["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L"], &orders);
    e
}

/// Writes people `people` (person N is "P N", external id XN), products `SKU-<name>` with ids 1, 2, ... in
/// the order given, and the orders with their lines.
pub(super) fn seed(e: &Env, people: std::ops::RangeInclusive<i64>, products: &[&str], orders: &[OrderRow]) {
    let mut sql = String::new();
    for p in people {
        sql += &format!(
            "INSERT INTO people (id, first_name, last_name, sort_name, external_id, created_at, updated_at)
             VALUES ({p}, 'P', '{p}', 'p {p}', 'X{p}', 0, 0);"
        );
    }
    for (i, name) in products.iter().enumerate() {
        let id = i + 1;
        sql += &format!(
            "INSERT INTO products (id, sku, sku_key, name, created_at, updated_at)
             VALUES ({id}, 'SKU-{name}', 'sku-{}', 'Product {name}', 0, 0);",
            name.to_lowercase()
        );
    }
    for (i, (person, day, kind, status, lines)) in orders.iter().enumerate() {
        let id = i + 1;
        let person = person.map_or("NULL".to_string(), |p| p.to_string());
        sql += &format!(
            "INSERT INTO orders (id, number, number_key, kind, status, person_id, ordered_at, ordered_on, currency,
             created_at, updated_at) VALUES ({id}, 'O{id}', 'o{id}', '{kind}', '{status}', {person},
             unixepoch('{day}') + 36000, '{day}', 'EUR', 0, 0);"
        );
        for (pos, line) in lines.iter().enumerate() {
            let (product, q) = (line.abs(), line.signum() * 1000);
            sql += &format!(
                "INSERT INTO order_lines (order_id, position, product_id, description, quantity_milli,
                 unit_price_minor, net_minor, vat_minor, gross_minor) VALUES ({id}, {pos}, {product}, 'x', {q}, 100,
                 {q} / 10, 0, {q} / 10);"
            );
        }
    }
    e.raw().execute_batch(&sql).unwrap();
}

fn skus(s: &[upsell::Suggestion]) -> Vec<&str> {
    s.iter().map(|x| x.sku.as_str()).collect()
}

#[test]
fn suggestions_rank_as_worked_out_by_hand() {
    let e = history(false);
    let model = upsell::build(&e.store, params()).unwrap();
    let p8 = upsell::suggest(&model, 8, 5);
    assert_eq!(skus(&p8), ["SKU-B", "SKU-C", "SKU-E", "SKU-D", "SKU-G"]);
    let expected = [0.37458, 0.26962, 0.16769, 0.15819, 0.08333];
    for (s, want) in p8.iter().zip(expected) {
        assert!((s.score - want).abs() < 1e-4, "{} scored {} not {want}", s.sku, s.score);
    }
    // "bought A; 3 customers who bought A also bought B (3 buyers in all)"
    assert_eq!(p8[0].reason.anchors.iter().map(|a| a.sku.as_str()).collect::<Vec<_>>(), ["SKU-A"]);
    assert_eq!((p8[0].reason.co_buyers, p8[0].reason.buyers), (3, 3));
    // G is only popular: no anchor.
    assert!(p8[4].reason.anchors.is_empty());
    assert_eq!(p8[4].reason.buyers, 5);

    let p9 = upsell::suggest(&model, 9, 3);
    assert_eq!(skus(&p9), ["SKU-E", "SKU-B", "SKU-C"]);
    assert!((p9[0].score - 0.40398).abs() < 1e-4);
    let anchors: Vec<&str> = p9[0].reason.anchors.iter().map(|a| a.sku.as_str()).collect();
    assert_eq!(anchors, ["SKU-D", "SKU-A"]);
    assert_eq!(p9[0].reason.co_buyers, 2);
    // Never what they bought; F's credit note, the anonymous sale and the draft do not count as buyers.
    let all = upsell::suggest(&model, 8, 100);
    assert!(!skus(&all).contains(&"SKU-A"));
    assert_eq!(all.iter().find(|s| s.sku == "SKU-F").unwrap().reason.buyers, 1);
    // A person without a history gets nothing.
    assert!(upsell::suggest(&model, 40, 5).is_empty());
}

#[test]
fn list_names_every_customer_with_a_history() {
    let e = history(false);
    let model = upsell::build(&e.store, params()).unwrap();
    let list = upsell::list(&e.store, &model, 2).unwrap();
    assert_eq!(list.len(), 39);
    assert_eq!((list[7].person_id, list[7].external_id.as_deref()), (8, Some("X8")));
    assert_eq!(skus(&list[7].suggestions), ["SKU-B", "SKU-C"]);
}

#[test]
fn evaluation_trains_before_the_cutoff_and_beats_the_best_sellers() {
    let e = history(true);
    let r = upsell::evaluate(&e.store, "2025-02-01", None, params()).unwrap();
    // P8 (new C), P3 (B again: nothing new) and P7 (new G); P40 had no history before.
    assert_eq!((r.customers, r.customers_with_new_products), (3, 2));
    // No leakage: 39 training customers, and C still suggested to P8 (bought only after the cutoff).
    assert_eq!(r.train_customers, 39);
    // Model: P8 top 5 B,C,E,D,G holds C; P7 top 5 D,A,G,H,I holds G.
    assert_eq!((r.model.at5, r.model.at10), (2.0 / 3.0, 2.0 / 3.0));
    // Best sellers: P8 gets G,H,I,J,K then L,E,B,D,C (C 10th); P7 gets G first.
    assert_eq!((r.baseline.at5, r.baseline.at10), (1.0 / 3.0, 2.0 / 3.0));
    // The test window can end: before P8's and P7's orders nobody bought again.
    let early = upsell::evaluate(&e.store, "2025-02-01", Some("2025-02-10"), params()).unwrap();
    assert_eq!(early.customers, 0);
    assert_err(
        upsell::evaluate(&e.store, "2025-13-01", None, params()),
        relata_core::error::ErrorCode::InvalidDate,
        Some("cutoff"),
    );
}

#[test]
fn likely_buyers_of_a_product_are_ranked_by_their_related_purchases() {
    let e = history(false);
    let model = upsell::build(&e.store, params()).unwrap();
    // E's neighbours: D .23629, A .10102, F (1 co-buyer: 1/(2+5) = .14286). Who has not bought E:
    // P9 {A,D} .3373, P8 {A} .10102, P1, P2, P3 {A,...} .10102 each.
    let likely = upsell::likely_buyers(&model, 5, 3);
    assert_eq!(likely.iter().map(|l| l.person_id).collect::<Vec<_>>(), [9, 1, 2]);
    assert!((likely[0].score - 0.33731).abs() < 1e-4);
}

/// Kim 1, 2 and 3 (owner "sam" for Kim 1) and their orders; the clock's day is 2025-03-10.
pub(super) fn checkin_history() -> Env {
    let e = env();
    let mut sql = String::new();
    for p in 1..=3 {
        let owner = if p == 1 { "'sam'" } else { "NULL" };
        sql += &format!(
            "INSERT INTO people (id, first_name, last_name, sort_name, owner, created_at, updated_at)
             VALUES ({p}, 'Kim', '{p}', 'kim', {owner}, 0, 0);"
        );
    }
    // Person 1: gaps 10 and 20 days (median 15), last order 2025-01-31: 38 days before the clock's
    // 2025-03-10, so 23 days overdue. Person 2: gap 30, last 2025-03-01 (9 days): not due. Person 3: one
    // order and a credit note: no interval.
    let days = [
        (1, "2025-01-01", "order"),
        (1, "2025-01-11", "order"),
        (1, "2025-01-31", "order"),
        (2, "2025-01-30", "order"),
        (2, "2025-03-01", "order"),
        (3, "2024-01-01", "order"),
        (3, "2024-02-01", "credit_note"),
    ];
    for (i, (p, day, kind)) in days.iter().enumerate() {
        sql += &format!(
            "INSERT INTO orders (id, number, number_key, kind, status, person_id, ordered_at, ordered_on, currency,
             created_at, updated_at) VALUES ({i}, 'O{i}', 'o{i}', '{kind}', 'paid', {p}, unixepoch('{day}'), '{day}', 'EUR', 0, 0);"
        );
    }
    e.raw().execute_batch(&sql).unwrap();
    e
}

#[test]
fn checkins_name_customers_past_their_usual_interval() {
    let e = checkin_history();
    let due = upsell::checkins(&e.store, 10).unwrap();
    assert_eq!(due.len(), 1);
    let c = &due[0];
    assert_eq!((c.person_id, c.orders, c.median_gap_days, c.days_since, c.overdue_days), (1, 3, 15, 38, 23));
    assert_eq!((c.name.as_str(), c.last_ordered_on.as_str()), ("Kim 1", "2025-01-31"));
}

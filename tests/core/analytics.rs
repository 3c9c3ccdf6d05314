//! The analytics figures on the small history in `tests/fixtures/analytics/history.sql`, every expected
//! value worked out by hand in the comments (amounts in minor units).

use relata_core::domain::Lifecycle;
use relata_core::error::ErrorCode;
use relata_core::services::analytics::*;

use super::support::*;

fn history() -> Env {
    let e = env();
    let sql = std::fs::read_to_string(repo_root().join("tests/fixtures/analytics/history.sql")).unwrap();
    e.raw().execute_batch(&sql).unwrap();
    e
}

fn period(from: &str, to: &str) -> AnalyticsFilter {
    AnalyticsFilter { from: Some(from.into()), to: Some(to.into()), ..Default::default() }
}

fn owner(o: &str) -> AnalyticsFilter {
    AnalyticsFilter { owner: Some(o.into()), ..Default::default() }
}

fn amount(currency: &str, minor: i64) -> Amount {
    Amount { currency: currency.into(), minor }
}

#[track_caller]
fn close(a: Option<f64>, b: f64) {
    let a = a.expect("a ratio");
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

#[test]
fn revenue_per_month_nets_returns_and_keeps_currencies_apart() {
    let e = history();
    let r = revenue(&e.store, &AnalyticsFilter::default()).unwrap();
    let months: Vec<_> = r.months.iter().map(|m| (m.month.as_str(), m.orders.clone())).collect();
    // 2024-01: Ann 10000 + Bob 8000. 2024-02: Ann 5000 + Dee 6000 + anonymous 1500; Cas DKK 50000.
    // 2024-03: Acme 7000 − Ann's return 2000; Cas DKK 20000 (the cancelled O13 and deleted O14 do not count).
    assert_eq!(
        months[..3],
        [
            ("2024-01", vec![amount("EUR", 18000)]),
            ("2024-02", vec![amount("DKK", 50000), amount("EUR", 12500)]),
            ("2024-03", vec![amount("DKK", 20000), amount("EUR", 5000)]),
        ]
    );
    assert_eq!(r.months[2].returns, vec![amount("EUR", -2000)]);
    // Then 2024-04 Ann 4000, 2025-01 Dee 1000, 2025-02 Bob 3000, and 2025-03 only the won deal D4.
    let rest: Vec<_> = r.months[3..].iter().map(|m| m.month.as_str()).collect();
    assert_eq!(rest, ["2024-04", "2025-01", "2025-02", "2025-03"]);
    assert_eq!(r.months[6].won_deals, vec![amount("EUR", 20000)]);
    assert!(r.months[6].orders.is_empty());

    // EUR: net 18000 + 12500 + 5000 + 4000 + 1000 + 3000 = 43500, of which anonymous 1500.
    // Cost 6000 + 3000 − 1200 + 2000 + 5000 + 1000 + 2000 + 500 + 4000 + 500 = 22800; margin 20700 ÷ 43500.
    // Customers with an order: Ann, Bob, Dee, Acme = 4; average (43500 − 1500) ÷ 4 = 10500.
    let eur = r.currencies.iter().find(|c| c.currency == "EUR").unwrap();
    assert_eq!((eur.net_minor, eur.anonymous_minor, eur.cost_minor), (43500, 1500, 22800));
    close(eur.gross_margin, 20700.0 / 43500.0);
    assert_eq!((eur.customers, eur.average_per_customer_minor, eur.won_deals_minor), (4, Some(10500), 20000));
    // DKK: Cas alone, 70000 net, 45000 cost.
    let dkk = r.currencies.iter().find(|c| c.currency == "DKK").unwrap();
    assert_eq!(
        (dkk.net_minor, dkk.cost_minor, dkk.customers, dkk.average_per_customer_minor),
        (70000, 45000, 1, Some(70000))
    );
    close(dkk.gross_margin, 25000.0 / 70000.0);
}

#[test]
fn revenue_filters_by_period_and_owner() {
    let e = history();
    // February 2024: EUR 5000 + 6000 + 1500 = 12500; customers Ann and Dee; average (12500 − 1500) ÷ 2.
    let feb = revenue(&e.store, &period("2024-02-01", "2024-02-29")).unwrap();
    let eur = feb.currencies.iter().find(|c| c.currency == "EUR").unwrap();
    assert_eq!((eur.net_minor, eur.customers, eur.average_per_customer_minor), (12500, 2, Some(5500)));
    assert_eq!(feb.months.len(), 1);
    // Kim owns Ann (10000 + 5000 − 2000 + 4000 = 17000), Cas (DKK) and Dee (7000): EUR 24000 over 2
    // customers; the anonymous sale and Lars's won deal are out.
    let kim = revenue(&e.store, &owner("kim")).unwrap();
    let eur = kim.currencies.iter().find(|c| c.currency == "EUR").unwrap();
    assert_eq!((eur.net_minor, eur.anonymous_minor, eur.customers, eur.won_deals_minor), (24000, 0, 2, 0));
    assert_eq!(eur.average_per_customer_minor, Some(12000));
}

#[test]
fn retention_counts_first_orders_and_ignores_returns() {
    let e = history();
    let r = retention(&e.store, &AnalyticsFilter::default(), Period::Month).unwrap();
    let z = 0.0;
    // 2024-01: Ann and Bob. Ann orders in 02 and 04 (her 03 is only a return), Bob next in 2025-02 (13).
    let jan = [1.0, 0.5, z, 0.5, z, z, z, z, z, z, z, z, z, 0.5];
    // 2024-02: Cas (again in 03) and Dee (again in 2025-01, 11). 2024-03: Acme alone, once.
    let feb = [1.0, 0.5, z, z, z, z, z, z, z, z, z, 0.5, z];
    let mar = [1.0, z, z, z, z, z, z, z, z, z, z, z];
    let expected = vec![
        Cohort { cohort: "2024-01".into(), size: 2, retention: jan.to_vec() },
        Cohort { cohort: "2024-02".into(), size: 2, retention: feb.to_vec() },
        Cohort { cohort: "2024-03".into(), size: 1, retention: mar.to_vec() },
    ];
    assert_eq!(r.cohorts, expected);
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["cohorts"][0]["cohort"], "2024-01");
    assert_eq!(json["cohorts"][0]["retention"][1], 0.5);

    // By quarter all five are 2024-Q1: Ann again in Q2 (1 of 5); Bob and Dee in 2025-Q1 (2 of 5).
    let q = retention(&e.store, &AnalyticsFilter::default(), Period::Quarter).unwrap();
    assert_eq!(q.cohorts, vec![Cohort { cohort: "2024-Q1".into(), size: 5, retention: vec![1.0, 0.2, z, z, 0.4] }]);
    // Cohorts from February on only; Kim's customers only (Ann in January, Cas and Dee in February).
    let from_feb = retention(&e.store, &period("2024-02-01", "2025-12-31"), Period::Month).unwrap();
    assert_eq!(from_feb.cohorts.iter().map(|c| c.cohort.as_str()).collect::<Vec<_>>(), ["2024-02", "2024-03"]);
    let kim = retention(&e.store, &owner("kim"), Period::Month).unwrap();
    assert_eq!(
        kim.cohorts.iter().map(|c| (c.cohort.as_str(), c.size)).collect::<Vec<_>>(),
        [("2024-01", 1), ("2024-02", 2)]
    );
}

#[test]
fn churn_counts_inactive_and_marked_customers() {
    let e = history();
    let p = period("2025-01-01", "2025-03-10");
    let r = churn(&e.store, &p, DEFAULT_INACTIVITY_DAYS).unwrap();
    // At the start (an order 2024-01-02..2024-12-31): Ann, Bob, Cas, Dee, Acme = 5. Active on 2025-03-10 needs
    // an order 2024-03-11..2025-03-10: Cas (last 2024-03-03) and Acme (2024-03-10, one day short) are lost;
    // Dee ordered 2025-01-15 but is marked churned: lost. 3 ÷ 5.
    assert_eq!((r.customers_at_start, r.customers_lost, r.marked_churned), (5, 3, 1));
    close(r.churn_rate, 0.6);
    // Revenue in the start window, EUR: Ann 17000 + Bob 8000 + Dee 6000 + Acme 7000 = 38000, lost Dee + Acme =
    // 13000. DKK: Cas 70000, all lost.
    let eur = r.currencies.iter().find(|c| c.currency == "EUR").unwrap();
    assert_eq!((eur.start_revenue_minor, eur.lost_revenue_minor), (38000, 13000));
    close(eur.revenue_churn, 13000.0 / 38000.0);
    close(r.currencies.iter().find(|c| c.currency == "DKK").unwrap().revenue_churn, 1.0);

    // A 400-day window reaches back to 2024-02-05 at the end: Cas and Acme stay, only Dee is lost: 1 ÷ 5.
    let wide = churn(&e.store, &p, 400).unwrap();
    assert_eq!((wide.customers_at_start, wide.customers_lost), (5, 1));
    // Without a period: the twelve months to today (2025-03-11 .. 2025-03-10 is 2024-03-11 .. 2025-03-10);
    // at the start (2023-03-12 .. 2024-03-10) all five, so the same three are lost.
    let default = churn(&e.store, &AnalyticsFilter::default(), DEFAULT_INACTIVITY_DAYS).unwrap();
    assert_eq!((default.from.as_str(), default.to.as_str(), default.customers_lost), ("2024-03-11", "2025-03-10", 3));
    assert_err(churn(&e.store, &p, 0), ErrorCode::OutOfRange, Some("inactivity_days"));
}

#[test]
fn clv_ranks_profit_per_customer_and_currency() {
    let e = history();
    let r = clv(&e.store, &AnalyticsFilter::default(), 2).unwrap();
    // EUR profit: Ann 17000 − 9800 = 7200, Bob 11000 − 6000 = 5000, Dee 7000 − 2500 = 4500, Acme 7000 − 4000
    // = 3000. Total 19700 over 4 customers: 4925. The anonymous sale has no customer.
    let eur = r.currencies.iter().find(|c| c.currency == "EUR").unwrap();
    assert_eq!((eur.customers, eur.revenue_minor, eur.profit_minor, eur.average_profit_minor), (4, 42000, 19700, 4925));
    let names = |rows: &[CustomerValue]| rows.iter().map(|c| (c.name.clone(), c.profit_minor)).collect::<Vec<_>>();
    assert_eq!(names(&eur.top), [("Ann Ash".to_string(), 7200), ("Bob Birch".to_string(), 5000)]);
    assert_eq!(names(&eur.bottom), [("Acme".to_string(), 3000), ("Dee Dogwood".to_string(), 4500)]);
    assert_eq!((eur.top[0].orders, eur.bottom[0].company_id, eur.bottom[0].person_id), (3, Some(1), None));
    let dkk = r.currencies.iter().find(|c| c.currency == "DKK").unwrap();
    assert_eq!((dkk.customers, dkk.profit_minor), (1, 25000));
}

#[test]
fn funnel_shares_conversion_and_weighted_forecast() {
    let e = history();
    let r = funnel_report(&e.store, &AnalyticsFilter::default()).unwrap();
    // Lead Cas, qualified Eve, customers Ann and Bob, churned Dee: 1, 1, 2, 1 of 5.
    let shares: Vec<_> = r.lifecycle.iter().map(|l| (l.stage, l.people)).collect();
    assert_eq!(
        shares,
        [(Lifecycle::Lead, 1), (Lifecycle::Qualified, 1), (Lifecycle::Customer, 2), (Lifecycle::Churned, 1)]
    );
    close(r.lifecycle[2].share, 0.4);
    let sales = &r.pipelines[0];
    // Furthest stage: D1 qualification, D3 (lost) meeting, D2 proposal, D5 negotiation; D4 won reached all.
    // Reached from the last stage back: 1 + 1 won = 2, 3, 4, 5; conversion 4/5, 3/4, 2/3, won 1/2.
    let reached: Vec<_> = sales.stages.iter().map(|s| s.reached).collect();
    assert_eq!(reached, [5, 4, 3, 2]);
    for (stage, want) in sales.stages.iter().zip([0.8, 0.75, 2.0 / 3.0, 0.5]) {
        close(stage.conversion, want);
    }
    assert_eq!((sales.won_deals, sales.lost_deals), (1, 1));
    close(sales.win_rate, 0.5);
    // Weighted: D1 10000 × 10 % + D2 20000 × its own 40 % = 9000 EUR; D5 10000 × 75 % = 7500 DKK.
    assert_eq!(sales.weighted_forecast, vec![amount("DKK", 7500), amount("EUR", 9000)]);
    assert_eq!(sales.stages[2].open_value, vec![amount("EUR", 20000)]);
    assert!(r.pipelines[1].stages.iter().all(|s| s.reached == 0 && s.conversion.is_none()));

    // Kim: Ann, Cas, Dee (customer, lead, churned); her deals D1, D2, D3 only: nothing won.
    let kim = funnel_report(&e.store, &owner("kim")).unwrap();
    assert_eq!(kim.lifecycle.iter().map(|l| l.people).collect::<Vec<_>>(), [1, 0, 1, 1]);
    let pipe = AnalyticsFilter { pipeline_id: Some(sales.pipeline_id), ..owner("kim") };
    let kim_sales = funnel_report(&e.store, &pipe).unwrap();
    assert_eq!(kim_sales.pipelines.len(), 1);
    assert_eq!(kim_sales.pipelines[0].stages.iter().map(|s| s.reached).collect::<Vec<_>>(), [3, 2, 1, 0]);
}

#[test]
fn bad_filters_are_field_errors() {
    let e = history();
    let bad = AnalyticsFilter { from: Some("2024-13-01".into()), ..Default::default() };
    assert_err(revenue(&e.store, &bad), ErrorCode::InvalidDate, Some("from"));
    assert_err(clv(&e.store, &period("2024-03-01", "2024-02-01"), 5), ErrorCode::OutOfRange, Some("to"));
    let d = dashboard(&e.store, &AnalyticsFilter::default(), Period::Month).unwrap();
    assert_eq!(d.retention.cohorts.len(), 3);
}

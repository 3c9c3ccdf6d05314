use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::{companies, deals, people, pipelines, settings};

use super::support::*;

fn deal(title: &str, value_minor: i64) -> DealInput {
    DealInput { title: title.into(), value_minor, ..Default::default() }
}

fn stage(e: &Env, pipeline: &str, key: &str) -> Stage {
    let all = pipelines::list(&e.store).unwrap();
    let p = all.into_iter().find(|p| p.system_key.as_deref() == Some(pipeline)).expect("pipeline");
    p.stages.into_iter().find(|s| s.system_key.as_deref() == Some(key)).expect("stage")
}

/// (system key, name, [(stage system key, probability)])
type Shape<'a> = (Option<&'a str>, &'a str, Vec<(Option<&'a str>, i32)>);

#[test]
fn default_pipelines_are_seeded_in_order() {
    let e = env();
    let all = pipelines::list(&e.store).unwrap();
    let shape: Vec<Shape> = all
        .iter()
        .map(|p| {
            (
                p.system_key.as_deref(),
                p.name.as_str(),
                p.stages.iter().map(|s| (s.system_key.as_deref(), s.probability)).collect(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        vec![
            (
                Some("sales"),
                "Sales",
                vec![
                    (Some("qualification"), 10),
                    (Some("meeting"), 25),
                    (Some("proposal"), 50),
                    (Some("negotiation"), 75)
                ]
            ),
            (Some("renewals"), "Renewals", vec![(Some("check_in"), 20), (Some("offer"), 50), (Some("decision"), 80)]),
        ]
    );
}

#[test]
fn create_fills_defaults_and_names() {
    let e = env();
    let c = companies::create(&e.store, CompanyInput { name: "Acme".into(), ..Default::default() }).unwrap();
    let p = people::create(&e.store, person("Ann", "Buyer")).unwrap();
    let d = deals::create(&e.store, DealInput { person_id: Some(p.id), company_id: Some(c.id), ..deal("First", 100) })
        .unwrap();
    let qualification = stage(&e, "sales", "qualification");
    assert_eq!((d.pipeline_id, d.stage_id, d.currency.as_str()), (qualification.pipeline_id, qualification.id, "EUR"));
    assert_eq!((d.person_name.as_deref(), d.company_name.as_deref()), (Some("Ann Buyer"), Some("Acme")));
    let renewals = stage(&e, "renewals", "check_in").pipeline_id;
    let r = deals::create(&e.store, DealInput { pipeline_id: Some(renewals), currency: "dkk".into(), ..deal("R", 1) })
        .unwrap();
    assert_eq!((r.stage_id, r.currency.as_str()), (stage(&e, "renewals", "check_in").id, "DKK"));

    let mut s = settings::get(&e.store).unwrap();
    s.default_currency = "sek".into();
    assert_eq!(settings::set(&e.store, s).unwrap().default_currency, "SEK");
    assert_eq!(deals::create(&e.store, deal("Kr", 5)).unwrap().currency, "SEK");
}

#[test]
fn validation_errors_name_the_field() {
    let e = env();
    let s = &e.store;
    let renewals = stage(&e, "renewals", "offer").pipeline_id;
    let sales_stage = stage(&e, "sales", "proposal").id;
    assert_err(deals::create(s, deal(" ", 1)), ErrorCode::Required, Some("title"));
    assert_err(deals::create(s, deal("D", -1)), ErrorCode::OutOfRange, Some("value_minor"));
    assert_err(deals::create(s, deal("D", deals::MAX_VALUE_MINOR + 1)), ErrorCode::OutOfRange, Some("value_minor"));
    assert_err(
        deals::create(s, DealInput { currency: "EURO".into(), ..deal("D", 1) }),
        ErrorCode::InvalidCurrency,
        Some("currency"),
    );
    assert_err(
        deals::create(s, DealInput { probability: Some(101), ..deal("D", 1) }),
        ErrorCode::OutOfRange,
        Some("probability"),
    );
    assert_err(
        deals::create(s, DealInput { expected_close: Some("31-12-2025".into()), ..deal("D", 1) }),
        ErrorCode::InvalidDate,
        Some("expected_close"),
    );
    assert_err(
        deals::create(s, DealInput { status: DealStatus::Lost, ..deal("D", 1) }),
        ErrorCode::Required,
        Some("lost_reason"),
    );
    assert_err(
        deals::create(s, DealInput { pipeline_id: Some(renewals), stage_id: Some(sales_stage), ..deal("D", 1) }),
        ErrorCode::InvalidValue,
        Some("stage_id"),
    );
    assert_err(
        deals::create(s, DealInput { stage_id: Some(999), ..deal("D", 1) }),
        ErrorCode::NotFound,
        Some("stage_id"),
    );
    assert_err(
        deals::create(s, DealInput { pipeline_id: Some(999), ..deal("D", 1) }),
        ErrorCode::NotFound,
        Some("pipeline_id"),
    );
    assert_err(
        deals::create(s, DealInput { person_id: Some(999), ..deal("D", 1) }),
        ErrorCode::NotFound,
        Some("person_id"),
    );
    assert_eq!(deals::list(s, &DealsQuery::default()).unwrap().total, 0);
    assert!(deals::create(s, deal("Largest exact value", deals::MAX_VALUE_MINOR)).is_ok());
}

#[test]
fn closing_stamps_closed_at_and_reopening_clears_it() {
    let e = env();
    let d = deals::create(&e.store, deal("Close me", 10)).unwrap();
    assert_eq!(d.closed_at, None);
    e.clock.advance(HOUR);
    let won = deals::update(&e.store, d.id, DealInput { status: DealStatus::Won, ..deal("Close me", 10) }).unwrap();
    assert_eq!(won.closed_at, Some(T0 + HOUR));
    e.clock.advance(HOUR);
    let still = deals::update(&e.store, d.id, DealInput { status: DealStatus::Won, ..deal("Closed", 10) }).unwrap();
    assert_eq!(still.closed_at, Some(T0 + HOUR), "staying won keeps the first close time");
    let lost = DealInput { status: DealStatus::Lost, lost_reason: Some(" price ".into()), ..deal("Closed", 10) };
    let lost = deals::update(&e.store, d.id, lost).unwrap();
    assert_eq!((lost.closed_at, lost.lost_reason.as_deref()), (Some(T0 + 2 * HOUR), Some("price")));
    let open = deals::update(&e.store, d.id, deal("Closed", 10)).unwrap();
    assert_eq!((open.closed_at, open.lost_reason), (None, None));
}

fn column(e: &Env, pipeline_id: Id, stage_id: Id) -> Vec<String> {
    let board = deals::board(&e.store, pipeline_id).unwrap();
    let col = board.into_iter().find(|c| c.stage.id == stage_id).expect("column");
    col.deals.into_iter().map(|d| d.title).collect()
}

#[test]
fn move_reorders_columns_and_board_sums_per_currency() {
    let e = env();
    let q = stage(&e, "sales", "qualification");
    let p = stage(&e, "sales", "proposal");
    let [a, b, c] = ["a", "b", "c"].map(|t| deals::create(&e.store, deal(t, 100)).unwrap());
    assert_eq!(column(&e, q.pipeline_id, q.id), ["a", "b", "c"]);
    deals::move_to(&e.store, c.id, DealMove { stage_id: q.id, index: Some(0) }).unwrap();
    assert_eq!(column(&e, q.pipeline_id, q.id), ["c", "a", "b"]);
    deals::move_to(&e.store, c.id, DealMove { stage_id: q.id, index: Some(99) }).unwrap();
    assert_eq!(column(&e, q.pipeline_id, q.id), ["a", "b", "c"]);
    let moved = deals::move_to(&e.store, a.id, DealMove { stage_id: p.id, index: None }).unwrap();
    assert_eq!((moved.stage_id, moved.pipeline_id), (p.id, p.pipeline_id));
    deals::create(&e.store, DealInput { stage_id: Some(p.id), currency: "DKK".into(), ..deal("dkk", 750) }).unwrap();
    deals::move_to(&e.store, b.id, DealMove { stage_id: p.id, index: Some(1) }).unwrap();
    assert_eq!(column(&e, p.pipeline_id, p.id), ["a", "b", "dkk"]);
    assert_err(
        deals::move_to(&e.store, b.id, DealMove { stage_id: 999, index: None }),
        ErrorCode::NotFound,
        Some("stage_id"),
    );
    assert_err(
        deals::move_to(&e.store, b.id, DealMove { stage_id: p.id, index: Some(-1) }),
        ErrorCode::OutOfRange,
        Some("index"),
    );

    // Closed and trashed deals are not on the board.
    deals::create(&e.store, DealInput { stage_id: Some(p.id), status: DealStatus::Won, ..deal("won", 1_000_000) })
        .unwrap();
    let trashed = deals::create(&e.store, DealInput { stage_id: Some(p.id), ..deal("trashed", 1_000_000) }).unwrap();
    deals::delete(&e.store, trashed.id).unwrap();

    let board = deals::board(&e.store, p.pipeline_id).unwrap();
    let keys: Vec<_> = board.iter().map(|c| c.stage.system_key.clone().unwrap_or_default()).collect();
    assert_eq!(keys, ["qualification", "meeting", "proposal", "negotiation"]);
    let prop = &board[2];
    assert_eq!(prop.count, 3);
    assert_eq!(
        prop.totals,
        vec![
            MoneyTotal { currency: "DKK".into(), value_minor: 750 },
            MoneyTotal { currency: "EUR".into(), value_minor: 200 }
        ]
    );
    assert_eq!((board[0].count, board[1].count, board[1].totals.len()), (1, 0, 0));
    assert_err(deals::board(&e.store, 999), ErrorCode::NotFound, None);
}

#[test]
fn list_filters_and_pages_newest_first() {
    let e = env();
    let p = stage(&e, "sales", "proposal");
    let mut ids = Vec::new();
    for i in 0..7 {
        let stage_id = (i % 2 == 0).then_some(p.id);
        ids.push(deals::create(&e.store, DealInput { stage_id, ..deal(&format!("Deal {i}"), i) }).unwrap().id);
        e.clock.advance(if i == 3 { 0 } else { MINUTE });
    }
    ids.reverse();
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = deals::list(&e.store, &DealsQuery { limit: Some(3), cursor, ..Default::default() }).unwrap();
        assert_eq!(page.total, 7);
        seen.extend(page.items.iter().map(|d| d.id));
        assert!(seen.len() <= 7, "pagination repeats rows");
        cursor = page.next_cursor;
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(seen, ids);
    let in_stage = deals::list(&e.store, &DealsQuery { stage_id: Some(p.id), ..Default::default() }).unwrap();
    assert_eq!(in_stage.total, 4);
    let found = deals::list(&e.store, &DealsQuery { search: Some("deal 3".into()), ..Default::default() }).unwrap();
    assert_eq!(found.items.iter().map(|d| d.title.as_str()).collect::<Vec<_>>(), ["Deal 3"]);
    assert_eq!(
        deals::list(&e.store, &DealsQuery { status: Some(DealStatus::Won), ..Default::default() }).unwrap().total,
        0
    );
}

//! The bench dataset generator, the dashboard aggregates and a whole bench run on a small dataset.

use std::path::Path;
use std::sync::Arc;

use relata_cli::bench::figure::Status;
use relata_cli::bench::generate::{generate, Counts, ANCHOR_MS, BENCH_TAG, DAY_MS};
use relata_cli::bench::{self, RunOptions};
use relata_core::clock::ManualClock;
use relata_core::domain::{DealInput, DealStatus, PeopleQuery, PersonInput};
use relata_core::error::ErrorCode;
use relata_core::services::{analytics, deals, people, search};
use relata_core::store::Store;

use super::support::{assert_err, env, T0};

fn generated(people: u64, seed: u64) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), people, seed, &mut |_, _, _| {}).unwrap();
    let store = Store::open(dir.path(), Arc::new(ManualClock::new(ANCHOR_MS))).unwrap();
    (dir, store)
}

/// Every row of the tables the generator writes, as text, in id order.
fn dump(dir: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(dir.join("relata.db")).unwrap();
    let mut out = Vec::new();
    for table in [
        "companies",
        "people",
        "person_emails",
        "person_phones",
        "taggings",
        "custom_values",
        "deals",
        "activities",
        "tasks",
        "people_fts",
        "products",
        "orders",
        "order_lines",
        "tickets",
        "ticket_events",
        "sla_policies",
    ] {
        // Every column but the global id, which is random by design (UUIDv7, see store/sync/ids.rs).
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}') WHERE name <> 'gid' ORDER BY cid"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let columns = columns.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
        let mut stmt = conn
            .prepare(&format!("SELECT {columns} FROM {table} ORDER BY rowid"))
            .unwrap_or_else(|_| conn.prepare(&format!("SELECT {columns} FROM {table}")).unwrap());
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}")))
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap();
        out.extend(rows.map(|r| format!("{table}: {}", r.unwrap().join("|"))));
    }
    out
}

#[test]
fn the_same_seed_gives_the_same_dataset_and_counts_scale() {
    let (a, _sa) = generated(400, 7);
    let (b, _sb) = generated(400, 7);
    let (c, _sc) = generated(400, 8);
    let da = dump(a.path());
    assert_eq!(da, dump(b.path()));
    assert_ne!(da, dump(c.path()));
    let counts = bench::count(&_sa).unwrap();
    let expected = Counts {
        people: 400,
        companies: 40,
        deals: 120,
        activities: 1200,
        tasks: 80,
        products: 20,
        orders: 400,
        order_lines: 1200,
        tickets: 80,
        ticket_events: 400,
    };
    // The events come close to their target, not exactly on it (each ticket keeps its core events).
    let events = counts.ticket_events;
    assert!((400..=440).contains(&events), "{events} ticket events");
    assert_eq!(Counts { ticket_events: 400, ..counts }, expected);
    assert_eq!(expected, Counts::for_people(400));
}

#[test]
fn generating_refuses_a_data_dir_with_people() {
    let (dir, store) = generated(50, 1);
    drop(store);
    assert_err(generate(dir.path(), 50, 1, &mut |_, _, _| {}), ErrorCode::InvalidValue, Some("data_dir"));
    let empty = tempfile::tempdir().unwrap();
    assert_err(generate(empty.path(), 0, 1, &mut |_, _, _| {}), ErrorCode::InvalidValue, Some("people"));
}

/// Saving a generated person through the service rewrites its search entry; it must not change, so the
/// generator indexes exactly what the app would.
#[test]
fn generated_search_entries_match_what_the_service_writes() {
    let (dir, store) = generated(300, 3);
    let conn = rusqlite::Connection::open(dir.path().join("relata.db")).unwrap();
    let body = |id: i64| -> String {
        conn.query_row("SELECT name || '|' || phone || '|' || body FROM people_fts WHERE rowid = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap()
    };
    for id in [1, 17, 150, 299] {
        let before = body(id);
        let p = people::get(&store, id).unwrap();
        let input = PersonInput {
            first_name: p.first_name,
            last_name: p.last_name,
            emails: p.emails,
            phones: p.phones,
            address: p.address,
            socials: p.socials,
            company_id: p.company_id,
            job_title: p.job_title,
            owner: p.owner,
            tags: p.tags,
            source: p.source,
            language: p.language,
            lifecycle: p.lifecycle,
            lead_status: p.lead_status,
            custom: p.custom,
            ..Default::default()
        };
        people::update(&store, id, input).unwrap();
        assert_eq!(body(id), before, "person {id}");
    }
}

#[test]
fn generated_people_are_found_by_folded_names_emails_and_phones() {
    let (_dir, store) = generated(600, 11);
    let all = people::list(&store, &PeopleQuery { limit: Some(500), ..Default::default() }).unwrap();
    let danish =
        all.items.iter().find(|p| p.first_name.contains('ø') || p.last_name.contains('ø')).expect("a Danish ø");
    let plain = relata_core::store::fold::fold(&format!("{} {}", danish.first_name, danish.last_name));
    let hits = search::global(&store, &plain, 100).unwrap();
    assert!(
        hits.iter().any(|h| h.entity == relata_core::domain::Entity::Person && h.id == danish.id),
        "{plain} finds {}",
        danish.id
    );
    let with_phone = all.items.iter().find(|p| p.phone.is_some()).unwrap();
    let phone = with_phone.phone.clone().unwrap();
    let typed = format!("{} {}", &phone[..3], &phone[3..9]);
    let found =
        people::list(&store, &PeopleQuery { search: Some(typed.clone()), limit: Some(500), ..Default::default() })
            .unwrap();
    assert!(found.items.iter().any(|p| p.id == with_phone.id), "{typed}");
    let email = all.items.iter().find_map(|p| p.email.clone()).unwrap();
    let found = search::global(&store, &email[..10], 100).unwrap();
    assert!(!found.is_empty(), "{email}");
    let tagged = people::list(&store, &PeopleQuery { tag: Some(BENCH_TAG.into()), ..Default::default() }).unwrap();
    assert!(tagged.total > 10 && tagged.total < 80, "about one in twenty: {}", tagged.total);
}

#[test]
fn analytics_sum_the_open_funnel_and_won_revenue_per_month() {
    let e = env();
    let deal = |title: &str, value: i64, currency: &str, status: DealStatus| {
        let lost_reason = (status == DealStatus::Lost).then(|| "price".to_string());
        let input = DealInput {
            title: title.into(),
            value_minor: value,
            currency: currency.into(),
            status,
            lost_reason,
            ..Default::default()
        };
        deals::create(&e.store, input).unwrap()
    };
    deal("a", 10_000, "EUR", DealStatus::Open);
    deal("b", 5_000, "EUR", DealStatus::Open);
    deal("c", 7_000, "DKK", DealStatus::Open);
    deal("won", 90_000, "EUR", DealStatus::Won);
    deal("lost", 500, "EUR", DealStatus::Lost);
    let funnel = analytics::funnel(&e.store).unwrap();
    assert_eq!(funnel.len(), 7, "every seeded stage, empty ones included");
    let first = &funnel[0];
    assert_eq!((first.name.as_str(), first.open_deals), ("Qualification", 3));
    let values: Vec<(&str, i64)> = first.open_value.iter().map(|a| (a.currency.as_str(), a.minor)).collect();
    assert_eq!(values, [("DKK", 7_000), ("EUR", 15_000)]);
    assert!(funnel[1..].iter().all(|s| s.open_deals == 0 && s.open_value.is_empty()));

    let won = analytics::won_by_month(&e.store, T0 - DAY_MS).unwrap();
    assert_eq!(won.len(), 1);
    assert_eq!((won[0].month.as_str(), won[0].won_deals, won[0].won_value[0].minor), ("2025-03", 1, 90_000));
    assert!(analytics::won_by_month(&e.store, T0 + DAY_MS).unwrap().is_empty());
}

#[test]
fn generated_funnel_and_revenue_agree_with_the_rows() {
    let (dir, store) = generated(1000, 5);
    let conn = rusqlite::Connection::open(dir.path().join("relata.db")).unwrap();
    let open: i64 = conn.query_row("SELECT COUNT(*) FROM deals WHERE status = 'open'", [], |r| r.get(0)).unwrap();
    let funnel = analytics::funnel(&store).unwrap();
    assert_eq!(funnel.iter().map(|s| i64::from(s.open_deals)).sum::<i64>(), open);
    let since = ANCHOR_MS - 365 * DAY_MS;
    let won: i64 = conn
        .query_row("SELECT SUM(value_minor) FROM deals WHERE status = 'won' AND closed_at >= ?1", [since], |r| r.get(0))
        .unwrap();
    let months = analytics::won_by_month(&store, since).unwrap();
    assert!(months.len() >= 12 && months.len() <= 13, "{}", months.len());
    assert_eq!(months.iter().flat_map(|m| &m.won_value).map(|a| a.minor).sum::<i64>(), won);
}

#[test]
fn a_bench_run_reports_every_figure() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), 500, 42, &mut |_, _, _| {}).unwrap();
    let opts = RunOptions {
        dataset: Some(dir.path().to_path_buf()),
        people: 500,
        seed: 42,
        exe: env!("CARGO_BIN_EXE_relata").into(),
        only: Vec::new(),
    };
    let report = bench::run(&opts, &mut |_| {}).unwrap();
    let keys: Vec<&str> = report.figures.iter().map(|f| f.key).collect();
    assert_eq!(
        keys,
        [
            "search",
            "list_tag_name",
            "list_tag_score",
            "import",
            "rescore",
            "dashboard",
            "cold_open",
            "list_search",
            "mail_match",
            "mail_fetch",
            "segment_count",
            "segment_page",
            "analytics_revenue",
            "analytics_churn",
            "analytics_retention",
            "analytics_dashboard",
            "rules_write",
            "rules_import",
            "upsell_build",
            "upsell_suggest",
            "orders_import",
            "tickets_list",
            "support_dashboard",
            "ticket_search",
            "mail_sync"
        ]
    );
    for f in &report.figures {
        match &f.status {
            Status::Pending(why) => assert!(f.product.is_none() && why.starts_with("needs "), "{}", f.key),
            _ => assert!(f.product.is_some_and(|p| p > 0.0), "{} measured", f.key),
        }
    }
    assert!(report.figures[0].raw.is_some() && report.figures[0].ratio.is_some());
    let md = bench::report::markdown(&report);
    assert!(md.contains("| search by name/email/phone prefix, p95 |"), "{md}");
    let table = bench::report::table(&report);
    assert!(table.contains("CSV import of people"), "{table}");
    for key in [
        "import",
        "rescore",
        "list_tag_score",
        "mail_match",
        "segment_count",
        "segment_page",
        "analytics_dashboard",
        "orders_import",
        "tickets_list",
        "support_dashboard",
        "ticket_search",
        "mail_sync",
    ] {
        let figure = report.figures.iter().find(|f| f.key == key).expect(key);
        assert!(figure.product.is_some_and(|p| p > 0.0), "{key} is measured");
    }
    assert_eq!(report.counts.people, 500);
}

/// A bench on a data dir without a dataset says so before measuring anything, with the command that makes
/// one, and exits non-zero; it leaves the empty dir empty.
#[test]
fn a_bench_without_a_dataset_says_how_to_generate_one() {
    let empty = tempfile::tempdir().unwrap();
    let out = super::commands::relata(empty.path(), &["bench", "--json", "--report", "/nonexistent/bench.md"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let dir = empty.path().display();
    assert!(stderr.contains(&format!("{dir} holds no bench dataset")), "{stderr}");
    assert!(stderr.contains(&format!("relata-bench --data-dir {dir} bench generate --people N")), "{stderr}");
    assert!(!stderr.contains("measuring"), "nothing is measured: {stderr}");
    assert!(out.stdout.is_empty(), "no report: {}", String::from_utf8_lossy(&out.stdout));
    assert!(!empty.path().join(relata_core::store::DB_FILE).exists(), "no store was created");
}

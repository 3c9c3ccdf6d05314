//! `relata products` and `relata orders` through the real binary.

use super::commands::{ok_json, relata};

#[test]
fn products_and_orders_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let tea = ok_json(
        d,
        &[
            "products",
            "add",
            "--sku",
            "TEA-1",
            "--name",
            "Green tea",
            "--price",
            "EUR=3.50",
            "--price",
            "DKK=26",
            "--cost",
            "1.20",
            "--vat",
            "reduced",
        ],
    );
    assert_eq!(
        (tea["sku"].as_str(), tea["vat_category"].as_str(), tea["cost_minor"].as_i64()),
        (Some("TEA-1"), Some("reduced"), Some(120))
    );
    let listed = ok_json(d, &["products", "list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let duplicate = relata(d, &["products", "add", "--sku", "tea-1", "--name", "Again"]);
    assert_eq!(duplicate.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&duplicate.stderr).contains("field: sku"));

    let ann = ok_json(d, &["people", "add", "--first-name", "Ann", "--last-name", "Buyer"]);
    let ann_id = ann["id"].as_i64().unwrap().to_string();
    let o = ok_json(
        d,
        &[
            "orders",
            "add",
            "--number",
            "INV-1",
            "--person",
            &ann_id,
            "--date",
            "2025-03-01",
            "--country",
            "NL",
            "--line",
            "TEA-1=2",
            "--item",
            "Gift wrap=1@2.00",
        ],
    );
    // Tea: 2 x 3.50 at 9 %; gift wrap: 2.00 at the standard 21 %.
    assert_eq!(
        (o["net_minor"].as_i64(), o["vat_minor"].as_i64(), o["gross_minor"].as_i64()),
        (Some(900), Some(63 + 42), Some(1005))
    );
    assert_eq!(o["lines"][1]["description"], "Gift wrap");
    let id = o["id"].as_i64().unwrap().to_string();
    let back = ok_json(
        d,
        &[
            "orders",
            "add",
            "--number",
            "CN-1",
            "--person",
            &ann_id,
            "--credit-note",
            "--original",
            &id,
            "--date",
            "2025-03-05",
            "--country",
            "NL",
            "--line",
            "TEA-1=-0.5",
        ],
    );
    assert_eq!(
        (back["kind"].as_str(), back["net_minor"].as_i64(), back["lines"][0]["quantity_milli"].as_i64()),
        (Some("credit_note"), Some(-175), Some(-500))
    );

    let mine = ok_json(d, &["orders", "list", "--person", &ann_id, "--json"]);
    let numbers: Vec<&str> = mine.as_array().unwrap().iter().map(|o| o["number"].as_str().unwrap()).collect();
    assert_eq!(numbers, ["CN-1", "INV-1"]);
    assert!(ok_json(d, &["orders", "list", "--person", "999", "--json"]).as_array().unwrap().is_empty());
    assert_eq!(ok_json(d, &["orders", "get", &id])["lines"].as_array().unwrap().len(), 2);

    let deal = ok_json(d, &["deals", "add", "--title", "Ten chairs", "--value", "1000", "--person", &ann_id]);
    let from = ok_json(d, &["orders", "from-deal", &deal["id"].as_i64().unwrap().to_string()]);
    assert_eq!((from["source"].as_str(), from["net_minor"].as_i64()), (Some("deal"), Some(100_000)));
    let again = relata(d, &["orders", "from-deal", &deal["id"].as_i64().unwrap().to_string()]);
    assert_eq!(again.status.code(), Some(1));

    let unknown = relata(d, &["orders", "add", "--line", "NOPE=1"]);
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("field: line.0"), "{unknown:?}");
    let bad = relata(d, &["orders", "add", "--item", "Wrap"]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("field: item.0"), "{bad:?}");
}

#[test]
fn order_lines_import_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = super::support::fixture("online_retail.csv");
    let args = |anonymous: &'static str| {
        vec![
            "import",
            "csv",
            file.to_str().unwrap(),
            "--entity",
            "orders",
            "--currency",
            "GBP",
            "--timezone",
            "Europe/London",
            "--anonymous",
            anonymous,
            "--json",
        ]
    };
    let report = ok_json(d, &args("skip"));
    assert_eq!((report["created"].as_i64(), report["orders"]["orders"].as_i64()), (Some(8), Some(6)));
    assert_eq!(report["orders"]["anonymous_skipped"].as_i64(), Some(2));
    assert_eq!(report["errors"].as_array().unwrap().len(), 3);
    let listed = ok_json(d, &["orders", "list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 6);
    assert!(listed.as_array().unwrap().iter().all(|o| o["currency"] == "GBP"));
    let undo = ok_json(d, &["import", "undo", &report["batch_id"].as_i64().unwrap().to_string()]);
    assert!(undo["deleted"].as_i64().unwrap() >= 6);
    assert!(ok_json(d, &["orders", "list", "--json"]).as_array().unwrap().is_empty());
    let bad = relata(d, &["import", "csv", file.to_str().unwrap(), "--entity", "orders", "--timezone", "Nowhere"]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("field: timezone"), "{bad:?}");
}

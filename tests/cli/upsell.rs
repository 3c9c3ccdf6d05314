//! `relata upsell` through the real binary, on an order history imported from a file with the UCI Online
//! Retail headers: suggestions with their reasons, the list, the evaluation, check-ins and likely buyers.

use super::commands::{ok_json, relata};

const HISTORY: &str = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
1001,A1,Apple box,2,2025-01-10 10:00,1.50,101.0,Netherlands
1001,B2,Bread tin,1,2025-01-10 10:00,4.00,101.0,Netherlands
1001,C3,Cake stand,1,2025-01-10 10:00,9.00,101.0,Netherlands
1002,A1,Apple box,1,2025-01-11 10:00,1.50,102.0,Netherlands
1002,B2,Bread tin,1,2025-01-11 10:00,4.00,102.0,Netherlands
1002,C3,Cake stand,1,2025-01-11 10:00,9.00,102.0,Netherlands
1003,A1,Apple box,1,2025-01-12 10:00,1.50,103.0,Netherlands
1003,B2,Bread tin,1,2025-01-12 10:00,4.00,103.0,Netherlands
1004,A1,Apple box,3,2025-01-13 10:00,1.50,104.0,Netherlands
C1005,A1,Apple box,-1,2025-01-14 10:00,1.50,104.0,Netherlands
1006,D4,Dish rack,1,2025-01-15 10:00,7.00,,Netherlands
1007,B2,Bread tin,1,2025-01-20 10:00,4.00,101.0,Netherlands
1008,C3,Cake stand,1,2025-02-10 10:00,9.00,104.0,Netherlands
";

#[test]
fn upsell_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = d.join("history.csv");
    std::fs::write(&file, HISTORY).unwrap();
    let f = file.to_str().unwrap();
    ok_json(d, &["import", "csv", f, "--entity", "orders", "--currency", "EUR", "--timezone", "UTC", "--json"]);

    let list = ok_json(d, &["upsell", "list", "--limit", "3", "--json"]);
    let customers = list.as_array().unwrap();
    assert_eq!(customers.len(), 4, "{list}");
    let id_of = |external: &str| {
        customers.iter().find(|c| c["external_id"] == external).unwrap()["person_id"].as_i64().unwrap().to_string()
    };
    // 103 bought A and B: C is related to both, most to A (101, 102 and 104 bought A and C); D was only sold
    // anonymously, so it is nobody's suggestion.
    let c103 = customers.iter().find(|c| c["external_id"] == "103").unwrap();
    let first = &c103["suggestions"][0];
    assert_eq!(first["sku"], "C3");
    assert!(first["score"].as_f64().unwrap() > 0.0);
    assert_eq!(first["reason"]["co_buyers"].as_i64(), Some(3));
    assert_eq!(first["reason"]["anchors"][0]["sku"], "A1");
    assert_eq!(first["reason"]["anchors"].as_array().unwrap().len(), 2);
    assert_eq!(c103["suggestions"].as_array().unwrap().len(), 1, "only C is left to suggest: {c103}");

    let p104 = id_of("104");
    let s = ok_json(d, &["upsell", "suggest", "--person", &p104, "--limit", "1", "--json"]);
    assert_eq!(s.as_array().unwrap().len(), 1);
    // 104 bought A (the return leaves the purchase) and, in February, C: B is what is left.
    assert_eq!(s[0]["sku"], "B2");
    assert_eq!(s[0]["reason"]["anchors"][0]["sku"], "A1");
    let missing = relata(d, &["upsell", "suggest", "--person", "99999", "--json"]);
    assert_eq!(missing.status.code(), Some(1));

    // Trained on January: 104 bought C (new to them) in February; the model's first suggestion is B (3
    // co-buyers with A), C second, so hit at 5.
    let e = ok_json(d, &["upsell", "evaluate", "--cutoff", "2025-02-01", "--json"]);
    assert_eq!((e["customers"].as_i64(), e["customers_with_new_products"].as_i64()), (Some(1), Some(1)), "{e}");
    assert_eq!(e["model"]["at5"].as_f64(), Some(1.0));
    assert_eq!(e["train_customers"].as_i64(), Some(4));
    let bad = relata(d, &["upsell", "evaluate", "--cutoff", "yesterday"]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("field: cutoff"), "{bad:?}");

    // 101 ordered on the 10th and the 20th of January: a 10-day interval, long past.
    let due = ok_json(d, &["upsell", "checkins", "--json"]);
    let c101 = due.as_array().unwrap().iter().find(|c| c["person_id"].as_i64().unwrap().to_string() == id_of("101"));
    assert_eq!(c101.unwrap()["median_gap_days"].as_i64(), Some(10), "{due}");

    // A task for each customer due (101 and 104, by the real clock long past their interval), once.
    let made = ok_json(d, &["upsell", "checkins", "--create-tasks", "--json"]);
    assert_eq!((made["task_ids"].as_array().map(Vec::len), made["skipped"].as_i64()), (Some(2), Some(0)), "{made}");
    let again = ok_json(d, &["upsell", "checkins", "--create-tasks", "--json"]);
    assert_eq!((again["task_ids"].as_array().map(Vec::len), again["skipped"].as_i64()), (Some(0), Some(2)));
    let tasks = ok_json(d, &["tasks", "list", "--json"]);
    let task = tasks.as_array().unwrap().iter().find(|t| t["person_id"].as_i64().unwrap().to_string() == id_of("101"));
    assert_eq!(task.unwrap()["system_event"]["kind"], "check_in", "{tasks}");
    let table = relata(d, &["tasks", "list"]);
    assert!(String::from_utf8_lossy(&table.stdout).contains("Check in with"), "{table:?}");

    // C: not yet bought by 103, whose A and B both point to it.
    let likely = ok_json(d, &["upsell", "likely", "--sku", "c3", "--json"]);
    assert_eq!(likely[0]["person_id"].as_i64().unwrap().to_string(), id_of("103"), "{likely}");
}

//! What a rejected row leaves behind (nothing), what the batch remembers, and what the audit trail says,
//! for people rows (checked before they write) and for the other kinds (one savepoint per row).

use relata_core::domain::{AuditQuery, PersonInput};
use relata_core::services::import::{self, DuplicatePolicy, ImportEntity, ImportOptions};
use relata_core::services::{audit, people};

use super::import::run;
use super::support::{env, Env};

fn options(entity: ImportEntity, on_duplicate: DuplicatePolicy) -> ImportOptions {
    ImportOptions { entity, on_duplicate, ..Default::default() }
}

fn write(e: &Env, name: &str, text: &str) -> std::path::PathBuf {
    let path = e.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn actions(e: &Env) -> Vec<String> {
    let q = AuditQuery { limit: 500, ..Default::default() };
    let mut items = audit::list(&e.store, &q).unwrap().items;
    items.reverse();
    items.iter().map(|a| format!("{:?} {:?}", a.action, a.entity).to_lowercase()).collect()
}

#[test]
fn a_rejected_people_row_writes_nothing_not_even_its_new_company() {
    let e = env();
    let taken = PersonInput { external_id: Some("crm-7".into()), ..super::support::person("Old", "Hand") };
    let old = people::create(&e.store, taken).unwrap();
    people::delete(&e.store, old.id).unwrap(); // a trashed person still holds the external id
    let long_note = "x".repeat(100_001);
    let path = write(
        &e,
        "rows.csv",
        &format!(
            "First Name,Email,Company,Record ID,Notes\n\
             Ada,ada@x.example,Taken Ltd,crm-7,\n\
             Bob,bob@x.example,Long Note Ltd,,{long_note}\n\
             Cy,cy@x.example,Kept Ltd,crm-8,hello\n"
        ),
    );
    for policy in [DuplicatePolicy::Create, DuplicatePolicy::Skip] {
        let before = e.count("SELECT count(*) FROM people");
        let r = run(&e, &path, &options(ImportEntity::People, policy));
        let fields: Vec<_> = r.errors.iter().map(|x| (x.row, x.field.clone().unwrap_or_default())).collect();
        assert_eq!(fields, [(2, "external_id".to_string()), (3, "note".to_string())], "{policy:?}");
        assert_eq!(r.created, 1);
        assert_eq!(e.count("SELECT count(*) FROM people") - before, 1);
        for company in ["Taken Ltd", "Long Note Ltd"] {
            assert_eq!(e.count(&format!("SELECT count(*) FROM companies WHERE name = '{company}'")), 0);
        }
        import::undo(&e.store, r.batch_id.unwrap()).unwrap();
    }
    assert_eq!(e.count("SELECT count(*) FROM companies"), 0);
    assert_eq!(e.count("SELECT count(*) FROM activities"), 0);
}

#[test]
fn a_rolled_back_row_does_not_leave_its_ids_in_the_batch() {
    let e = env();
    // Row 2 creates "First Co" and is then rejected (no title): its savepoint rolls the company back, and
    // row 3's new company gets the same id again. The batch must note that id once, for row 3's company.
    let path = write(
        &e,
        "deals.csv",
        "Title,Value,Company,Status\n,10,First Co,open\nGood deal,20,Second Co,won\nThird,5,Second Co,open\n",
    );
    let r = run(&e, &path, &options(ImportEntity::Deals, DuplicatePolicy::Skip));
    assert_eq!((r.created, r.errors.len()), (2, 1), "{:?}", r.errors);
    assert_eq!(r.errors[0].field.as_deref(), Some("title"));
    assert_eq!(e.count("SELECT count(*) FROM companies"), 1);
    assert_eq!(e.count("SELECT count(*) FROM import_ranges WHERE entity = 'company'"), 1);
    let undone = import::undo(&e.store, r.batch_id.unwrap()).unwrap();
    assert_eq!(undone.deleted, 3);
    assert_eq!(e.count("SELECT count(*) FROM companies") + e.count("SELECT count(*) FROM deals"), 0);
}

#[test]
fn an_import_is_one_audit_entry_and_updates_stay_audited() {
    let e = env();
    let ada = people::create(&e.store, super::support::person("Ada", "Lovelace")).unwrap();
    people::update(
        &e.store,
        ada.id,
        PersonInput {
            emails: vec![super::support::lv("work", "ada@x.example")],
            ..super::support::person("Ada", "Lovelace")
        },
    )
    .unwrap();
    let path = write(
        &e,
        "people.csv",
        "First Name,Email,Job Title\nAda,ada@x.example,Countess\nBob,bob@x.example,\nCy,cy@x.example,\n",
    );
    let r = run(&e, &path, &options(ImportEntity::People, DuplicatePolicy::Update));
    assert_eq!((r.created, r.updated), (2, 1));
    people::create(&e.store, super::support::person("After", "Import")).unwrap();
    let expected = [
        "create some(person)",
        "update some(person)",
        "update some(person)", // the import's update of Ada
        "import none",
        "create some(person)", // creates are audited again once the import is done
    ];
    assert_eq!(actions(&e), expected);
    assert_eq!(e.count("SELECT count(*) FROM audit_bulk_create"), 0);
}

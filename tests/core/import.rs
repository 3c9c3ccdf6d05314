//! Importing real-looking exports: header aliases, encodings, delimiters, vCards, dedupe, undo, cancel.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use relata_core::domain::{CustomFieldKind, CustomValue, Entity, LeadStatus, Lifecycle, PeopleQuery, PersonRow};
use relata_core::services::import::{
    self, ColumnMapping, ColumnTarget, DuplicatePolicy, ImportEntity, ImportOptions, ImportReport,
};
use relata_core::services::{custom_fields, people, search};

use super::support::{env, Env};

pub use super::support::fixture;

fn options(entity: ImportEntity) -> ImportOptions {
    ImportOptions { entity, ..Default::default() }
}

pub fn run(e: &Env, path: &Path, opts: &ImportOptions) -> ImportReport {
    import::import_file(&e.store, path, opts, &mut |_| {}, &AtomicBool::new(false)).expect("import")
}

fn all_people(e: &Env) -> Vec<PersonRow> {
    let q = PeopleQuery { limit: Some(500), ..Default::default() };
    people::list(&e.store, &q).unwrap().items
}

fn by_email(e: &Env, email: &str) -> relata_core::domain::Person {
    let row =
        all_people(e).into_iter().find(|p| p.email.as_deref() == Some(email)).unwrap_or_else(|| panic!("{email}"));
    people::get(&e.store, row.id).unwrap()
}

#[test]
fn hubspot_export_maps_columns_and_infers_custom_fields() {
    let e = env();
    let r = run(&e, &fixture("hubspot_contacts.csv"), &options(ImportEntity::People));
    assert_eq!((r.created, r.updated, r.skipped, r.errors.len()), (6, 0, 0, 0), "{:?}", r.errors);
    assert_eq!(r.delimiter.as_deref(), Some(","));
    let ada = by_email(&e, "ada@analytical.example");
    assert_eq!(ada.external_id.as_deref(), Some("101"));
    assert_eq!(ada.company_name.as_deref(), Some("Analytical Engines"));
    assert_eq!((ada.job_title.as_deref(), ada.owner.as_deref()), (Some("Countess"), Some("Maria")));
    assert_eq!(ada.source.as_deref(), Some("Organic Search"));
    assert_eq!(ada.phones[0].value, "+442079460001");
    assert_eq!(ada.custom.get("annual_revenue"), Some(&CustomValue::Number(1_250_000.5)));
    assert_eq!(ada.custom.get("newsletter"), Some(&CustomValue::Bool(true)));
    assert_eq!(ada.custom.get("tier"), Some(&CustomValue::Text("Gold".into())));
    let charles = by_email(&e, "charles@analytical.example");
    // Past the lead stage an open lead counts as converted (the people service's rule).
    assert_eq!((charles.lifecycle, charles.lead_status), (Lifecycle::Qualified, Some(LeadStatus::Converted)));
    assert_eq!(by_email(&e, "alan@bletchley.example").lead_status, Some(LeadStatus::Lost));
    assert_eq!(by_email(&e, "grace@navy.example").lifecycle, Lifecycle::Customer);
    let defs = custom_fields::list(&e.store, Some(Entity::Person)).unwrap();
    let kind = |key: &str| defs.iter().find(|d| d.key == key).map(|d| (d.kind, d.choices.clone()));
    assert_eq!(kind("annual_revenue"), Some((CustomFieldKind::Number, vec![])));
    assert_eq!(kind("newsletter"), Some((CustomFieldKind::Boolean, vec![])));
    assert_eq!(kind("tier"), Some((CustomFieldKind::Choice, vec!["Gold".into(), "Silver".into()])));
    // The search index knows the imported people, by name and by company.
    let hits = search::global(&e.store, "lovelace", 10).unwrap();
    assert_eq!(hits.iter().map(|h| h.id).collect::<Vec<_>>(), vec![ada.id]);
    assert_eq!(search::global(&e.store, "analytical", 10).unwrap().len(), 3);
}

#[test]
fn pipedrive_export_with_prefixed_headers_and_full_names() {
    let e = env();
    let r = run(&e, &fixture("pipedrive_people.csv"), &options(ImportEntity::People));
    assert_eq!((r.created, r.errors.len()), (3, 0), "{:?}", r.errors);
    let soren = by_email(&e, "soren@example.dk");
    assert_eq!((soren.first_name.as_str(), soren.last_name.as_str()), ("Søren", "Kierkegaard"));
    assert_eq!(soren.tags, vec!["Hot lead".to_string()]);
    assert_eq!(soren.company_name.as_deref(), Some("Filosofisk Selskab"));
    assert_eq!(by_email(&e, "juergen@example.de").last_name, "Müller");
    assert_eq!(search::global(&e.store, "soren", 10).unwrap().len(), 1);
}

#[test]
fn salesforce_leads_keep_status_external_id_and_report_bad_rows() {
    let e = env();
    let rejected = e.dir.path().join("rejected.csv");
    let opts = ImportOptions { rejected_csv: Some(rejected.to_string_lossy().into()), ..options(ImportEntity::Leads) };
    let r = run(&e, &fixture("salesforce_leads.csv"), &opts);
    assert_eq!((r.created, r.errors.len()), (3, 1));
    assert_eq!((r.errors[0].row, r.errors[0].field.as_deref()), (5, Some("status")));
    let marie = by_email(&e, "marie@radium.example");
    assert_eq!((marie.lifecycle, marie.lead_status), (Lifecycle::Lead, Some(LeadStatus::Open)));
    assert_eq!(marie.external_id.as_deref(), Some("00Q1"));
    assert_eq!((marie.address.country.as_deref(), marie.address.postal_code.as_deref()), (Some("FR"), Some("75005")));
    assert_eq!(marie.phones.iter().map(|p| p.label.as_str()).collect::<Vec<_>>(), ["work", "mobile"]);
    assert_eq!(by_email(&e, "pierre@radium.example").lead_status, Some(LeadStatus::Converted));
    let lise = by_email(&e, "lise@kwi.example");
    assert_eq!((lise.lead_status, lise.address.country.as_deref()), (Some(LeadStatus::Lost), Some("DE")));
    let csv = std::fs::read_to_string(&rejected).unwrap();
    assert!(csv.starts_with("Lead ID,First Name"), "{csv}");
    assert!(csv.lines().nth(1).unwrap().starts_with("00Q4,Otto,Hahn"), "{csv}");
    assert!(csv.contains(",5,\"\"\"maybe\"\" is not a lead status"), "{csv}");
}

#[test]
fn windows_1252_semicolons_and_decimal_commas() {
    let e = env();
    let r = run(&e, &fixture("windows1252_semicolon.csv"), &options(ImportEntity::People));
    assert_eq!((r.created, r.errors.len()), (3, 0), "{:?}", r.errors);
    assert_eq!((r.encoding.as_deref(), r.delimiter.as_deref()), (Some("windows-1252"), Some(";")));
    let m = by_email(&e, "mariette@voorbeeld.nl");
    assert_eq!((m.first_name.as_str(), m.last_name.as_str()), ("Mariëtte", "Böhm"));
    let jan = by_email(&e, "jan@voorbeeld.nl");
    assert_eq!(jan.custom.get("omzet"), Some(&CustomValue::Number(1234.56)));
    assert_eq!(jan.custom.get("klant_sinds"), Some(&CustomValue::Text("2020-02-01".into())));
    assert_eq!(jan.custom.get("actief"), Some(&CustomValue::Bool(true)));
    assert_eq!(by_email(&e, "francois@voorbeeld.nl").custom.get("omzet"), Some(&CustomValue::Number(0.75)));
}

#[test]
fn boms_and_utf16_files() {
    let e = env();
    let r = run(&e, &fixture("utf8_bom.csv"), &options(ImportEntity::People));
    assert_eq!((r.created, r.encoding.as_deref()), (1, Some("UTF-8 (BOM)")));
    // The BOM must not stick to the first header, or "First Name" would not be recognised.
    assert_eq!(by_email(&e, "bom@example.com").first_name, "Bom");
    let r = run(&e, &fixture("utf16le_tabs.csv"), &options(ImportEntity::People));
    assert_eq!((r.created, r.encoding.as_deref(), r.delimiter.as_deref()), (2, Some("UTF-16LE"), Some("\t")));
    assert_eq!(by_email(&e, "ase@example.no").last_name, "Østergård");
    assert_eq!(by_email(&e, "sokrates@example.gr").first_name, "Σωκράτης");
    let r = run(&e, &fixture("utf16be.csv"), &options(ImportEntity::People));
    assert_eq!((r.created, r.delimiter.as_deref()), (1, Some("|")));
    assert_eq!(by_email(&e, "be@example.com").last_name, "Endian");
}

#[test]
fn quoted_newlines_kept_and_ragged_rows_reported() {
    let e = env();
    let r = run(&e, &fixture("quoted_newlines_ragged.csv"), &options(ImportEntity::People));
    assert_eq!(r.created, 2, "{:?}", r.errors);
    let rows: Vec<(u32, Option<&str>)> = r.errors.iter().map(|e| (e.row, e.field.as_deref())).collect();
    assert_eq!(rows, vec![(3, None), (4, None), (5, Some("emails.0.value"))]);
    assert!(r.errors[0].message.contains("6 fields"), "{}", r.errors[0].message);
    let ada = by_email(&e, "ada@example.com");
    let notes = relata_core::services::activities::timeline(
        &e.store,
        &relata_core::domain::TimelineQuery { person_id: Some(ada.id), ..Default::default() },
    )
    .unwrap();
    assert_eq!(notes.items[0].body.as_deref(), Some("Met at the \"Engines\" fair,\nthen wrote twice"));
}

#[test]
fn vcards_with_folding_quoted_printable_and_non_ascii_names() {
    let e = env();
    let r = run(&e, &fixture("contacts.vcf"), &options(ImportEntity::People));
    assert_eq!((r.created, r.errors.len()), (3, 0), "{:?}", r.errors);
    let soren = by_email(&e, "soren@example.dk");
    assert_eq!((soren.first_name.as_str(), soren.last_name.as_str()), ("Søren Aabye", "Kierkegaard"));
    assert_eq!(soren.emails.len(), 2);
    assert_eq!(soren.phones[0].value, "+4520123456");
    assert_eq!((soren.address.city.as_deref(), soren.address.country.as_deref()), (Some("København"), Some("DK")));
    assert_eq!(soren.tags, vec!["philosophy".to_string(), "danish".to_string()]);
    assert_eq!(soren.external_id.as_deref(), Some("urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"));
    let juergen = by_email(&e, "juergen@example.de");
    assert_eq!((juergen.first_name.as_str(), juergen.last_name.as_str()), ("Jürgen", "Müller"));
    // 555-0100 is a fictional US number: not valid, so kept as typed and flagged.
    let zoe = by_email(&e, "zoe@example.com");
    assert_eq!((zoe.phones[0].value.as_str(), zoe.unparsed_phones.len()), ("+1-555-0100", 1));
    assert_eq!(search::global(&e.store, "muller", 10).unwrap().len(), 1);
}

#[test]
fn xlsx_first_sheet_with_numbers_and_dates() {
    let e = env();
    let r = run(&e, &fixture("people.xlsx"), &options(ImportEntity::People));
    assert_eq!((r.created, r.errors.len()), (2, 0), "{:?}", r.errors);
    let ada = by_email(&e, "ada@xlsx.example");
    assert_eq!(ada.custom.get("score"), Some(&CustomValue::Number(42.0)));
    assert_eq!(ada.custom.get("signed_up"), Some(&CustomValue::Text("2025-01-01".into())));
}

#[test]
fn deals_and_activities_link_to_imported_people() {
    let e = env();
    run(&e, &fixture("hubspot_contacts.csv"), &options(ImportEntity::People));
    let r = run(&e, &fixture("deals.csv"), &options(ImportEntity::Deals));
    assert_eq!(r.created, 3, "{:?}", r.errors);
    assert_eq!((r.errors[0].row, r.errors[0].field.as_deref()), (5, Some("stage")));
    let deals = relata_core::services::deals::list(&e.store, &Default::default()).unwrap().items;
    let engine = deals.iter().find(|d| d.title == "Engine order").unwrap();
    assert_eq!((engine.value_minor, engine.currency.as_str()), (1_250_000, "EUR"));
    assert_eq!(engine.expected_close.as_deref(), Some("2025-12-31"));
    assert_eq!(engine.person_name.as_deref(), Some("Ada Lovelace"));
    let navy = deals.iter().find(|d| d.title == "Navy contract").unwrap();
    assert_eq!((navy.value_minor, navy.status), (100_050, relata_core::domain::DealStatus::Won));
    let r = run(&e, &fixture("activities.csv"), &options(ImportEntity::Activities));
    assert_eq!(r.created, 3, "{:?}", r.errors);
    assert_eq!((r.errors[0].row, r.errors[0].field.as_deref()), (5, Some("kind")));
    let ada = by_email(&e, "ada@analytical.example");
    let q = relata_core::domain::TimelineQuery { person_id: Some(ada.id), ..Default::default() };
    let items = relata_core::services::activities::timeline(&e.store, &q).unwrap().items;
    let call = items.iter().find(|a| a.subject == "Intro call").unwrap();
    assert_eq!((call.occurred_at, call.duration_secs), (1_740_839_400_000, Some(900)));
}

#[test]
fn duplicate_policies_skip_update_create() {
    let e = env();
    run(&e, &fixture("hubspot_contacts.csv"), &options(ImportEntity::People));
    let again = run(&e, &fixture("hubspot_contacts.csv"), &options(ImportEntity::People));
    assert_eq!((again.created, again.skipped), (0, 6));

    // Same people matched by email (different case), by phone, and by name + company.
    let path = e.dir.path().join("changes.csv");
    std::fs::write(
        &path,
        "First Name,Last Name,Email,Phone,Company,Job Title\n\
         Ada,Lovelace,ADA@analytical.example,,,Mathematician\n\
         Charles,B.,,+44 20 7946 0002,,Engineer\n\
         Grace,Hopper,,,US Navy,Admiral\n\
         New,Person,new@example.com,,,\n",
    )
    .unwrap();
    let update = ImportOptions { on_duplicate: DuplicatePolicy::Update, ..options(ImportEntity::People) };
    let r = run(&e, &path, &update);
    assert_eq!((r.created, r.updated, r.skipped), (1, 3, 0), "{:?}", r.errors);
    let ada = by_email(&e, "ada@analytical.example");
    assert_eq!((ada.job_title.as_deref(), ada.owner.as_deref()), (Some("Mathematician"), Some("Maria")));
    assert_eq!(by_email(&e, "charles@analytical.example").last_name, "B.");
    assert_eq!(by_email(&e, "grace@navy.example").job_title.as_deref(), Some("Admiral"));

    let create = ImportOptions { on_duplicate: DuplicatePolicy::Create, ..options(ImportEntity::People) };
    let r = run(&e, &path, &create);
    assert_eq!((r.created, r.updated), (4, 0));
    assert_eq!(all_people(&e).len(), 6 + 1 + 4);
}

#[test]
fn undo_deletes_created_and_restores_updated_records() {
    let e = env();
    let first = run(&e, &fixture("hubspot_contacts.csv"), &options(ImportEntity::People));
    let before = by_email(&e, "ada@analytical.example");
    let path = e.dir.path().join("update.csv");
    std::fs::write(
        &path,
        "First Name,Email,Job Title,Company,Shoe size\nAda,ada@analytical.example,Mathematician,Royal Society,38\nXena,x@new.example,Pilot,,41\n",
    )
    .unwrap();
    let update = ImportOptions { on_duplicate: DuplicatePolicy::Update, ..options(ImportEntity::People) };
    e.clock.advance(1000);
    let second = run(&e, &path, &update);
    assert_eq!((second.created, second.updated), (1, 1), "{:?}", second.errors);
    assert_eq!(by_email(&e, "ada@analytical.example").company_name.as_deref(), Some("Royal Society"));

    let undone = import::undo(&e.store, second.batch_id.unwrap()).unwrap();
    assert_eq!((undone.deleted, undone.restored), (2, 1)); // the new person and the new company
    let after = by_email(&e, "ada@analytical.example");
    assert_eq!(
        (after.job_title, after.company_name, after.custom.clone()),
        (before.job_title, before.company_name, before.custom)
    );
    assert_eq!(e.count("SELECT count(*) FROM people"), 6);
    assert_eq!(e.count("SELECT count(*) FROM companies WHERE name = 'Royal Society'"), 0);
    assert_eq!(e.count("SELECT count(*) FROM custom_field_defs WHERE key = 'shoe_size'"), 0);
    assert!(import::undo(&e.store, second.batch_id.unwrap()).is_err());

    import::undo(&e.store, first.batch_id.unwrap()).unwrap();
    for table in ["people", "companies", "custom_values", "person_emails", "people_fts", "companies_fts", "taggings"] {
        assert_eq!(e.count(&format!("SELECT count(*) FROM {table}")), 0, "{table}");
    }
    let batches = import::list_batches(&e.store).unwrap();
    assert!(batches.iter().all(|b| b.undone_at.is_some()));
}

#[test]
fn cancel_and_dry_run_write_nothing() {
    let e = env();
    let cancel = AtomicBool::new(true);
    let r = import::import_file(
        &e.store,
        &fixture("hubspot_contacts.csv"),
        &options(ImportEntity::People),
        &mut |_| {},
        &cancel,
    )
    .unwrap();
    assert!(r.cancelled);
    let dry = ImportOptions { dry_run: true, ..options(ImportEntity::Leads) };
    let r = run(&e, &fixture("salesforce_leads.csv"), &dry);
    assert_eq!((r.created, r.errors.len(), r.batch_id), (3, 1, None));
    for table in ["people", "companies", "custom_field_defs", "import_batches", "people_fts"] {
        assert_eq!(e.count(&format!("SELECT count(*) FROM {table}")), 0, "{table}");
    }
}

#[test]
fn user_mapping_overrides_and_unknown_fields() {
    let e = env();
    let path = e.dir.path().join("odd.csv");
    std::fs::write(&path, "Naam,Contact,Secret\nAda Lovelace,ada@x.example,s3cret\n").unwrap();
    let opts = ImportOptions {
        mappings: vec![
            ColumnMapping { column: "contact".into(), target: ColumnTarget::Field("email".into()) },
            ColumnMapping { column: "Secret".into(), target: ColumnTarget::Ignore },
        ],
        ..options(ImportEntity::People)
    };
    let r = run(&e, &path, &opts);
    assert_eq!((r.created, r.custom_fields_created.len()), (1, 0));
    assert_eq!(by_email(&e, "ada@x.example").last_name, "Lovelace");
    let bad = ImportOptions {
        mappings: vec![ColumnMapping { column: "Nope".into(), target: ColumnTarget::Ignore }],
        ..options(ImportEntity::People)
    };
    let err = import::import_file(&e.store, &path, &bad, &mut |_| {}, &AtomicBool::new(false)).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("mappings.0.column"));
}

#[test]
fn preview_shows_detection_and_mapping() {
    let p = import::preview(&fixture("windows1252_semicolon.csv"), None, ImportEntity::People).unwrap();
    assert_eq!((p.encoding.as_deref(), p.delimiter.as_deref(), p.rows.len()), (Some("windows-1252"), Some(";"), 3));
    assert_eq!(p.mapping[1].target, ColumnTarget::Field("email".into()));
    assert_eq!(p.mapping[2].target, ColumnTarget::Custom("Omzet".into()));
    assert!(p.fields.contains(&"first_name".to_string()));
}

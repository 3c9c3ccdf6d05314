//! Bulk actions over a selection of people (explicit ids, or a whole segment or filtered people list minus
//! exclusions) and the selection's CSV and vCard export.

use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::export::ExportFormat;
use relata_core::services::{bulk, cadences, campaigns, people, segments};
use serde_json::json;

use super::support::*;

/// Ann, Bob and Cara in Amsterdam (Cara already tagged "VIP"), Dan in Berlin; a live segment "Amsterdam".
fn fixture() -> (Env, [Id; 4], Segment) {
    let e = env();
    let mk = |first: &str, city: &str, tags: &[&str]| {
        let mut p = person(first, "Test");
        p.address.city = Some(city.into());
        p.tags = tags.iter().map(|t| t.to_string()).collect();
        people::create(&e.store, p).unwrap().id
    };
    let ids = [
        mk("Ann", "Amsterdam", &[]),
        mk("Bob", "Amsterdam", &[]),
        mk("Cara", "Amsterdam", &["vip"]),
        mk("Dan", "Berlin", &[]),
    ];
    let filter: Filter = serde_json::from_value(json!({"field": "city", "op": "eq", "value": "Amsterdam"})).unwrap();
    let seg =
        segments::add(&e.store, SegmentInput { name: "Amsterdam".into(), filter, is_static: false, pinned: false })
            .unwrap();
    (e, ids, seg)
}

fn ids(ids: &[Id]) -> PeopleSelection {
    PeopleSelection { ids: ids.to_vec(), ..Default::default() }
}

fn whole(seg: &Segment, exclude: &[Id]) -> PeopleSelection {
    PeopleSelection { segment_id: Some(seg.id), exclude: exclude.to_vec(), ..Default::default() }
}

fn tags(e: &Env, id: Id) -> Vec<String> {
    people::get(&e.store, id).unwrap().tags
}

fn res(selected: u32, changed: u32, skipped: u32) -> BulkResult {
    BulkResult { selected, changed, skipped }
}

#[test]
fn tagging_explicit_ids_skips_who_has_the_tag_and_audits_each_change() {
    let (e, [ann, bob, cara, dan], _) = fixture();
    let audits = e.count("SELECT count(*) FROM audit_log WHERE action = 'update' AND entity = 'person'");
    let r = bulk::run(&e.store, &ids(&[ann, cara, 9999]), &BulkAction::AddTag { tag: "VIP".into() }).unwrap();
    assert_eq!(r, res(2, 1, 1), "an unknown id is not selected; Cara has the tag");
    assert_eq!(tags(&e, ann), vec!["vip"], "tags share one vocabulary: the existing spelling wins");
    assert_eq!(tags(&e, cara), vec!["vip"]);
    assert!(tags(&e, bob).is_empty() && tags(&e, dan).is_empty());
    let after = e.count("SELECT count(*) FROM audit_log WHERE action = 'update' AND entity = 'person'");
    assert_eq!(after, audits + 1);
    assert_eq!(e.count(&format!("SELECT count(*) FROM audit_log WHERE record_id = {ann} AND fields LIKE '%tags%'")), 1);

    let r = bulk::run(&e.store, &ids(&[ann, bob, cara]), &BulkAction::RemoveTag { tag: "Vip".into() }).unwrap();
    assert_eq!(r, res(3, 2, 1));
    assert!(tags(&e, ann).is_empty() && tags(&e, cara).is_empty());
}

#[test]
fn a_whole_segment_minus_exclusions_is_resolved_in_the_core() {
    let (e, [ann, bob, cara, dan], seg) = fixture();
    let r = bulk::run(&e.store, &whole(&seg, &[bob]), &BulkAction::SetOwner { owner: " Maria ".into() }).unwrap();
    assert_eq!(r, res(2, 2, 0));
    let owner = |id| people::get(&e.store, id).unwrap().owner;
    assert_eq!(
        (owner(ann), owner(bob), owner(cara), owner(dan)),
        (Some("Maria".into()), None, Some("Maria".into()), None)
    );
    let r = bulk::run(&e.store, &whole(&seg, &[]), &BulkAction::SetOwner { owner: "Maria".into() }).unwrap();
    assert_eq!(r, res(3, 1, 2));
    people::delete(&e.store, ann).unwrap();
    let r = bulk::run(&e.store, &whole(&seg, &[]), &BulkAction::SetOwner { owner: String::new() }).unwrap();
    assert_eq!(r, res(2, 2, 0), "trashed people are not selected; an empty owner clears it");
    assert_eq!(owner(cara), None);
}

#[test]
fn cadences_and_campaigns_skip_who_has_them_already() {
    let (e, [ann, bob, cara, _], seg) = fixture();
    let cadence = cadences::find_by_name(&e.store, "New lead follow-up").unwrap();
    cadences::apply(&e.store, cadence.id, bob, None).unwrap();
    let r = bulk::run(&e.store, &whole(&seg, &[cara]), &BulkAction::StartCadence { cadence_id: cadence.id }).unwrap();
    assert_eq!(r, res(2, 1, 1), "Bob's series already runs");
    assert_eq!(e.count(&format!("SELECT count(*) FROM cadence_runs WHERE person_id = {bob}")), 1);
    assert_eq!(e.count(&format!("SELECT count(*) FROM cadence_runs WHERE person_id = {ann}")), 1);

    let input = CampaignInput { name: "Spring".into(), purpose: "newsletter".into(), ..Default::default() };
    let c = campaigns::add(&e.store, input).unwrap();
    let r = bulk::run(&e.store, &ids(&[ann]), &BulkAction::AddToCampaign { campaign_id: c.id }).unwrap();
    assert_eq!(r, res(1, 1, 0));
    let r = bulk::run(&e.store, &whole(&seg, &[]), &BulkAction::AddToCampaign { campaign_id: c.id }).unwrap();
    assert_eq!(r, res(3, 2, 1));
    assert_eq!(e.count(&format!("SELECT count(*) FROM campaign_members WHERE campaign_id = {}", c.id)), 3);
}

#[test]
fn bad_input_is_refused_with_its_field_and_nothing_written() {
    let (e, [ann, ..], seg) = fixture();
    let before = e.count("SELECT count(*) FROM audit_log");
    let all = whole(&seg, &[]);
    assert_err(bulk::run(&e.store, &all, &BulkAction::AddTag { tag: "  ".into() }), ErrorCode::Required, Some("tag"));
    let long = "x".repeat(300);
    assert_err(bulk::run(&e.store, &all, &BulkAction::AddTag { tag: long.clone() }), ErrorCode::TooLong, Some("tag"));
    assert_err(bulk::run(&e.store, &all, &BulkAction::SetOwner { owner: long }), ErrorCode::TooLong, Some("owner"));
    let r = bulk::run(&e.store, &all, &BulkAction::StartCadence { cadence_id: 777 });
    assert_err(r, ErrorCode::NotFound, Some("cadence_id"));
    let r = bulk::run(&e.store, &all, &BulkAction::AddToCampaign { campaign_id: 777 });
    assert_err(r, ErrorCode::NotFound, Some("campaign"));
    let r = bulk::run(
        &e.store,
        &PeopleSelection { segment_id: Some(777), ..Default::default() },
        &BulkAction::AddTag { tag: "x".into() },
    );
    assert_err(r, ErrorCode::NotFound, Some("segment_id"));
    assert_eq!(e.count("SELECT count(*) FROM audit_log"), before);
    assert_eq!(e.count("SELECT count(*) FROM cadence_runs"), 0);
    assert!(tags(&e, ann).is_empty());
}

#[test]
fn the_selection_exports_as_csv_and_vcard() {
    let (e, [ann, bob, cara, dan], seg) = fixture();
    let csv = |sel: &PeopleSelection| {
        let mut out = Vec::new();
        let n = bulk::export(&e.store, sel, ExportFormat::Csv, &mut out).unwrap();
        (n, String::from_utf8(out).unwrap())
    };
    let (n, text) = csv(&whole(&seg, &[bob]));
    assert_eq!(n, 2);
    assert!(text.contains("Ann") && text.contains("Cara") && !text.contains("Bob") && !text.contains("Dan"));
    let (n, text) = csv(&ids(&[dan, ann]));
    assert_eq!(n, 2);
    assert!(text.contains("Ann") && text.contains("Dan") && !text.contains("Cara"));
    assert_eq!(csv(&ids(&[])).0, 0, "an empty selection exports no one");
    let mut out = Vec::new();
    assert_eq!(bulk::export(&e.store, &ids(&[cara]), ExportFormat::Vcard, &mut out).unwrap(), 1);
    assert_eq!(String::from_utf8(out).unwrap().matches("BEGIN:VCARD").count(), 1);
    let r = bulk::export(&e.store, &ids(&[cara]), ExportFormat::Json, &mut Vec::new());
    assert_err(r, ErrorCode::InvalidValue, Some("format"));
    assert_eq!(e.count("SELECT count(*) FROM audit_log WHERE action = 'export'"), 4);
}

#[test]
fn a_filtered_people_list_minus_exclusions_is_resolved_in_the_core_over_many_pages() {
    let (e, [ann, bob, cara, dan], _) = fixture();
    // The People page's filter: a search and a lifecycle; the selection is what the list shows, minus Bob.
    let list = PeopleQuery { search: Some("test".into()), lifecycle: Some(Lifecycle::Lead), ..Default::default() };
    let sel = PeopleSelection { query: Some(list.clone()), exclude: vec![bob], ..Default::default() };
    let r = bulk::run(&e.store, &sel, &BulkAction::AddTag { tag: "spring".into() }).unwrap();
    assert_eq!(r, res(3, 3, 0));
    assert!(tags(&e, ann).contains(&"spring".to_string()) && tags(&e, dan).contains(&"spring".to_string()));
    assert!(!tags(&e, bob).contains(&"spring".to_string()));
    // The tag filter narrows it; ids given alongside a query are ignored.
    let vip = PeopleSelection {
        query: Some(PeopleQuery { tag: Some("VIP".into()), ..Default::default() }),
        ids: vec![ann],
        ..Default::default()
    };
    assert_eq!(bulk::run(&e.store, &vip, &BulkAction::SetOwner { owner: "Maria".into() }).unwrap(), res(1, 1, 0));
    assert_eq!(people::get(&e.store, cara).unwrap().owner.as_deref(), Some("Maria"));
    assert_eq!(people::get(&e.store, ann).unwrap().owner, None);
    // More people than one page of the list (500): every one is selected once.
    for n in 0..520 {
        people::create(&e.store, person(&format!("Many{n}"), "Paged")).unwrap();
    }
    let paged = PeopleSelection {
        query: Some(PeopleQuery { search: Some("paged".into()), ..Default::default() }),
        ..Default::default()
    };
    assert_eq!(bulk::run(&e.store, &paged, &BulkAction::AddTag { tag: "bulk".into() }).unwrap(), res(520, 520, 0));
    // The export writes the same people.
    let mut out = Vec::new();
    assert_eq!(bulk::export(&e.store, &sel, ExportFormat::Csv, &mut out).unwrap(), 3);
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("Ann") && text.contains("Cara") && text.contains("Dan") && !text.contains("Bob"));
}

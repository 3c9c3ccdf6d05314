//! Signup capture (`ImportEntity::Signups`): dedupe into existing people, one consent per row with its time
//! and double opt-in confirmation, refused consent claims, the segment, campaign and welcome cadence the
//! signups join, atomic dry runs, undo of everything, and JSON input.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::import::{
    self, ConsentRefusal, ImportEntity, ImportOptions, ImportReport, SignupImportStats, SignupOptions,
};
use relata_core::services::{cadences, campaigns, gdpr, people, segments};

use super::support::*;

fn write(e: &Env, name: &str, text: &str) -> PathBuf {
    let path = e.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn options(signups: SignupOptions) -> ImportOptions {
    ImportOptions {
        entity: ImportEntity::Signups,
        signups,
        timezone: Some("Europe/Amsterdam".into()),
        ..Default::default()
    }
}

fn run(e: &Env, path: &Path, opts: &ImportOptions) -> ImportReport {
    import::import_file(&e.store, path, opts, &mut |_| {}, &AtomicBool::new(false)).expect("import")
}

fn stats(r: &ImportReport) -> SignupImportStats {
    r.signups.clone().expect("signup figures")
}

fn id_by_email(e: &Env, email: &str) -> Id {
    e.raw()
        .query_row("SELECT person_id FROM person_emails WHERE value = ?1", [email], |r| r.get(0))
        .unwrap_or_else(|_| panic!("{email}"))
}

/// Everything a signups import may make, counted.
fn footprint(e: &Env) -> [i64; 6] {
    [
        e.count("SELECT COUNT(*) FROM people"),
        e.count("SELECT COUNT(*) FROM consents"),
        e.count("SELECT COUNT(*) FROM segment_members"),
        e.count("SELECT COUNT(*) FROM campaign_members"),
        e.count("SELECT COUNT(*) FROM cadence_runs"),
        e.count("SELECT COUNT(*) FROM tasks WHERE deleted_at IS NULL"),
    ]
}

const CSV: &str = "email,first_name,consent,purpose,signup_time,double_opt_in_at,source\n\
    anna@example.com,Anna,yes,,2025-03-01 10:00,2025-03-01 10:05,website footer\n\
    bo@example.com,Bo,ja,,,,\n\
    cleo@example.com,Cleo,1,,2026-01-01 00:00,,\n\
    dirk@example.com,Dirk,true,Newsletter,01.03.2025 09:00,,\n\
    eve@example.com,Eve,no,,,,\n\
    finn@example.com,Finn,yes,,soon,,\n";

#[test]
fn rows_merge_into_people_and_record_consent_only_with_a_usable_time() {
    let e = env();
    let existing = PersonInput { emails: vec![lv("work", "ANNA@example.com")], ..person("Anna", "Old") };
    let anna = people::create(&e.store, existing).unwrap().id;
    let path = write(&e, "form.csv", CSV);
    let r = run(&e, &path, &options(SignupOptions { source: Some("spring form".into()), ..Default::default() }));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let s = stats(&r);
    assert_eq!((s.created, s.merged, s.consents_recorded), (5, 1, 2));
    // Anna is not duplicated: she gets the consent.
    assert_eq!(id_by_email(&e, "anna@example.com"), anna);
    assert_eq!(e.count("SELECT COUNT(*) FROM people"), 6);
    let refused: Vec<(u32, ConsentRefusal)> = s.consents_refused.iter().map(|c| (c.row, c.reason)).collect();
    assert_eq!(
        refused,
        [(3, ConsentRefusal::MissingTime), (4, ConsentRefusal::FutureTime), (7, ConsentRefusal::InvalidTime)]
    );
    let consents = gdpr::consents(&e.store, anna).unwrap().history;
    assert_eq!(consents.len(), 1);
    let c = &consents[0];
    assert_eq!((c.purpose.as_str(), c.status, c.channel), ("newsletter", ConsentStatus::Given, ContactChannel::Email));
    // 10:00 in Amsterdam (UTC+1 in March) and the row's source; the confirmation is kept.
    assert_eq!(c.at, 1_740_819_600_000);
    assert_eq!(c.source.as_deref(), Some("website footer"));
    assert_eq!(c.note.as_deref(), Some("double opt-in confirmed 2025-03-01T09:05:00Z"));
    // Dirk: a day-first date, the purpose in the spelling the core knows, the file's name as source.
    let dirk = gdpr::consents(&e.store, id_by_email(&e, "dirk@example.com")).unwrap().history;
    assert_eq!((dirk[0].purpose.as_str(), dirk[0].at), ("newsletter", 1_740_816_000_000));
    assert_eq!(dirk[0].source.as_deref(), Some("signup import: form.csv"));
    assert_eq!(dirk[0].note, None);
    // Bo (no time), Cleo (future), Eve (said no) and Finn (unreadable time) are people without consent.
    for email in ["bo@example.com", "cleo@example.com", "eve@example.com", "finn@example.com"] {
        assert!(gdpr::consents(&e.store, id_by_email(&e, email)).unwrap().history.is_empty(), "{email}");
    }
    // New people are leads from the row's source or the import's.
    let bo = people::get(&e.store, id_by_email(&e, "bo@example.com")).unwrap();
    assert_eq!((bo.lifecycle, bo.source.as_deref()), (Lifecycle::Lead, Some("spring form")));
    let anna_now = people::get(&e.store, anna).unwrap();
    assert_eq!(anna_now.last_name, "Old");
}

#[test]
fn an_unknown_purpose_is_refused_for_the_row_or_the_whole_import() {
    let e = env();
    let path = write(&e, "p.csv", "email,consent,purpose,timestamp\na@x.nl,yes,cat pictures,2025-03-01\n");
    let r = run(&e, &path, &options(SignupOptions::default()));
    assert_eq!(stats(&r).consents_refused[0].reason, ConsentRefusal::UnknownPurpose);
    assert_eq!(r.created, 1);
    let bad = options(SignupOptions { purpose: Some("cat pictures".into()), ..Default::default() });
    let err = import::import_file(&e.store, &path, &bad, &mut |_| {}, &AtomicBool::new(false)).unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::InvalidValue, Some("purpose")));
    // A purpose a campaign names is known.
    let input = CampaignInput {
        name: "Events".into(),
        purpose: "Event invitations".into(),
        currency: "EUR".into(),
        ..Default::default()
    };
    campaigns::add(&e.store, input).unwrap();
    assert!(gdpr::known_purposes(&e.store).unwrap().contains(&"Event invitations".to_string()));
    let ok = options(SignupOptions { purpose: Some("event INVITATIONS".into()), ..Default::default() });
    let path = write(&e, "q.csv", "email,consent,timestamp\nb@x.nl,yes,2025-03-01\n");
    let r = run(&e, &path, &ok);
    assert_eq!(stats(&r).consents_recorded, 1);
    let c = &gdpr::consents(&e.store, id_by_email(&e, "b@x.nl")).unwrap().history[0];
    assert_eq!(c.purpose, "Event invitations");
}

/// A static segment, a campaign and a two-step welcome cadence.
fn follow_ups(e: &Env) -> (Id, Id, Id) {
    let filter: Filter =
        serde_json::from_value(serde_json::json!({"field": "city", "op": "eq", "value": "Nowhere"})).unwrap();
    let seg = SegmentInput { name: "Newsletter".into(), filter, is_static: true, pinned: false };
    let seg = segments::add(&e.store, seg).unwrap().id;
    let input = CampaignInput {
        name: "Welcome".into(),
        purpose: "newsletter".into(),
        currency: "EUR".into(),
        ..Default::default()
    };
    let campaign = campaigns::add(&e.store, input).unwrap().id;
    let steps = vec![
        CadenceStep { offset_days: 0, kind: ActivityKind::Email, title: "Welcome {name}".into() },
        CadenceStep { offset_days: 3, kind: ActivityKind::Call, title: "Check in".into() },
    ];
    let cadence = cadences::create(&e.store, CadenceInput { name: "Welcome series".into(), steps }).unwrap().id;
    (seg, campaign, cadence)
}

fn joining(seg: Id) -> SignupOptions {
    SignupOptions {
        segment: Some(seg.to_string()),
        campaign: Some("welcome".into()),
        cadence: Some("Welcome Series".into()),
        ..Default::default()
    }
}

#[test]
fn signups_join_the_segment_and_campaign_and_start_the_cadence_and_undo_removes_it_all() {
    let e = env();
    let (seg, campaign, _) = follow_ups(&e);
    // An existing person who is already in the segment stays there after the undo.
    let kept = PersonInput { emails: vec![lv("work", "anna@example.com")], ..person("Anna", "Old") };
    let anna = people::create(&e.store, kept).unwrap().id;
    e.raw().execute("INSERT INTO segment_members (segment_id, person_id) VALUES (?1, ?2)", [seg, anna]).unwrap();
    let before = footprint(&e);
    let path = write(&e, "form.csv", CSV);
    let r = run(&e, &path, &options(joining(seg)));
    let s = stats(&r);
    assert_eq!((s.segment_joined, s.campaign_joined, s.cadences_started), (5, 6, 6));
    assert_eq!(e.count("SELECT COUNT(*) FROM segment_members"), 6);
    assert_eq!(e.count(&format!("SELECT COUNT(*) FROM campaign_members WHERE campaign_id = {campaign}")), 6);
    let bo = id_by_email(&e, "bo@example.com");
    let tasks = e.count(&format!("SELECT COUNT(*) FROM tasks WHERE person_id = {bo} AND done_at IS NULL"));
    assert_eq!(tasks, 2);
    // The import fired `signup_imported` for its new people only when a rule wants it; none does here.
    // Importing the same file again merges everyone and does not double the running cadence.
    let again = run(&e, &path, &options(joining(seg)));
    let s2 = stats(&again);
    assert_eq!((s2.created, s2.merged, s2.cadences_started, s2.campaign_joined), (0, 6, 0, 0));
    import::undo(&e.store, again.batch_id.unwrap()).unwrap();
    let undo = import::undo(&e.store, r.batch_id.unwrap()).unwrap();
    assert!(undo.deleted > 0);
    assert_eq!(footprint(&e), before);
    assert_eq!(e.count(&format!("SELECT COUNT(*) FROM segment_members WHERE person_id = {anna}")), 1);
}

#[test]
fn a_dry_run_or_a_cancel_leaves_nothing() {
    let e = env();
    let (seg, _, _) = follow_ups(&e);
    let before = footprint(&e);
    let path = write(&e, "form.csv", CSV);
    let dry = ImportOptions { dry_run: true, ..options(joining(seg)) };
    let r = run(&e, &path, &dry);
    assert!(r.dry_run && r.batch_id.is_none());
    assert_eq!(stats(&r).consents_recorded, 2);
    assert_eq!(footprint(&e), before);
    let cancelled =
        import::import_file(&e.store, &path, &options(joining(seg)), &mut |_| {}, &AtomicBool::new(true)).unwrap();
    assert!(cancelled.cancelled);
    assert_eq!(footprint(&e), before);
}

#[test]
fn json_exports_of_forms_and_newsletter_tools_import() {
    let e = env();
    let json = r#"{"members": [
        {"email_address": "ann@example.com", "merge_fields": {"FNAME": "Ann", "LNAME": "Ng"},
         "OPTIN_TIME": "2025-02-01T08:00:00Z", "CONFIRM_TIME": "2025-02-01T08:10:00Z", "tags": ["vip", "nl"]},
        {"email_address": "ben@example.com", "OPTIN_TIME": 1738396800, "language": "nl"},
        {"email_address": "cy@example.com", "consent": true}
    ]}"#;
    let path = write(&e, "mailchimp.json", json);
    let r = run(&e, &path, &options(SignupOptions::default()));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let s = stats(&r);
    assert_eq!((s.created, s.consents_recorded), (3, 2));
    assert_eq!(s.consents_refused.len(), 1);
    assert_eq!((s.consents_refused[0].row, s.consents_refused[0].reason), (3, ConsentRefusal::MissingTime));
    let ann = people::get(&e.store, id_by_email(&e, "ann@example.com")).unwrap();
    assert_eq!((ann.first_name.as_str(), ann.last_name.as_str()), ("Ann", "Ng"));
    assert_eq!(ann.tags, ["vip", "nl"]);
    let c = &gdpr::consents(&e.store, ann.id).unwrap().history[0];
    assert_eq!(c.at, 1_738_396_800_000);
    assert_eq!(c.note.as_deref(), Some("double opt-in confirmed 2025-02-01T08:10:00Z"));
    let ben = gdpr::consents(&e.store, id_by_email(&e, "ben@example.com")).unwrap().history;
    assert_eq!(ben[0].at, 1_738_396_800_000);
}

#[test]
fn a_signups_import_fires_signup_imported_rules_for_its_new_people() {
    let e = env();
    let rule = serde_json::json!({"name": "Welcome", "trigger": {"type": "signup_imported"},
        "actions": [{"type": "add_tag", "tag": "welcomed"}]});
    relata_core::services::automation::add(&e.store, &serde_json::from_value(rule).unwrap()).unwrap();
    let existing = PersonInput { emails: vec![lv("work", "anna@example.com")], ..person("Anna", "Old") };
    people::create(&e.store, existing).unwrap();
    let path = write(&e, "form.csv", CSV);
    run(&e, &path, &options(SignupOptions::default()));
    let signals = "SELECT COUNT(*) FROM rule_events WHERE json_extract(changes, '$.signal') = 'signup_imported'";
    assert_eq!(e.count(signals), 5);
}

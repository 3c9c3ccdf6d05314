//! Calendars and policies edited as the Settings screen does: by id, renamed, reordered and removed, with the
//! rules that keep the SLA of tickets meaningful (a used calendar stays; a rename carries its policies).

use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::sla::{self, holidays, manage};

use super::sla_calendar::{def, policy};
use super::support::*;

fn named(name: &str, calendar: &str) -> PolicyDef {
    PolicyDef { name: name.into(), calendar: calendar.into(), ..policy(60, 120, 480) }
}

#[test]
fn a_renamed_calendar_takes_its_policies_along_and_a_used_one_cannot_be_removed() {
    let e = env();
    let office =
        sla::add_calendar(&e.store, def("Europe/Amsterdam", &["mon"], &[("09:00", "17:00")], &[], None)).unwrap();
    let mut other = def("Europe/Copenhagen", &["tue"], &[("08:00", "16:00")], &[], Some("DK"));
    other.name = "Copenhagen".into();
    let cph = sla::add_calendar(&e.store, other).unwrap();
    sla::add_policy(&e.store, named("Standard", "Office")).unwrap();

    let mut renamed = office.def.clone();
    renamed.name = "Office NL".into();
    renamed.holidays = vec!["2026-12-24".into()];
    let saved = manage::update_calendar(&e.store, office.id, renamed).unwrap();
    assert_eq!((saved.id, saved.def.name.as_str()), (office.id, "Office NL"));
    assert_eq!(sla::list_policies(&e.store).unwrap()[0].def.calendar, "Office NL");

    let mut clash = cph.def.clone();
    clash.name = "office nl".into();
    let err = manage::update_calendar(&e.store, cph.id, clash).unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Conflict, Some("name")));

    let err = manage::remove_calendar(&e.store, office.id).unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Conflict, Some("calendar")));
    assert!(err.message.contains("Standard"), "{}", err.message);
    manage::remove_calendar(&e.store, cph.id).unwrap();
    let names: Vec<String> = sla::list_calendars(&e.store).unwrap().into_iter().map(|c| c.def.name).collect();
    assert_eq!(names, ["Office NL"]);
    assert_eq!(manage::remove_calendar(&e.store, cph.id).unwrap_err().code, ErrorCode::NotFound);
}

#[test]
fn policies_are_reordered_edited_in_place_and_removed_without_gaps() {
    let e = env();
    sla::add_calendar(&e.store, def("Europe/Amsterdam", &["mon"], &[("09:00", "17:00")], &[], None)).unwrap();
    let ids: Vec<Id> =
        ["A", "B", "C", "D"].iter().map(|n| sla::add_policy(&e.store, named(n, "Office")).unwrap().id).collect();
    let order = |ps: Vec<Policy>| ps.into_iter().map(|p| (p.position, p.def.name)).collect::<Vec<_>>();

    let moved = manage::move_policy(&e.store, ids[3], 1).unwrap();
    assert_eq!(order(moved), [(1, "D".into()), (2, "A".into()), (3, "B".into()), (4, "C".into())]);
    let moved = manage::move_policy(&e.store, ids[3], 99).unwrap();
    assert_eq!(order(moved)[3], (4, "D".to_string()));

    let mut b = named("B urgent", "Office");
    b.when = Some(PolicyWhen { priority: vec![TicketPriority::Urgent], ..Default::default() });
    let edited = manage::update_policy(&e.store, ids[1], b).unwrap();
    assert_eq!((edited.position, edited.def.name.as_str()), (2, "B urgent"));
    let err = manage::update_policy(&e.store, ids[1], named("c", "Office")).unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::Conflict, Some("name")));
    let err = manage::update_policy(&e.store, ids[1], named("B", "Nowhere")).unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::NotFound, Some("calendar")));

    manage::remove_policy(&e.store, ids[0]).unwrap();
    let left = order(sla::list_policies(&e.store).unwrap());
    assert_eq!(left, [(1, "B urgent".into()), (2, "C".into()), (3, "D".into())]);
    assert_eq!(manage::move_policy(&e.store, ids[0], 1).unwrap_err().code, ErrorCode::NotFound);
}

#[test]
fn every_public_holiday_code_offered_is_accepted() {
    let codes = holidays::set_codes();
    assert_eq!(codes.len(), 4 + 16, "four countries and the sixteen German states");
    for code in &codes {
        holidays::HolidaySet::parse(code).unwrap_or_else(|e| panic!("{code}: {}", e.message));
    }
}

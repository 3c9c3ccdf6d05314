use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::{activities, companies, deals, people, tasks, trash};

use super::support::*;

fn note(person_id: Option<Id>, deal_id: Option<Id>, body: &str) -> ActivityInput {
    ActivityInput {
        kind: ActivityKind::Note,
        direction: None,
        subject: String::new(),
        body: Some(body.into()),
        occurred_at: None,
        duration_secs: None,
        person_id,
        company_id: None,
        deal_id,
    }
}

type Delete = fn(&relata_core::store::Store, Id) -> relata_core::AppResult<()>;

#[test]
fn list_is_newest_first_with_titles() {
    let e = env();
    let s = &e.store;
    let p = people::create(s, person("Ann", "Smit")).unwrap();
    let c = companies::create(s, CompanyInput { name: "Acme".into(), ..Default::default() }).unwrap();
    let d = deals::create(s, DealInput { title: "Deal".into(), ..Default::default() }).unwrap();
    let a = activities::create(s, note(Some(p.id), None, "First line\nsecond line")).unwrap();
    let t = tasks::create(s, TaskInput { title: "Task".into(), due_at: T0, ..Default::default() }).unwrap();
    let deletions: [(Entity, Id, Delete); 5] = [
        (Entity::Activity, a.id, activities::delete),
        (Entity::Person, p.id, people::delete),
        (Entity::Task, t.id, tasks::delete),
        (Entity::Deal, d.id, deals::delete),
        (Entity::Company, c.id, companies::delete),
    ];
    for (_, id, delete) in deletions {
        e.clock.advance(MINUTE);
        delete(s, id).unwrap();
    }
    let items = trash::list(s).unwrap();
    let got: Vec<(Entity, &str, Millis)> = items.iter().map(|i| (i.entity, i.title.as_str(), i.deleted_at)).collect();
    assert_eq!(
        got,
        vec![
            (Entity::Company, "Acme", T0 + 5 * MINUTE),
            (Entity::Deal, "Deal", T0 + 4 * MINUTE),
            (Entity::Task, "Task", T0 + 3 * MINUTE),
            (Entity::Person, "Ann Smit", T0 + 2 * MINUTE),
            (Entity::Activity, "First line", T0 + MINUTE),
        ]
    );
    for (entity, id, _) in deletions {
        trash::restore(s, entity, id).unwrap();
    }
    assert!(trash::list(s).unwrap().is_empty());
    assert_eq!(people::get(s, p.id).unwrap().first_name, "Ann");
    assert_err(trash::restore(s, Entity::Person, p.id), ErrorCode::Conflict, None);
    assert_err(trash::restore(s, Entity::Task, 999), ErrorCode::NotFound, None);
}

#[test]
fn purge_removes_child_rows_and_unlinks_the_rest() {
    let e = env();
    let s = &e.store;
    let custom = relata_core::services::custom_fields::create(
        s,
        CustomFieldInput {
            entity: Entity::Person,
            label: "Age".into(),
            kind: CustomFieldKind::Number,
            choices: vec![],
        },
    )
    .unwrap();
    let values: CustomValues = [(custom.key.clone(), CustomValue::Number(40.0))].into_iter().collect();
    let p = people::create(
        s,
        PersonInput {
            emails: vec![lv("", "a@b.nl")],
            phones: vec![lv("", "+3161234567")],
            tags: vec!["x".into()],
            custom: values,
            ..person("Purge", "Me")
        },
    )
    .unwrap();
    let d = deals::create(s, DealInput { title: "Keeps".into(), person_id: Some(p.id), ..Default::default() }).unwrap();
    let only_person = activities::create(s, note(Some(p.id), None, "goes")).unwrap();
    let with_deal = activities::create(s, note(Some(p.id), Some(d.id), "stays")).unwrap();

    assert_err(trash::purge(s, Entity::Person, p.id), ErrorCode::Conflict, None);
    people::delete(s, p.id).unwrap();
    trash::purge(s, Entity::Person, p.id).unwrap();
    for table in ["people", "person_emails", "person_phones", "taggings", "custom_values", "people_fts"] {
        assert_eq!(e.count(&format!("SELECT COUNT(*) FROM {table}")), 0, "{table}");
    }
    assert_eq!(deals::get(s, d.id).unwrap().person_id, None);
    assert_err(trash::restore(s, Entity::Activity, only_person.id), ErrorCode::NotFound, None);
    let page = activities::timeline(s, &TimelineQuery { deal_id: Some(d.id), ..Default::default() }).unwrap();
    assert_eq!((page.items[0].id, page.items[0].person_id), (with_deal.id, None));
    assert_err(trash::purge(s, Entity::Person, p.id), ErrorCode::NotFound, None);
}

#[test]
fn empty_purges_everything_in_the_trash() {
    let e = env();
    let s = &e.store;
    let keep = people::create(s, person("Keep", "")).unwrap();
    for i in 0..3 {
        let p = people::create(s, person(&format!("Gone {i}"), "")).unwrap();
        people::delete(s, p.id).unwrap();
    }
    let d = deals::create(s, DealInput { title: "Gone".into(), ..Default::default() }).unwrap();
    deals::delete(s, d.id).unwrap();
    assert_eq!(trash::empty(s).unwrap(), 4);
    assert!(trash::list(s).unwrap().is_empty());
    assert_eq!(e.count("SELECT COUNT(*) FROM people"), 1);
    assert_eq!(people::get(s, keep.id).unwrap().first_name, "Keep");
    assert_eq!(trash::empty(s).unwrap(), 0);
}

#[test]
fn a_restored_deal_goes_to_the_end_of_its_column() {
    let e = env();
    let s = &e.store;
    let [a, _, c] =
        ["a", "b", "c"].map(|t| deals::create(s, DealInput { title: t.into(), ..Default::default() }).unwrap());
    deals::delete(s, a.id).unwrap();
    deals::move_to(s, c.id, DealMove { stage_id: c.stage_id, index: Some(0) }).unwrap();
    trash::restore(s, Entity::Deal, a.id).unwrap();
    let board = deals::board(s, a.pipeline_id).unwrap();
    let titles: Vec<&str> = board[0].deals.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(titles, ["c", "b", "a"]);
    assert_eq!(board[0].count, 3);
}

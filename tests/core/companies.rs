use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::services::{companies, deals, people, trash};

use super::support::*;

fn company(name: &str) -> CompanyInput {
    CompanyInput { name: name.into(), ..Default::default() }
}

#[test]
fn create_normalises_fields() {
    let e = env();
    let c = companies::create(
        &e.store,
        CompanyInput {
            name: "  Acme BV ".into(),
            domain: Some("https://www.ACME.nl/contact".into()),
            website: Some("acme.nl".into()),
            phone: Some("+31 (20) 123-4567".into()),
            address: Address { country: Some("nl".into()), ..Default::default() },
            tags: vec!["Partner".into(), "partner".into()],
            size: Some(CompanySize::Small),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(c.name, "Acme BV");
    assert_eq!(c.domain.as_deref(), Some("acme.nl"));
    assert_eq!(c.website.as_deref(), Some("https://acme.nl"));
    assert_eq!(c.phone.as_deref(), Some("+31201234567"));
    assert_eq!(c.address.country.as_deref(), Some("NL"));
    assert_eq!(c.tags, vec!["Partner"]);
    assert_eq!(companies::get(&e.store, c.id).unwrap(), c);
}

#[test]
fn validation_errors_name_the_field() {
    let e = env();
    let s = &e.store;
    assert_err(companies::create(s, company("  ")), ErrorCode::Required, Some("name"));
    let bad_site = CompanyInput { website: Some("ftp://files.acme.nl".into()), ..company("A") };
    assert_err(companies::create(s, bad_site), ErrorCode::InvalidUrl, Some("website"));
    let bad_domain = CompanyInput { domain: Some("not a domain".into()), ..company("A") };
    assert_err(companies::create(s, bad_domain), ErrorCode::InvalidUrl, Some("domain"));
    let bad_phone = CompanyInput { phone: Some("call us".into()), ..company("A") };
    assert_err(companies::create(s, bad_phone), ErrorCode::InvalidPhone, Some("phone"));
}

#[test]
fn trashing_a_company_keeps_its_people() {
    let e = env();
    let c = companies::create(&e.store, company("Gone Soon")).unwrap();
    let p = people::create(&e.store, PersonInput { company_id: Some(c.id), ..person("Stay", "Here") }).unwrap();
    companies::delete(&e.store, c.id).unwrap();
    let got = people::get(&e.store, p.id).unwrap();
    assert_eq!((got.company_id, got.company_name), (None, None));
    let rows = people::list(&e.store, &PeopleQuery::default()).unwrap();
    assert_eq!((rows.total, rows.items[0].company_name.clone()), (1, None));
    assert_eq!(companies::list(&e.store, &CompaniesQuery::default()).unwrap().total, 0);
    // A trashed company cannot be linked.
    let link = PersonInput { company_id: Some(c.id), ..person("New", "") };
    assert_err(people::create(&e.store, link), ErrorCode::NotFound, Some("company_id"));

    trash::restore(&e.store, Entity::Company, c.id).unwrap();
    assert_eq!(people::get(&e.store, p.id).unwrap().company_name.as_deref(), Some("Gone Soon"));
}

#[test]
fn list_counts_sorts_and_filters() {
    let e = env();
    let s = &e.store;
    let a = companies::create(s, CompanyInput { industry: Some("Software".into()), ..company("Zeta") }).unwrap();
    let b = companies::create(
        s,
        CompanyInput { industry: Some("bakery".into()), tags: vec!["local".into()], ..company("Alpha") },
    )
    .unwrap();
    let c = companies::create(s, company("Mid")).unwrap();
    people::create(s, PersonInput { company_id: Some(a.id), ..person("P1", "") }).unwrap();
    let gone = people::create(s, PersonInput { company_id: Some(a.id), ..person("P2", "") }).unwrap();
    people::delete(s, gone.id).unwrap();
    deals::create(s, DealInput { title: "Open".into(), company_id: Some(a.id), ..Default::default() }).unwrap();
    let won = DealInput { title: "Won".into(), company_id: Some(a.id), status: DealStatus::Won, ..Default::default() };
    deals::create(s, won).unwrap();

    let ids = |q: CompaniesQuery| companies::list(s, &q).unwrap().items.into_iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(ids(CompaniesQuery::default()), vec![b.id, c.id, a.id]);
    assert_eq!(ids(CompaniesQuery { sort: CompanySort::Industry, ..Default::default() }), vec![b.id, a.id, c.id]);
    assert_eq!(
        ids(CompaniesQuery { sort: CompanySort::Industry, desc: true, ..Default::default() }),
        vec![c.id, a.id, b.id]
    );
    assert_eq!(ids(CompaniesQuery { tag: Some("LOCAL".into()), ..Default::default() }), vec![b.id]);
    assert_eq!(ids(CompaniesQuery { industry: Some("software".into()), ..Default::default() }), vec![a.id]);
    assert_eq!(ids(CompaniesQuery { search: Some("zet".into()), ..Default::default() }), vec![a.id]);
    let row = companies::list(s, &CompaniesQuery { search: Some("zeta".into()), ..Default::default() })
        .unwrap()
        .items
        .remove(0);
    assert_eq!((row.people_count, row.open_deals_count), (1, 1));
}

#[test]
fn renaming_a_company_updates_its_people_search() {
    let e = env();
    let c = companies::create(&e.store, company("Oldname")).unwrap();
    let p = people::create(&e.store, PersonInput { company_id: Some(c.id), ..person("Piet", "") }).unwrap();
    companies::update(&e.store, c.id, company("Newname")).unwrap();
    let find =
        |q: &str| people::list(&e.store, &PeopleQuery { search: Some(q.into()), ..Default::default() }).unwrap().total;
    assert_eq!((find("newna"), find("oldname")), (1, 0));
    assert_eq!(people::get(&e.store, p.id).unwrap().company_name.as_deref(), Some("Newname"));
}

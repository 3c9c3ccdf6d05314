use relata_core::domain::*;
use relata_core::services::{companies, deals, people, search};

use super::support::*;

fn found(e: &Env, q: &str) -> Vec<String> {
    let page = people::list(&e.store, &PeopleQuery { search: Some(q.into()), ..Default::default() }).unwrap();
    page.items.into_iter().map(|r| format!("{} {}", r.first_name, r.last_name).trim().to_string()).collect()
}

fn seed(e: &Env) {
    let s = &e.store;
    people::create(s, PersonInput { emails: vec![lv("", "soren@kierkegaard.dk")], ..person("Søren", "Kierkegaard") })
        .unwrap();
    people::create(s, PersonInput { phones: vec![lv("", "+49 30 1234567")], ..person("Jürgen", "Straße") }).unwrap();
    people::create(s, PersonInput { company_name: Some("Ærøskøbing Øl".into()), ..person("Åse", "") }).unwrap();
    people::create(s, person("Émile", "Zola")).unwrap();
}

#[test]
fn prefix_search_folds_diacritics_and_special_letters() {
    let e = env();
    seed(&e);
    for q in ["søren", "Soren", "SOEREN", "sør", "kierk", "soren kier"] {
        assert_eq!(found(&e, q), ["Søren Kierkegaard"], "{q}");
    }
    for q in ["jürgen", "jurgen", "Juergen", "jür", "strasse", "Straße", "stras"] {
        assert_eq!(found(&e, q), ["Jürgen Straße"], "{q}");
    }
    for q in ["åse", "ase", "aase", "aerosk", "ærø", "øl"] {
        assert_eq!(found(&e, q), ["Åse"], "{q}");
    }
    assert_eq!(found(&e, "emile"), ["Émile Zola"]);
    assert!(found(&e, "sørenx").is_empty());
    assert!(found(&e, "zola soren").is_empty(), "every word must match");
}

#[test]
fn emails_and_phones_are_searchable() {
    let e = env();
    seed(&e);
    assert_eq!(found(&e, "soren@kierk"), ["Søren Kierkegaard"]);
    assert_eq!(found(&e, "kierkegaard.dk"), ["Søren Kierkegaard"]);
    assert_eq!(found(&e, "+49 30 123"), ["Jürgen Straße"]);
    assert_eq!(found(&e, "0049301234"), ["Jürgen Straße"]);
    assert_eq!(found(&e, "4930"), ["Jürgen Straße"]);
}

#[test]
fn fts_syntax_in_input_never_errors() {
    let e = env();
    seed(&e);
    for q in [
        "\"",
        "\"søren",
        "*",
        "søren*",
        "AND",
        "OR søren",
        "NOT",
        "(",
        "NEAR(a b)",
        "-",
        "a:b",
        "^x",
        "{}",
        "'",
        "😀",
        "   ",
        "",
    ] {
        let r = people::list(&e.store, &PeopleQuery { search: Some(q.into()), ..Default::default() });
        assert!(r.is_ok(), "{q:?}: {:?}", r.err());
        assert!(search::global(&e.store, q, 10).is_ok(), "{q:?}");
        let c = companies::list(&e.store, &CompaniesQuery { search: Some(q.into()), ..Default::default() });
        assert!(c.is_ok(), "{q:?}");
    }
    assert_eq!(found(&e, "OR søren"), Vec::<String>::new(), "OR is a word here, not an operator");
    assert_eq!(found(&e, "\"søren"), ["Søren Kierkegaard"]);
    assert_eq!(found(&e, "-").len(), 4, "nothing searchable means no filter");
}

#[test]
fn trashed_records_are_not_found() {
    let e = env();
    seed(&e);
    let id =
        people::list(&e.store, &PeopleQuery { search: Some("zola".into()), ..Default::default() }).unwrap().items[0].id;
    people::delete(&e.store, id).unwrap();
    assert!(found(&e, "zola").is_empty());
    assert!(search::global(&e.store, "zola", 10).unwrap().is_empty());
    // A trashed company's name no longer finds its people.
    let company = companies::list(&e.store, &CompaniesQuery::default()).unwrap().items[0].id;
    companies::delete(&e.store, company).unwrap();
    assert!(found(&e, "aerosk").is_empty());
    assert_eq!(found(&e, "åse"), ["Åse"]);
}

#[test]
fn global_search_ranks_title_matches_first() {
    let e = env();
    let s = &e.store;
    let anna =
        people::create(s, PersonInput { emails: vec![lv("", "x@nordwind.de")], ..person("Anna", "Berg") }).unwrap();
    let nord = companies::create(s, CompanyInput { name: "Nordwind GmbH".into(), ..Default::default() }).unwrap();
    let deal = deals::create(s, DealInput { title: "Big Nordwind renewal".into(), ..Default::default() }).unwrap();
    let hits = search::global(s, "nordw", 10).unwrap();
    let got: Vec<(Entity, Id)> = hits.iter().map(|h| (h.entity, h.id)).collect();
    assert_eq!(got, vec![(Entity::Company, nord.id), (Entity::Deal, deal.id), (Entity::Person, anna.id)]);
    assert_eq!(hits[2].title, "Anna Berg");
    assert_eq!(hits[2].subtitle.as_deref(), Some("x@nordwind.de"));
    assert_eq!(search::global(s, "nordw", 1).unwrap().len(), 1);
    assert!(search::global(s, "", 10).unwrap().is_empty());
}

//! Exports as Dutch, German and Danish users have them: localised headers, leads without names, and
//! countries by any name (an unknown one is kept with a warning, never a reason to reject the row).

use relata_core::domain::{Entity, LabeledValue, PeopleQuery, PersonInput, PersonRow};
use relata_core::error::ErrorCode;
use relata_core::services::import::{ImportEntity, ImportOptions};
use relata_core::services::{people, scoring, search, trash};

use super::import::run;
use super::support::{env, Env};

fn write(e: &Env, name: &str, text: &str) -> std::path::PathBuf {
    let path = e.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn all_people(e: &Env) -> Vec<PersonRow> {
    people::list(&e.store, &PeopleQuery { limit: Some(500), ..Default::default() }).unwrap().items
}

fn leads() -> ImportOptions {
    ImportOptions { entity: ImportEntity::Leads, ..Default::default() }
}

#[test]
fn dutch_german_and_danish_headers_fill_the_person() {
    let e = env();
    let dutch = "Voornaam;Tussenvoegsel;Achternaam;E-mailadres;Telefoonnummer;Straat;Huisnummer;Postcode;Plaats;Land\n\
                 Jan;van der;Berg;jan@berg.example;020 123 4567;Hoofdstraat;12;1011 AB;Amsterdam;Nederland\n";
    let r = run(&e, &write(&e, "nl.csv", dutch), &Default::default());
    assert_eq!((r.created, r.errors.len(), r.custom_fields_created.len()), (1, 0, 0), "{:?}", r.errors);
    let german = "Vorname;Nachname;E-Mail-Adresse;Telefonnummer;Straße;PLZ;Ort;Land\n\
                  Jürgen;Müller;juergen@mueller.example;+49 30 1234567;Unter den Linden 1;10117;Berlin;Deutschland\n\
                  Petra;Schmidt;keine-adresse;+49 30 7654321;;;;\n";
    let r = run(&e, &write(&e, "de.csv", german), &Default::default());
    // The address is an email column now, so an invalid one is checked and the row rejected.
    assert_eq!((r.created, r.errors.len()), (1, 1), "{:?}", r.errors);
    assert_eq!((r.errors[0].row, r.errors[0].field.as_deref()), (3, Some("emails.0.value")));
    let danish = "Fornavn,Efternavn,E-mail,Telefon,Firmanavn,Stilling,Postnr.,By,Land\n\
                  Søren,Kierkegaard,soren@example.dk,+45 12 34 56 78,Filosofi ApS,Forfatter,1050,København,Danmark\n";
    let r = run(&e, &write(&e, "da.csv", danish), &Default::default());
    assert_eq!((r.created, r.errors.len(), r.custom_fields_created.len()), (1, 0, 0), "{:?}", r.errors);

    let person = |email: &str| {
        let row = all_people(&e).into_iter().find(|p| p.email.as_deref() == Some(email)).expect(email);
        people::get(&e.store, row.id).unwrap()
    };
    let jan = person("jan@berg.example");
    assert_eq!((jan.last_name.as_str(), jan.display_name.as_str()), ("van der Berg", "Jan van der Berg"));
    // Read in the row's country (Nederland): stored in E.164.
    assert_eq!(jan.phones[0].value, "+31201234567");
    assert_eq!(jan.address.street.as_deref(), Some("Hoofdstraat 12"));
    assert_eq!((jan.address.city.as_deref(), jan.address.country.as_deref()), (Some("Amsterdam"), Some("NL")));
    let jurgen = person("juergen@mueller.example");
    assert_eq!((jurgen.phones[0].value.as_str(), jurgen.address.country.as_deref()), ("+49301234567", Some("DE")));
    let soren = person("soren@example.dk");
    assert_eq!(soren.company_name.as_deref(), Some("Filosofi ApS"));
    assert_eq!((soren.job_title.as_deref(), soren.address.country.as_deref()), (Some("Forfatter"), Some("DK")));
}

#[test]
fn leads_without_names_are_kept_and_shown_by_email_or_external_id() {
    let e = env();
    let csv = "Lead ID,Email,Campaign\n\
               L-1,first@lead.example,Spring\n\
               L-2,,Spring\n\
               ,third@lead.example,Autumn\n\
               ,,Autumn\n";
    let r = run(&e, &write(&e, "history.csv", csv), &leads());
    assert_eq!((r.created, r.errors.len()), (3, 1), "{:?}", r.errors);
    assert_eq!((r.errors[0].row, r.errors[0].field.as_deref()), (5, Some("first_name")));
    let mut shown: Vec<String> = all_people(&e).iter().map(|p| p.display_name.clone()).collect();
    shown.sort();
    assert_eq!(shown, ["L-2", "first@lead.example", "third@lead.example"]);
    // Sorted by what they are shown by, found by their email, and named so in the leads list.
    let by_name: Vec<String> = all_people(&e).iter().map(|p| p.display_name.clone()).collect();
    assert_eq!(by_name, ["first@lead.example", "L-2", "third@lead.example"]);
    let hits = search::global(&e.store, "third", 10).unwrap();
    assert_eq!(hits.iter().map(|h| h.title.as_str()).collect::<Vec<_>>(), ["third@lead.example"]);
    let mut names: Vec<String> = scoring::list_leads(&e.store, None).unwrap().into_iter().map(|l| l.name).collect();
    names.sort();
    assert_eq!(names, ["L-2", "first@lead.example", "third@lead.example"]);
    // Named later, they are shown by their name.
    let row = all_people(&e).into_iter().find(|p| p.display_name == "L-2").unwrap();
    let mut input = PersonInput { external_id: Some("L-2".into()), first_name: "Lena".into(), ..Default::default() };
    input.lifecycle = relata_core::domain::Lifecycle::Lead;
    assert_eq!(people::update(&e.store, row.id, input).unwrap().display_name, "Lena");
    people::delete(&e.store, row.id).unwrap();
    let trashed = trash::list(&e.store).unwrap();
    assert_eq!((trashed[0].entity, trashed[0].title.as_str()), (Entity::Person, "Lena"));
}

#[test]
fn a_person_needs_a_name_an_email_or_an_external_id_on_every_path() {
    let e = env();
    let email = vec![LabeledValue { label: String::new(), value: "solo@example.com".into() }];
    let p = people::create(&e.store, PersonInput { emails: email, ..Default::default() }).unwrap();
    assert_eq!((p.first_name.as_str(), p.display_name.as_str()), ("", "solo@example.com"));
    let p = people::create(&e.store, PersonInput { external_id: Some("CRM-9".into()), ..Default::default() });
    assert_eq!(p.unwrap().display_name, "CRM-9");
    let none = people::create(&e.store, PersonInput { phones: vec![], ..Default::default() }).unwrap_err();
    assert_eq!((none.code, none.field.as_deref()), (ErrorCode::Required, Some("first_name")));
}

#[test]
fn countries_by_any_name_and_an_unknown_one_is_kept_with_a_warning() {
    let e = env();
    let names = [
        ("Nigeria", "NG"),
        ("Saudi Arabia", "SA"),
        ("Kuwait", "KW"),
        ("Bahrain", "BH"),
        ("Niederlande", "NL"),
        ("Holland", "NL"),
        ("Tyskland", "DE"),
        ("Dänemark", "DK"),
        ("Verenigde Staten", "US"),
        ("Vereinigte Staaten", "US"),
        ("USA", "US"),
        ("Elfenbeinküste", "CI"),
        ("Côte d'Ivoire", "CI"),
        ("Atlantis", "Atlantis"),
    ];
    let mut csv = String::from("Email,Country\n");
    for (i, (name, _)) in names.iter().enumerate() {
        csv.push_str(&format!("lead{i}@example.com,\"{name}\"\n"));
    }
    let r = run(&e, &write(&e, "countries.csv", &csv), &leads());
    assert_eq!((r.created, r.errors.len()), (names.len() as u32, 0), "{:?}", r.errors);
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    let w = &r.warnings[0];
    assert_eq!((w.row, w.field.as_deref()), (names.len() as u32 + 1, Some("address.country")));
    assert!(w.message.contains("\"Atlantis\""), "{}", w.message);
    for (i, (name, code)) in names.iter().enumerate() {
        let email = format!("lead{i}@example.com");
        let row = all_people(&e).into_iter().find(|p| p.email.as_deref() == Some(&email)).unwrap();
        let p = people::get(&e.store, row.id).unwrap();
        assert_eq!(p.address.country.as_deref(), Some(*code), "{name}");
    }
    // Duplicates are skipped and keep nothing, so they warn of nothing; a country typed in by name gets its
    // code on every path.
    let again = run(&e, &write(&e, "again.csv", &csv), &ImportOptions { dry_run: true, ..leads() });
    assert_eq!((again.skipped, again.warnings.len()), (names.len() as u32, 0));
    let mut typed = PersonInput { first_name: "Ada".into(), ..Default::default() };
    typed.address.country = Some("Verenigd Koninkrijk".into());
    assert_eq!(people::create(&e.store, typed).unwrap().address.country.as_deref(), Some("GB"));
}

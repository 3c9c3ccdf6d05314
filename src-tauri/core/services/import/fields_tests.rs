//! The header table per language, squashing, and the overrides.

use super::*;

fn auto(entity: ImportEntity, header: &str) -> Option<&'static str> {
    auto_field(entity, header)
}

#[test]
fn export_headers_map_to_fields() {
    use ImportEntity::*;
    assert_eq!(auto(People, "E-mail"), Some("email"));
    assert_eq!(auto(People, "Email Address"), Some("email"));
    assert_eq!(auto(People, "First Name"), Some("first_name"));
    assert_eq!(auto(People, "Company Name"), Some("company"));
    assert_eq!(auto(Leads, "Lead Source"), Some("source"));
    assert_eq!(auto(People, "Phone Number"), Some("phone"));
    assert_eq!(auto(People, "Mobile Phone"), Some("mobile"));
    assert_eq!(auto(People, "Account Name"), Some("company"));
    assert_eq!(auto(People, "Person - Email - Work"), Some("email"));
    assert_eq!(auto(People, "Mailing Zip/Postal Code"), Some("postal_code"));
    assert_eq!(auto(People, "Record ID"), Some("external_id"));
    assert_eq!(auto(Companies, "Company Domain Name"), Some("domain"));
    assert_eq!(auto(Deals, "Deal Stage"), Some("stage"));
    assert_eq!(auto(People, "Favourite colour"), None);
}

#[test]
fn overrides_win_and_a_field_is_filled_once() {
    let headers: Vec<String> = ["Email", "E-mail", "Shoe size", "Notes"].iter().map(|s| s.to_string()).collect();
    let overrides = vec![ColumnMapping { column: "notes".into(), target: ColumnTarget::Ignore }];
    let t = resolve(ImportEntity::People, &headers, &overrides, true).unwrap();
    assert_eq!(t[0], ColumnTarget::Field("email".into()));
    assert_eq!(t[1], ColumnTarget::Custom("E-mail".into()));
    assert_eq!(t[2], ColumnTarget::Custom("Shoe size".into()));
    assert_eq!(t[3], ColumnTarget::Ignore);
    let bad = vec![ColumnMapping { column: "Email".into(), target: ColumnTarget::Field("shoe".into()) }];
    let e = resolve(ImportEntity::People, &headers, &bad, true).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("mappings.0.target"));
}

/// (header as an export writes it, the field it fills) per language, from the tools' own exports.
const ENGLISH: &[(&str, &str)] = &[
    ("First Name", "first_name"),
    ("Last Name", "last_name"),
    ("Full Name", "full_name"),
    ("Email Address", "email"),
    ("E-mail 1 - Value", "email"),
    ("E-mail 2 - Value", "email_other"),
    ("Personal Email", "email_home"),
    ("Business Phone", "phone"),
    ("Mobile Phone", "mobile"),
    ("Home Phone", "phone_home"),
    ("Organization 1 - Name", "company"),
    ("Organization 1 - Title", "job_title"),
    ("Job Title", "job_title"),
    ("Address 1 - Street", "street"),
    ("House Number", "house_number"),
    ("Zip Code", "postal_code"),
    ("City", "city"),
    ("State/Region", "region"),
    ("Country/Region", "country"),
    ("Website URL", "website"),
    ("Notes", "note"),
    ("Original Source", "source"),
    ("Contact owner", "owner"),
    ("Lead Status", "status"),
    ("Lifecycle Stage", "lifecycle"),
    ("Record ID", "external_id"),
    ("Labels", "tags"),
    ("Preferred language", "language"),
];

const DUTCH: &[(&str, &str)] = &[
    ("Voornaam", "first_name"),
    ("Tussenvoegsel", "last_name_prefix"),
    ("Achternaam", "last_name"),
    ("Familienaam", "last_name"),
    ("Volledige naam", "full_name"),
    ("E-mailadres", "email"),
    ("E-mailadres 2", "email_other"),
    ("E-mail privé", "email_home"),
    ("Telefoonnummer", "phone"),
    ("Telefoon op werk", "phone"),
    ("Mobiel telefoonnummer", "mobile"),
    ("GSM", "mobile"),
    ("Telefoon thuis", "phone_home"),
    ("Bedrijfsnaam", "company"),
    ("Organisatie - Naam", "company"),
    ("Functie", "job_title"),
    ("Straat", "street"),
    ("Werkadres, straat", "street"),
    ("Huisnummer", "house_number"),
    ("Postcode", "postal_code"),
    ("Woonplaats", "city"),
    ("Gemeente", "city"),
    ("Provincie", "region"),
    ("Land/regio", "country"),
    ("Webpagina", "website"),
    ("Opmerkingen", "note"),
    ("Oorspronkelijke bron", "source"),
    ("Eigenaar contactpersoon", "owner"),
    ("Leadstatus", "status"),
    ("Levenscyclusfase", "lifecycle"),
    ("Relatienummer", "external_id"),
    ("Trefwoorden", "tags"),
    ("Taal", "language"),
];

const GERMAN: &[(&str, &str)] = &[
    ("Vorname", "first_name"),
    ("Nachname", "last_name"),
    ("Vollständiger Name", "full_name"),
    ("Ansprechpartner", "full_name"),
    ("E-Mail-Adresse", "email"),
    ("E-Mail 1 - Wert", "email"),
    ("E-Mail 2: Adresse", "email_other"),
    ("E-Mail privat", "email_home"),
    ("Telefonnummer", "phone"),
    ("Telefon geschäftlich", "phone"),
    ("Telefon 1 - Wert", "phone"),
    ("Mobiltelefon", "mobile"),
    ("Handy", "mobile"),
    ("Telefon privat", "phone_home"),
    ("Firmenname", "company"),
    ("Organisation 1 - Titel", "job_title"),
    ("Position", "job_title"),
    ("Straße", "street"),
    ("Straße geschäftlich", "street"),
    ("Hausnummer", "house_number"),
    ("PLZ", "postal_code"),
    ("Postleitzahl geschäftlich", "postal_code"),
    ("Ort", "city"),
    ("Bundesland/Kanton", "region"),
    ("Land/Region geschäftlich", "country"),
    ("Webseite", "website"),
    ("Notizen", "note"),
    ("Originalquelle", "source"),
    ("Kontaktinhaber", "owner"),
    ("Lead-Status", "status"),
    ("Lebenszyklusphase", "lifecycle"),
    ("Kundennummer", "external_id"),
    ("Datensatz-ID", "external_id"),
    ("Schlagwörter", "tags"),
    ("Sprache", "language"),
];

const DANISH: &[(&str, &str)] = &[
    ("Fornavn", "first_name"),
    ("Efternavn", "last_name"),
    ("Navn", "full_name"),
    ("Kontaktperson", "full_name"),
    ("E-mail", "email"),
    ("E-mail-adresse", "email"),
    ("Mailadresse", "email"),
    ("E-mail 1 - Værdi", "email"),
    ("Telefon", "phone"),
    ("Arbejdstelefon", "phone"),
    ("Mobiltelefonnummer", "mobile"),
    ("Mobil", "mobile"),
    ("Privattelefon", "phone_home"),
    ("Firmanavn", "company"),
    ("Virksomhed", "company"),
    ("Stilling", "job_title"),
    ("Jobtitel", "job_title"),
    ("Gade (arbejde)", "street"),
    ("Adresse", "street"),
    ("Husnummer", "house_number"),
    ("Postnr.", "postal_code"),
    ("Postnummer", "postal_code"),
    ("By", "city"),
    ("Land/område", "country"),
    ("Hjemmeside", "website"),
    ("Noter", "note"),
    ("Oprindelig kilde", "source"),
    ("Kontaktejer", "owner"),
    ("Leadstatus", "status"),
    ("Livscyklusfase", "lifecycle"),
    ("Kundenummer", "external_id"),
    ("Mærker", "tags"),
    ("Sprog", "language"),
];

#[test]
fn headers_in_four_languages_map_to_fields() {
    for (language, table) in [("en", ENGLISH), ("nl", DUTCH), ("de", GERMAN), ("da", DANISH)] {
        assert!(table.len() >= 15, "{language}: too few headers");
        for (header, field) in table {
            assert_eq!(auto(ImportEntity::People, header), Some(*field), "{language}: \"{header}\"");
            // Case, spacing and separators do not matter.
            let shouted = header.to_uppercase().replace(' ', "_");
            assert_eq!(auto(ImportEntity::Leads, &format!("  {shouted} ")), Some(*field), "{language}: {shouted}");
        }
    }
}

#[test]
fn the_four_reported_headers_fill_email_and_phone() {
    let headers: Vec<String> =
        ["E-mailadres", "Telefoonnummer", "E-Mail-Adresse", "Telefonnummer"].iter().map(|s| s.to_string()).collect();
    let t = resolve(ImportEntity::People, &headers, &[], true).unwrap();
    assert_eq!(t[0], ColumnTarget::Field("email".into()));
    assert_eq!(t[1], ColumnTarget::Field("phone".into()));
    // The German columns name the same fields: a field is filled once, so they become custom fields.
    assert_eq!(t[2], ColumnTarget::Custom("E-Mail-Adresse".into()));
}

#[test]
fn google_type_columns_and_organisation_names_stay_apart() {
    assert_eq!(auto(ImportEntity::People, "E-mail 1 - Type"), None);
    assert_eq!(auto(ImportEntity::People, "Organization - Name"), Some("company"));
    assert_eq!(auto(ImportEntity::People, "Person - Name"), Some("full_name"));
    assert_eq!(auto(ImportEntity::Deals, "Organization - Name"), Some("company"));
    assert_eq!(squash("E-Mail 1 - Wert"), "email");
    assert_eq!(squash("Adresse 1 - Straße"), "strasse");
}

#[test]
fn aliases_are_squashed_and_name_one_field() {
    use ImportEntity::*;
    for entity in [People, Companies, Deals, Activities, Orders] {
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for (field, aliases) in aliases(entity) {
            for alias in aliases.split_whitespace() {
                assert_eq!(squash(alias), alias, "alias \"{alias}\" of {field} is not in squashed form");
                if let Some((_, other)) = seen.iter().find(|(a, _)| *a == alias) {
                    panic!("alias \"{alias}\" names both {other} and {field}");
                }
                seen.push((alias, field));
            }
        }
    }
}

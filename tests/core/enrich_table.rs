//! Enrichment on a table of real-world-looking addresses and phone numbers from the Netherlands, Germany,
//! Denmark and Belgium, and phone numbers in many spellings meeting in E.164.

use relata_core::domain::*;
use relata_core::phone;
use relata_core::services::{companies, enrich, people, settings};

use super::support::*;

/// (email, phone, first name, last name, free mail, company name, country).
type Row = (&'static str, &'static str, &'static str, &'static str, bool, &'static str, &'static str);

const ADDRESSES: &[Row] = &[
    // Netherlands
    ("jan.de.vries@tulp-bloemen.nl", "06-12345678", "Jan", "de Vries", false, "Tulp Bloemen", "NL"),
    ("peter.van.den.berg@ziggo.nl", "", "Peter", "van den Berg", true, "", "NL"),
    ("annelies.jansen@kpnmail.nl", "020 123 4567", "Annelies", "Jansen", true, "", "NL"),
    ("k.bakker@hetnet.nl", "", "", "Bakker", true, "", "NL"),
    ("sanne_visser@planet.nl", "", "Sanne", "Visser", true, "", "NL"),
    ("m.ter.horst@xs4all.nl", "", "", "ter Horst", true, "", "NL"),
    ("info@bakkerij-smit.nl", "+31 30 234 5678", "", "", false, "Bakkerij Smit", "NL"),
    ("ruud.van.t.hek@home.nl", "", "Ruud", "van 't Hek", true, "", "NL"),
    ("jdevries@vanderlande.com", "+31 6 2345 6789", "", "de Vries", false, "Vanderlande", "NL"),
    ("lotte.meijer+crm@gmail.com", "0031 6 34567890", "Lotte", "Meijer", true, "", "NL"),
    ("pvandenberg@outlook.com", "", "", "van den Berg", true, "", ""),
    ("fleur.de.jong@hotmail.nl", "", "Fleur", "de Jong", true, "", "NL"),
    // Germany
    ("jürgen.großmann@web.de", "", "Jürgen", "Großmann", true, "", "DE"),
    ("hans-peter.mueller@gmx.de", "+49 151 23456789", "Hans-Peter", "Mueller", true, "", "DE"),
    ("anna.schmidt@t-online.de", "0049 30 12345678", "Anna", "Schmidt", true, "", "DE"),
    ("k.von.weizsaecker@freenet.de", "", "", "von Weizsaecker", true, "", "DE"),
    ("lena.zu.guttenberg@posteo.de", "", "Lena", "zu Guttenberg", true, "", "DE"),
    ("max.mustermann@gmx.net", "+49 89 1234567", "Max", "Mustermann", true, "", "DE"),
    ("vertrieb@schreinerei-weber.de", "+49 40 4123456", "", "", false, "Schreinerei Weber", "DE"),
    ("thomas.becker@becker-gmbh.de", "+49 171 2345678", "Thomas", "Becker", false, "Becker GmbH", "DE"),
    ("sabine.koch@mailbox.org", "", "Sabine", "Koch", true, "", ""),
    ("f.schulz@siemens.de", "", "", "Schulz", false, "Siemens", "DE"),
    ("julia.weiß@arcor.de", "", "Julia", "Weiß", true, "", "DE"),
    ("michael_hoffmann@online.de", "", "Michael", "Hoffmann", true, "", "DE"),
    // Denmark
    ("søren.kierkegaard@filosofi.dk", "+45 32 12 34 56", "Søren", "Kierkegaard", false, "Filosofi", "DK"),
    ("mette.frederiksen@mail.dk", "", "Mette", "Frederiksen", true, "", "DK"),
    ("lars.møller@ofir.dk", "+45 20 12 34 56", "Lars", "Møller", true, "", "DK"),
    ("ærø.hansen@jubii.dk", "", "Ærø", "Hansen", true, "", "DK"),
    ("karen.blixen@stofanet.dk", "", "Karen", "Blixen", true, "", "DK"),
    ("anders.af.rosenborg@kongehus.dk", "0045 40 12 34 56", "Anders", "af Rosenborg", false, "Kongehus", "DK"),
    ("salg@tømrer-jensen.dk", "", "", "", false, "Tømrer Jensen", "DK"),
    ("åse.nielsen@get2net.dk", "", "Åse", "Nielsen", true, "", "DK"),
    ("n.christensen@maersk.com", "+45 33 63 33 63", "", "Christensen", false, "Maersk", "DK"),
    ("freja.holm@hotmail.dk", "", "Freja", "Holm", true, "", "DK"),
    // Belgium
    ("wim.peeters@telenet.be", "+32 470 12 34 56", "Wim", "Peeters", true, "", "BE"),
    ("els.janssens@skynet.be", "", "Els", "Janssens", true, "", "BE"),
    ("bart.de.smet@brouwerij-kapel.be", "+32 3 231 45 67", "Bart", "de Smet", false, "Brouwerij Kapel", "BE"),
    ("an.vandenbroucke@proximus.be", "", "An", "Vandenbroucke", true, "", "BE"),
    ("koen.van.damme@colruyt.be", "0032 2 513 45 67", "Koen", "van Damme", false, "Colruyt", "BE"),
    ("info@frituur-de-markt.be", "", "", "", false, "Frituur De Markt", "BE"),
    ("lieve.maes@outlook.be", "", "Lieve", "Maes", true, "", "BE"),
    ("sofie_claes@scarlet.be", "", "Sofie", "Claes", true, "", "BE"),
    // Disposable and generic
    ("test.user@mailinator.com", "", "Test", "User", true, "", ""),
];

fn value<'a>(e: &'a Enrichment, field: &str) -> &'a str {
    e.proposals.iter().find(|p| p.field == field).map_or("", |p| p.value.as_str())
}

#[test]
fn a_table_of_addresses_gives_the_expected_proposals() {
    let e = env();
    settings::set(&e.store, Settings { region: Some("NL".into()), ..Default::default() }).unwrap();
    assert!(ADDRESSES.len() >= 40);
    for (email, phone, first, last, free, company, country) in ADDRESSES {
        let phones = if phone.is_empty() { vec![] } else { vec![lv("", phone)] };
        let p = people::create(&e.store, PersonInput { emails: vec![lv("", email)], phones, ..Default::default() })
            .unwrap();
        let got = enrich::person(&e.store, p.id).unwrap();
        let row = (
            value(&got, "first_name"),
            value(&got, "last_name"),
            value(&got, "free_mail") == "true",
            value(&got, "company_name"),
            value(&got, "country"),
        );
        assert_eq!(row, (*first, *last, *free, *company, *country), "{email}");
        for p in &got.proposals {
            assert!((0.0..=1.0).contains(&p.confidence) && !p.source.is_empty(), "{email}: {p:?}");
        }
        if !country.is_empty() {
            let tz = value(&got, "timezone");
            assert!(tz.starts_with("Europe/"), "{email}: {tz}");
        }
    }
    let e164 = |email: &str| {
        let row = ADDRESSES.iter().position(|r| r.0 == email).unwrap();
        people::get(&e.store, row as i64 + 1).unwrap().phones[0].value.clone()
    };
    // National numbers read in the app's region (NL), international ones in their own.
    assert_eq!(e164("jan.de.vries@tulp-bloemen.nl"), "+31612345678");
    assert_eq!(e164("anna.schmidt@t-online.de"), "+493012345678");
    assert_eq!(e164("lars.møller@ofir.dk"), "+4520123456");
    assert_eq!(e164("wim.peeters@telenet.be"), "+32470123456");
}

#[test]
fn the_country_comes_from_the_phone_before_the_cctld() {
    let e = env();
    let p = people::create(
        &e.store,
        PersonInput {
            emails: vec![lv("", "lars@acme.com")],
            phones: vec![lv("", "+45 20 12 34 56")],
            ..Default::default()
        },
    )
    .unwrap();
    let got = enrich::person(&e.store, p.id).unwrap();
    let country = got.proposals.iter().find(|p| p.field == "country").unwrap();
    assert_eq!((country.value.as_str(), country.source.as_str()), ("DK", "phone"));
    assert_eq!(value(&got, "timezone"), "Europe/Copenhagen");
    assert_eq!(value(&got, "language"), "da");
    assert_eq!(value(&got, "company_domain"), "acme.com");
}

#[test]
fn an_existing_company_is_matched_by_domain() {
    let e = env();
    let c = companies::create(
        &e.store,
        CompanyInput { name: "Tulp B.V.".into(), domain: Some("tulp.nl".into()), ..Default::default() },
    )
    .unwrap();
    let p =
        people::create(&e.store, PersonInput { emails: vec![lv("", "a.smit@sales.tulp.nl")], ..Default::default() })
            .unwrap();
    let got = enrich::person(&e.store, p.id).unwrap();
    assert_eq!(value(&got, "company_id"), c.id.to_string());
    assert_eq!(value(&got, "company_name"), "Tulp B.V.");
}

/// (typed, region, E.164).
const PHONES: &[(&str, &str, &str)] = &[
    ("06-12345678", "NL", "+31612345678"),
    ("06 1234 5678", "NL", "+31612345678"),
    ("(06) 12 34 56 78", "NL", "+31612345678"),
    ("+31 (0)6 12345678", "DE", "+31612345678"),
    ("0031612345678", "DK", "+31612345678"),
    ("+31.6.12.34.56.78", "BE", "+31612345678"),
    ("020-1234567", "NL", "+31201234567"),
    ("020 123 45 67", "NL", "+31201234567"),
    ("030 12345678", "DE", "+493012345678"),
    ("030/12345678", "DE", "+493012345678"),
    ("+49 (0)30 1234 5678", "NL", "+493012345678"),
    ("0049 30 12345678", "NL", "+493012345678"),
    ("0151 23456789", "DE", "+4915123456789"),
    ("+49 151 2345 6789", "DK", "+4915123456789"),
    ("089 1234567", "DE", "+49891234567"),
    ("20 12 34 56", "DK", "+4520123456"),
    ("20123456", "DK", "+4520123456"),
    ("+45 20 12 34 56", "NL", "+4520123456"),
    ("0045 2012 3456", "DE", "+4520123456"),
    ("32 12 34 56", "DK", "+4532123456"),
    ("0470 12 34 56", "BE", "+32470123456"),
    ("0470/12.34.56", "BE", "+32470123456"),
    ("+32 (0)470 12 34 56", "NL", "+32470123456"),
    ("02 513 45 67", "BE", "+3225134567"),
    ("03 231 45 67", "BE", "+3232314567"),
];

#[test]
fn phones_in_many_spellings_meet_in_e164() {
    for (typed, region, want) in PHONES {
        assert_eq!(phone::e164(typed, Some(region)).as_deref(), Some(*want), "{typed} in {region}");
    }
}

//! Word lists for the generated dataset: Dutch, Danish and German people, places and companies, with the
//! letters search must fold (ø æ å ü ö ä ß ij).

/// A country's names, places and number formats.
pub struct Country {
    pub code: &'static str,
    pub language: &'static str,
    pub phone_prefix: &'static str,
    pub first: &'static [&'static str],
    pub last: &'static [&'static str],
    pub streets: &'static [&'static str],
    pub cities: &'static [(&'static str, &'static str)],
    pub company_forms: &'static [&'static str],
    pub mail_domain: &'static str,
}

pub const COUNTRIES: &[Country] = &[
    Country {
        code: "NL",
        language: "nl",
        phone_prefix: "+31 6",
        first: &[
            "Jan", "Sanne", "Daan", "Emma", "Bram", "Lotte", "Thijs", "Fleur", "Sem", "Anouk", "Lucas", "Iris",
            "Joris", "Femke", "Ruben", "Marieke", "Pieter", "Ilse", "Wouter", "Eline", "Gijs", "Noor", "Stijn",
            "Ijsbrand", "Annelies", "Maarten", "Sofie", "Koen", "Esther", "Tim",
        ],
        last: &[
            "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit",
            "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen",
            "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "IJzerman",
            "van der Linden", "Kok", "Jacobs", "Prins", "Huijsman", "Vermeulen", "Kuijpers", "van Wijk",
        ],
        streets: &["Kerkstraat", "Dorpsstraat", "Molenweg", "Stationsweg", "Ijsselkade", "Prinsengracht", "Hoofdweg"],
        cities: &[
            ("Amsterdam", "Noord-Holland"),
            ("Rotterdam", "Zuid-Holland"),
            ("Utrecht", "Utrecht"),
            ("Den Haag", "Zuid-Holland"),
            ("Eindhoven", "Noord-Brabant"),
            ("Groningen", "Groningen"),
            ("IJsselstein", "Utrecht"),
            ("Zwolle", "Overijssel"),
        ],
        company_forms: &["B.V.", "Groep", "& Zn.", "Holding B.V."],
        mail_domain: "nl",
    },
    Country {
        code: "DK",
        language: "da",
        phone_prefix: "+45",
        first: &[
            "Søren", "Mette", "Jørgen", "Anne", "Rasmus", "Sørine", "Mads", "Freja", "Kasper", "Ida", "Bjørn",
            "Astrid", "Frederik", "Karen", "Nikolaj", "Signe", "Anders", "Maja", "Torben", "Line", "Morten",
            "Ærenfried", "Helle", "Jens",
        ],
        last: &[
            "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
            "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Møller",
            "Poulsen", "Knudsen", "Mortensen", "Østergaard", "Kjær", "Dahl", "Bæk", "Ågård", "Holm",
        ],
        streets: &["Vestergade", "Østergade", "Nørrebrogade", "Strandvejen", "Søndergade", "Åboulevarden"],
        cities: &[
            ("København", "Hovedstaden"),
            ("Aarhus", "Midtjylland"),
            ("Odense", "Syddanmark"),
            ("Aalborg", "Nordjylland"),
            ("Ærøskøbing", "Syddanmark"),
            ("Næstved", "Sjælland"),
            ("Århus", "Midtjylland"),
        ],
        company_forms: &["ApS", "A/S", "& Søn", "I/S"],
        mail_domain: "dk",
    },
    Country {
        code: "DE",
        language: "de",
        phone_prefix: "+49 151",
        first: &[
            "Jürgen", "Anna", "Lukas", "Sophie", "Maximilian", "Müge", "Felix", "Lena", "Jonas", "Hannah", "Paul",
            "Mia", "Björn", "Käthe", "Leon", "Günther", "Sabine", "Uwe", "Jörg", "Katrin", "Tobias", "Özlem",
            "Ralf", "Ute", "Matthias", "Johanna",
        ],
        last: &[
            "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
            "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
            "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Weiß", "Groß", "Strauß", "Köhler", "Jäger",
        ],
        streets: &["Hauptstraße", "Schulstraße", "Gartenstraße", "Bahnhofstraße", "Lindenallee", "Am Mühlbach"],
        cities: &[
            ("Berlin", "Berlin"),
            ("Hamburg", "Hamburg"),
            ("München", "Bayern"),
            ("Köln", "Nordrhein-Westfalen"),
            ("Düsseldorf", "Nordrhein-Westfalen"),
            ("Lübeck", "Schleswig-Holstein"),
            ("Göttingen", "Niedersachsen"),
            ("Würzburg", "Bayern"),
        ],
        company_forms: &["GmbH", "AG", "GmbH & Co. KG", "KG"],
        mail_domain: "de",
    },
];

pub const COMPANY_WORDS: &[&str] = &[
    "Nord", "Havn", "Brücke", "Molen", "Fjord", "Tech", "Bouw", "Logistik", "Dienst", "Solar", "Øresund",
    "Grün", "Delta", "Polder", "Kraft", "Data", "Zuid", "Vest", "Alpen", "Mühle", "Handel", "Consult",
];

pub const INDUSTRIES: &[&str] = &[
    "Software", "Logistics", "Construction", "Retail", "Healthcare", "Energy", "Finance", "Manufacturing",
    "Hospitality", "Education", "Agriculture", "Media",
];

pub const JOB_TITLES: &[&str] = &[
    "CEO", "CFO", "Sales Manager", "Inkoper", "Einkaufsleiter", "Indkøbschef", "Office Manager", "CTO",
    "Projectleider", "Geschäftsführer", "Direktør", "Account Manager", "Marketing Lead", "Operations",
];

pub const TAGS: &[&str] = &[
    "vip", "newsletter", "partner", "beurs-2025", "messe", "kunde", "prospect", "reseller", "event", "webinar",
    "referral", "cold", "warm", "enterprise", "smb", "public-sector", "zorg", "bæredygtig", "grün", "inbound",
];

pub const SOURCES: &[&str] = &["website", "referral", "event", "import", "cold call", "linkedin", "partner"];

pub const ACTIVITY_SUBJECTS: &[&str] = &[
    "Intro call", "Follow-up", "Offerte besproken", "Angebot geschickt", "Tilbud sendt", "Demo", "Contract",
    "Kwartaaloverleg", "Rückfrage", "Opfølgning", "Kennismaking", "Preisverhandlung", "Onboarding",
];

pub const TASK_TITLES: &[&str] = &[
    "Call back", "Send proposal", "Offerte nasturen", "Angebot prüfen", "Ring tilbage", "Prepare demo",
    "Contract verlengen", "Rechnung klären", "Book møde", "Check-in",
];

pub const DEAL_WORDS: &[&str] = &[
    "Licenses", "Renewal", "Onderhoud", "Wartung", "Vedligehold", "Rollout", "Upgrade", "Pilot", "Consulting",
    "Hardware", "Support", "Training",
];

pub const OWNERS: &[&str] = &[
    "Anna", "Bram", "Søren", "Jürgen", "Mette", "Lotte", "Felix", "Ida", "Pieter", "Käthe", "Mads", "Noor",
];

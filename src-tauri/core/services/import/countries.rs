//! Country names as exports write them (English, Dutch, German, Danish) to ISO codes, because Relata
//! stores two-letter codes and address books store names.

const NAMES: &[(&str, &[&str])] = &[
    ("NL", &["netherlands", "the netherlands", "nederland", "niederlande", "holland", "holland"]),
    ("BE", &["belgium", "belgie", "belgië", "belgien", "belgique"]),
    ("DE", &["germany", "duitsland", "deutschland", "tyskland"]),
    ("DK", &["denmark", "denemarken", "dänemark", "danmark"]),
    ("AT", &["austria", "oostenrijk", "österreich", "østrig"]),
    ("CH", &["switzerland", "zwitserland", "schweiz", "suisse"]),
    ("FR", &["france", "frankrijk", "frankreich", "frankrig"]),
    (
        "GB",
        &[
            "united kingdom",
            "uk",
            "great britain",
            "england",
            "verenigd koninkrijk",
            "vereinigtes königreich",
            "storbritannien",
        ],
    ),
    ("IE", &["ireland", "ierland", "irland"]),
    ("US", &["united states", "usa", "united states of america", "verenigde staten", "vereinigte staaten", "usa"]),
    ("CA", &["canada", "kanada"]),
    ("SE", &["sweden", "zweden", "schweden", "sverige"]),
    ("NO", &["norway", "noorwegen", "norwegen", "norge"]),
    ("FI", &["finland", "finnland"]),
    ("IS", &["iceland", "ijsland", "island"]),
    ("ES", &["spain", "spanje", "spanien", "españa"]),
    ("PT", &["portugal"]),
    ("IT", &["italy", "italië", "italien", "italia"]),
    ("PL", &["poland", "polen"]),
    ("CZ", &["czech republic", "czechia", "tsjechië", "tschechien", "tjekkiet"]),
    ("LU", &["luxembourg", "luxemburg"]),
    ("GR", &["greece", "griekenland", "griechenland", "grækenland"]),
    ("AU", &["australia", "australië", "australien"]),
    ("NZ", &["new zealand", "nieuw-zeeland", "neuseeland", "new zealand"]),
    ("JP", &["japan"]),
    ("CN", &["china", "kina"]),
    ("IN", &["india", "indien"]),
    ("BR", &["brazil", "brazilië", "brasilien"]),
    ("ZA", &["south africa", "zuid-afrika", "südafrika", "sydafrika"]),
];

/// The ISO code for a code or a known name; anything else is returned as given, so validation names it.
pub fn code(s: &str) -> String {
    let t = s.trim();
    if t.len() == 2 {
        return t.to_ascii_uppercase();
    }
    let lower = t.to_lowercase();
    NAMES
        .iter()
        .find(|(_, names)| names.contains(&lower.as_str()))
        .map_or_else(|| t.to_string(), |(c, _)| c.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_and_codes() {
        assert_eq!(super::code("Deutschland"), "DE");
        assert_eq!(super::code(" nl "), "NL");
        assert_eq!(super::code("Atlantis"), "Atlantis");
    }
}

//! Countries by any name an export or a person writes: ISO 3166-1 alpha-2 and alpha-3 codes and the names
//! in English, Dutch, German and Danish with their common variants ("Holland", "USA", "Elfenbeinküste").
//! The names are the npm package i18n-iso-countries' (from the Unicode CLDR), vendored in
//! `services/countries/data/` with its licence and refreshed by its `update.sh`; nothing is fetched at build time.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::store::fold::{fold, transliterate};

const CODES: &str = include_str!("data/codes.json");
const NAMES: [&str; 4] = [
    include_str!("data/en.json"),
    include_str!("data/nl.json"),
    include_str!("data/de.json"),
    include_str!("data/da.json"),
];
/// Names found in European address books that the data lacks: the parts of the United Kingdom, a
/// neighbour's name for itself, and the Dutch spelling of Saudi Arabia.
const EXTRA: &[(&str, &str)] = &[
    ("saoedi-arabië", "SA"),
    ("england", "GB"),
    ("scotland", "GB"),
    ("wales", "GB"),
    ("northern ireland", "GB"),
    ("belgique", "BE"),
    ("suisse", "CH"),
    ("svizzera", "CH"),
    ("españa", "ES"),
    ("italia", "IT"),
    ("sverige", "SE"),
    ("norge", "NO"),
    ("suomi", "FI"),
    ("polska", "PL"),
    ("éire", "IE"),
];

/// The ISO alpha-2 code of a country named by code or name (case, accents, spaces and punctuation do not
/// matter, "ae" may stand for "ä"), `None` when the text names no country Relata knows.
pub fn code(s: &str) -> Option<&'static str> {
    let key = key(s);
    if key.is_empty() {
        return None;
    }
    let t = table();
    t.by_key.get(key.as_str()).map(|&i| t.codes[i].as_str())
}

/// Every ISO 3166-1 alpha-2 code the table knows, in ISO numeric order: the address form's choices.
pub fn codes() -> Vec<&'static str> {
    table().codes.iter().map(String::as_str).collect()
}

/// How many countries the table knows (every ISO 3166-1 code).
pub fn count() -> usize {
    table().codes.len()
}

fn key(s: &str) -> String {
    fold(s.trim()).chars().filter(|c| c.is_alphanumeric()).collect()
}

struct Table {
    /// Alpha-2 codes.
    codes: Vec<String>,
    /// Folded code or name -> index in `codes`.
    by_key: HashMap<String, usize>,
}

impl Table {
    /// The first to use a key keeps it: codes, then names in the order of `NAMES`.
    fn add(&mut self, name: &str, code: usize) {
        let spellings = [Some(key(name)), transliterate(name).map(|t| key(&t))];
        for k in spellings.into_iter().flatten().filter(|k| !k.is_empty()) {
            self.by_key.entry(k).or_insert(code);
        }
    }
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Table { codes: Vec::new(), by_key: HashMap::new() };
        let codes: Vec<Vec<String>> = serde_json::from_str(CODES).unwrap_or_default();
        for c in &codes {
            if let [alpha2, alpha3, ..] = c.as_slice() {
                t.codes.push(alpha2.clone());
                t.add(alpha2, t.codes.len() - 1);
                t.add(alpha3, t.codes.len() - 1);
            }
        }
        let index = |t: &Table, alpha2: &str| t.codes.iter().position(|c| c == alpha2);
        for json in NAMES {
            let names: Vec<(String, serde_json::Value)> =
                serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(json)
                    .map(|m| m.into_iter().collect())
                    .unwrap_or_default();
            for (alpha2, value) in names {
                let Some(i) = index(&t, &alpha2) else { continue };
                let spelled: Vec<&str> = match &value {
                    serde_json::Value::String(s) => vec![s.as_str()],
                    serde_json::Value::Array(a) => a.iter().filter_map(|v| v.as_str()).collect(),
                    _ => Vec::new(),
                };
                for name in spelled {
                    t.add(name, i);
                }
            }
        }
        for (name, alpha2) in EXTRA {
            if let Some(i) = index(&t, alpha2) {
                t.add(name, i);
            }
        }
        t
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_iso_country_is_known() {
        assert!(count() >= 249, "only {} countries", count());
    }

    #[test]
    fn names_in_four_languages_codes_and_variants() {
        let cases = [
            ("Nigeria", "NG"),
            ("Saudi Arabia", "SA"),
            ("Kuwait", "KW"),
            ("Bahrain", "BH"),
            ("Nederland", "NL"),
            ("Niederlande", "NL"),
            ("Holland", "NL"),
            ("the Netherlands", "NL"),
            ("Deutschland", "DE"),
            ("Tyskland", "DE"),
            ("Duitsland", "DE"),
            ("Danmark", "DK"),
            ("Dänemark", "DK"),
            ("Daenemark", "DK"),
            ("Verenigde Staten", "US"),
            ("Vereinigte Staaten", "US"),
            ("USA", "US"),
            ("U.S.A.", "US"),
            ("Elfenbeinküste", "CI"),
            ("Côte d'Ivoire", "CI"),
            ("cote divoire", "CI"),
            ("Saudi-Arabien", "SA"),
            ("Saoedi-Arabië", "SA"),
            ("England", "GB"),
            ("UK", "GB"),
            ("Storbritannien", "GB"),
            ("nld", "NL"),
            (" de ", "DE"),
            ("DNK", "DK"),
        ];
        for (name, expected) in cases {
            assert_eq!(code(name), Some(expected), "{name}");
        }
    }

    #[test]
    fn unknown_text_is_no_country() {
        assert_eq!(code("Atlantis"), None);
        assert_eq!(code(""), None);
        assert_eq!(code(" - "), None);
    }
}

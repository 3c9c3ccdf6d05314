//! First and last name from an address's local part: `jan.de.vries` → Jan de Vries, with the Dutch,
//! German and Danish name particles (van, van der, de, ter, von, zu, af, ...) kept lower-case and letters
//! like ß, ø, æ and å kept as they are. A bare initial (`j.devries`, `jdevries`) gives the last name only,
//! with a lower confidence; role addresses (info@, sales@, ...) give no name.

/// Particles, longest compact spelling first, with how they are written (`vander` → "van der").
const COMPACT_PARTICLES: &[(&str, &str)] = &[
    ("vanden", "van den"),
    ("vander", "van der"),
    ("vande", "van de"),
    ("vant", "van 't"),
    ("van", "van"),
    ("von", "von"),
    ("den", "den"),
    ("der", "der"),
    ("ter", "ter"),
    ("ten", "ten"),
    ("zum", "zum"),
    ("zur", "zur"),
    ("de", "de"),
    ("te", "te"),
    ("zu", "zu"),
    ("af", "af"),
];

/// Words that are particles when they stand on their own between dots.
const PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "ter", "ten", "te", "het", "t", "zu", "zum", "zur", "vom", "af", "la", "le",
    "du", "di", "da", "dos", "del", "op", "in",
];

/// Local parts of shared mailboxes, not people.
const ROLES: &[&str] = &[
    "info",
    "sales",
    "contact",
    "admin",
    "office",
    "hello",
    "hallo",
    "mail",
    "support",
    "noreply",
    "no-reply",
    "kontakt",
    "post",
    "service",
    "billing",
    "hr",
    "jobs",
    "team",
    "boekhouding",
    "administratie",
    "facturen",
    "verkoop",
    "vertrieb",
    "salg",
    "kundeservice",
    "webmaster",
    "marketing",
    "receptie",
    "empfang",
    "buchhaltung",
    "kontor",
    "bestellingen",
    "bestellung",
    "ordre",
    "invoice",
    "invoices",
    "accounts",
    "help",
    "mailbox",
    "privacy",
    "news",
];

/// A name found in a local part.
#[derive(Debug, Clone, PartialEq)]
pub struct Guess {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub confidence: f64,
}

/// The first letter upper-cased, each hyphenated part alike ("anne-marie" → "Anne-Marie").
pub fn capitalize(word: &str) -> String {
    word.split('-')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                // ß has no single-letter capital; it never starts a name, but keep it as it is if it does.
                Some('ß') => part.to_string(),
                Some(c) => c.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// The name in a local part, if it holds one.
pub fn guess(local: &str) -> Option<Guess> {
    let local = local.split('+').next()?.to_lowercase();
    if ROLES.contains(&local.as_str()) {
        return None;
    }
    let mut words: Vec<String> = local
        .split(['.', '_'])
        .map(|w| w.trim_matches(|c: char| c.is_ascii_digit() || c == '-').to_string())
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() == 1 && words[0].contains('-') && !words[0].starts_with('-') {
        // "jan-jansen": a hyphen is the separator when nothing else is (a double first name stays rarer).
        words = words[0].split('-').map(str::to_string).collect();
    }
    if words.iter().any(|w| !w.chars().all(char::is_alphabetic) && !w.contains('-')) || words.is_empty() {
        return None;
    }
    if words.len() == 1 {
        return compact(&words[0]);
    }
    let (first, rest) = words.split_first()?;
    let last = surname(rest)?;
    if first.chars().count() == 1 {
        return Some(Guess { first_name: None, last_name: Some(last), confidence: 0.6 });
    }
    if PARTICLES.contains(&first.as_str()) || ROLES.contains(&first.as_str()) {
        return None;
    }
    Some(Guess { first_name: Some(capitalize(first)), last_name: Some(last), confidence: 0.8 })
}

/// "de", "vries" → "de Vries": particles lower-case, the name itself capitalised.
fn surname(words: &[String]) -> Option<String> {
    let (name, particles) = words.split_last()?;
    if PARTICLES.contains(&name.as_str()) {
        return None;
    }
    let mut out: Vec<String> = particles
        .iter()
        .map(|p| {
            if PARTICLES.contains(&p.as_str()) {
                if p == "t" {
                    "'t".into()
                } else {
                    p.clone()
                }
            } else {
                capitalize(p)
            }
        })
        .collect();
    out.push(capitalize(name));
    Some(out.join(" "))
}

/// One word: an initial followed by a particle and a name (`jdevries` → "de Vries", `pvandenberg` → "van
/// den Berg"). Anything else is not split: a word alone may be a first or a last name.
fn compact(word: &str) -> Option<Guess> {
    let mut chars = word.chars();
    chars.next()?;
    let rest = chars.as_str();
    COMPACT_PARTICLES.iter().find_map(|(compact, written)| {
        let name = rest.strip_prefix(compact)?;
        (name.chars().count() >= 3).then(|| Guess {
            first_name: None,
            last_name: Some(format!("{written} {}", capitalize(name))),
            confidence: 0.35,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(local: &str) -> Option<(Option<String>, Option<String>)> {
        guess(local).map(|g| (g.first_name, g.last_name))
    }

    #[test]
    fn local_parts_to_names() {
        let both = |f: &str, l: &str| Some((Some(f.to_string()), Some(l.to_string())));
        assert_eq!(names("jan.de.vries"), both("Jan", "de Vries"));
        assert_eq!(names("peter.van.den.berg"), both("Peter", "van den Berg"));
        assert_eq!(names("søren.kierkegaard"), both("Søren", "Kierkegaard"));
        assert_eq!(names("jürgen.großmann"), both("Jürgen", "Großmann"));
        assert_eq!(names("hans-peter.mueller"), both("Hans-Peter", "Mueller"));
        assert_eq!(names("anna_schmidt+crm"), both("Anna", "Schmidt"));
        assert_eq!(names("j.devries"), Some((None, Some("Devries".into()))));
        assert_eq!(names("jdevries"), Some((None, Some("de Vries".into()))));
        assert_eq!(names("info"), None);
        assert_eq!(names("jan"), None);
        assert_eq!(names("jan.de"), None);
        assert!(guess("jdevries").unwrap().confidence < guess("jan.de.vries").unwrap().confidence);
    }
}

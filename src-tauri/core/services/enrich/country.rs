//! A country's time zone and language, for the countries Relata's users mostly deal with. A country with
//! more than one of either gets the main one with a lower confidence (Belgium: Dutch, 0.5).

/// (ISO alpha-2, IANA time zone, BCP 47 language, confidence of the language).
const COUNTRIES: &[(&str, &str, &str, f64)] = &[
    ("NL", "Europe/Amsterdam", "nl", 0.9),
    ("BE", "Europe/Brussels", "nl-BE", 0.5),
    ("DE", "Europe/Berlin", "de", 0.9),
    ("AT", "Europe/Vienna", "de-AT", 0.9),
    ("CH", "Europe/Zurich", "de-CH", 0.5),
    ("LU", "Europe/Luxembourg", "fr-LU", 0.4),
    ("DK", "Europe/Copenhagen", "da", 0.9),
    ("SE", "Europe/Stockholm", "sv", 0.9),
    ("NO", "Europe/Oslo", "nb", 0.8),
    ("FI", "Europe/Helsinki", "fi", 0.8),
    ("GB", "Europe/London", "en-GB", 0.9),
    ("IE", "Europe/Dublin", "en-IE", 0.8),
    ("FR", "Europe/Paris", "fr", 0.9),
    ("ES", "Europe/Madrid", "es", 0.8),
    ("IT", "Europe/Rome", "it", 0.9),
    ("PL", "Europe/Warsaw", "pl", 0.9),
];

/// The time zone of a country, if Relata knows it.
pub fn timezone(country: &str) -> Option<&'static str> {
    COUNTRIES.iter().find(|c| c.0 == country).map(|c| c.1)
}

/// The language of a country and how sure that is.
pub fn language(country: &str) -> Option<(&'static str, f64)> {
    COUNTRIES.iter().find(|c| c.0 == country).map(|c| (c.2, c.3))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_time_zone_is_a_real_one() {
        for (_, tz, _, _) in super::COUNTRIES {
            assert!(tz.parse::<chrono_tz::Tz>().is_ok(), "{tz}");
        }
    }
}

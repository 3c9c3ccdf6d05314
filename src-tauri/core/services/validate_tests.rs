use super::*;

fn code<T: std::fmt::Debug>(r: AppResult<T>) -> (ErrorCode, Option<String>) {
    let e = r.unwrap_err();
    (e.code, e.field)
}

#[test]
fn emails_are_trimmed_lowercased_and_checked() {
    assert_eq!(email("e", "  Jan.De-Vries@Example.NL ").unwrap(), "jan.de-vries@example.nl");
    assert_eq!(email("e", "søren@eksempel.dk").unwrap(), "søren@eksempel.dk");
    for bad in ["", "jan", "jan@", "@x.nl", "jan@x", "jan @x.nl", "jan@x..nl", "a@b@c.nl", "jan@-x.nl", "j<a>@x.nl"] {
        assert_eq!(
            code(email("emails.0.value", bad)),
            (ErrorCode::InvalidEmail, Some("emails.0.value".into())),
            "{bad}"
        );
    }
}

#[test]
fn phones_become_e164_in_their_region_or_stay_as_typed() {
    assert_eq!(phone("p", " +31 (0)6-1234 5678 ", None).unwrap(), "+31612345678");
    assert_eq!(phone("p", "0045 20 12 34 56", Some("NL")).unwrap(), "+4520123456");
    assert_eq!(phone("p", "020-1234567", Some("NL")).unwrap(), "+31201234567");
    // Without a region a national number cannot be read: it is kept as typed (and flagged by the UI).
    assert_eq!(phone("p", "020-1234567", None).unwrap(), "020-1234567");
    assert_eq!(phone("p", "12345", Some("NL")).unwrap(), "12345");
    for bad in ["1", "+123456789012345678", "06 CALL ME", "+", "++31612345678", "31+612345"] {
        assert_eq!(code(phone("phones.1.value", bad, Some("NL"))).0, ErrorCode::InvalidPhone, "{bad}");
    }
}

#[test]
fn urls_are_http_only_and_get_a_scheme() {
    assert_eq!(url("w", "example.nl").unwrap(), "https://example.nl");
    assert_eq!(url("w", "HTTP://Example.nl/path?q=1").unwrap(), "http://Example.nl/path?q=1");
    assert_eq!(url("w", "example.com:8080/x").unwrap(), "https://example.com:8080/x");
    assert_eq!(url("w", "https://localhost:3000").unwrap(), "https://localhost:3000");
    for bad in
        ["javascript:alert(1)", "ftp://x.nl", "mailto:a@b.nl", "https://", "https://exa mple.nl", "nodot", "http:x.nl"]
    {
        assert_eq!(code(url("website", bad)), (ErrorCode::InvalidUrl, Some("website".into())), "{bad}");
    }
}

#[test]
fn domains_are_lowercase_hosts() {
    assert_eq!(domain("d", "https://www.Example.NL/about").unwrap(), "example.nl");
    assert_eq!(domain("d", "Firma.dk").unwrap(), "firma.dk");
    assert_eq!(code(domain("domain", "localhost")).0, ErrorCode::InvalidUrl);
}

#[test]
fn codes_and_dates() {
    assert_eq!(country("c", " nl ").unwrap(), "NL");
    assert_eq!(country("c", "NLD").unwrap(), "NL");
    assert_eq!(country("c", "Dänemark").unwrap(), "DK");
    assert_eq!(country("c", " Atlantis ").unwrap(), "Atlantis");
    assert_eq!(country("c", "zz").unwrap(), "ZZ");
    assert_eq!(code(country("address.country", &"x".repeat(500))).1, Some("address.country".into()));
    assert_eq!(currency("c", "dkk").unwrap(), "DKK");
    assert_eq!(code(currency("currency", "EURO")).0, ErrorCode::InvalidCurrency);
    assert_eq!(code(currency("currency", "E1R")).0, ErrorCode::InvalidCurrency);
    assert_eq!(date("d", "2025-02-28").unwrap(), "2025-02-28");
    for bad in ["2025-02-30", "2025-2-3", "28-02-2025", "tomorrow"] {
        assert_eq!(code(date("expected_close", bad)).0, ErrorCode::InvalidDate, "{bad}");
    }
    assert_eq!(language("l", "de_at").unwrap(), "de-AT");
    assert_eq!(code(language("language", "dutch!")).0, ErrorCode::InvalidValue);
}

#[test]
fn text_rules() {
    assert_eq!(required("first_name", "  Ann ", 10).unwrap(), "Ann");
    assert_eq!(code(required("first_name", "   ", 10)), (ErrorCode::Required, Some("first_name".into())));
    assert_eq!(code(required("first_name", "abcdefghijk", 10)).0, ErrorCode::TooLong);
    assert_eq!(optional("x", Some("  "), 10).unwrap(), None);
    assert_eq!(code(range("probability", 101, 0, 100)).0, ErrorCode::OutOfRange);
}

#[test]
fn tags_are_trimmed_and_deduplicated_case_insensitively() {
    let input = vec![" VIP ".to_string(), "vip".into(), "".into(), "Øl".into(), "øL".into(), "b2b".into()];
    assert_eq!(tags("tags", &input).unwrap(), vec!["VIP", "Øl", "b2b"]);
}

#[test]
fn labeled_values_drop_blanks_and_duplicates() {
    let lv = |l: &str, v: &str| LabeledValue { label: l.into(), value: v.into() };
    let out = labeled(
        "emails",
        &[lv("", "A@x.nl"), lv("home", " "), lv("home", "a@X.nl"), lv(" home ", "b@x.nl")],
        "work",
        email,
    )
    .unwrap();
    assert_eq!(out, vec![lv("work", "a@x.nl"), lv("home", "b@x.nl")]);
    let err = labeled("emails", &[lv("", "a@x.nl"), lv("", "nope")], "work", email).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("emails.1.value"));
}

#[test]
fn address_parts_are_trimmed_and_country_named_by_code() {
    let a = Address {
        city: Some(" Utrecht ".into()),
        country: Some("nl".into()),
        street: Some(" ".into()),
        ..Default::default()
    };
    let out = address("address", &a).unwrap();
    assert_eq!((out.city.as_deref(), out.country.as_deref(), out.street), (Some("Utrecht"), Some("NL"), None));
    let named = Address { country: Some("Holland".into()), ..Default::default() };
    assert_eq!(address("address", &named).unwrap().country.as_deref(), Some("NL"));
}

//! The readable summary of a person export: a self-contained HTML page in the user's language. Every
//! stored value goes through `escape`, so nothing the user typed can become markup.

use crate::services::markup::escape_html as escape;
use chrono::{TimeZone, Utc};
use serde_json::Value;

/// Columns that mean nothing to the person (internal keys and sort helpers).
const HIDDEN: &[&str] = &["sort_name", "name_key", "person_id", "position", "repeat_local", "occurrence"];

/// (key, en, nl, de, da): section titles and the column names worth translating.
const WORDS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "title",
        "Personal data export",
        "Export van persoonsgegevens",
        "Export personenbezogener Daten",
        "Eksport af persondata",
    ),
    ("exported_at", "Exported", "Geëxporteerd", "Exportiert", "Eksporteret"),
    ("person", "Person", "Persoon", "Person", "Person"),
    ("emails", "Email addresses", "E-mailadressen", "E-Mail-Adressen", "E-mailadresser"),
    ("phones", "Phone numbers", "Telefoonnummers", "Telefonnummern", "Telefonnumre"),
    ("tags", "Tags", "Labels", "Schlagwörter", "Mærker"),
    ("custom_fields", "Custom fields", "Eigen velden", "Eigene Felder", "Egne felter"),
    ("company", "Company", "Bedrijf", "Firma", "Virksomhed"),
    ("consents", "Consents", "Toestemmingen", "Einwilligungen", "Samtykker"),
    ("activities", "Activities", "Activiteiten", "Aktivitäten", "Aktiviteter"),
    ("tasks", "Tasks", "Taken", "Aufgaben", "Opgaver"),
    ("deals", "Deals", "Deals", "Deals", "Handler"),
    ("cadence_runs", "Follow-up sequences", "Opvolgreeksen", "Nachfass-Sequenzen", "Opfølgningsforløb"),
    ("none", "None", "Geen", "Keine", "Ingen"),
    ("first_name", "First name", "Voornaam", "Vorname", "Fornavn"),
    ("last_name", "Last name", "Achternaam", "Nachname", "Efternavn"),
    ("label", "Label", "Label", "Bezeichnung", "Etiket"),
    ("value", "Value", "Waarde", "Wert", "Værdi"),
    ("name", "Name", "Naam", "Name", "Navn"),
    ("channel", "Channel", "Kanaal", "Kanal", "Kanal"),
    ("purpose", "Purpose", "Doel", "Zweck", "Formål"),
    ("status", "Status", "Status", "Status", "Status"),
    ("at", "When", "Wanneer", "Wann", "Hvornår"),
    ("source", "Source", "Bron", "Quelle", "Kilde"),
    ("note", "Note", "Notitie", "Notiz", "Note"),
    ("kind", "Kind", "Soort", "Art", "Type"),
    ("subject", "Subject", "Onderwerp", "Betreff", "Emne"),
    ("body", "Text", "Tekst", "Text", "Tekst"),
    ("occurred_at", "When", "Wanneer", "Wann", "Hvornår"),
    ("due_at", "Due", "Vervalt", "Fällig", "Forfalder"),
    ("done_at", "Done", "Klaar", "Erledigt", "Udført"),
    ("created_at", "Created", "Aangemaakt", "Erstellt", "Oprettet"),
    ("updated_at", "Updated", "Gewijzigd", "Geändert", "Ændret"),
    ("deleted_at", "In the trash since", "In de prullenbak sinds", "Im Papierkorb seit", "I papirkurven siden"),
];

fn word(key: &str, lang: &str) -> String {
    let Some(w) = WORDS.iter().find(|w| w.0 == key) else {
        return key.replace('_', " ");
    };
    match lang {
        "nl" => w.2,
        "de" => w.3,
        "da" => w.4,
        _ => w.1,
    }
    .to_string()
}

fn text(key: &str, v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) if key.ends_with("_at") || key == "at" => n
            .as_i64()
            .and_then(|ms| Utc.timestamp_millis_opt(ms).single())
            .map_or_else(|| n.to_string(), |t| t.format("%Y-%m-%d %H:%M UTC").to_string()),
        other => other.to_string(),
    }
}

pub fn render(data: &Value, lang: &str) -> String {
    let lang = if ["en", "nl", "de", "da"].contains(&lang) { lang } else { "en" };
    let mut page = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>body{{font-family:sans-serif;margin:2rem;max-width:60rem}}table{{border-collapse:collapse;margin-bottom:1.5rem}}\
         td,th{{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}}</style></head><body>\n",
        escape(&word("title", lang))
    );
    page.push_str(&format!("<h1>{}</h1>\n", escape(&word("title", lang))));
    page.push_str(&format!(
        "<p>{}: {}</p>\n",
        escape(&word("exported_at", lang)),
        escape(&text("exported_at", &data["exported_at"]))
    ));
    for section in ["person", "company"] {
        if let Some(obj) = data[section].as_object() {
            page.push_str(&format!("<h2>{}</h2>\n<table>\n", escape(&word(section, lang))));
            for (k, v) in obj.iter().filter(|(k, v)| !v.is_null() && !HIDDEN.contains(&k.as_str())) {
                page.push_str(&format!(
                    "<tr><th>{}</th><td>{}</td></tr>\n",
                    escape(&word(k, lang)),
                    escape(&text(k, v))
                ));
            }
            page.push_str("</table>\n");
        }
    }
    for section in
        ["emails", "phones", "tags", "custom_fields", "consents", "activities", "tasks", "deals", "cadence_runs"]
    {
        page.push_str(&format!("<h2>{}</h2>\n", escape(&word(section, lang))));
        page.push_str(&table(data[section].as_array().map(Vec::as_slice).unwrap_or_default(), lang));
    }
    page.push_str("</body></html>\n");
    page
}

fn table(rows: &[Value], lang: &str) -> String {
    let Some(first) = rows.first().and_then(Value::as_object) else {
        return format!("<p>{}</p>\n", escape(&word("none", lang)));
    };
    let keys: Vec<&String> = first.keys().filter(|k| !HIDDEN.contains(&k.as_str())).collect();
    let mut out = String::from("<table>\n<tr>");
    for k in &keys {
        out.push_str(&format!("<th>{}</th>", escape(&word(k, lang))));
    }
    out.push_str("</tr>\n");
    for row in rows {
        out.push_str("<tr>");
        for k in &keys {
            out.push_str(&format!("<td>{}</td>", escape(&text(k, &row[k.as_str()]))));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_cannot_become_markup() {
        let data = serde_json::json!({
            "exported_at": 0,
            "person": {"first_name": "<script>alert('x')</script>", "last_name": "O\"Brien & Co"},
            "activities": [{"subject": "<b>hi</b>"}],
        });
        let page = render(&data, "nl");
        assert!(!page.contains("<script>") && !page.contains("<b>hi"));
        assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assert!(page.contains("O&quot;Brien &amp; Co"));
        assert!(page.contains("Voornaam") && page.contains("Activiteiten"));
    }
}

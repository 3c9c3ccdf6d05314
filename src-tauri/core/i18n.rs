//! The UI's translations (ui/src/i18n/locales/*.json), embedded at compile time, for the few texts shown
//! outside the webview: native notifications and the tray (shown while the window, and with it the
//! webview's i18next, may be closed: the `desktop` section) and the app's own records in the CLI (the
//! `system` section, see `domain::SystemEvent`). One source for all: the same files, checked for missing
//! keys in every language by `npm run i18n:check` and by the app's tests.
//!
//! Interpolation and plurals follow i18next: `{{name}}` (a `{{name, format}}` format is ignored) and
//! `key_one`/`key_other`, where en, nl, de and da all say "one" for exactly 1.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Nl,
    De,
    Da,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Nl, Lang::De, Lang::Da];

    /// From a setting or an OS locale like "nl-NL"; anything else is English.
    pub fn from_tag(tag: Option<&str>) -> Lang {
        match tag.map(|t| t.get(..2).unwrap_or(t).to_ascii_lowercase()).as_deref() {
            Some("nl") => Lang::Nl,
            Some("de") => Lang::De,
            Some("da") => Lang::Da,
            _ => Lang::En,
        }
    }

    fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../../ui/src/i18n/locales/en.json"),
            Lang::Nl => include_str!("../../ui/src/i18n/locales/nl.json"),
            Lang::De => include_str!("../../ui/src/i18n/locales/de.json"),
            Lang::Da => include_str!("../../ui/src/i18n/locales/da.json"),
        }
    }
}

/// Each language's texts by dotted key ("desktop.due"), parsed once.
fn catalog(lang: Lang) -> &'static HashMap<String, String> {
    static CATALOGS: OnceLock<HashMap<Lang, HashMap<String, String>>> = OnceLock::new();
    let all = CATALOGS.get_or_init(|| {
        Lang::ALL
            .into_iter()
            .map(|l| {
                // A broken locale file would fail the UI's build and check too; here it just falls back to keys.
                let tree = serde_json::from_str(l.source()).unwrap_or(Value::Null);
                let mut flat = HashMap::new();
                flatten(&tree, "", &mut flat);
                (l, flat)
            })
            .collect()
    });
    &all[&lang]
}

fn flatten(value: &Value, prefix: &str, out: &mut HashMap<String, String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(v, &key, out);
            }
        }
        Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        _ => {}
    }
}

/// Whether `lang` has `key` (a plural key counts when it has both forms).
pub fn has(lang: Lang, key: &str) -> bool {
    let c = catalog(lang);
    c.contains_key(key) || (c.contains_key(&format!("{key}_one")) && c.contains_key(&format!("{key}_other")))
}

/// The text of `key` with `vars` filled in; English when the language lacks it, the key when both do.
pub fn t(lang: Lang, key: &str, vars: &[(&str, &str)]) -> String {
    let template = catalog(lang).get(key).or_else(|| catalog(Lang::En).get(key));
    interpolate(template.map_or(key, String::as_str), vars)
}

/// The plural form of `key` for `count` (also given as `{{count}}`), with `vars` filled in.
pub fn t_count(lang: Lang, key: &str, count: usize, vars: &[(&str, &str)]) -> String {
    let form = if count == 1 { "one" } else { "other" };
    let n = count.to_string();
    let mut all = vec![("count", n.as_str())];
    all.extend_from_slice(vars);
    t(lang, &format!("{key}_{form}"), &all)
}

/// Replaces each `{{name}}` (or `{{name, format}}`) with its value; unknown names stay as written.
pub fn interpolate(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start + 2..].find("}}") else { break };
        let inner = &rest[start + 2..start + 2 + len];
        let name = inner.split(',').next().unwrap_or_default().trim();
        out.push_str(&rest[..start]);
        match vars.iter().find(|(k, _)| *k == name) {
            Some((_, v)) => out.push_str(v),
            None => out.push_str(&rest[start..start + len + 4]),
        }
        rest = &rest[start + len + 4..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_comes_from_the_tag_prefix() {
        assert_eq!(Lang::from_tag(Some("nl-NL")), Lang::Nl);
        assert_eq!(Lang::from_tag(Some("da")), Lang::Da);
        assert_eq!(Lang::from_tag(Some("DE_AT")), Lang::De);
        assert_eq!(Lang::from_tag(Some("fr-FR")), Lang::En);
        assert_eq!(Lang::from_tag(None), Lang::En);
    }

    #[test]
    fn interpolation_fills_names_ignores_formats_and_keeps_the_rest() {
        let vars = [("name", "Åse"), ("count", "3")];
        assert_eq!(interpolate("Hi {{name}}, {{ count, number }} left", &vars), "Hi Åse, 3 left");
        assert_eq!(interpolate("{{name}}{{name}}", &vars), "ÅseÅse");
        assert_eq!(interpolate("{{unknown}} and {{name}}", &vars), "{{unknown}} and Åse");
        assert_eq!(interpolate("open {{name", &vars), "open {{name");
        assert_eq!(interpolate("no braces", &vars), "no braces");
        // A value is inserted as is, never interpolated again.
        assert_eq!(interpolate("{{name}}", &[("name", "{{count}}"), ("count", "1")]), "{{count}}");
    }

    #[test]
    fn lookups_use_the_ui_files_with_plurals_and_fall_back_to_english_then_the_key() {
        assert_eq!(t(Lang::De, "common.cancel", &[]), "Abbrechen");
        assert_eq!(t(Lang::En, "common.removeItem", &[("item", "x")]), "Remove x");
        assert_eq!(t_count(Lang::En, "people.count", 1, &[]), "1 person");
        assert_eq!(t_count(Lang::En, "people.count", 2, &[]), "2 people");
        assert_eq!(t(Lang::Nl, "no.such.key", &[]), "no.such.key");
        assert!(has(Lang::Da, "people.count") && !has(Lang::Da, "people"));
    }
}

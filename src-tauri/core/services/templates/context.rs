//! The merge fields as minijinja objects. Each namespace (`person`, `company`, ...) is an object that
//! notes every field looked up and whether it had a value, so a render that stops on an undefined value
//! can name the field (`person.first_name`) instead of saying "undefined value".

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use minijinja::value::{Enumerator, Object, ObjectRepr, Value};

use crate::domain::{CustomValue, CustomValues};
use crate::i18n::{self, Lang};

/// The lookups of one render, in order: the field's path and whether it was missing.
#[derive(Debug, Default)]
pub(super) struct Lookups(Mutex<Vec<(String, bool)>>);

impl Lookups {
    fn push(&self, path: String, missing: bool) {
        if let Ok(mut log) = self.0.lock() {
            log.push((path, missing));
        }
    }

    /// The missing field an undefined-value error at `span` (the failing expression's source) is about:
    /// the last lookup when it was missing, else the last missing field the expression names.
    pub fn blame(&self, span: Option<&str>) -> Option<String> {
        let log = self.0.lock().ok()?;
        match log.last() {
            Some((path, true)) => Some(path.clone()),
            _ => {
                let span = span?;
                log.iter()
                    .rev()
                    .find(|(path, missing)| *missing && span.contains(path.as_str()))
                    .map(|(p, _)| p.clone())
            }
        }
    }
}

/// One namespace's fields; absent and empty values are left out, so they are undefined.
#[derive(Debug)]
pub(super) struct Fields {
    path: String,
    values: BTreeMap<String, Value>,
    log: Arc<Lookups>,
}

impl Fields {
    pub fn new(path: &str, log: &Arc<Lookups>) -> Self {
        Self { path: path.to_string(), values: BTreeMap::new(), log: log.clone() }
    }

    pub fn text(mut self, key: &str, value: Option<&str>) -> Self {
        if let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) {
            self.values.insert(key.to_string(), Value::from(v));
        }
        self
    }

    pub fn list(mut self, key: &str, values: Vec<String>) -> Self {
        let values: Vec<String> = values.into_iter().filter(|v| !v.trim().is_empty()).collect();
        if !values.is_empty() {
            self.values.insert(key.to_string(), Value::from(values));
        }
        self
    }

    /// `custom.KEY` for each custom value, written for a reader of `lang`.
    pub fn custom(mut self, custom: &CustomValues, lang: Lang) -> Self {
        let mut inner = Fields::new(&format!("{}.custom", self.path), &self.log);
        for (key, value) in custom {
            let text = match value {
                CustomValue::Text(t) => t.clone(),
                CustomValue::Bool(b) => i18n::t(lang, if *b { "common.yes" } else { "common.no" }, &[]),
                CustomValue::Number(n) => number(*n, lang),
            };
            inner = inner.text(key, Some(&text));
        }
        self.values.insert("custom".into(), Value::from_object(inner));
        self
    }

    pub fn into_value(self) -> Value {
        Value::from_object(self)
    }
}

impl Object for Fields {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let key = key.as_str()?;
        let value = self.values.get(key).cloned();
        self.log.push(format!("{}.{key}", self.path), value.is_none());
        value
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(self.values.keys().map(|k| Value::from(k.as_str())).collect())
    }
}

/// A custom number as the reader writes it: "12.5" in English, "12,5" in Dutch, German and Danish.
fn number(n: f64, lang: Lang) -> String {
    let text = if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") };
    match lang {
        Lang::En => text,
        _ => text.replace('.', ","),
    }
}

//! JSON as website forms and newsletter tools export it: an array of flat objects (or an object holding
//! one, as `{"members": [...]}`), each object a row and its keys the columns. A nested object's keys join
//! the columns of their own (Mailchimp's `merge_fields: {FNAME, LNAME}`); an array of values becomes one
//! cell joined by `; ` (tags). A row's number is the object's position (1 for the first), as for vCards.
//! The file is read whole: such exports are small, and the headers are the keys of all objects (each
//! object's keys in sorted order, as serde_json's map keeps them; the mapping goes by name, not position).

use std::path::Path;

use serde_json::{Map, Value};

use super::source::{fill, RowRead, RowSource};
use crate::error::{AppError, AppResult, ErrorCode};

pub struct JsonSource {
    headers: Vec<String>,
    rows: std::vec::IntoIter<Map<String, Value>>,
    total: usize,
    next: u32,
}

impl JsonSource {
    pub fn open(path: &Path) -> AppResult<JsonSource> {
        let text = std::fs::read_to_string(path)?;
        let value: Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
            .map_err(|e| bad(format!("the file is not JSON: {e}")))?;
        let items = match value {
            Value::Array(items) => items,
            Value::Object(map) => map
                .into_iter()
                .find_map(|(_, v)| match v {
                    Value::Array(items) if items.iter().all(Value::is_object) => Some(items),
                    _ => None,
                })
                .ok_or_else(|| bad("the JSON object holds no array of records".into()))?,
            _ => return Err(bad("the JSON file must hold an array of objects".into())),
        };
        let rows = items
            .into_iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::Object(map) => Ok(flatten(map)),
                _ => Err(bad(format!("item {} of the array is not an object", i + 1))),
            })
            .collect::<AppResult<Vec<_>>>()?;
        let mut headers: Vec<String> = Vec::new();
        for key in rows.iter().flat_map(|r| r.keys()) {
            if !headers.contains(key) {
                headers.push(key.clone());
            }
        }
        if headers.is_empty() {
            return Err(bad("the JSON file holds no records".into()));
        }
        Ok(JsonSource { headers, total: rows.len(), rows: rows.into_iter(), next: 0 })
    }
}

fn bad(message: String) -> AppError {
    AppError::field(ErrorCode::InvalidValue, "file", message)
}

/// A nested object's keys come up to the row (a key the row has itself wins).
fn flatten(map: Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    let mut nested = Vec::new();
    for (key, value) in map {
        match value {
            Value::Object(inner) => nested.push(inner),
            v => {
                out.insert(key, v);
            }
        }
    }
    for (key, value) in nested.into_iter().flat_map(flatten) {
        out.entry(key).or_insert(value);
    }
    out
}

/// A value as a cell: text as is, numbers and booleans as JSON writes them, a list joined by `; `.
fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => {
            items.iter().map(|v| cell(Some(v))).filter(|s| !s.is_empty()).collect::<Vec<_>>().join("; ")
        }
        Some(v) => v.to_string(),
    }
}

impl RowSource for JsonSource {
    fn headers(&self) -> &[String] {
        &self.headers
    }

    fn next_row(&mut self, out: &mut Vec<String>) -> AppResult<Option<RowRead>> {
        let Some(row) = self.rows.next() else { return Ok(None) };
        self.next += 1;
        fill(out, self.headers.iter().map(|h| cell(row.get(h))));
        Ok(Some(RowRead { row: self.next, problem: None }))
    }

    fn fraction(&self) -> f64 {
        if self.total == 0 {
            return 1.0;
        }
        1.0 - self.rows.len() as f64 / self.total as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_become_rows_with_the_union_of_their_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        std::fs::write(
            &path,
            r#"{"members": [{"email": "a@x.nl", "tags": ["x", "y"], "merge_fields": {"FNAME": "Ann"}},
                            {"email": "b@x.nl", "consent": true, "n": 3}]}"#,
        )
        .unwrap();
        let mut src = JsonSource::open(&path).unwrap();
        assert_eq!(src.headers(), ["FNAME", "email", "tags", "consent", "n"]);
        let mut cells = Vec::new();
        assert_eq!(src.next_row(&mut cells).unwrap().unwrap().row, 1);
        assert_eq!(cells, ["Ann", "a@x.nl", "x; y", "", ""]);
        assert_eq!(src.next_row(&mut cells).unwrap().unwrap().row, 2);
        assert_eq!(cells, ["", "b@x.nl", "", "true", "3"]);
        assert!(src.next_row(&mut cells).unwrap().is_none());
        std::fs::write(&path, "[1, 2]").unwrap();
        assert!(JsonSource::open(&path).is_err());
    }
}

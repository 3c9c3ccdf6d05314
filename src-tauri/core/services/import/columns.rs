//! A resolved mapping, ready for the row loop: which cell holds which built-in field, and which cells go
//! to which custom field.

use super::infer::custom_value;
use super::types::ColumnTarget;
use crate::domain::{CustomFieldKind, CustomValues};

pub struct CustomColumn {
    pub index: usize,
    pub key: String,
    pub kind: CustomFieldKind,
}

#[derive(Default)]
pub struct Columns {
    fields: Vec<(String, usize)>,
    pub custom: Vec<CustomColumn>,
}

impl Columns {
    pub fn new(targets: &[ColumnTarget], custom: Vec<CustomColumn>) -> Columns {
        let fields = targets
            .iter()
            .enumerate()
            .filter_map(|(i, t)| match t {
                ColumnTarget::Field(f) => Some((f.clone(), i)),
                _ => None,
            })
            .collect();
        Columns { fields, custom }
    }

    pub fn has(&self, field: &str) -> bool {
        self.fields.iter().any(|(f, _)| f == field)
    }
}

/// One row seen through the mapping.
pub struct Cells<'a> {
    pub row: &'a [String],
    pub columns: &'a Columns,
}

impl<'a> Cells<'a> {
    /// The trimmed cell of a field, `None` when unmapped or blank.
    pub fn get(&self, field: &str) -> Option<&'a str> {
        let (_, i) = self.columns.fields.iter().find(|(f, _)| f == field)?;
        let v = self.row.get(*i)?.trim();
        (!v.is_empty()).then_some(v)
    }

    pub fn string(&self, field: &str) -> Option<String> {
        self.get(field).map(str::to_string)
    }

    /// Several values in one cell (`;`, newline, or `,` when `comma` is set).
    pub fn list(&self, field: &str, comma: bool) -> Vec<String> {
        self.get(field)
            .map(|v| {
                v.split(|c| c == ';' || c == '\n' || (comma && c == ','))
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn custom(&self) -> CustomValues {
        self.columns
            .custom
            .iter()
            .filter_map(|c| {
                let v = self.row.get(c.index)?.trim();
                (!v.is_empty()).then(|| (c.key.clone(), custom_value(c.kind, v)))
            })
            .collect()
    }
}

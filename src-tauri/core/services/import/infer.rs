//! The type of a new custom field, inferred from every value of its column: number, boolean, date,
//! choice (a few distinct short values, each used several times) or text.

use std::collections::BTreeMap;

use super::values;
use crate::domain::{CustomFieldKind, CustomValue};

const MAX_CHOICES: usize = 10;
const MAX_CHOICE_LEN: usize = 40;

#[derive(Debug, Clone)]
pub struct ColumnStats {
    filled: usize,
    number: bool,
    boolean: bool,
    date: bool,
    short: bool,
    /// Lower-cased value -> the first spelling seen; stops growing past MAX_CHOICES.
    distinct: BTreeMap<String, String>,
}

impl Default for ColumnStats {
    fn default() -> Self {
        ColumnStats { filled: 0, number: true, boolean: true, date: true, short: true, distinct: BTreeMap::new() }
    }
}

impl ColumnStats {
    pub fn add(&mut self, value: &str) {
        let v = value.trim();
        if v.is_empty() {
            return;
        }
        self.filled += 1;
        self.number &= values::number(v).is_some();
        self.boolean &= values::boolean(v).is_some();
        self.date &= values::date(v).is_some();
        self.short &= v.chars().count() <= MAX_CHOICE_LEN;
        if self.distinct.len() <= MAX_CHOICES {
            self.distinct.entry(v.to_lowercase()).or_insert_with(|| v.to_string());
        }
    }

    /// The kind, and the choices for a choice field.
    pub fn kind(&self) -> (CustomFieldKind, Vec<String>) {
        if self.filled == 0 {
            return (CustomFieldKind::Text, Vec::new());
        }
        if self.boolean {
            return (CustomFieldKind::Boolean, Vec::new());
        }
        // Before numbers: "01.02.2020" also reads as a number with thousands separators.
        if self.date {
            return (CustomFieldKind::Date, Vec::new());
        }
        if self.number {
            return (CustomFieldKind::Number, Vec::new());
        }
        let n = self.distinct.len();
        if self.short && n <= MAX_CHOICES && self.filled >= 3 * n && n >= 2 {
            return (CustomFieldKind::Choice, self.distinct.values().cloned().collect());
        }
        (CustomFieldKind::Text, Vec::new())
    }
}

/// A cell as the custom field's kind wants it; text that does not fit is passed on as text, so the
/// custom field check rejects the row with a message naming the field.
pub fn custom_value(kind: CustomFieldKind, cell: &str) -> CustomValue {
    let parsed = match kind {
        CustomFieldKind::Number => values::number(cell).map(CustomValue::Number),
        CustomFieldKind::Boolean => values::boolean(cell).map(CustomValue::Bool),
        CustomFieldKind::Date => values::date(cell).map(CustomValue::Text),
        CustomFieldKind::Text | CustomFieldKind::Choice => None,
    };
    parsed.unwrap_or_else(|| CustomValue::Text(cell.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(values: &[&str]) -> (CustomFieldKind, Vec<String>) {
        let mut s = ColumnStats::default();
        values.iter().for_each(|v| s.add(v));
        s.kind()
    }

    #[test]
    fn kinds_are_inferred_from_all_values() {
        assert_eq!(kind_of(&["1,5", "", "2"]).0, CustomFieldKind::Number);
        assert_eq!(kind_of(&["yes", "No"]).0, CustomFieldKind::Boolean);
        assert_eq!(kind_of(&["2025-01-02", "03.04.2025"]).0, CustomFieldKind::Date);
        assert_eq!(kind_of(&["01.02.2020", "15.03.2021"]).0, CustomFieldKind::Date);
        assert_eq!(
            kind_of(&["Gold", "gold", "Silver", "Gold", "Silver", "Gold"]),
            (CustomFieldKind::Choice, vec!["Gold".into(), "Silver".into()])
        );
        assert_eq!(kind_of(&["Gold", "Silver", "Bronze"]).0, CustomFieldKind::Text);
        assert_eq!(kind_of(&["1", "x"]).0, CustomFieldKind::Text);
        assert_eq!(kind_of(&["", " "]).0, CustomFieldKind::Text);
    }
}

//! The built-in fields each kind of import fills, and how a column header is matched to one (the header
//! aliases themselves are in `headers`).

use super::headers::tables;
use super::types::{ColumnMapping, ColumnTarget, ImportEntity};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::fold::fold;

/// (field, its aliases) of a kind of import, in the order the mapping offers them.
fn aliases(entity: ImportEntity) -> impl Iterator<Item = &'static (&'static str, &'static str)> + Clone {
    tables(entity).iter().flat_map(|t| t.iter())
}

pub fn names(entity: ImportEntity) -> Vec<String> {
    aliases(entity).map(|(f, _)| f.to_string()).collect()
}

/// What stands before " - " in an export's header and says whose field follows: Pipedrive's "Person - Email",
/// Google's "Organization 1 - Name" and "Address 1 - City" (in the four languages). The person's and the
/// address's are dropped; an organisation's make the rest a company field ("Organization - Name" is the
/// company, not the person's name).
const PERSON_PARTS: &[&str] = &["person", "persoon", "lead", "contact", "kontakt", "activity", "deal"];
const ADDRESS_PARTS: &[&str] = &["address", "adres", "adresse"];
const COMPANY_PARTS: &[&str] = &["organization", "organisation", "organisatie", "company"];
/// What stands after the last " - " in Google's and Outlook's "E-mail 1 - Value": the value itself.
const VALUE_PARTS: &[&str] = &["value", "waarde", "wert", "vaerdi"];

/// A header as the aliases are written: folded to plain lower-case letters and digits, with the export's
/// "whose" prefix and "value" suffix taken off and a first item's " 1" dropped ("E-Mail 1 - Wert" ->
/// `email`, "E-mail 2 - Value" -> `email2`, "Person - Phone - Mobile" -> `phonemobile`).
pub fn squash(header: &str) -> String {
    let folded = fold(&header.replace('_', " ")).split_whitespace().collect::<Vec<_>>().join(" ");
    let mut parts: Vec<&str> = folded.split(" - ").map(str::trim).collect();
    let mut company = false;
    if parts.len() > 1 {
        let head = parts[0].trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
        if PERSON_PARTS.contains(&head) || ADDRESS_PARTS.contains(&head) {
            parts.remove(0);
        } else if COMPANY_PARTS.contains(&head) {
            parts.remove(0);
            company = true;
        }
    }
    if parts.len() > 1 && parts.last().is_some_and(|p| VALUE_PARTS.contains(p)) {
        parts.pop();
    }
    let joined = parts.join(" ");
    let rest = joined.strip_suffix(" 1").unwrap_or(&joined);
    let key: String = rest.chars().filter(|c| c.is_alphanumeric()).collect();
    if company {
        format!("company{key}")
    } else {
        key
    }
}

pub fn auto_field(entity: ImportEntity, header: &str) -> Option<&'static str> {
    let key = squash(header);
    aliases(entity)
        .find(|(f, _)| squash(f) == key)
        .or_else(|| aliases(entity).find(|(_, a)| a.split_whitespace().any(|a| a == key)))
        .map(|(f, _)| *f)
}

/// One target per header: the user's overrides first, then the automatic mapping. A field is filled by
/// one column only; a later column naming it again becomes a custom field (or is ignored).
pub fn resolve(
    entity: ImportEntity,
    headers: &[String],
    overrides: &[ColumnMapping],
    unmapped_as_custom: bool,
) -> AppResult<Vec<ColumnTarget>> {
    let known = names(entity);
    for (i, m) in overrides.iter().enumerate() {
        if !headers.iter().any(|h| h.eq_ignore_ascii_case(m.column.trim())) {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                format!("mappings.{i}.column"),
                format!("the file has no column \"{}\"", m.column),
            ));
        }
        if let ColumnTarget::Field(f) = &m.target {
            if !known.contains(f) {
                return Err(AppError::field(
                    ErrorCode::InvalidValue,
                    format!("mappings.{i}.target"),
                    format!("\"{f}\" is not a field of this import; fields: {}", known.join(", ")),
                ));
            }
        }
    }
    let mut taken: Vec<String> = Vec::new();
    let mut targets = Vec::with_capacity(headers.len());
    for header in headers {
        let chosen = overrides.iter().find(|m| m.column.trim().eq_ignore_ascii_case(header)).map(|m| m.target.clone());
        let target = match chosen {
            Some(t) => t,
            None => match auto_field(entity, header) {
                Some(f)
                    if !taken.iter().any(|t| t == f)
                        && !overrides.iter().any(|m| m.target == ColumnTarget::Field(f.to_string())) =>
                {
                    ColumnTarget::Field(f.to_string())
                }
                _ if unmapped_as_custom && !header.trim().is_empty() => ColumnTarget::Custom(header.trim().to_string()),
                _ => ColumnTarget::Ignore,
            },
        };
        if let ColumnTarget::Field(f) = &target {
            taken.push(f.clone());
        }
        targets.push(target);
    }
    Ok(targets)
}

#[cfg(test)]
#[path = "fields_tests.rs"]
mod tests;

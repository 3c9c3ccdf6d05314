//! Custom fields for the columns mapped to them: an existing field of the same key is reused, a new one
//! is created (inside the import's transaction, recorded in its batch) with the type the values suggest.

use rusqlite::Connection;

use super::batch::{self, CUSTOM_FIELD};
use super::columns::CustomColumn;
use super::infer::ColumnStats;
use super::types::{ColumnTarget, ImportEntity};
use crate::domain::{CustomFieldInput, CustomFieldKind, Entity, Id};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::custom_fields;

/// The record type whose custom fields an import fills; activities have none.
pub fn entity_of(entity: ImportEntity) -> Option<Entity> {
    match entity {
        ImportEntity::People | ImportEntity::Leads | ImportEntity::Signups => Some(Entity::Person),
        ImportEntity::Companies => Some(Entity::Company),
        ImportEntity::Deals => Some(Entity::Deal),
        ImportEntity::Activities | ImportEntity::Orders => None,
    }
}

pub fn needs_stats(targets: &[ColumnTarget]) -> bool {
    targets.iter().any(|t| matches!(t, ColumnTarget::Custom(_)))
}

/// Returns the custom columns and the labels of the fields created.
pub fn prepare(
    tx: &Connection,
    entity: ImportEntity,
    targets: &[ColumnTarget],
    stats: &[ColumnStats],
    batch: Id,
    now: i64,
) -> AppResult<(Vec<CustomColumn>, Vec<String>)> {
    let (mut columns, mut created) = (Vec::new(), Vec::new());
    for (index, target) in targets.iter().enumerate() {
        let ColumnTarget::Custom(label) = target else { continue };
        let Some(record) = entity_of(entity) else {
            return Err(AppError::field(ErrorCode::InvalidValue, "mappings", "activities have no custom fields"));
        };
        let key = custom_fields::key_of(label);
        let existing = custom_fields::list_in(tx, Some(record))?
            .into_iter()
            .find(|d| d.key == key || d.label.eq_ignore_ascii_case(label.trim()));
        let def = match existing {
            Some(def) => def,
            None => {
                let (kind, choices) = stats.get(index).map_or((CustomFieldKind::Text, Vec::new()), ColumnStats::kind);
                let def = custom_fields::create_in(
                    tx,
                    CustomFieldInput { entity: record, label: label.clone(), kind, choices },
                    now,
                )?;
                batch::record(tx, batch, CUSTOM_FIELD, def.id, None)?;
                created.push(def.label.clone());
                def
            }
        };
        columns.push(CustomColumn { index, key: def.key, kind: def.kind });
    }
    Ok((columns, created))
}

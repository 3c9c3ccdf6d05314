use crate::domain::*;
use crate::error::AppResult;
use crate::store::Store;

pub fn list(_s: &Store, _entity: Option<Entity>) -> AppResult<Vec<CustomFieldDef>> { Err(super::pending()) }
pub fn create(_s: &Store, _input: CustomFieldInput) -> AppResult<CustomFieldDef> { Err(super::pending()) }
pub fn delete(_s: &Store, _id: Id) -> AppResult<()> { Err(super::pending()) }

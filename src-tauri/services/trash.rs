use crate::domain::*;
use crate::error::AppResult;
use crate::store::Store;

pub fn list(_s: &Store) -> AppResult<Vec<TrashItem>> { Err(super::pending()) }
pub fn restore(_s: &Store, _entity: Entity, _id: Id) -> AppResult<()> { Err(super::pending()) }
pub fn purge(_s: &Store, _entity: Entity, _id: Id) -> AppResult<()> { Err(super::pending()) }
pub fn empty(_s: &Store) -> AppResult<i64> { Err(super::pending()) }

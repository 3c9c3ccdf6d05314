use crate::domain::*;
use crate::error::AppResult;
use crate::store::Store;

pub fn create(_s: &Store, _input: DealInput) -> AppResult<Deal> { Err(super::pending()) }
pub fn get(_s: &Store, _id: Id) -> AppResult<Deal> { Err(super::pending()) }
pub fn update(_s: &Store, _id: Id, _input: DealInput) -> AppResult<Deal> { Err(super::pending()) }
pub fn delete(_s: &Store, _id: Id) -> AppResult<()> { Err(super::pending()) }
pub fn list(_s: &Store, _q: &DealsQuery) -> AppResult<Page<Deal>> { Err(super::pending()) }
pub fn move_to(_s: &Store, _id: Id, _m: DealMove) -> AppResult<Deal> { Err(super::pending()) }
pub fn board(_s: &Store, _pipeline_id: Id) -> AppResult<Vec<BoardColumn>> { Err(super::pending()) }

use crate::domain::*;
use crate::error::AppResult;
use crate::store::Store;

pub fn create(_s: &Store, _input: ActivityInput) -> AppResult<Activity> { Err(super::pending()) }
pub fn update(_s: &Store, _id: Id, _input: ActivityInput) -> AppResult<Activity> { Err(super::pending()) }
pub fn delete(_s: &Store, _id: Id) -> AppResult<()> { Err(super::pending()) }
pub fn timeline(_s: &Store, _q: &TimelineQuery) -> AppResult<Page<Activity>> { Err(super::pending()) }

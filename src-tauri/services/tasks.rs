use crate::domain::*;
use crate::error::AppResult;
use crate::store::Store;

pub fn create(_s: &Store, _input: TaskInput) -> AppResult<Task> { Err(super::pending()) }
pub fn get(_s: &Store, _id: Id) -> AppResult<Task> { Err(super::pending()) }
pub fn update(_s: &Store, _id: Id, _input: TaskInput) -> AppResult<Task> { Err(super::pending()) }
pub fn delete(_s: &Store, _id: Id) -> AppResult<()> { Err(super::pending()) }
pub fn set_done(_s: &Store, _id: Id, _done: bool) -> AppResult<Task> { Err(super::pending()) }
pub fn list(_s: &Store, _q: &TasksQuery) -> AppResult<Page<Task>> { Err(super::pending()) }
pub fn today(_s: &Store, _utc_offset_minutes: i32) -> AppResult<TodayView> { Err(super::pending()) }

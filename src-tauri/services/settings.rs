use crate::domain::*;
use crate::error::AppResult;
use crate::store::Store;

pub fn get(_s: &Store) -> AppResult<Settings> { Err(super::pending()) }
pub fn set(_s: &Store, _settings: Settings) -> AppResult<Settings> { Err(super::pending()) }

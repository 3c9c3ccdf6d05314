use crate::domain::*;
use crate::error::AppResult;
use crate::store::Store;

pub fn create(_s: &Store, _input: CompanyInput) -> AppResult<Company> { Err(super::pending()) }
pub fn get(_s: &Store, _id: Id) -> AppResult<Company> { Err(super::pending()) }
pub fn update(_s: &Store, _id: Id, _input: CompanyInput) -> AppResult<Company> { Err(super::pending()) }
pub fn delete(_s: &Store, _id: Id) -> AppResult<()> { Err(super::pending()) }
pub fn list(_s: &Store, _q: &CompaniesQuery) -> AppResult<Page<CompanyRow>> { Err(super::pending()) }

//! Use cases over the store. Every function validates its input, runs in one transaction and never panics.

pub mod activities;
pub mod companies;
pub mod custom_fields;
pub mod deals;
pub mod pipelines;
pub mod search;
pub mod settings;
pub mod tasks;
pub mod trash;
pub mod people;

use crate::error::AppError;

fn pending() -> AppError {
    AppError::internal("not implemented yet")
}

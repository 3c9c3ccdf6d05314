//! Use cases over the store. Every function validates its input, runs in one transaction (or one read
//! snapshot) and never panics on input.

pub mod activities;
pub mod analytics;
pub mod audit;
pub mod automation;
pub mod backup;
pub mod bulk;
pub mod cadences;
pub mod calls;
pub mod campaigns;
pub mod companies;
pub mod countries;
pub mod custom_fields;
pub mod deals;
pub mod enrich;
pub mod export;
pub mod gdpr;
pub mod import;
pub mod jobs;
pub mod mail;
pub mod markup;
pub mod orders;
pub mod people;
pub mod pipelines;
pub mod recurrence;
pub mod reminders;
pub mod repeat_preview;
pub mod scheduler;
pub mod scoring;
pub mod search;
pub mod search_backlog;
pub mod security;
pub mod segments;
pub mod settings;
pub mod tasks;
pub mod team;
pub mod templates;
pub mod trash;
pub mod ui_rules;
pub mod upsell;
pub mod validate;

mod custom;
pub mod records;
pub mod sla;
mod tags;
pub mod tickets;

//! The Tauri-free core on temporary databases: one test binary, one module per table or service.

mod core {
    mod activities;
    mod cadences;
    mod cli;
    mod companies;
    mod custom_fields;
    mod deals;
    mod migrations;
    mod people;
    mod reminders;
    mod scheduler;
    mod scoring;
    mod search;
    mod settings;
    mod support;
    mod tasks;
    mod trash;
}

//! The Tauri-free core on temporary databases: one test binary, one module per table or service.

mod core {
    mod activities;
    mod audit;
    mod backup;
    mod cadences;
    mod changes;
    mod companies;
    mod custom_fields;
    mod deals;
    mod export;
    mod gdpr;
    mod import;
    mod import_bulk;
    mod import_locales;
    mod import_rows;
    mod jobs;
    mod layers;
    mod mail_accounts;
    mod mail_outbox;
    mod mail_parse;
    mod mail_server;
    mod mail_smtp;
    mod mail_sync;
    mod mail_sync_job;
    mod mail_views;
    mod migrations;
    mod people;
    mod reminders;
    mod scheduler;
    mod scoring;
    mod scoring_data;
    mod scoring_paths;
    mod search;
    mod search_backlog;
    mod security;
    mod settings;
    mod support;
    mod tasks;
    mod team_capture;
    mod team_pg;
    mod team_random;
    mod team_sync;
    mod templates;
    mod templates_render;
    mod trash;
}

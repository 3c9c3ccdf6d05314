//! The command line through the real `relata` binary (built with the `bench` feature for tests), and the
//! benchmark's generator and figures.

mod cli {
    mod bench;
    mod calls;
    mod commands;
    mod documents;
    mod enrich;
    mod import;
    mod logs;
    mod mail;
    mod mail_sync;
    mod mail_template;
    mod orders;
    mod records;
    mod rules;
    mod scoring;
    #[path = "../core/scoring_data.rs"]
    mod scoring_data;
    mod segments;
    mod signups;
    mod team;
    mod team_kill;
    mod templates;
    mod tickets;
    // Shared with the core's tests; this binary uses only part of it.
    mod analytics;
    mod campaigns;
    mod campaigns_pause;
    #[allow(dead_code)]
    #[path = "../core/support.rs"]
    mod support;
    mod upsell;
}

//! The tables of the local schema that never leave this desktop, each with its reason (`registry.rs` holds
//! the synced ones; `registry::is_declared` accounts for every table).

/// Tables that never leave this desktop, each with its reason.
pub const LOCAL_ONLY: &[(&str, &str)] = &[
    ("settings", "this desktop's preferences"),
    ("enrichment_fills", "this desktop's undo log of enrichment; the values it filled travel with the person"),
    ("people_fts", "search index, rebuilt from the rows"),
    ("companies_fts", "search index, rebuilt from the rows"),
    ("deals_fts", "search index, rebuilt from the rows"),
    ("tickets_fts", "search index of ticket subjects, kept by triggers from the rows"),
    ("ticket_sla", "each ticket's SLA clocks, derived from its events and rebuilt after a pull"),
    ("ticket_sla_meta", "which SLA rules this desktop's ticket_sla rows were derived under"),
    ("people_search_backlog", "search indexing bookkeeping"),
    ("audit_log", "this desktop's audit trail"),
    ("audit_bulk_create", "audit bookkeeping during bulk imports"),
    ("import_batches", "import bookkeeping"),
    ("import_records", "import bookkeeping"),
    ("import_ranges", "import bookkeeping"),
    ("scoring_model", "the model trained on this desktop"),
    ("erasures", "GDPR erasure receipts of this desktop"),
    ("sync_changes", "team sync: changes not yet pushed"),
    ("sync_state", "team sync: this desktop's clock, cursor and workspace"),
    ("sync_unresolved", "team sync: pulled references waiting for their target"),
    ("mail_accounts", "this user's own mail accounts (the password is in this desktop's keyring)"),
    ("mail_signatures", "signatures of this desktop's mail accounts"),
    ("outbox", "this desktop's sending queue; a sent message travels as its email activity"),
    ("mail_folders", "where IMAP sync of this desktop's accounts stands"),
    ("mail_messages", "IMAP sync bookkeeping; each email travels as its activity"),
    ("mail_attachments", "IMAP sync bookkeeping; each email travels as its activity"),
    ("mail_message_activities", "IMAP sync bookkeeping; each email travels as its activity"),
    ("ticket_alerts", "which SLA warnings this desktop has shown; each desktop warns its own user"),
    ("rules", "automation runs on the desktop that has the rule; synced rules would act twice"),
    ("rule_events", "this desktop's automation event log"),
    ("rule_context", "automation bookkeeping inside one transaction"),
    ("rule_runs", "this desktop's automation run history; what the actions wrote travels itself"),
    ("cadence_runs", "a cadence run is the work of the desktop that started it (it stops on that user's mail); its tasks travel as tasks"),
    ("campaign_pauses", "a paused campaign send holds back this desktop's outbox, which is local too"),
    ("cadence_tasks", "which of a local run's tasks are its steps; the tasks themselves travel"),
    ("order_facts", "the counted orders packed per month for analytics, derived from the orders (which travel)"),
    ("order_facts_dirty", "which months of order_facts to pack again, marked by triggers on orders"),
];

/// User data that should travel but is not registered yet. Empty now; kept apart from LOCAL_ONLY so a gap a
/// later table leaves stays visible (each entry is a table to register).
pub const NOT_SYNCED_YET: &[&str] = &[];

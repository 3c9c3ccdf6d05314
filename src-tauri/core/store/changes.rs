//! What a write changed, recorded by the store itself: SQLite's update hook on the writer sees every row a
//! committed transaction inserted, updated or deleted (triggers included), so no service can forget to
//! say what it touched. The store hands the record kinds to one listener after each commit.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, RwLock};

use rusqlite::Connection;

use super::lock;
use crate::domain::Topic;

/// Hears the topics each committed write changed, in `Topic` order, never empty.
pub type ChangeListener = Arc<dyn Fn(&[Topic]) + Send + Sync>;

const EVERY: &[Topic] = &Topic::ALL;

/// The topics whose views show rows of `table`. Tables no view shows (the audit log, search index,
/// settings, imports, cadence templates) change nothing. Tags and custom values are only written together
/// with their record, which the record's own row reports; a custom field definition reaches every form.
/// A new table that a view shows gets its line here (`tests/core/changes.rs` lists the ones that must not).
pub fn topics_of(table: &str) -> &'static [Topic] {
    match table {
        "people" | "person_emails" | "person_phones" | "enrichment_fills" | "consents" | "erasures"
        | "scoring_rules" => &[Topic::Person],
        "companies" => &[Topic::Company],
        "deals" | "pipelines" | "stages" => &[Topic::Deal],
        "activities" => &[Topic::Activity],
        "tasks" | "cadence_runs" | "cadence_tasks" => &[Topic::Task],
        // The document library is managed next to the templates that send its documents.
        "templates" | "template_variants" | "template_attachments" | "documents" | "template_documents" => {
            &[Topic::Template]
        }
        // A document sent: its note is on the timeline (activities), the count in the campaign report.
        "document_sends" => &[Topic::Template, Topic::Campaign],
        "segments" | "segment_members" => &[Topic::Segment],
        "products" | "product_prices" | "orders" | "order_lines" => &[Topic::Order],
        "mail_bounces" | "mail_replies" => &[Topic::Person, Topic::Mail],
        "mail_accounts"
        | "mail_signatures"
        | "outbox"
        | "mail_folders"
        | "mail_messages"
        | "mail_attachments"
        | "mail_message_activities" => &[Topic::Mail],
        "tickets" | "ticket_events" | "sla_calendars" | "sla_policies" | "ticket_alerts" => &[Topic::Ticket],
        "custom_field_defs" => EVERY,
        // The team status shows the sync state and the count of pending changes.
        "sync_state" | "sync_changes" => &[Topic::Team],
        // The event log and the chain marker are bookkeeping; a rule's runs show in its history.
        "rules" | "rule_runs" => &[Topic::Rule],
        "campaigns" | "campaign_costs" | "campaign_members" | "campaign_sends" | "campaign_abtests"
        | "campaign_variants" => &[Topic::Campaign],
        // A pause or resume changes what the outbox sender may take (its wake hears Mail).
        "campaign_pauses" => &[Topic::Campaign, Topic::Mail],
        _ => &[],
    }
}

/// The writer's record of changed kinds, plus where to announce them.
#[derive(Default)]
pub(crate) struct Changes {
    touched: Arc<Mutex<BTreeSet<Topic>>>,
    listener: RwLock<Option<ChangeListener>>,
}

impl Changes {
    /// Installs the update hook on the writer connection (changes in attached files are not records).
    pub fn watch(&self, writer: &mut Connection) -> rusqlite::Result<()> {
        let touched = self.touched.clone();
        writer.update_hook(Some(move |_action, db: &str, table: &str, _rowid| {
            if db == "main" {
                let kinds = topics_of(table);
                if !kinds.is_empty() {
                    lock(&touched).extend(kinds.iter().copied());
                }
            }
        }))
    }

    /// Forgets what a rolled-back or not yet committed transaction recorded; call with the writer locked.
    pub fn reset(&self) {
        lock(&self.touched).clear();
    }

    /// What the transaction that just committed changed; call with the writer still locked.
    pub fn take(&self) -> Vec<Topic> {
        std::mem::take(&mut *lock(&self.touched)).into_iter().collect()
    }

    pub fn set_listener(&self, listener: ChangeListener) {
        *self.listener.write().unwrap_or_else(|p| p.into_inner()) = Some(listener);
    }

    /// Tells the listener (if any) about `topics`; call after the writer is released, so the listener
    /// may read or write the store.
    pub fn announce(&self, topics: &[Topic]) {
        if topics.is_empty() {
            return;
        }
        let listener = self.listener.read().unwrap_or_else(|p| p.into_inner()).clone();
        if let Some(listener) = listener {
            listener(topics);
        }
    }
}

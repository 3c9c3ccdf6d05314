//! What an import is asked to do and what it answers: options, report, progress, preview and batches.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::domain::{Id, Millis};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    Csv,
    Xlsx,
    Vcard,
    /// A JSON array of flat objects (a website form's or newsletter tool's export); the keys are the columns.
    Json,
}

/// What each row becomes. Leads are people with lifecycle `lead` and a lead status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ImportEntity {
    #[default]
    People,
    Leads,
    Companies,
    Deals,
    Activities,
    /// Order lines as shops and ERPs export them; the lines of one invoice number form one order.
    Orders,
    /// Newsletter and web-form signups: people (new ones as leads) with a consent record per row.
    Signups,
}

/// What an order import does with a line that names no customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AnonymousPolicy {
    /// Imported as an anonymous sale: counted in revenue, not in customer figures.
    #[default]
    Import,
    Skip,
}

/// What happens to a row that matches a record already in the store (or imported earlier in this file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DuplicatePolicy {
    #[default]
    Skip,
    Update,
    Create,
}

/// Where one column goes: a built-in field (by its name, see `fields`), a new or existing custom field
/// (by label), or nowhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum ColumnTarget {
    Field(String),
    Custom(String),
    Ignore,
}

/// One user override of the automatic mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ColumnMapping {
    pub column: String,
    pub target: ColumnTarget,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct ImportOptions {
    /// Detected from the file name when `None`.
    pub format: Option<ImportFormat>,
    pub entity: ImportEntity,
    pub mappings: Vec<ColumnMapping>,
    /// Columns neither mapped nor ignored become custom fields (type inferred from the values).
    pub unmapped_as_custom: bool,
    pub on_duplicate: DuplicatePolicy,
    /// Run everything, report, then roll back.
    pub dry_run: bool,
    /// Where to write the rejected rows as CSV (original columns plus `row` and `error`).
    pub rejected_csv: Option<String>,
    /// Orders: the currency when the file has no currency column (default: the app's currency).
    pub currency: Option<String>,
    /// Orders and signups: the IANA time zone of times without an offset (default: the system's).
    pub timezone: Option<String>,
    /// Orders: lines without a customer.
    pub anonymous: AnonymousPolicy,
    /// Signups: what they signed up for, when the file has no purpose column.
    pub signups: SignupOptions,
}

/// What a signups import does besides the people: the consent's purpose and source, and where the
/// signups go next. Segment, campaign and cadence are named by id or name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct SignupOptions {
    /// The consent purpose of rows without one (default `newsletter`); a purpose the core knows.
    pub purpose: Option<String>,
    /// The person's source when the row has none.
    pub source: Option<String>,
    /// A static segment the signups join.
    pub segment: Option<String>,
    /// A campaign the signups join as members.
    pub campaign: Option<String>,
    /// A cadence (welcome series) started for each signup.
    pub cadence: Option<String>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            format: None,
            entity: ImportEntity::People,
            mappings: Vec::new(),
            unmapped_as_custom: true,
            on_duplicate: DuplicatePolicy::Skip,
            dry_run: false,
            rejected_csv: None,
            currency: None,
            timezone: None,
            anonymous: AnonymousPolicy::Import,
            signups: SignupOptions::default(),
        }
    }
}

/// A rejected row (or, in `ImportReport::warnings`, an imported row with a warning): its number as a
/// spreadsheet shows it (the header is row 1; for vCard, the card's position), why, and the input field
/// when one is to blame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RowError {
    pub row: u32,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The cell as the file had it, for a warning (the country that was kept as typed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct ImportReport {
    /// `None` for a dry run or a cancelled import (nothing was written).
    pub batch_id: Option<Id>,
    pub created: u32,
    pub updated: u32,
    pub skipped: u32,
    pub errors: Vec<RowError>,
    /// Rows imported with something kept as typed that Relata could not read (a country it does not know).
    pub warnings: Vec<RowError>,
    pub rows: u32,
    pub cancelled: bool,
    pub dry_run: bool,
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    /// Custom fields the import created (labels).
    pub custom_fields_created: Vec<String>,
    pub elapsed_ms: u32,
    pub rows_per_sec: f64,
    /// New people whose search entries are still to be written (beyond the first few thousand of a large
    /// import): they are in every list at once and searchable once the indexer has caught up.
    pub search_pending: u32,
    /// What an order import made of the lines (`None` for other imports).
    pub orders: Option<OrderImportStats>,
    /// What a signups import made of the rows (`None` for other imports).
    pub signups: Option<SignupImportStats>,
}

/// A signups import's figures: `created` and `updated` count the people, these say what became of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SignupImportStats {
    /// New people (leads) created.
    pub created: u32,
    /// Rows that matched a person already in the store (or earlier in the file): no duplicate was made.
    pub merged: u32,
    pub consents_recorded: u32,
    /// Rows that claimed consent but whose consent could not be recorded (the person was still imported).
    pub consents_refused: Vec<ConsentRefused>,
    pub segment_joined: u32,
    pub campaign_joined: u32,
    pub cadences_started: u32,
}

/// Why a row's consent claim was not recorded (the UI translates the code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ConsentRefusal {
    /// Consent claimed without the time it was given.
    MissingTime,
    /// The time does not read as a date and time.
    InvalidTime,
    /// The time is later than now.
    FutureTime,
    /// The double opt-in confirmation time does not read as a date and time.
    InvalidConfirmation,
    /// The purpose is not one the core knows.
    UnknownPurpose,
    /// The consent cell says neither yes nor no.
    UnclearConsent,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ConsentRefused {
    pub row: u32,
    pub reason: ConsentRefusal,
    /// The English reason, for the CLI and logs.
    pub message: String,
    /// The cell to blame, as the file had it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// An order import's figures: `created` counts the lines imported, these say what they became.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct OrderImportStats {
    /// Orders (and credit notes) created.
    pub orders: u32,
    /// Of those, returns and credit notes (an invoice number starting with C, or only negative lines).
    pub returns: u32,
    pub customers_created: u32,
    pub products_created: u32,
    /// Lines without a customer imported as anonymous sales.
    pub anonymous_imported: u32,
    /// Lines without a customer skipped (`--anonymous skip`).
    pub anonymous_skipped: u32,
    /// Lines of invoices whose number was already in the store (imported before): skipped.
    pub existing_skipped: u32,
}

/// Sent to the progress callback every few thousand rows.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Type)]
pub struct ImportProgress {
    pub rows_done: u32,
    pub rows_per_sec: f64,
    /// Share of the file read, 0..=1.
    pub fraction: f64,
    /// Seconds left at the current rate, when it can be told.
    pub eta_secs: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ImportPreview {
    pub format: ImportFormat,
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The automatic mapping, one per header.
    pub mapping: Vec<ColumnMapping>,
    /// The built-in fields of the chosen entity, for the mapping selects.
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ImportBatch {
    pub id: Id,
    pub format: String,
    pub entity: String,
    pub file_name: String,
    pub created: u32,
    pub updated: u32,
    pub skipped: u32,
    pub errors: u32,
    pub created_at: Millis,
    pub undone_at: Option<Millis>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct UndoReport {
    pub deleted: u32,
    pub restored: u32,
}

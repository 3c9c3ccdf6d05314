//! `relata import csv|xlsx|vcard|json FILE ...` (`json` without `--entity` restores a JSON export), `relata import undo BATCH_ID` and `relata import batches`.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use clap::{Args, Subcommand, ValueEnum};

use super::export;
use super::output::{self, opt};
use relata_core::domain::Id;
use relata_core::error::{AppError, AppResult, ErrorCode};
use relata_core::services::import::{
    self, AnonymousPolicy, ColumnMapping, ColumnTarget, DuplicatePolicy, ImportEntity, ImportFormat, ImportOptions,
    ImportReport, SignupOptions,
};
use relata_core::services::search_backlog;
use relata_core::store::Store;

#[derive(Debug, Subcommand)]
pub enum ImportCmd {
    /// Import a CSV file (delimiter and encoding are detected).
    Csv(ImportFile),
    /// Import the first sheet of an Excel workbook.
    Xlsx(ImportFile),
    /// Import a vCard (.vcf) file with one or more contacts.
    Vcard(ImportFile),
    /// Restore a JSON export (`relata export json`) into an empty store: an identical copy; with
    /// `--entity`, import the rows of a JSON array of objects (a web form's or newsletter tool's export).
    Json(ImportFile),
    /// Undo an import: delete what it created, restore what it updated.
    Undo { batch_id: Id },
    /// List earlier imports (batches).
    Batches {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum EntityArg {
    People,
    Leads,
    Companies,
    Deals,
    Activities,
    Orders,
    Signups,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum AnonymousArg {
    Import,
    Skip,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum DuplicateArg {
    Skip,
    Update,
    Create,
}

#[derive(Debug, Args)]
pub struct ImportFile {
    file: PathBuf,
    /// What the rows are (default: people; `import json` without it restores a JSON export).
    #[arg(long, value_enum)]
    entity: Option<EntityArg>,
    /// COLUMN=FIELD (a field name, `ignore`, or `custom` / `custom:LABEL` for a custom field); repeatable.
    #[arg(long = "map", value_name = "COLUMN=FIELD", value_parser = parse_mapping)]
    mappings: Vec<ColumnMapping>,
    /// What to do with a row that matches an existing record (email, phone, name + company).
    #[arg(long, value_enum, default_value = "skip")]
    on_duplicate: DuplicateArg,
    /// Check everything and report, but write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Leave columns without a built-in field out instead of making custom fields of them.
    #[arg(long)]
    no_custom_fields: bool,
    /// Write the rejected rows (with their row number and reason) to this CSV file.
    #[arg(long, value_name = "FILE")]
    rejected: Option<PathBuf>,
    /// Print the report as JSON (the default prints a summary).
    #[arg(long)]
    json: bool,
    /// Orders: the currency when the file has no currency column (default: the app's currency).
    #[arg(long)]
    currency: Option<String>,
    /// Orders and signups: the IANA time zone of times without an offset, e.g. Europe/London (default: the system's).
    #[arg(long, value_name = "TZ")]
    timezone: Option<String>,
    /// Orders: lines without a customer are imported as anonymous sales, or skipped.
    #[arg(long, value_enum, default_value = "import")]
    anonymous: AnonymousArg,
    /// Signups: the consent purpose of rows without one (default: newsletter).
    #[arg(long)]
    purpose: Option<String>,
    /// Signups: the source of new people whose row names none.
    #[arg(long)]
    source: Option<String>,
    /// Signups: a static segment (id or name) the signups join.
    #[arg(long, value_name = "ID|NAME")]
    segment: Option<String>,
    /// Signups: a campaign (id or name) the signups join as members.
    #[arg(long, value_name = "ID|NAME")]
    campaign: Option<String>,
    /// Signups: a cadence (id or name) started for each signup, e.g. a welcome series.
    #[arg(long, value_name = "ID|NAME")]
    cadence: Option<String>,
}

fn parse_mapping(s: &str) -> Result<ColumnMapping, String> {
    let (column, target) = s.rsplit_once('=').ok_or_else(|| format!("expected COLUMN=FIELD ({s:?})"))?;
    let target = match target.trim() {
        "ignore" | "" => ColumnTarget::Ignore,
        "custom" => ColumnTarget::Custom(column.trim().to_string()),
        t => match t.strip_prefix("custom:") {
            Some(label) => ColumnTarget::Custom(label.trim().to_string()),
            None => ColumnTarget::Field(t.to_string()),
        },
    };
    Ok(ColumnMapping { column: column.trim().to_string(), target })
}

pub fn run(store: &Store, cmd: ImportCmd) -> AppResult<()> {
    let (format, args) = match cmd {
        ImportCmd::Csv(a) => (ImportFormat::Csv, a),
        ImportCmd::Xlsx(a) => (ImportFormat::Xlsx, a),
        ImportCmd::Vcard(a) => (ImportFormat::Vcard, a),
        ImportCmd::Json(a) if a.entity.is_none() => {
            return export::import_json(store, export::ImportJson { file: a.file })
        }
        ImportCmd::Json(a) => (ImportFormat::Json, a),
        ImportCmd::Undo { batch_id } => return output::json(&import::undo(store, batch_id)?),
        ImportCmd::Batches { json } => {
            let batches = import::list_batches(store)?;
            let total = batches.len() as i64;
            return output::list(
                json,
                batches,
                total,
                &["ID", "FILE", "ENTITY", "CREATED", "UPDATED", "WHEN", "UNDONE"],
                |b| {
                    vec![
                        b.id.to_string(),
                        b.file_name.clone(),
                        b.entity.clone(),
                        b.created.to_string(),
                        b.updated.to_string(),
                        output::time(b.created_at),
                        opt(&b.undone_at.map(output::time)),
                    ]
                },
            );
        }
    };
    let options = ImportOptions {
        format: Some(format),
        entity: match args.entity.unwrap_or(EntityArg::People) {
            EntityArg::People => ImportEntity::People,
            EntityArg::Leads => ImportEntity::Leads,
            EntityArg::Companies => ImportEntity::Companies,
            EntityArg::Deals => ImportEntity::Deals,
            EntityArg::Activities => ImportEntity::Activities,
            EntityArg::Orders => ImportEntity::Orders,
            EntityArg::Signups => ImportEntity::Signups,
        },
        mappings: args.mappings,
        unmapped_as_custom: !args.no_custom_fields,
        on_duplicate: match args.on_duplicate {
            DuplicateArg::Skip => DuplicatePolicy::Skip,
            DuplicateArg::Update => DuplicatePolicy::Update,
            DuplicateArg::Create => DuplicatePolicy::Create,
        },
        dry_run: args.dry_run,
        rejected_csv: args.rejected.map(|p| p.to_string_lossy().into_owned()),
        currency: args.currency,
        timezone: args.timezone,
        anonymous: match args.anonymous {
            AnonymousArg::Import => AnonymousPolicy::Import,
            AnonymousArg::Skip => AnonymousPolicy::Skip,
        },
        signups: SignupOptions {
            purpose: args.purpose,
            source: args.source,
            segment: args.segment,
            campaign: args.campaign,
            cadence: args.cadence,
        },
    };
    let report = import::import_file(store, &args.file, &options, &mut |_| {}, &AtomicBool::new(false))?;
    if report.search_pending > 0 {
        // This process ends after the report: write the queued search entries now (the app would do it
        // in the background), with progress on stderr so a JSON report on stdout stays clean.
        search_backlog::catch_up(store, &|| false, &mut |done, total| {
            eprint!("\rsearch index: {done} of {total} people");
        })?;
        eprintln!();
    }
    if args.json {
        output::json(&report)?;
        return all_rejected(&report);
    }
    let batch = report.batch_id.map_or_else(|| "none (dry run)".to_string(), |b| b.to_string());
    output::out(&format!(
        "created {}, updated {}, skipped {}, rejected {} of {} rows in {:.1} s ({:.0} rows/s); batch {batch}",
        report.created,
        report.updated,
        report.skipped,
        report.errors.len(),
        report.rows,
        f64::from(report.elapsed_ms) / 1000.0,
        report.rows_per_sec
    ));
    if let Some(o) = &report.orders {
        output::out(&format!(
            "orders {} (returns {}), new customers {}, new products {}, anonymous lines imported {}, skipped {}; \
             lines of invoices already imported skipped {}",
            o.orders,
            o.returns,
            o.customers_created,
            o.products_created,
            o.anonymous_imported,
            o.anonymous_skipped,
            o.existing_skipped
        ));
    }
    if let Some(s) = &report.signups {
        output::out(&format!(
            "signups: new people {}, merged into existing {}, consents recorded {}, consent claims refused {}; \
             joined segment {}, campaign {}, cadences started {}",
            s.created,
            s.merged,
            s.consents_recorded,
            s.consents_refused.len(),
            s.segment_joined,
            s.campaign_joined,
            s.cadences_started
        ));
        for c in &s.consents_refused {
            let value = c.value.as_deref().map(|v| format!(" ({v:?})")).unwrap_or_default();
            output::out(&format!("row {}: imported without consent: {}{value}", c.row, c.message));
        }
    }
    for e in &report.errors {
        let field = e.field.as_deref().map(|f| format!(" ({f})")).unwrap_or_default();
        output::out(&format!("row {}: {}{field}", e.row, e.message));
    }
    for w in &report.warnings {
        output::out(&format!("row {}: warning: {}", w.row, w.message));
    }
    all_rejected(&report)
}

/// An import that rejected every row failed, so a script sees a non-zero exit and one line on stderr.
fn all_rejected(report: &ImportReport) -> AppResult<()> {
    if report.rows == 0 || report.errors.len() < report.rows as usize {
        return Ok(());
    }
    let first = &report.errors[0];
    Err(AppError::new(
        ErrorCode::InvalidValue,
        format!("all {} rows were rejected, nothing was imported (row {}: {})", report.rows, first.row, first.message),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mappings_parse() {
        assert_eq!(parse_mapping("E-mail=email").unwrap().target, ColumnTarget::Field("email".into()));
        assert_eq!(parse_mapping("Notes=ignore").unwrap().target, ColumnTarget::Ignore);
        assert_eq!(parse_mapping("Size=custom").unwrap().target, ColumnTarget::Custom("Size".into()));
        assert_eq!(
            parse_mapping("a=b=custom:Shoe").unwrap(),
            ColumnMapping { column: "a=b".into(), target: ColumnTarget::Custom("Shoe".into()) }
        );
        assert!(parse_mapping("nothing").is_err());
    }
}

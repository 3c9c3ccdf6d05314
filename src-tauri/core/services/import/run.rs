//! The import loop: one transaction for the whole file; a rejected row leaves no trace (people rows are
//! checked before they write, other rows run in a savepoint), the others stay; progress every few
//! thousand rows, and a cancel flag that rolls everything back.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use super::ahead::Ahead;
use super::apply::{self, Ctx, Outcome};
use super::columns::{Cells, Columns};
use super::created::Created;
use super::custom_cols;
use super::dedupe::PeopleIndex;
use super::infer::ColumnStats;
use super::rejected::RejectedWriter;
use super::types::{
    ColumnTarget, DuplicatePolicy, ImportEntity, ImportFormat, ImportOptions, ImportProgress, ImportReport, RowError,
};
use super::{batch, fields, order_row, signup};
use crate::domain::{AuditAction, Entity};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::audit;
use crate::services::records::enum_str;
use crate::services::search_backlog::{self, NewPeople};
use crate::services::{countries, people, settings};
use crate::store::set_aside::SetAside;
use crate::store::Store;

const PROGRESS_EVERY: u32 = 4096;

/// Why the transaction was rolled back on purpose.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stop {
    Cancelled,
    DryRun,
}

/// Imports one file (see the module docs). `progress` is called every few thousand rows and at the end;
/// setting `cancel` stops the import and writes nothing.
pub fn import_file(
    store: &Store,
    path: &Path,
    options: &ImportOptions,
    progress: &mut dyn FnMut(ImportProgress),
    cancel: &AtomicBool,
) -> AppResult<ImportReport> {
    let started = Instant::now();
    let format = match options.format {
        Some(f) => f,
        None => super::format_of(path)?,
    };
    let src = super::open(path, format)?;
    let headers = src.headers().to_vec();
    let as_custom = options.unmapped_as_custom && custom_cols::entity_of(options.entity).is_some();
    let targets = fields::resolve(options.entity, &headers, &options.mappings, as_custom)?;
    let stats = match custom_cols::needs_stats(&targets) {
        true => match column_stats(path, format, &targets, cancel)? {
            Some(stats) => stats,
            None => return Ok(stopped(Stop::Cancelled, options, started)),
        },
        false => Vec::new(),
    };
    let mut rejected =
        options.rejected_csv.as_deref().map(|p| RejectedWriter::create(Path::new(p), &headers)).transpose()?;
    let mut report = ImportReport {
        encoding: src.encoding(),
        delimiter: src.delimiter().map(|d| d.to_string()),
        dry_run: options.dry_run,
        ..Default::default()
    };
    let now = store.clock().now_ms();
    let file_name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut stop = None;
    let mut search_pending = 0;
    // The share of the file read, as the last row read told it.
    let mut read_share = 0.0;
    let result = store.bulk_write(|tx| {
        let batch = batch::create(tx, &enum_str(&format), &enum_str(&options.entity), &file_name, now)?;
        let (custom, created) = custom_cols::prepare(tx, options.entity, &targets, &stats, batch, now)?;
        report.custom_fields_created = created;
        let columns = Columns::new(&targets, custom);
        let finding_people = needs_people_index(options);
        let app_settings = settings::load(tx)?;
        let date_column = targets.iter().position(|t| *t == ColumnTarget::Field("ordered_at".into()));
        let (orders, reading) = order_row::prepare(tx, options, batch, now, &app_settings.default_currency, || {
            order_row::day_order(super::open(path, format)?.as_mut(), date_column)
        })?
        .unzip();
        let signups = signup::prepare(tx, options, &file_name)?;
        let mut ctx = Ctx {
            tx,
            now,
            row: 0,
            batch,
            policy: options.on_duplicate,
            entity: options.entity,
            lifecycle_given: columns.has("lifecycle"),
            region: people::app_region(&app_settings),
            default_currency: app_settings.default_currency,
            created: Created::new(batch),
            people: finding_people.then(|| PeopleIndex::load(tx)).transpose()?,
            companies: Default::default(),
            search: NewPeople::new(search_backlog::INLINE),
            orders,
            signups,
        };
        // The import is one audit entry naming its batch, and the batch lists what it created: the
        // audit triggers skip one 'create' entry per imported record (updates are still recorded).
        audit::without_create_entries(tx, batch, || {
            // The audit log's create triggers are idle from here on, and so are sync's outside a team and the
            // automation log's without a user rule: each row would run them for nothing.
            let idle = SetAside::idle_insert_triggers(tx)?;
            let savepoints = apply::needs_savepoint(options.entity);
            std::thread::scope(|scope| {
                let mut rows = Ahead::start(scope, src, &columns, reading);
                while let Some((next, fraction)) = rows.next()? {
                    if cancel.load(Ordering::Relaxed) {
                        stop = Some(Stop::Cancelled);
                        return Err(AppError::new(ErrorCode::Conflict, "import cancelled"));
                    }
                    report.rows += 1;
                    (ctx.row, read_share) = (next.read.row, fraction);
                    let row = Cells { row: &next.cells, columns: &columns };
                    let outcome = match (next.read.problem.take(), next.line.take(), savepoints) {
                        (Some(problem), ..) => Err(AppError::new(ErrorCode::InvalidValue, problem)),
                        (None, Some(line), _) => apply::order_line(&mut ctx, line),
                        (None, None, true) => in_savepoint(&mut ctx, |ctx| apply::row(ctx, &row)),
                        (None, None, false) => apply::row(&mut ctx, &row),
                    };
                    if matches!(outcome, Ok(Outcome::Created | Outcome::Updated)) {
                        report.warnings.extend(warning(next.read.row, &row));
                    }
                    match outcome {
                        Ok(Outcome::Created) => report.created += 1,
                        Ok(Outcome::Updated) => report.updated += 1,
                        Ok(Outcome::Skipped) => report.skipped += 1,
                        // The store itself failing is no fault of the row: the import stops, nothing is kept.
                        Err(e) if matches!(e.code, ErrorCode::Database | ErrorCode::Io | ErrorCode::Internal) => {
                            return Err(e)
                        }
                        Err(e) => {
                            if let Some(w) = rejected.as_mut() {
                                w.write(next.read.row, &next.cells, &e.message)?;
                            }
                            let error =
                                RowError { row: next.read.row, message: e.message, field: e.field, value: None };
                            report.errors.push(error);
                        }
                    }
                    if report.rows % PROGRESS_EVERY == 0 {
                        if let Some(orders) = ctx.orders.as_mut() {
                            orders.consider_setting_aside(tx, report.rows.into(), fraction)?;
                        }
                        progress(measure(report.rows, fraction, started));
                    }
                }
                Ok(())
            })?;
            if let Some(orders) = ctx.orders.as_mut() {
                orders.finish(tx)?;
                orders.created_people.iter().for_each(|id| ctx.created.add(Entity::Person.as_str(), *id));
                orders.created_products.iter().for_each(|id| ctx.created.add(batch::PRODUCT, *id));
                report.orders = Some(orders.stats.clone());
            }
            idle.rebuild(tx)?;
            ctx.created.save(tx)?;
            if let Some(s) = ctx.signups.as_ref() {
                report.signups = Some(s.stats.clone());
            }
            if matches!(options.entity, ImportEntity::Leads | ImportEntity::Signups) {
                // Leads and signups imports: each new person fires `signup_imported` rules once.
                let people = ctx.created.ranges(Entity::Person.as_str());
                crate::store::rule_events::log_signups(tx, batch, &people, now)?;
            }
            ctx.search.save(tx)
        })?;
        search_pending = ctx.search.queued();
        batch::finish(tx, batch, &report)?;
        audit::record(tx, now, AuditAction::Import, None, Some(batch), &[&enum_str(&options.entity)])?;
        if options.dry_run {
            stop = Some(Stop::DryRun);
            return Err(AppError::new(ErrorCode::Conflict, "dry run"));
        }
        Ok(batch)
    });
    if let Some(w) = rejected {
        w.finish()?;
    }
    match (result, stop) {
        (_, Some(Stop::Cancelled)) => return Ok(stopped(Stop::Cancelled, options, started)),
        (Err(e), None) => return Err(e),
        (Ok(batch), _) => {
            crate::services::enrich::import_batch(store, batch)?;
            report.batch_id = Some(batch);
            report.search_pending = search_pending;
        }
        (Err(_), Some(Stop::DryRun)) => {}
    }
    let done = measure(report.rows, read_share, started);
    progress(ImportProgress { fraction: 1.0, eta_secs: Some(0.0), ..done });
    report.elapsed_ms = crate::count::saturating_u32(started.elapsed().as_millis());
    report.rows_per_sec = done.rows_per_sec;
    Ok(report)
}

/// What a row kept but Relata could not read: a country it does not know stays as typed.
fn warning(row: u32, cells: &Cells) -> Option<RowError> {
    let typed = cells.get("country")?;
    countries::code(typed).is_none().then(|| RowError {
        row,
        message: format!("\"{typed}\" is not a country Relata knows: kept as typed"),
        field: Some("address.country".into()),
        value: Some(typed.to_string()),
    })
}

fn stopped(why: Stop, options: &ImportOptions, started: Instant) -> ImportReport {
    ImportReport {
        cancelled: why == Stop::Cancelled,
        dry_run: options.dry_run,
        elapsed_ms: crate::count::saturating_u32(started.elapsed().as_millis()),
        ..Default::default()
    }
}

/// Runs one row in a savepoint, so a rejected row leaves nothing behind, in the store or in what the
/// import remembers (ranges created, companies found).
fn in_savepoint(ctx: &mut Ctx, f: impl FnOnce(&mut Ctx) -> AppResult<Outcome>) -> AppResult<Outcome> {
    let tx = ctx.tx;
    let checkpoint = ctx.created.checkpoint();
    tx.prepare_cached("SAVEPOINT import_row")?.execute([])?;
    let out = f(ctx);
    if out.is_err() {
        tx.prepare_cached("ROLLBACK TO import_row")?.execute([])?;
        ctx.created.restore(&checkpoint);
        ctx.companies.forget_all();
    }
    tx.prepare_cached("RELEASE import_row")?.execute([])?;
    out
}

/// People and leads are matched against the store, unless every row is to be created anyway.
fn needs_people_index(options: &ImportOptions) -> bool {
    matches!(options.entity, ImportEntity::People | ImportEntity::Leads | ImportEntity::Signups)
        && options.on_duplicate != DuplicatePolicy::Create
}

fn measure(rows: u32, fraction: f64, started: Instant) -> ImportProgress {
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    let eta_secs = (fraction > 0.0).then(|| secs * (1.0 - fraction) / fraction);
    ImportProgress { rows_done: rows, rows_per_sec: rows as f64 / secs, fraction, eta_secs }
}

/// A first pass over the file for the custom columns' types; `None` when cancelled.
fn column_stats(
    path: &Path,
    format: ImportFormat,
    targets: &[ColumnTarget],
    cancel: &AtomicBool,
) -> AppResult<Option<Vec<ColumnStats>>> {
    let mut src = super::open(path, format)?;
    let mut stats = vec![ColumnStats::default(); targets.len()];
    let custom: Vec<usize> = (0..targets.len()).filter(|i| matches!(targets[*i], ColumnTarget::Custom(_))).collect();
    let mut cells = Vec::new();
    let mut n = 0u32;
    while let Some(read) = src.next_row(&mut cells)? {
        n += 1;
        if n % PROGRESS_EVERY == 0 && cancel.load(Ordering::Relaxed) {
            return Ok(None);
        }
        if read.problem.is_some() {
            continue;
        }
        for &i in &custom {
            if let Some(cell) = cells.get(i) {
                stats[i].add(cell);
            }
        }
    }
    Ok(Some(stats))
}

//! The headless command line over the same core the GUI uses: `relata [--data-dir DIR] <command>`.
//! Success prints JSON (lists print a table unless `--json`); a core error prints `error: ...` and exits 1;
//! a bad argument exits 2 with clap's one-line message.

mod activities;
mod analytics;
mod backup;
#[cfg(feature = "bench")]
pub mod bench;
mod cadences;
mod calls;
mod campaigns;
mod companies;
mod deals;
mod documents;
mod enrich;
mod export;
mod gdpr;
mod import;
mod mail;
mod orders;
mod output;
mod people;
mod people_update;
mod records_update;
mod rules;
mod scoring;
mod security;
mod segments;
mod sla;
mod support;
mod tasks;
mod team;
mod templates;
mod tickets;
mod trash;
mod upsell;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::error::ErrorKind;
use clap::{Parser, Subcommand};

use relata_core::bootstrap;
use relata_core::clock::SystemClock;
use relata_core::error::AppResult;
use relata_core::secrets::KeyringSecrets;
use relata_core::store::Store;

#[derive(Debug, Parser)]
#[command(
    name = "relata",
    version,
    about = "Relata: an offline-first desktop CRM. Without a command it opens the app."
)]
pub struct Args {
    /// Where the data lives (default: $RELATA_DATA_DIR, else the OS app-data dir).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add, list, show and delete people (contacts).
    #[command(subcommand)]
    People(people::PeopleCmd),
    /// Add and list companies.
    #[command(subcommand)]
    Companies(companies::CompaniesCmd),
    /// Add and list deals.
    #[command(subcommand)]
    Deals(deals::DealsCmd),
    /// Add, list, complete and snooze tasks; list what is due.
    #[command(subcommand)]
    Tasks(tasks::TasksCmd),
    /// Log and list activities (calls, emails, meetings, notes, chats, visits).
    #[command(subcommand)]
    Activities(activities::ActivitiesCmd),
    /// List cadences (follow-up templates) and apply one to a person.
    #[command(subcommand)]
    Cadences(cadences::CadencesCmd),
    /// List and restore deleted records.
    #[command(subcommand)]
    Trash(trash::TrashCmd),
    /// Encryption status and the recovery passphrase for a lost key.
    #[command(subcommand)]
    Security(security::SecurityCmd),
    /// The audit trail: who changed which record, when.
    #[command(subcommand)]
    Audit(security::AuditCmd),
    /// Export records as CSV, vCard, an iCalendar feed of follow-ups, or the whole store as JSON.
    #[command(subcommand)]
    Export(export::ExportCmd),
    /// Back up now, list, verify and restore backups; backup settings.
    #[command(subcommand)]
    Backup(backup::BackupCmd),
    /// Export everything about a person, or erase them (GDPR).
    #[command(subcommand)]
    Gdpr(gdpr::GdprCmd),
    /// Record, withdraw and list a person's consents.
    #[command(subcommand)]
    Consent(gdpr::ConsentCmd),
    /// Generate a large dataset, or measure search, lists, dashboard and cold open against their goals.
    #[cfg(feature = "bench")]
    Bench(bench::command::BenchCmd),
    /// Import CSV, XLSX or vCard files, or restore a JSON export; list and undo earlier imports.
    #[command(subcommand)]
    Import(import::ImportCmd),
    /// Train lead scoring on your won and lost history; manage scoring rules.
    #[command(subcommand)]
    Scoring(scoring::ScoringCmd),
    /// List leads with their scores and explain a score.
    #[command(subcommand)]
    Leads(scoring::LeadsCmd),
    /// Enrich people from their email address, offline: propose, apply, undo, or all at once.
    #[command(subcommand)]
    Enrich(enrich::EnrichCmd),
    /// Message templates in four languages: add, list, show, render for a person, remove.
    #[command(subcommand)]
    Templates(templates::TemplatesCmd),
    /// The document library: add a file, list, update, remove (attach with `templates attach`).
    #[command(subcommand)]
    Documents(documents::DocumentsCmd),
    /// Segments: saved filters over people (add, list, count, members, check a filter file).
    #[command(subcommand)]
    Segments(segments::SegmentsCmd),
    /// Team workspaces on PostgreSQL: init, invite, join, sync, status, conflicts, leave.
    #[command(subcommand)]
    Team(team::TeamCmd),
    /// Mail accounts, syncing their folders, and queueing a message.
    #[command(subcommand)]
    Mail(mail::MailCmd),
    /// Deliver and list the outbox of queued messages.
    #[command(subcommand)]
    Outbox(mail::OutboxCmd),
    /// Service desk tickets: add, reply, status, assign, rate, show, list (with their SLA state).
    #[command(subcommand)]
    Tickets(tickets::TicketsCmd),
    /// Business-hours calendars and SLA policies.
    #[command(subcommand)]
    Sla(sla::SlaCmd),
    /// Products: add and list, with list prices per currency, cost and VAT category.
    #[command(subcommand)]
    Products(orders::ProductsCmd),
    /// Orders, invoices and credit notes: add, list, show, or turn a deal into one.
    #[command(subcommand)]
    Orders(orders::OrdersCmd),
    /// The dashboard's figures as JSON: funnel, revenue, churn, customer value, cohort retention.
    #[command(subcommand)]
    Analytics(analytics::AnalyticsCmd),
    /// Support figures over a period: `support metrics --from DATE --to DATE`.
    #[command(subcommand)]
    Support(support::SupportCmd),
    /// Automation rules: add from JSON, list, show, enable, disable, remove, history, preview, export,
    /// import, and run what is pending once.
    #[command(subcommand)]
    Rules(rules::RulesCmd),
    /// Phone calls: log one (direction, outcome, talk and waiting time), list them, look up a caller.
    #[command(subcommand)]
    Calls(calls::CallsCmd),
    /// Campaigns: costs, members from a segment, consent-aware sending, A/B tests and the report.
    #[command(subcommand)]
    Campaigns(campaigns::CampaignsCmd),
    /// Upsell: suggestions per customer, their evaluation against best sellers, check-ins due, and
    /// customers likely to buy a product.
    #[command(subcommand)]
    Upsell(upsell::UpsellCmd),
}

/// Parses the process arguments. Help and the version print in full; any other problem prints clap's
/// one-line reason and exits 2.
pub fn parse_args() -> Args {
    match Args::try_parse() {
        Ok(args) => args,
        // Help (also for a command group given without its subcommand) and the version print in full.
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) =>
        {
            e.exit()
        }
        Err(e) => {
            let text = e.render().to_string();
            let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("error: invalid arguments");
            eprintln!("{line} (see 'relata --help')");
            std::process::exit(2);
        }
    }
}

/// Runs one command headless and returns the process exit code. `flag_dir` is the `--data-dir` given on
/// the command line: the bench only ever uses that one, never the user's own data.
pub fn run_command(flag_dir: Option<&Path>, data_dir: &Path, command: Command) -> i32 {
    relata_core::logging::init(data_dir);
    // The log names the command (`people add`), never its arguments: they carry names and addresses.
    let _span =
        tracing::info_span!("cli", command = %command_path(std::env::args().skip(1)), code = tracing::field::Empty)
            .entered();
    #[cfg(feature = "bench")]
    if let Command::Bench(cmd) = command {
        return bench::command::run(flag_dir, cmd);
    }
    #[cfg(not(feature = "bench"))]
    let _ = flag_dir;
    run(data_dir, command)
}

fn run(data_dir: &Path, command: Command) -> i32 {
    let result = match command {
        // Recovery is what a store whose key is missing needs, so it runs without opening the store.
        Command::Security(security::SecurityCmd::Recover) => security::recover(data_dir),
        command => bootstrap::open_store(data_dir, Arc::new(SystemClock), &KeyringSecrets::new())
            .and_then(|store| dispatch(&store, command)),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            tracing::Span::current().record("code", tracing::field::debug(e.code));
            // What the user reads stays on stderr: it is the CLI's interface, not a log line.
            match e.field {
                Some(field) => eprintln!("error: {} (field: {field})", e.message),
                None => eprintln!("error: {}", e.message),
            }
            1
        }
    }
}

/// The subcommand names in `args`, from the command-line definition only (`people add`): values never
/// match, so nothing the user typed as data reaches the log.
fn command_path(args: impl Iterator<Item = String>) -> String {
    use clap::CommandFactory;
    let mut cmd = Args::command();
    let mut path = Vec::new();
    for arg in args {
        let Some(sub) = cmd.find_subcommand(&arg).cloned() else { continue };
        path.push(sub.get_name().to_string());
        cmd = sub;
    }
    path.join(" ")
}

fn dispatch(store: &Store, command: Command) -> AppResult<()> {
    match command {
        Command::People(cmd) => people::run(store, cmd),
        Command::Companies(cmd) => companies::run(store, cmd),
        Command::Deals(cmd) => deals::run(store, cmd),
        Command::Tasks(cmd) => tasks::run(store, cmd),
        Command::Activities(cmd) => activities::run(store, cmd),
        Command::Cadences(cmd) => cadences::run(store, cmd),
        Command::Trash(cmd) => trash::run(store, cmd),
        Command::Security(cmd) => security::run(store, cmd),
        Command::Audit(cmd) => security::run_audit(store, cmd),
        Command::Export(cmd) => export::run(store, cmd),
        Command::Backup(cmd) => backup::run(store, cmd),
        Command::Gdpr(cmd) => gdpr::run(store, cmd),
        Command::Consent(cmd) => gdpr::run_consent(store, cmd),
        // Handled in `run_command`: the bench opens its own stores.
        #[cfg(feature = "bench")]
        Command::Bench(_) => Ok(()),
        Command::Import(cmd) => import::run(store, cmd),
        Command::Scoring(cmd) => scoring::run(store, cmd),
        Command::Leads(cmd) => scoring::run_leads(store, cmd),
        Command::Enrich(cmd) => enrich::run(store, cmd),
        Command::Templates(cmd) => templates::run(store, cmd),
        Command::Documents(cmd) => documents::run(store, cmd),
        Command::Segments(cmd) => segments::run(store, cmd),
        Command::Team(cmd) => team::run(store, cmd),
        Command::Mail(cmd) => mail::run(store, cmd),
        Command::Outbox(cmd) => mail::outbox_run(store, cmd),
        Command::Tickets(cmd) => tickets::run(store, cmd),
        Command::Sla(cmd) => sla::run(store, cmd),
        Command::Products(cmd) => orders::run_products(store, cmd),
        Command::Orders(cmd) => orders::run_orders(store, cmd),
        Command::Analytics(cmd) => analytics::run(store, cmd),
        Command::Support(cmd) => support::run(store, cmd),
        Command::Rules(cmd) => rules::run(store, cmd),
        Command::Calls(cmd) => calls::run(store, cmd),
        Command::Campaigns(cmd) => campaigns::run(store, cmd),
        Command::Upsell(cmd) => upsell::run(store, cmd),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Args::command().debug_assert();
    }

    #[test]
    fn the_logged_command_is_its_names_only() {
        let args = ["--data-dir", "/tmp/people", "people", "add", "--name", "add", "--email", "a@b.eu"];
        assert_eq!(command_path(args.into_iter().map(String::from)), "people add");
        assert_eq!(command_path(std::iter::empty()), "");
    }

    #[test]
    fn data_dir_is_global_and_no_command_means_gui() {
        let args = Args::try_parse_from(["relata", "people", "list", "--data-dir", "/tmp/x", "--json"]).unwrap();
        assert_eq!(args.data_dir.as_deref(), Some(Path::new("/tmp/x")));
        assert!(matches!(args.command, Some(Command::People(_))));
        let gui = Args::try_parse_from(["relata", "--data-dir", "/tmp/y"]).unwrap();
        assert!(gui.command.is_none());
        let bad = Args::try_parse_from(["relata", "people", "add", "--lifecycle", "vip"]).unwrap_err();
        assert_eq!(bad.kind(), ErrorKind::InvalidValue);
    }
}

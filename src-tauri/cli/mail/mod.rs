//! `relata mail ...` (accounts, sending one message) and `relata outbox ...` (deliver, list). Passwords are
//! read from standard input, never from arguments.

mod account;
mod outbox;
mod sync;

use clap::{Args, Subcommand};

use relata_core::domain::{Id, OutgoingMail, TemplateMail};
use relata_core::error::{AppError, AppResult, ErrorCode};
use relata_core::services::mail::{accounts, compose, outbox as core_outbox};
use relata_core::services::templates;
use relata_core::store::Store;

use super::output;
pub use account::AccountCmd;
pub use outbox::OutboxCmd;

#[derive(Debug, Subcommand)]
pub enum MailCmd {
    /// Add, list, test and remove mail accounts.
    #[command(subcommand)]
    Account(AccountCmd),
    /// Queue one message to a person; `relata outbox run` (or the app) sends it.
    Send(SendArgs),
    /// Sync the accounts' INBOX, Sent and extra folders once and print what it did.
    Sync(sync::SyncArgs),
}

#[derive(Debug, Args)]
pub struct SendArgs {
    /// The recipient (their first email address is used).
    #[arg(long)]
    person: Id,
    /// A template by name, rendered for the person in their language with its documents attached.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["subject", "body"], required_unless_present = "subject")]
    template: Option<String>,
    /// The deal the template's `deal` fields come from (with --template).
    #[arg(long, value_name = "ID", requires = "template")]
    deal: Option<Id>,
    #[arg(long, requires = "body")]
    subject: Option<String>,
    /// The plain-text body; the account's signature in the person's language is appended.
    #[arg(long, requires = "subject")]
    body: Option<String>,
    /// The account to send from (needed when there is more than one).
    #[arg(long, value_name = "NAME")]
    account: Option<String>,
    /// A library document to attach (repeatable); its sending is logged on the person's timeline.
    #[arg(long = "document", value_name = "ID")]
    documents: Vec<Id>,
}

pub fn outbox_run(store: &Store, cmd: OutboxCmd) -> AppResult<()> {
    outbox::run(store, cmd)
}

pub fn run(store: &Store, cmd: MailCmd) -> AppResult<()> {
    match cmd {
        MailCmd::Account(cmd) => account::run(store, cmd),
        MailCmd::Sync(a) => sync::run(store, a),
        MailCmd::Send(a) => {
            let account = pick_account(store, a.account.as_deref())?;
            let entry = match (a.template, a.subject, a.body) {
                (Some(name), _, _) => {
                    let template = templates::find_by_name(store, &name)?;
                    let mail = TemplateMail {
                        account_id: account,
                        person_id: a.person,
                        template_id: template.id,
                        deal_id: a.deal,
                        documents: a.documents,
                        ..Default::default()
                    };
                    compose::queue_template_mail(store, &mail)?
                }
                (None, Some(subject), Some(body)) => {
                    let mail = OutgoingMail {
                        account_id: account,
                        person_id: Some(a.person),
                        subject,
                        body,
                        documents: a.documents,
                        ..Default::default()
                    };
                    core_outbox::queue_one(store, mail)?
                }
                _ => {
                    return Err(AppError::field(
                        ErrorCode::Required,
                        "subject",
                        "give --template or --subject and --body",
                    ))
                }
            };
            output::json(&entry)
        }
    }
}

/// The named account, or the only one there is.
pub fn pick_account(store: &Store, name: Option<&str>) -> AppResult<Id> {
    if let Some(name) = name {
        return Ok(accounts::by_name(store, name)?.id);
    }
    match accounts::list(store)?.as_slice() {
        [only] => Ok(only.id),
        [] => {
            Err(AppError::new(ErrorCode::NotFound, "there is no mail account; add one with 'relata mail account add'"))
        }
        _ => Err(AppError::field(
            ErrorCode::Required,
            "account",
            "there are several mail accounts: name one with --account",
        )),
    }
}

/// A runtime for the network work of one command.
pub fn runtime() -> AppResult<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| AppError::internal(format!("cannot start the async runtime: {e}")))
}

//! `relata mail account add|list|test|remove`.

use std::io::BufRead;

use clap::{Args, Subcommand};

use relata_core::domain::{MailAccountInput, MailSecurity, DEFAULT_PER_DAY, DEFAULT_PER_MINUTE};
use relata_core::error::{AppError, AppResult, ErrorCode};
use relata_core::secrets::KeyringSecrets;
use relata_core::services::mail::{accounts, check, imap};
use relata_core::store::Store;

use crate::output::{self, enum_arg};

#[derive(Debug, Subcommand)]
pub enum AccountCmd {
    /// Add an account; the password (or app password) is read from standard input into the OS keyring.
    Add(AddArgs),
    /// List the accounts (a table, or JSON with --json).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Test the connection: names the failing step (DNS, TCP, TLS, certificate, login, capability).
    Test { name: String },
    /// Remove an account and its password from the keyring.
    Remove { name: String },
    /// Make the account's inbox a support mailbox (new messages there open tickets), or `--off` not.
    Support {
        name: String,
        #[arg(long)]
        off: bool,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[arg(long)]
    name: String,
    #[arg(long)]
    address: String,
    #[arg(long, default_value = "")]
    display_name: String,
    #[arg(long = "user")]
    username: String,
    #[arg(long)]
    imap_host: String,
    #[arg(long)]
    imap_port: i32,
    #[arg(long)]
    smtp_host: String,
    #[arg(long)]
    smtp_port: i32,
    /// tls, starttls, or none (none only for a loopback host).
    #[arg(long, value_parser = enum_arg::<MailSecurity>(&["tls", "starttls", "none"]))]
    security: MailSecurity,
    /// SHA-256 of the SMTP server's self-signed certificate, to trust exactly that one.
    #[arg(long, value_name = "SHA256")]
    pin_smtp: Option<String>,
    #[arg(long, value_name = "SHA256")]
    pin_imap: Option<String>,
    /// Messages a minute at most.
    #[arg(long, default_value_t = DEFAULT_PER_MINUTE)]
    per_minute: i32,
    /// Messages a day at most.
    #[arg(long, default_value_t = DEFAULT_PER_DAY)]
    per_day: i32,
    /// Unknown senders become leads.
    #[arg(long)]
    create_leads: bool,
}

pub fn run(store: &Store, cmd: AccountCmd) -> AppResult<()> {
    let secrets = KeyringSecrets::new();
    match cmd {
        AccountCmd::Add(a) => {
            let password = read_password()?;
            let input = MailAccountInput {
                name: a.name,
                address: a.address,
                display_name: a.display_name,
                username: a.username,
                imap_host: a.imap_host,
                imap_port: a.imap_port,
                smtp_host: a.smtp_host,
                smtp_port: a.smtp_port,
                security: a.security,
                imap_cert_pin: a.pin_imap,
                smtp_cert_pin: a.pin_smtp,
                create_leads: a.create_leads,
                extra_folders: Vec::new(),
                per_minute: a.per_minute,
                per_day: a.per_day,
                signatures: Vec::new(),
            };
            output::json(&accounts::add(store, &secrets, input, &password)?)
        }
        AccountCmd::List { json } => {
            let rows = accounts::list(store)?;
            let total = rows.len() as i64;
            output::list(json, rows, total, &["ID", "NAME", "ADDRESS", "SMTP", "IMAP", "SECURITY"], |a| {
                vec![
                    a.id.to_string(),
                    a.name,
                    a.address,
                    format!("{}:{}", a.smtp_host, a.smtp_port),
                    format!("{}:{}", a.imap_host, a.imap_port),
                    a.security.as_str().to_string(),
                ]
            })
        }
        AccountCmd::Test { name } => {
            let account = accounts::by_name(store, &name)?;
            let password = accounts::password(store, &secrets, account.id)?;
            let (smtp, imap) = super::runtime()?.block_on(async {
                (check::smtp(&account, &password).await, imap::server_check(&account, &password).await)
            });
            let report = check::report(smtp, Some(imap));
            output::json(&report)?;
            let failed = std::iter::once(&report.smtp).chain(report.imap.as_ref()).find(|c| !c.ok);
            match failed {
                Some(c) => Err(c.error.clone().unwrap_or_else(|| AppError::new(ErrorCode::Network, "the test failed"))),
                None => Ok(()),
            }
        }
        AccountCmd::Remove { name } => {
            let account = accounts::by_name(store, &name)?;
            accounts::remove(store, &secrets, account.id)?;
            output::json(&serde_json::json!({ "removed": account.name }))
        }
        AccountCmd::Support { name, off } => {
            let account = accounts::by_name(store, &name)?;
            accounts::set_support_mailbox(store, account.id, !off)?;
            output::json(&serde_json::json!({ "account": account.name, "support_mailbox": !off }))
        }
    }
}

fn read_password() -> AppResult<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let password = line.trim_end_matches(['\r', '\n']).to_string();
    if password.is_empty() {
        return Err(AppError::field(ErrorCode::Required, "password", "type the password on standard input"));
    }
    Ok(password)
}

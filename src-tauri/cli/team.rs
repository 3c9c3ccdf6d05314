//! `relata team ...`: create, invite, join, sync, status, conflicts and leave a team workspace on
//! PostgreSQL. Passwords come on standard input and go to the OS keyring, never to an argument.

use clap::{Args, Subcommand};

use super::output;
use relata_core::error::{AppError, AppResult, ErrorCode};
use relata_core::secrets::KeyringSecrets;
use relata_core::services::team;
use relata_core::store::Store;

#[derive(Debug, Subcommand)]
pub enum TeamCmd {
    /// Create (or upgrade) the workspace as its admin: postgres://ADMIN@host:port/db; the admin's password
    /// on standard input.
    Init {
        #[arg(long)]
        url: String,
    },
    /// Create a team user with a role (admin, manager, sales, support, readonly); their first password on
    /// standard input. Prints the join command (without the password).
    Invite {
        #[arg(long)]
        user: String,
        #[arg(long)]
        role: String,
    },
    /// Join a workspace as USER; the password on standard input.
    Join {
        #[arg(long)]
        url: String,
        #[arg(long)]
        user: String,
    },
    /// Pending changes, last push and pull, conflicts, last error.
    Status(Json),
    /// Push and pull once, then exit.
    Sync,
    /// Same-field edits that lost, with the values that beat them.
    Conflicts(Json),
    /// Put a conflict's losing value back (a new edit, pushed with the next sync).
    RestoreConflict { id: i64 },
    /// Leave the workspace; the local copy stays.
    Leave,
}

#[derive(Debug, Args)]
pub struct Json {
    /// Print JSON (the only format; accepted for symmetry with the list commands).
    #[arg(long)]
    json: bool,
}

fn runtime() -> AppResult<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("cannot start the network runtime: {e}")))
}

pub fn run(store: &Store, cmd: TeamCmd) -> AppResult<()> {
    let secrets = KeyringSecrets::new();
    let rt = runtime()?;
    match cmd {
        TeamCmd::Init { url } => {
            let password = output::read_secret("password", "the admin's password")?;
            output::json(&rt.block_on(team::init(store, &secrets, &url, &password))?)
        }
        TeamCmd::Invite { user, role } => {
            let password = output::read_secret("password", "the new user's first password")?;
            output::json(&rt.block_on(team::invite(store, &secrets, &user, &role, &password))?)
        }
        TeamCmd::Join { url, user } => {
            let password = output::read_secret("password", "your workspace password")?;
            output::json(&rt.block_on(team::join(store, &secrets, &url, &user, &password))?)
        }
        TeamCmd::Status(_) => output::json(&team::status(store)?),
        TeamCmd::Sync => output::json(&rt.block_on(team::sync_once(store, &secrets))?),
        TeamCmd::Conflicts(_) => output::json(&rt.block_on(team::conflicts(store, &secrets))?),
        TeamCmd::RestoreConflict { id } => {
            rt.block_on(team::restore_conflict(store, &secrets, id))?;
            output::json(&team::status(store)?)
        }
        TeamCmd::Leave => {
            team::leave(store, &secrets)?;
            output::json(&team::status(store)?)
        }
    }
}

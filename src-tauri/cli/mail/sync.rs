//! `relata mail sync`: syncs the accounts' INBOX, Sent and extra folders once and prints what it did.

use clap::Args;

use crate::output;
use relata_core::error::AppResult;
use relata_core::secrets::KeyringSecrets;
use relata_core::services::mail::{accounts, sync};
use relata_core::store::Store;

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Only this account (its name).
    #[arg(long, value_name = "NAME")]
    account: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(store: &Store, a: SyncArgs) -> AppResult<()> {
    let only = a.account.as_deref().map(|name| accounts::by_name(store, name)).transpose()?.map(|acc| acc.id);
    let (reports, error) = sync::sync_once(store, &KeyringSecrets::new(), only)?;
    if a.json {
        output::json(&reports)?;
    } else {
        let rows: Vec<Vec<String>> = reports
            .iter()
            .flat_map(|r| {
                r.folders.iter().map(move |f| {
                    [&r.account, &f.folder]
                        .into_iter()
                        .cloned()
                        .chain(
                            [
                                f.new_messages,
                                f.matched,
                                f.leads_created,
                                f.bounces,
                                f.malformed,
                                f.replies,
                                f.unsubscribes,
                                f.flag_changes,
                                f.expunged,
                            ]
                            .map(|n| n.to_string()),
                        )
                        .collect()
                })
            })
            .collect();
        let total = rows.len() as i64;
        let headers = [
            "ACCOUNT",
            "FOLDER",
            "NEW",
            "MATCHED",
            "LEADS",
            "BOUNCES",
            "MALFORMED",
            "REPLIES",
            "UNSUBSCRIBES",
            "FLAGS",
            "DELETED",
        ];
        output::table(&headers, rows, total);
    }
    // What synced was printed; an account that failed still fails the command.
    match error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

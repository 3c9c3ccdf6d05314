//! Where the incremental sync of each folder stands: UIDVALIDITY, the highest UID stored and
//! HIGHESTMODSEQ. `save` runs in the same transaction as the messages it covers, so after a crash the
//! next sync starts right after the last message that was committed.

use rusqlite::Connection;

use crate::domain::Id;
use crate::error::AppResult;
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FolderRole {
    Inbox,
    Sent,
    Other,
}

impl FolderRole {
    pub fn as_str(self) -> &'static str {
        match self {
            FolderRole::Inbox => "inbox",
            FolderRole::Sent => "sent",
            FolderRole::Other => "other",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderState {
    pub id: Id,
    pub name: String,
    pub role: FolderRole,
    pub uidvalidity: Option<u32>,
    pub last_uid: u32,
    pub highestmodseq: Option<u64>,
    /// How many messages with a UID up to `last_uid` the folder held after the last sync (`None`: unknown).
    pub known_count: Option<u32>,
}

/// The folder's state, created (empty) the first time the folder is synced.
pub fn open(store: &Store, account_id: Id, name: &str, role: FolderRole) -> AppResult<FolderState> {
    store.write(|tx| {
        tx.prepare_cached(
            "INSERT INTO mail_folders (account_id, name, role) VALUES (?1, ?2, ?3)
             ON CONFLICT (account_id, name) DO UPDATE SET role = excluded.role",
        )?
        .execute(rusqlite::params![account_id, name, role.as_str()])?;
        let row = tx
            .prepare_cached(
                "SELECT id, uidvalidity, last_uid, highestmodseq, known_count FROM mail_folders
                 WHERE account_id = ?1 AND name = ?2",
            )?
            .query_row(rusqlite::params![account_id, name], |r| {
                Ok(FolderState {
                    id: r.get(0)?,
                    name: name.to_string(),
                    role,
                    uidvalidity: r.get::<_, Option<i64>>(1)?.and_then(|v| u32::try_from(v).ok()),
                    last_uid: u32::try_from(r.get::<_, i64>(2)?).unwrap_or(0),
                    highestmodseq: r.get::<_, Option<i64>>(3)?.and_then(|v| u64::try_from(v).ok()),
                    known_count: r.get::<_, Option<i64>>(4)?.and_then(|v| u32::try_from(v).ok()),
                })
            })?;
        Ok(row)
    })
}

/// Where sync stands in a folder it has seen: (UIDVALIDITY, highest stored UID).
pub fn position(store: &Store, account_id: Id, name: &str) -> AppResult<Option<(Option<u32>, u32)>> {
    use rusqlite::OptionalExtension;
    store.read(|conn| {
        Ok(conn
            .prepare_cached("SELECT uidvalidity, last_uid FROM mail_folders WHERE account_id = ?1 AND name = ?2")?
            .query_row(rusqlite::params![account_id, name], |r| {
                Ok((
                    r.get::<_, Option<i64>>(0)?.and_then(|v| u32::try_from(v).ok()),
                    u32::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
                ))
            })
            .optional()?)
    })
}

/// Stores the state inside the caller's transaction.
pub fn save(tx: &Connection, s: &FolderState, now: i64) -> AppResult<()> {
    tx.prepare_cached(
        "UPDATE mail_folders SET uidvalidity = ?2, last_uid = ?3, highestmodseq = ?4, synced_at = ?5, known_count = ?6
         WHERE id = ?1",
    )?
    .execute(rusqlite::params![
        s.id,
        s.uidvalidity.map(i64::from),
        i64::from(s.last_uid),
        s.highestmodseq.and_then(|v| i64::try_from(v).ok()),
        now,
        s.known_count.map(i64::from)
    ])?;
    Ok(())
}

/// The folders of an account that sync has seen, by name.
pub fn list(conn: &Connection, account_id: Id) -> AppResult<Vec<(String, u32)>> {
    let mut stmt = conn.prepare_cached("SELECT name, last_uid FROM mail_folders WHERE account_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([account_id], |r| Ok((r.get(0)?, u32::try_from(r.get::<_, i64>(1)?).unwrap_or(0))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

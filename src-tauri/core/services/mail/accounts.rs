//! Mail accounts: validated settings in `mail_accounts`, signatures per language in `mail_signatures`, the
//! password in the OS keyring as `mail-account-<store key id>-<id>` (never in the store, a file, a log or an error).

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

pub use super::account_input::{is_loopback, pin, validate};
use crate::domain::{Id, MailAccount, MailAccountInput, MailSecurity, MailSignature};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::secrets::SecretStore;
use crate::store::Store;

pub use super::account_input::{EXTRA_FOLDERS_MAX, PER_DAY_MAX, PER_MINUTE_MAX, SIGNATURE_LANGS};

const COLUMNS: &str = "id, name, address, display_name, username, imap_host, imap_port, smtp_host, smtp_port, \
    security, imap_cert_pin, smtp_cert_pin, create_leads, extra_folders, per_minute, per_day, created_at, updated_at, support_mailbox";

/// The keyring entry holding an account's password: `mail-account-<store>-<id>`, where `<store>` is the
/// store's key id (from relata.keyinfo.json, as the database key's own entry), so two data dirs on one machine
/// (whose account ids both start at 1) never read or delete each other's passwords. A store without key info
/// (a plaintext test store) uses `plain`.
pub fn secret_name(store: &Store, id: Id) -> AppResult<String> {
    Ok(format!("mail-account-{}-{id}", scope(store)?))
}

fn scope(store: &Store) -> AppResult<String> {
    Ok(crate::secrets::key_info(store.data_dir())?.map_or_else(|| "plain".to_string(), |i| i.key_id))
}

pub fn add(
    store: &Store,
    secrets: &dyn SecretStore,
    input: MailAccountInput,
    password: &str,
) -> AppResult<MailAccount> {
    let a = validate(input)?;
    let password = check_password(password)?;
    let now = store.clock().now_ms();
    let scope = scope(store)?;
    store.write(|tx| {
        ensure_unique_name(tx, &a.name, None)?;
        let mut values = settings(&a)?;
        values.push(Value::Integer(now));
        let placeholders = (1..=SETTINGS.len()).map(|n| format!("?{n}")).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "INSERT INTO mail_accounts ({}, created_at, updated_at) VALUES ({placeholders}, ?{n}, ?{n})",
            SETTINGS.join(", "),
            n = SETTINGS.len() + 1
        );
        tx.execute(&sql, params_from_iter(values))?;
        let id = tx.last_insert_rowid();
        save_signatures(tx, id, &a.signatures)?;
        // Inside the transaction: when the keyring refuses, the account is not created either.
        secrets.set(&format!("mail-account-{scope}-{id}"), password.as_bytes())?;
        load(tx, id)
    })
}

/// The columns an account's settings are stored in, in the order `settings` gives their values.
const SETTINGS: [&str; 15] = [
    "name",
    "address",
    "display_name",
    "username",
    "imap_host",
    "imap_port",
    "smtp_host",
    "smtp_port",
    "security",
    "imap_cert_pin",
    "smtp_cert_pin",
    "create_leads",
    "extra_folders",
    "per_minute",
    "per_day",
];

/// The validated input as the values of `SETTINGS`, for adding and for changing an account alike.
fn settings(a: &MailAccountInput) -> AppResult<Vec<Value>> {
    let text = |s: &str| Value::Text(s.to_string());
    let opt = |s: &Option<String>| s.as_deref().map_or(Value::Null, text);
    Ok(vec![
        text(&a.name),
        text(&a.address),
        text(&a.display_name),
        text(&a.username),
        text(&a.imap_host),
        Value::Integer(i64::from(a.imap_port)),
        text(&a.smtp_host),
        Value::Integer(i64::from(a.smtp_port)),
        text(a.security.as_str()),
        opt(&a.imap_cert_pin),
        opt(&a.smtp_cert_pin),
        Value::Integer(i64::from(a.create_leads)),
        Value::Text(serde_json::to_string(&a.extra_folders)?),
        Value::Integer(i64::from(a.per_minute)),
        Value::Integer(i64::from(a.per_day)),
    ])
}

/// Changes an account's settings; a `Some` password replaces the one in the keyring.
pub fn update(
    store: &Store,
    secrets: &dyn SecretStore,
    id: Id,
    input: MailAccountInput,
    password: Option<&str>,
) -> AppResult<MailAccount> {
    let a = validate(input)?;
    let password = password.map(check_password).transpose()?;
    let now = store.clock().now_ms();
    let name = secret_name(store, id)?;
    store.write(|tx| {
        load(tx, id)?;
        ensure_unique_name(tx, &a.name, Some(id))?;
        let mut values = settings(&a)?;
        values.extend([Value::Integer(now), Value::Integer(id)]);
        let assignments = SETTINGS.iter().enumerate().map(|(i, c)| format!("{c} = ?{}", i + 1)).collect::<Vec<_>>();
        let sql = format!(
            "UPDATE mail_accounts SET {}, updated_at = ?{} WHERE id = ?{}",
            assignments.join(", "),
            SETTINGS.len() + 1,
            SETTINGS.len() + 2
        );
        tx.execute(&sql, params_from_iter(values))?;
        tx.execute("DELETE FROM mail_signatures WHERE account_id = ?1", [id])?;
        save_signatures(tx, id, &a.signatures)?;
        if let Some(p) = &password {
            secrets.set(&name, p.as_bytes())?;
        }
        load(tx, id)
    })
}

pub fn list(store: &Store) -> AppResult<Vec<MailAccount>> {
    store.read(|conn| {
        let ids: Vec<Id> = conn
            .prepare_cached("SELECT id FROM mail_accounts ORDER BY name")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        ids.into_iter().map(|id| load(conn, id)).collect()
    })
}

pub fn get(store: &Store, id: Id) -> AppResult<MailAccount> {
    store.read(|conn| load(conn, id))
}

pub fn by_name(store: &Store, name: &str) -> AppResult<MailAccount> {
    store.read(|conn| {
        let id: Option<Id> = conn
            .prepare_cached("SELECT id FROM mail_accounts WHERE name = ?1")?
            .query_row([name.trim()], |r| r.get(0))
            .optional()?;
        let id = id.ok_or_else(|| {
            AppError::new(ErrorCode::NotFound, format!("there is no mail account named \"{}\"", name.trim()))
        })?;
        load(conn, id)
    })
}

/// Removes an account, its signatures and (through the foreign keys) its outbox, and its keyring entry.
/// Refused while messages of it are waiting to be sent.
pub fn remove(store: &Store, secrets: &dyn SecretStore, id: Id) -> AppResult<()> {
    let name = secret_name(store, id)?;
    store.write(|tx| {
        load(tx, id)?;
        let waiting: i64 = tx.query_row(
            "SELECT count(*) FROM outbox WHERE account_id = ?1 AND status IN ('queued', 'sending')",
            [id],
            |r| r.get(0),
        )?;
        if waiting > 0 {
            return Err(AppError::new(
                ErrorCode::Conflict,
                format!("{waiting} message(s) of this account are still waiting in the outbox"),
            ));
        }
        tx.execute("DELETE FROM mail_accounts WHERE id = ?1", [id])?;
        secrets.delete(&name)
    })
}

/// The account's password from the keyring.
pub fn password(store: &Store, secrets: &dyn SecretStore, id: Id) -> AppResult<String> {
    let bytes = secrets.get(&secret_name(store, id)?)?.ok_or_else(|| {
        AppError::new(ErrorCode::Login, "no password is stored for this mail account; enter it again")
    })?;
    String::from_utf8(bytes).map_err(|_| AppError::new(ErrorCode::Login, "the stored password is not valid text"))
}

pub(crate) fn load(conn: &Connection, id: Id) -> AppResult<MailAccount> {
    let sql = format!("SELECT {COLUMNS} FROM mail_accounts WHERE id = ?1");
    let account = conn.prepare_cached(&sql)?.query_row([id], row).optional()?;
    let mut account = account.ok_or_else(|| AppError::not_found("mail account", id))?;
    account.signatures = conn
        .prepare_cached("SELECT lang, body FROM mail_signatures WHERE account_id = ?1 ORDER BY lang")?
        .query_map([id], |r| Ok(MailSignature { lang: r.get(0)?, body: r.get(1)? }))?
        .collect::<Result<_, _>>()?;
    Ok(account)
}

fn row(r: &Row) -> rusqlite::Result<MailAccount> {
    let security: String = r.get(9)?;
    let folders: String = r.get(13)?;
    Ok(MailAccount {
        id: r.get(0)?,
        name: r.get(1)?,
        address: r.get(2)?,
        display_name: r.get(3)?,
        username: r.get(4)?,
        imap_host: r.get(5)?,
        imap_port: r.get(6)?,
        smtp_host: r.get(7)?,
        smtp_port: r.get(8)?,
        security: MailSecurity::parse(&security).unwrap_or(MailSecurity::Tls),
        imap_cert_pin: r.get(10)?,
        smtp_cert_pin: r.get(11)?,
        create_leads: r.get(12)?,
        support_mailbox: r.get(18)?,
        extra_folders: serde_json::from_str(&folders).unwrap_or_default(),
        per_minute: r.get(14)?,
        per_day: r.get(15)?,
        signatures: Vec::new(),
        created_at: r.get(16)?,
        updated_at: r.get(17)?,
    })
}

fn ensure_unique_name(conn: &Connection, name: &str, except: Option<Id>) -> AppResult<()> {
    let other: Option<Id> = conn
        .prepare_cached("SELECT id FROM mail_accounts WHERE name = ?1 AND id IS NOT ?2")?
        .query_row(params![name, except], |r| r.get(0))
        .optional()?;
    match other {
        Some(_) => {
            Err(AppError::field(ErrorCode::Duplicate, "name", format!("a mail account named \"{name}\" exists")))
        }
        None => Ok(()),
    }
}

fn save_signatures(tx: &Connection, id: Id, signatures: &[MailSignature]) -> AppResult<()> {
    let mut insert = tx.prepare_cached("INSERT INTO mail_signatures (account_id, lang, body) VALUES (?1, ?2, ?3)")?;
    for s in signatures.iter().filter(|s| !s.body.trim().is_empty()) {
        insert.execute(params![id, s.lang, s.body])?;
    }
    Ok(())
}

fn check_password(password: &str) -> AppResult<String> {
    // Only line ends are trimmed: a password may start or end with a space.
    let p = password.trim_end_matches(['\r', '\n']);
    if p.is_empty() {
        return Err(AppError::field(ErrorCode::Required, "password", "password is required"));
    }
    if p.len() > 1024 {
        return Err(AppError::field(ErrorCode::TooLong, "password", "password is longer than 1024 characters"));
    }
    Ok(p.to_string())
}

/// Whether the account's inbox is a support mailbox (new messages there open tickets).
pub fn support_mailbox(conn: &rusqlite::Connection, account_id: Id) -> AppResult<bool> {
    Ok(conn
        .prepare_cached("SELECT support_mailbox FROM mail_accounts WHERE id = ?1")?
        .query_row([account_id], |r| r.get::<_, bool>(0))?)
}

/// Makes the account's inbox a support mailbox, or an ordinary one again.
pub fn set_support_mailbox(store: &Store, account_id: Id, on: bool) -> AppResult<()> {
    store.write(|tx| {
        let n = tx
            .prepare_cached("UPDATE mail_accounts SET support_mailbox = ?2 WHERE id = ?1")?
            .execute(rusqlite::params![account_id, on])?;
        if n == 0 {
            return Err(AppError::new(ErrorCode::NotFound, format!("no mail account {account_id}")));
        }
        Ok(())
    })
}

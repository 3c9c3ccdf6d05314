//! Mail accounts: validated settings in `mail_accounts`, signatures per language in `mail_signatures`, the
//! password in the OS keyring as `mail-account-<store key id>-<id>` (never in the store, a file, a log or an error).

use std::net::IpAddr;

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::domain::{Id, MailAccount, MailAccountInput, MailSecurity, MailSignature};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::secrets::SecretStore;
use crate::services::validate::{self as v, NAME_MAX, SHORT_MAX, TEXT_MAX};
use crate::store::Store;

/// The languages an account has a signature for (the app's UI languages).
pub const SIGNATURE_LANGS: [&str; 4] = ["en", "nl", "de", "da"];
/// The most folders besides Inbox and Sent that an account syncs.
pub const EXTRA_FOLDERS_MAX: usize = 50;
/// Per-account sending limits: at most this many messages a minute / a day can be set.
pub const PER_MINUTE_MAX: i32 = 10_000;
pub const PER_DAY_MAX: i32 = 1_000_000;

const COLUMNS: &str = "id, name, address, display_name, username, imap_host, imap_port, smtp_host, smtp_port, \
    security, imap_cert_pin, smtp_cert_pin, create_leads, extra_folders, per_minute, per_day, created_at, updated_at";

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
        tx.execute(
            "INSERT INTO mail_accounts (name, address, display_name, username, imap_host, imap_port, smtp_host,
                smtp_port, security, imap_cert_pin, smtp_cert_pin, create_leads, extra_folders, per_minute, per_day,
                created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)",
            params![
                a.name,
                a.address,
                a.display_name,
                a.username,
                a.imap_host,
                a.imap_port,
                a.smtp_host,
                a.smtp_port,
                a.security.as_str(),
                a.imap_cert_pin,
                a.smtp_cert_pin,
                a.create_leads,
                serde_json::to_string(&a.extra_folders)?,
                a.per_minute,
                a.per_day,
                now
            ],
        )?;
        let id = tx.last_insert_rowid();
        save_signatures(tx, id, &a.signatures)?;
        // Inside the transaction: when the keyring refuses, the account is not created either.
        secrets.set(&format!("mail-account-{scope}-{id}"), password.as_bytes())?;
        load(tx, id)
    })
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
        tx.execute(
            "UPDATE mail_accounts SET name = ?2, address = ?3, display_name = ?4, username = ?5, imap_host = ?6,
                imap_port = ?7, smtp_host = ?8, smtp_port = ?9, security = ?10, imap_cert_pin = ?11,
                smtp_cert_pin = ?12, create_leads = ?13, extra_folders = ?14, per_minute = ?15, per_day = ?16,
                updated_at = ?17
             WHERE id = ?1",
            params![
                id,
                a.name,
                a.address,
                a.display_name,
                a.username,
                a.imap_host,
                a.imap_port,
                a.smtp_host,
                a.smtp_port,
                a.security.as_str(),
                a.imap_cert_pin,
                a.smtp_cert_pin,
                a.create_leads,
                serde_json::to_string(&a.extra_folders)?,
                a.per_minute,
                a.per_day,
                now
            ],
        )?;
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

/// Checks and normalises every field of an account's input.
pub fn validate(i: MailAccountInput) -> AppResult<MailAccountInput> {
    let imap_host = host("imap_host", &i.imap_host)?;
    let smtp_host = host("smtp_host", &i.smtp_host)?;
    if i.security == MailSecurity::None {
        for (field, h) in [("imap_host", &imap_host), ("smtp_host", &smtp_host)] {
            if !is_loopback(h) {
                return Err(AppError::field(
                    ErrorCode::InvalidValue,
                    "security",
                    format!("security \"none\" sends the password in plain text: it is allowed only for a loopback host ({field} is {h})"),
                ));
            }
        }
    }
    let mut langs = Vec::new();
    let mut signatures = Vec::new();
    for (n, s) in i.signatures.iter().enumerate() {
        let lang = s.lang.trim().to_ascii_lowercase();
        let field = format!("signatures.{n}.lang");
        if !SIGNATURE_LANGS.contains(&lang.as_str()) {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                field,
                format!("\"{lang}\" is not one of en, nl, de, da"),
            ));
        }
        if langs.contains(&lang) {
            return Err(AppError::field(ErrorCode::Duplicate, field, format!("two signatures for \"{lang}\"")));
        }
        langs.push(lang.clone());
        let body = v::text(&format!("signatures.{n}.body"), &s.body, TEXT_MAX)?;
        signatures.push(MailSignature { lang, body });
    }
    if i.extra_folders.len() > EXTRA_FOLDERS_MAX {
        return Err(AppError::field(
            ErrorCode::OutOfRange,
            "extra_folders",
            format!("at most {EXTRA_FOLDERS_MAX} folders"),
        ));
    }
    let extra_folders = i
        .extra_folders
        .iter()
        .enumerate()
        .map(|(n, f)| v::required(&format!("extra_folders.{n}"), f, SHORT_MAX))
        .collect::<AppResult<Vec<_>>>()?;
    Ok(MailAccountInput {
        name: v::required("name", &i.name, NAME_MAX)?,
        address: v::email("address", &i.address)?,
        display_name: v::text("display_name", &i.display_name, NAME_MAX)?,
        username: v::required("username", &i.username, SHORT_MAX)?,
        imap_port: port("imap_port", i.imap_port)?,
        smtp_port: port("smtp_port", i.smtp_port)?,
        imap_host,
        smtp_host,
        security: i.security,
        imap_cert_pin: i.imap_cert_pin.as_deref().map(|p| pin("imap_cert_pin", p)).transpose()?.flatten(),
        smtp_cert_pin: i.smtp_cert_pin.as_deref().map(|p| pin("smtp_cert_pin", p)).transpose()?.flatten(),
        create_leads: i.create_leads,
        extra_folders,
        per_minute: limit("per_minute", i.per_minute, PER_MINUTE_MAX)?,
        per_day: limit("per_day", i.per_day, PER_DAY_MAX)?,
        signatures,
    })
}

/// A host name or an IP address (IPv6 with or without brackets), lowercased.
fn host(field: &str, s: &str) -> AppResult<String> {
    let h = v::required(field, s, 253)?.to_ascii_lowercase();
    let bare = h.trim_start_matches('[').trim_end_matches(']');
    if bare.parse::<IpAddr>().is_ok() {
        return Ok(bare.to_string());
    }
    if h == "localhost" || v::valid_host(&h) {
        return Ok(h);
    }
    Err(AppError::field(ErrorCode::InvalidValue, field, format!("\"{h}\" is not a host name or IP address")))
}

/// 127.0.0.0/8, ::1 and `localhost`.
pub fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost") || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn port(field: &str, p: i32) -> AppResult<i32> {
    if (1..=65535).contains(&p) {
        Ok(p)
    } else {
        Err(AppError::field(ErrorCode::OutOfRange, field, format!("{field} must be between 1 and 65535")))
    }
}

fn limit(field: &str, n: i32, max: i32) -> AppResult<i32> {
    if (1..=max).contains(&n) {
        Ok(n)
    } else {
        Err(AppError::field(ErrorCode::OutOfRange, field, format!("{field} must be between 1 and {max}")))
    }
}

/// A SHA-256 fingerprint as 64 hex digits, colons and spaces allowed; stored lowercase without separators.
/// Empty means no pin.
pub fn pin(field: &str, s: &str) -> AppResult<Option<String>> {
    let hex: String = s.chars().filter(|c| !matches!(c, ':' | ' ')).collect::<String>().to_ascii_lowercase();
    if hex.is_empty() {
        return Ok(None);
    }
    if hex.len() == 64 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(Some(hex))
    } else {
        Err(AppError::field(
            ErrorCode::InvalidValue,
            field,
            format!("{field} must be a SHA-256 fingerprint (64 hex digits)"),
        ))
    }
}

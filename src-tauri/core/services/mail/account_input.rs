//! Validation and normalisation of a mail account's settings; every failure names the input field.

use std::net::IpAddr;

use crate::domain::{MailAccountInput, MailSecurity, MailSignature};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::validate::{self as v, NAME_MAX, SHORT_MAX, TEXT_MAX};

/// The languages an account has a signature for (the app's UI languages).
pub const SIGNATURE_LANGS: [&str; 4] = ["en", "nl", "de", "da"];
/// The most folders besides Inbox and Sent that an account syncs.
pub const EXTRA_FOLDERS_MAX: usize = 50;
/// Per-account sending limits: at most this many messages a minute / a day can be set.
pub const PER_MINUTE_MAX: i32 = 10_000;
pub const PER_DAY_MAX: i32 = 1_000_000;

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

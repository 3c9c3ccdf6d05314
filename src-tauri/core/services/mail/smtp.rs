//! SMTP with lettre's connection: the steps DNS → TCP → TLS (implicit or STARTTLS) → certificate (the pin is
//! checked before anything but EHLO is sent) → login (AUTH PLAIN or LOGIN), each failing with its own code,
//! then messages sent as the bytes the outbox built.

use std::future::Future;
use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::Error as SmtpError;
use lettre::Address;

use super::tls;
use crate::domain::{MailAccount, MailSecurity};
use crate::error::{AppError, AppResult, ErrorCode};

/// How long one SMTP command (or the whole DATA) may take before the connection counts as gone.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(60);

/// Where and how to reach an account's SMTP server.
#[derive(Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: MailSecurity,
    pub pin: Option<String>,
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for SmtpSettings {
    // Never the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings").field("host", &self.host).field("port", &self.port).finish_non_exhaustive()
    }
}

impl SmtpSettings {
    pub fn of(account: &MailAccount, password: String) -> SmtpSettings {
        SmtpSettings {
            host: account.smtp_host.clone(),
            port: account.smtp_port,
            security: account.security,
            pin: account.smtp_cert_pin.clone(),
            username: account.username.clone(),
            password,
        }
    }
}

/// A logged-in SMTP connection.
pub struct SmtpSession {
    conn: AsyncSmtpConnection,
}

async fn timed<T>(what: &str, f: impl Future<Output = Result<T, SmtpError>>) -> AppResult<T> {
    match tokio::time::timeout(COMMAND_TIMEOUT, f).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(connection_error(what, &e)),
        Err(_) => Err(AppError::new(ErrorCode::Network, format!("{what}: the server did not answer in time"))),
    }
}

/// A connection-level failure: TLS and certificate errors by their kind, anything else as the network.
fn connection_error(what: &str, e: &SmtpError) -> AppError {
    if let Some(found) = tls::classify_known(e) {
        return AppError::new(found.code, format!("{what}: {}", found.message));
    }
    if e.is_tls() {
        return AppError::new(ErrorCode::Tls, format!("{what}: {e}"));
    }
    AppError::new(ErrorCode::Network, format!("{what}: {e}"))
}

fn tls_parameters(host: &str, pin: Option<&str>) -> AppResult<TlsParameters> {
    tls::provider();
    let builder = TlsParameters::builder(host.to_string());
    // A pinned certificate is self-signed and may name another host: the pin itself is checked right after
    // the handshake (whose signature rustls still verifies), before the login.
    let builder = if pin.is_some() {
        builder.dangerous_accept_invalid_certs(true).dangerous_accept_invalid_hostnames(true)
    } else {
        builder
    };
    builder.build_rustls().map_err(|e| AppError::new(ErrorCode::Tls, format!("TLS setup failed: {e}")))
}

/// Connects, secures the connection as the account says, checks the pin and logs in.
pub async fn connect(s: &SmtpSettings) -> AppResult<SmtpSession> {
    let mut conn = open(s, s.pin.as_deref()).await?;
    if let Some(pin) = &s.pin {
        let seen = conn.peer_certificate().map(|der| tls::fingerprint(&der)).unwrap_or_default();
        if !seen.eq_ignore_ascii_case(pin) {
            conn.abort().await;
            return Err(AppError::new(
                ErrorCode::Certificate,
                format!("the server's certificate ({seen}) is not the pinned one"),
            ));
        }
    }
    login(&mut conn, s).await?;
    Ok(SmtpSession { conn })
}

/// DNS, TCP, greeting and EHLO, and TLS; no login.
async fn open(s: &SmtpSettings, pin: Option<&str>) -> AppResult<AsyncSmtpConnection> {
    let hello = ClientId::default();
    match s.security {
        MailSecurity::Tls => {
            let addrs = tls::resolve(&s.host, s.port).await?;
            let params = tls_parameters(&s.host, pin)?;
            let connect =
                AsyncSmtpConnection::connect_tokio1(&addrs[..], Some(tls::CONNECT_TIMEOUT), &hello, Some(params), None);
            timed("connecting", connect).await
        }
        MailSecurity::Starttls | MailSecurity::None => {
            let tcp = tls::connect_tcp(&s.host, s.port).await?;
            let mut conn =
                timed("greeting", AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &hello)).await?;
            if s.security == MailSecurity::Starttls {
                if !conn.can_starttls() {
                    conn.abort().await;
                    return Err(AppError::new(ErrorCode::Capability, "the server does not offer STARTTLS"));
                }
                let params = tls_parameters(&s.host, pin)?;
                timed("STARTTLS", conn.starttls(params, &hello)).await?;
            }
            Ok(conn)
        }
    }
}

async fn login(conn: &mut AsyncSmtpConnection, s: &SmtpSettings) -> AppResult<()> {
    let credentials = Credentials::new(s.username.clone(), s.password.clone());
    let result =
        tokio::time::timeout(COMMAND_TIMEOUT, conn.auth(&[Mechanism::Plain, Mechanism::Login], &credentials)).await;
    let err = match result {
        Ok(Ok(_)) => return Ok(()),
        Ok(Err(e)) => e,
        Err(_) => return Err(AppError::new(ErrorCode::Network, "login: the server did not answer in time")),
    };
    conn.abort().await;
    Err(if err.is_permanent() || err.is_transient() {
        AppError::new(ErrorCode::Login, format!("the server refused the login: {err}"))
    } else if err.is_client() {
        AppError::new(
            ErrorCode::Capability,
            format!("the server offers no login Relata can use (AUTH PLAIN or LOGIN): {err}"),
        )
    } else {
        connection_error("login", &err)
    })
}

impl SmtpSession {
    /// Sends one message. A 5xx reply is `RemoteRejected` (final), a 4xx `RateLimited` (try later), a lost
    /// connection `Network`; the server's own text is in the message. After any error the connection is gone.
    pub async fn send(&mut self, from: &str, to: &[String], raw: &[u8]) -> AppResult<()> {
        let bad = |a: &str| AppError::new(ErrorCode::InvalidEmail, format!("\"{a}\" is not an address SMTP accepts"));
        let from: Address = from.parse().map_err(|_| bad(from))?;
        let to = to.iter().map(|a| a.parse::<Address>().map_err(|_| bad(a))).collect::<AppResult<Vec<_>>>()?;
        let envelope =
            Envelope::new(Some(from), to).map_err(|e| AppError::new(ErrorCode::InvalidValue, e.to_string()))?;
        match tokio::time::timeout(COMMAND_TIMEOUT, self.conn.send(&envelope, raw)).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) if e.is_permanent() => Err(AppError::new(ErrorCode::RemoteRejected, e.to_string())),
            Ok(Err(e)) if e.is_transient() => Err(AppError::new(ErrorCode::RateLimited, e.to_string())),
            // lettre refuses before sending (say, no 8BITMIME for 8-bit bytes): this server never takes it.
            Ok(Err(e)) if e.is_client() => Err(AppError::new(ErrorCode::RemoteRejected, e.to_string())),
            Ok(Err(e)) => Err(connection_error("sending", &e)),
            Err(_) => Err(AppError::new(ErrorCode::Network, "sending: the server did not answer in time")),
        }
    }

    pub fn is_broken(&self) -> bool {
        self.conn.has_broken()
    }

    pub async fn quit(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(5), self.conn.quit()).await;
    }
}

/// The SHA-256 of the certificate an SMTP server presents after STARTTLS, whatever it is.
pub async fn starttls_fingerprint(host: &str, port: u16) -> AppResult<String> {
    let s = SmtpSettings {
        host: host.to_string(),
        port,
        security: MailSecurity::Starttls,
        pin: None,
        username: String::new(),
        password: String::new(),
    };
    // Any certificate is accepted here: nothing is sent after the handshake.
    let mut conn = open(&s, Some("")).await?;
    let der = conn.peer_certificate().map_err(|e| AppError::new(ErrorCode::Tls, format!("no certificate: {e}")));
    conn.abort().await;
    Ok(tls::fingerprint(&der?))
}

/// The SMTP half of "Test connection": connects, logs in and says goodbye.
pub async fn check(s: &SmtpSettings) -> AppResult<()> {
    connect(s).await?.quit().await;
    Ok(())
}

/// The certificate's fingerprint to show when an SMTP check failed on it.
pub async fn refused_fingerprint(s: &SmtpSettings) -> Option<String> {
    let start = match s.security {
        MailSecurity::Tls => tls::TlsStart::Implicit,
        MailSecurity::Starttls => tls::TlsStart::SmtpStarttls,
        MailSecurity::None => return None,
    };
    tls::fetch_fingerprint(&s.host, s.port, start).await.ok()
}

//! Connecting to the workspace's PostgreSQL: the user's own role with SCRAM, TLS through rustls (verified
//! against the Mozilla roots) for every host except a loopback one, where plain TCP is allowed. Driver errors
//! become the app's error codes with a clear message; the password never appears in one.

use std::net::IpAddr;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use tokio_postgres::config::{Host, SslMode};
use tokio_postgres::{Client, Config, NoTls};

use crate::error::{AppError, AppResult, ErrorCode};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A workspace address without credentials: `postgres://host:port/db` (a user in it is ignored).
#[derive(Debug, Clone, PartialEq)]
pub struct Address {
    pub config: Config,
    pub url: String,
}

pub fn parse(url: &str) -> AppResult<Address> {
    let config = Config::from_str(url)
        .map_err(|e| AppError::field(ErrorCode::InvalidUrl, "url", format!("not a PostgreSQL URL: {e}")))?;
    if config.get_hosts().is_empty() {
        return Err(AppError::field(ErrorCode::InvalidUrl, "url", "the URL names no host"));
    }
    if config.get_password().is_some() {
        return Err(AppError::field(
            ErrorCode::InvalidUrl,
            "url",
            "leave the password out of the URL; it is read from standard input and kept in the keyring",
        ));
    }
    Ok(Address { config, url: url.to_string() })
}

impl Address {
    /// The URL's user, if it names one.
    pub fn user(&self) -> Option<&str> {
        self.config.get_user()
    }

    /// A loopback host (or a Unix socket): the only place plain TCP is allowed.
    pub fn is_loopback(&self) -> bool {
        self.config.get_hosts().iter().all(|h| match h {
            Host::Tcp(name) => name == "localhost" || IpAddr::from_str(name).is_ok_and(|ip| ip.is_loopback()),
            #[cfg(unix)]
            Host::Unix(_) => true,
        })
    }
}

/// Connects as `user`; the connection's driver task runs on the current tokio runtime.
pub async fn connect(addr: &Address, user: &str, password: &str) -> AppResult<Client> {
    let mut config = addr.config.clone();
    config.user(user).password(password).connect_timeout(CONNECT_TIMEOUT).application_name("relata");
    if addr.is_loopback() {
        config.ssl_mode(SslMode::Prefer);
        let (client, connection) = config.connect(NoTls).await.map_err(map_err)?;
        spawn(connection);
        Ok(client)
    } else {
        config.ssl_mode(SslMode::Require);
        let roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
        let provider = Arc::new(ring_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| AppError::new(ErrorCode::Tls, format!("TLS setup failed: {e}")))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        let (client, connection) =
            config.connect(tokio_postgres_rustls::MakeRustlsConnect::new(tls)).await.map_err(map_err)?;
        spawn(connection);
        Ok(client)
    }
}

/// rustls 0.23.48 deprecates ring's provider (no post-quantum key exchange); the project keeps ring because
/// aws-lc-rs needs cmake and nasm to build. (The mail layer makes the same choice.)
#[allow(deprecated)]
fn ring_provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::ring::default_provider()
}

fn spawn<F>(connection: F)
where
    F: std::future::Future<Output = Result<(), tokio_postgres::Error>> + Send + 'static,
{
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::warn!(error = %e, "team workspace connection ended");
        }
    });
}

/// A PostgreSQL error as the app's error: login, permission, schema, TLS, certificate or network.
pub fn map_err(e: tokio_postgres::Error) -> AppError {
    if let Some(db) = e.as_db_error() {
        let code = db.code().code();
        let mapped = match code {
            "28P01" | "28000" => ErrorCode::Login,
            "42501" => ErrorCode::PermissionDenied,
            "RL001" => ErrorCode::SchemaMismatch,
            "42P01" | "42883" => ErrorCode::SchemaMismatch,
            _ => ErrorCode::RemoteRejected,
        };
        let message = match mapped {
            ErrorCode::Login => "the workspace refused the user name or password".to_string(),
            ErrorCode::SchemaMismatch if code != "RL001" => {
                format!("this is not a Relata workspace of a schema this build knows: {}", db.message())
            }
            _ => format!("the workspace refused: {}", db.message()),
        };
        return AppError::new(mapped, message);
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(&e);
    while let Some(s) = source {
        if let Some(tls) = s.downcast_ref::<rustls::Error>() {
            return match tls {
                rustls::Error::InvalidCertificate(c) => {
                    AppError::new(ErrorCode::Certificate, format!("the workspace's certificate does not verify: {c:?}"))
                }
                other => AppError::new(ErrorCode::Tls, format!("TLS with the workspace failed: {other}")),
            };
        }
        source = s.source();
    }
    let text = e.to_string();
    if text.contains("lookup address") {
        return AppError::new(ErrorCode::Dns, format!("the workspace's host name does not resolve: {text}"));
    }
    if text.contains("TLS") || text.contains("SSL") {
        return AppError::new(ErrorCode::Tls, format!("the workspace does not offer TLS: {text}"));
    }
    AppError::new(ErrorCode::Network, format!("cannot reach the workspace: {text}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_tcp_only_to_loopback_and_no_password_in_the_url() {
        for url in ["postgres://localhost/db", "postgres://127.0.0.1:5433/db", "postgres://[::1]/db"] {
            assert!(parse(url).unwrap().is_loopback(), "{url}");
        }
        for url in ["postgres://db.example.com/db", "postgres://10.0.0.5/db", "postgres://localhost.evil.test/db"] {
            assert!(!parse(url).unwrap().is_loopback(), "{url}");
        }
        let err = parse("postgres://anna:secret@db.example.com/db").unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidUrl);
        assert!(!err.message.contains("secret"));
        assert_eq!(parse("not a url at all ::").map(|_| ()).unwrap_err().code, ErrorCode::InvalidUrl);
    }
}

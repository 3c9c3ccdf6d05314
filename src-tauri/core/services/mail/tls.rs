//! TLS for both mail protocols, with rustls and the ring provider. A server certificate is accepted when it
//! chains to the Mozilla roots (webpki-roots) and names the host, or, when the user pinned one, when the
//! leaf's SHA-256 is exactly the pin (the self-signed certificate of a small office server). The handshake
//! signature is verified with the certificate's key either way.
//!
//! Errors are classified into the steps of reaching a server: `Dns`, `Network` (TCP), `Tls`, `Certificate`.

use std::error::Error as StdError;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use sha2::{Digest, Sha256};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

use crate::error::{AppError, AppResult, ErrorCode};

/// How long resolving, connecting and a handshake may take each.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// How TLS starts on a connection whose certificate is to be fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsStart {
    /// TLS from the first byte (IMAPS 993, SMTPS 465).
    Implicit,
    /// SMTP's STARTTLS after EHLO (submission, 587).
    SmtpStarttls,
}

/// ring as the process's rustls provider (installed once; a provider installed earlier is kept).
/// rustls 0.23.48 deprecates ring's provider for lacking post-quantum key exchange; the project keeps ring
/// because aws-lc-rs needs cmake and nasm to build.
#[allow(deprecated)]
pub fn provider() -> Arc<CryptoProvider> {
    let _ = CryptoProvider::install_default(rustls::crypto::ring::default_provider());
    CryptoProvider::get_default().cloned().unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()))
}

/// The client configuration for a server: webpki roots, or exactly the pinned leaf.
pub fn client_config(pin: Option<&str>) -> Arc<ClientConfig> {
    let provider = provider();
    // After `provider()` a process default exists, so the builder has what it needs.
    let builder = ClientConfig::builder();
    let config = match pin {
        Some(pin) => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(LeafVerifier::pinned(pin, provider)))
            .with_no_client_auth(),
        None => {
            let mut roots = RootCertStore::empty();
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
            builder.with_root_certificates(roots).with_no_client_auth()
        }
    };
    Arc::new(config)
}

/// The SHA-256 of a certificate (DER) as lowercase hex: what a pin holds and what the user is shown.
pub fn fingerprint(der: &[u8]) -> String {
    hex::encode(Sha256::digest(der))
}

/// Accepts a leaf when its fingerprint is the pin (`pin: Some`), or any leaf while recording it (for
/// showing a refused certificate's fingerprint). The handshake signature is always verified.
#[derive(Debug)]
struct LeafVerifier {
    pin: Option<String>,
    seen: Mutex<Option<String>>,
    provider: Arc<CryptoProvider>,
}

impl LeafVerifier {
    fn pinned(pin: &str, provider: Arc<CryptoProvider>) -> Self {
        Self { pin: Some(pin.to_ascii_lowercase()), seen: Mutex::new(None), provider }
    }

    fn recording(provider: Arc<CryptoProvider>) -> Self {
        Self { pin: None, seen: Mutex::new(None), provider }
    }
}

impl ServerCertVerifier for LeafVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let seen = fingerprint(end_entity);
        if let Ok(mut s) = self.seen.lock() {
            *s = Some(seen.clone());
        }
        match &self.pin {
            Some(pin) if *pin != seen => {
                Err(rustls::Error::InvalidCertificate(rustls::CertificateError::ApplicationVerificationFailure))
            }
            _ => Ok(ServerCertVerified::assertion()),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}

/// Resolves a host: the DNS step.
pub async fn resolve(host: &str, port: u16) -> AppResult<Vec<SocketAddr>> {
    let lookup = tokio::time::timeout(CONNECT_TIMEOUT, tokio::net::lookup_host((host, port))).await;
    let addrs: Vec<SocketAddr> = match lookup {
        Ok(Ok(addrs)) => addrs.collect(),
        Ok(Err(e)) => return Err(AppError::new(ErrorCode::Dns, format!("cannot resolve {host}: {e}"))),
        Err(_) => return Err(AppError::new(ErrorCode::Dns, format!("resolving {host} timed out"))),
    };
    if addrs.is_empty() {
        return Err(AppError::new(ErrorCode::Dns, format!("{host} has no address")));
    }
    Ok(addrs)
}

/// Resolves and connects over TCP: the DNS and TCP steps.
pub async fn connect_tcp(host: &str, port: u16) -> AppResult<TcpStream> {
    let addrs = resolve(host, port).await?;
    match tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect(&addrs[..])).await {
        Ok(Ok(stream)) => Ok(stream),
        Ok(Err(e)) => Err(AppError::new(ErrorCode::Network, format!("cannot connect to {host}:{port}: {e}"))),
        Err(_) => Err(AppError::new(ErrorCode::Network, format!("connecting to {host}:{port} timed out"))),
    }
}

fn server_name(host: &str) -> AppResult<ServerName<'static>> {
    ServerName::try_from(host.to_string())
        .map_err(|_| AppError::new(ErrorCode::Tls, format!("\"{host}\" cannot be used as a TLS server name")))
}

/// The TLS step on a connected stream (implicit TLS, or after a protocol's STARTTLS), with the pin if any.
pub async fn handshake(stream: TcpStream, host: &str, pin: Option<&str>) -> AppResult<TlsStream<TcpStream>> {
    let connector = TlsConnector::from(client_config(pin));
    match tokio::time::timeout(CONNECT_TIMEOUT, connector.connect(server_name(host)?, stream)).await {
        Ok(Ok(tls)) => Ok(tls),
        Ok(Err(e)) => {
            Err(classify_known(&e).unwrap_or_else(|| AppError::new(ErrorCode::Tls, format!("TLS failed: {e}"))))
        }
        Err(_) => Err(AppError::new(ErrorCode::Network, format!("the TLS handshake with {host} timed out"))),
    }
}

/// The SHA-256 of the certificate a server presents, whatever it is, to show the user before pinning it.
pub async fn fetch_fingerprint(host: &str, port: u16, start: TlsStart) -> AppResult<String> {
    match start {
        TlsStart::Implicit => {
            let stream = connect_tcp(host, port).await?;
            let verifier = Arc::new(LeafVerifier::recording(provider()));
            let config = ClientConfig::builder()
                .dangerous()
                .with_custom_certificate_verifier(verifier.clone())
                .with_no_client_auth();
            let connector = TlsConnector::from(Arc::new(config));
            let done = tokio::time::timeout(CONNECT_TIMEOUT, connector.connect(server_name(host)?, stream)).await;
            let seen = verifier.seen.lock().ok().and_then(|s| s.clone());
            match (seen, done) {
                (Some(fp), _) => Ok(fp),
                (None, Ok(Err(e))) => {
                    Err(classify_known(&e).unwrap_or_else(|| AppError::new(ErrorCode::Tls, e.to_string())))
                }
                (None, _) => Err(AppError::new(ErrorCode::Tls, format!("{host} presented no certificate"))),
            }
        }
        TlsStart::SmtpStarttls => super::smtp::starttls_fingerprint(host, port).await,
    }
}

/// Classifies an error from a connection (io, rustls, or a library wrapping them) into the step it belongs
/// to: `Certificate` for a refused certificate, `Tls` for another TLS failure, `Network` for a connection
/// that failed, dropped or timed out; anything else in a connection is taken as the network.
pub fn classify(e: &(dyn StdError + 'static)) -> AppError {
    classify_known(e).unwrap_or_else(|| AppError::new(ErrorCode::Network, format!("the connection failed: {e}")))
}

/// `classify`, or `None` when nothing in the error's chain says which step it belongs to.
pub fn classify_known(e: &(dyn StdError + 'static)) -> Option<AppError> {
    let mut cur: Option<&(dyn StdError + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(t) = err.downcast_ref::<rustls::Error>() {
            return Some(from_rustls(t));
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            if let Some(inner) = io.get_ref() {
                if let Some(found) = classify_known(inner) {
                    return Some(found);
                }
            }
            use std::io::ErrorKind as K;
            if matches!(
                io.kind(),
                K::ConnectionRefused
                    | K::ConnectionReset
                    | K::ConnectionAborted
                    | K::NotConnected
                    | K::BrokenPipe
                    | K::TimedOut
                    | K::UnexpectedEof
                    | K::HostUnreachable
                    | K::NetworkUnreachable
                    | K::NetworkDown
                    | K::AddrNotAvailable
            ) {
                return Some(AppError::new(ErrorCode::Network, format!("the connection failed: {io}")));
            }
        }
        cur = err.source();
    }
    None
}

fn from_rustls(e: &rustls::Error) -> AppError {
    match e {
        rustls::Error::InvalidCertificate(c) => {
            AppError::new(ErrorCode::Certificate, format!("the server's certificate was refused: {c:?}"))
        }
        rustls::Error::NoCertificatesPresented => {
            AppError::new(ErrorCode::Certificate, "the server presented no certificate")
        }
        other => AppError::new(ErrorCode::Tls, format!("TLS failed: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_names_the_step() {
        let cert = rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer);
        assert_eq!(classify(&cert).code, ErrorCode::Certificate);
        let wrapped = std::io::Error::new(std::io::ErrorKind::InvalidData, cert);
        assert_eq!(classify(&wrapped).code, ErrorCode::Certificate, "tokio-rustls wraps rustls errors in io errors");
        let alert = rustls::Error::AlertReceived(rustls::AlertDescription::HandshakeFailure);
        assert_eq!(classify(&alert).code, ErrorCode::Tls);
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert_eq!(classify(&refused).code, ErrorCode::Network);
        let eof = std::io::Error::from(std::io::ErrorKind::UnexpectedEof);
        assert_eq!(classify_known(&eof).map(|e| e.code), Some(ErrorCode::Network));
        assert_eq!(classify_known(&std::fmt::Error), None);
    }

    #[test]
    fn fingerprint_is_lowercase_sha256_hex() {
        assert_eq!(fingerprint(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn loopback_hosts() {
        use crate::services::mail::accounts::is_loopback;
        for h in ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LocalHost"] {
            assert!(is_loopback(h), "{h}");
        }
        for h in ["128.0.0.1", "10.0.0.1", "example.com", "localhost.example.com", "::2"] {
            assert!(!is_loopback(h), "{h}");
        }
    }
}

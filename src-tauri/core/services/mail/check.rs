//! "Test connection": each server of an account is reached step by step and the failing step is named
//! (`MailStep`), with the certificate's fingerprint when the certificate was refused so the user can pin it.
//! IMAP plugs in beside SMTP: its check returns `AppResult<()>` with the same codes and goes through
//! `server_check`; `report` puts both halves together.

use super::smtp::{self, SmtpSettings};
use crate::domain::{MailAccount, MailStep, MailTestReport, ServerCheck};
use crate::error::{AppResult, ErrorCode};

/// One server's check from its result; `fingerprint` is asked only when the certificate was refused.
pub async fn server_check<F>(result: AppResult<()>, fingerprint: F) -> ServerCheck
where
    F: std::future::Future<Output = Option<String>>,
{
    match result {
        Ok(()) => ServerCheck { ok: true, failed_step: None, error: None, fingerprint: None },
        Err(e) => {
            let fingerprint = if e.code == ErrorCode::Certificate { fingerprint.await } else { None };
            ServerCheck { ok: false, failed_step: MailStep::of(e.code), error: Some(e), fingerprint }
        }
    }
}

/// The SMTP half: DNS, TCP, TLS, certificate, login, and the capabilities those need.
pub async fn smtp(account: &MailAccount, password: &str) -> ServerCheck {
    let s = SmtpSettings::of(account, password.to_string());
    server_check(smtp::check(&s).await, smtp::refused_fingerprint(&s)).await
}

/// The IMAP half: the same steps, plus the IMAP4rev1 capability.
pub async fn imap(account: &MailAccount, password: &str) -> ServerCheck {
    server_check(super::imap::check(account, password).await, super::imap::refused_fingerprint(account)).await
}

/// Both servers, one after the other.
pub async fn both(account: &MailAccount, password: &str) -> MailTestReport {
    let smtp = smtp(account, password).await;
    report(smtp, Some(imap(account, password).await))
}

pub fn report(smtp: ServerCheck, imap: Option<ServerCheck>) -> MailTestReport {
    MailTestReport { smtp, imap }
}

//! The merge fields a template may use, by namespace. A template naming anything else does not save, so a
//! typo is caught when the template is written instead of when a message is sent.
//!
//! - `person`: `first_name`, `last_name`, `name` (as shown in lists), `email` and `phone` (the primary
//!   ones), `emails` and `phones` (lists), `company_name`, `job_title`, `city`, `country`, `language`,
//!   `owner`, and `custom.KEY` for each custom field.
//! - `company` (the person's company, else the deal's): `name`, `domain`, `industry`, `website`, `phone`,
//!   `city`, `country`, `owner`, `custom.KEY`.
//! - `deal` (when one is chosen): `title`, `amount` (formatted for the message's language, e.g.
//!   "1.234,50 kr."), `currency`, `stage` (seeded stages in the message's language), `status`,
//!   `expected_close`, `owner`, `custom.KEY`.
//! - `ticket` (reserved for the service desk, filled by the caller through `TemplateTicket`): `number`,
//!   `subject`, `status`, `url`.
//! - `sender` (the account sending, passed by the caller): `name`, `address`, `signature`.
//!
//! A field without a value (an empty text counts as none) is undefined: printing it stops the render with
//! `MissingField` naming it, unless the template gives a fallback: `{{ person.first_name | default("there") }}`
//! or `{% if person.job_title is defined %}...{% endif %}`.

use std::collections::BTreeSet;

use crate::error::{AppError, AppResult, ErrorCode};

pub const PERSON: &[&str] = &[
    "first_name",
    "last_name",
    "name",
    "email",
    "emails",
    "phone",
    "phones",
    "company_name",
    "job_title",
    "city",
    "country",
    "language",
    "owner",
    "custom",
];
pub const COMPANY: &[&str] = &["name", "domain", "industry", "website", "phone", "city", "country", "owner", "custom"];
pub const DEAL: &[&str] = &["title", "amount", "currency", "stage", "status", "expected_close", "owner", "custom"];
pub const TICKET: &[&str] = &["number", "subject", "status", "url"];
pub const SENDER: &[&str] = &["name", "address", "signature"];

/// The namespaces and their fields.
pub const NAMESPACES: &[(&str, &[&str])] =
    &[("person", PERSON), ("company", COMPANY), ("deal", DEAL), ("ticket", TICKET), ("sender", SENDER)];

/// Checks the variables a template reads from outside (minijinja's dotted paths, e.g. `person.first_name`;
/// names the template sets itself are not among them). `field` is the input field for the error.
pub fn check(paths: &BTreeSet<String>, field: &str) -> AppResult<()> {
    for path in paths {
        let mut parts = path.split('.');
        let head = parts.next().unwrap_or_default();
        let Some((_, known)) = NAMESPACES.iter().find(|(ns, _)| *ns == head) else {
            return Err(unknown(field, path));
        };
        match parts.next() {
            // `person` alone (say in `{% if deal %}`) is allowed.
            None => {}
            // Any custom key: fields can be added after the template is written.
            Some(name) if known.contains(&name) => {}
            Some(_) => return Err(unknown(field, path)),
        }
    }
    Ok(())
}

fn unknown(field: &str, path: &str) -> AppError {
    let namespaces: Vec<&str> = NAMESPACES.iter().map(|(ns, _)| *ns).collect();
    AppError::field(
        ErrorCode::Template,
        field,
        format!("the template uses an unknown field \"{path}\" (fields live under {})", namespaces.join(", ")),
    )
}

//! A message from a template, queued in one transaction: the template is rendered for the person (their
//! language picks the variant, the sending account fills the `sender` fields with its display name, address
//! and signature in that language) and queued with its documents attached. A missing field or a template
//! error stops it before anything is queued.

use rusqlite::{Connection, OptionalExtension};

use super::{accounts, outbox};
use crate::domain::{Id, Language, OutboxEntry, OutgoingMail, RenderFor, TemplateMail, TemplateSender};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::{settings, templates};
use crate::store::Store;

/// Renders template `template_id` for `person_id` (and `deal_id`) and queues it from `account_id`, all in one
/// `Store::write`.
pub fn queue_template(
    store: &Store,
    account_id: Id,
    person_id: Id,
    template_id: Id,
    deal_id: Option<Id>,
) -> AppResult<OutboxEntry> {
    queue_template_mail(store, &TemplateMail { account_id, person_id, template_id, deal_id, ..Default::default() })
}

/// `queue_template` with the compose dialog's choices: the address, the answered message, a reply's subject.
pub fn queue_template_mail(store: &Store, m: &TemplateMail) -> AppResult<OutboxEntry> {
    let now = store.clock().now_ms();
    store.write(|tx| queue_template_in(tx, m, now))
}

/// `queue_template_mail` inside the caller's transaction.
pub fn queue_template_in(tx: &Connection, m: &TemplateMail, now: crate::clock::Millis) -> AppResult<OutboxEntry> {
    queue_rendered(tx, m, None, now)
}

/// `queue_template_in` as a bulk message (a campaign's): its List-Unsubscribe withdraws consent for `purpose`.
pub fn queue_bulk_template_in(
    tx: &Connection,
    m: &TemplateMail,
    purpose: &str,
    now: crate::clock::Millis,
) -> AppResult<OutboxEntry> {
    queue_rendered(tx, m, Some(purpose), now)
}

fn queue_rendered(
    tx: &Connection,
    m: &TemplateMail,
    bulk_purpose: Option<&str>,
    now: crate::clock::Millis,
) -> AppResult<OutboxEntry> {
    let TemplateMail { account_id, person_id, template_id, deal_id, .. } = *m;
    let account = accounts::load(tx, account_id)?;
    let template = templates::load(tx, template_id)?;
    let variant = templates::choose(
        &template.variants,
        None,
        person_language(tx, person_id)?.as_deref(),
        settings::load(tx)?.language.as_deref(),
    )?;
    let lang: Language = variant.lang;
    // A template that places the signature itself gets none appended below it.
    let places_signature = variant.body.contains("sender.signature");
    let sender = TemplateSender {
        name: Some(account.display_name.clone()).filter(|n| !n.trim().is_empty()),
        address: Some(account.address.clone()),
        signature: account.signature_for(lang.code()).map(str::to_string),
    };
    let req = RenderFor { person_id, deal_id, ticket: None, sender: Some(sender), lang: Some(lang) };
    let rendered = templates::render_in(tx, template_id, &req)?;
    let mail = OutgoingMail {
        account_id,
        person_id: Some(person_id),
        deal_id,
        subject: m.subject.clone().filter(|s| !s.trim().is_empty()).unwrap_or(rendered.subject),
        body: rendered.text,
        html: Some(rendered.html),
        lang: Some(lang.code().to_string()),
        to: m.to.clone(),
        in_reply_to: m.in_reply_to.clone(),
        bulk: bulk_purpose.is_some(),
        purpose: bulk_purpose.map(str::to_string),
        documents: m.documents.clone(),
        ..Default::default()
    };
    let extras =
        outbox::Extras { attachments: templates::attachment_data_in(tx, template_id)?, no_signature: places_signature };
    outbox::queue_with(tx, mail, &extras, now)
}

fn person_language(conn: &Connection, person_id: Id) -> AppResult<Option<String>> {
    let found: Option<Option<String>> = conn
        .prepare_cached("SELECT language FROM people WHERE id = ?1 AND deleted_at IS NULL")?
        .query_row([person_id], |r| r.get(0))
        .optional()?;
    found.ok_or_else(|| AppError::field(ErrorCode::NotFound, "person_id", format!("person {person_id} does not exist")))
}

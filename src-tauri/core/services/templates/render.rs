//! Rendering a template for one recipient: the variant in their language, the merge fields from their
//! person, company and deal records plus the caller's ticket and sender, and the text and HTML bodies.

use std::sync::Arc;

use minijinja::Value;
use rusqlite::{Connection, OptionalExtension};

use super::context::{Fields, Lookups};
use super::engine;
use crate::domain::money;
use crate::domain::{
    Company, Deal, Id, Language, Person, RenderFor, RenderedMessage, TemplateSender, TemplateTicket, TemplateVariant,
};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::Lang;
use crate::services::{companies, deals, people, records, settings};
use crate::store::Store;

/// Renders a template for a person (and deal) without sending anything: what the user checks first.
pub fn preview(store: &Store, template_id: Id, req: &RenderFor) -> AppResult<RenderedMessage> {
    store.read(|conn| render_in(conn, template_id, req))
}

/// Renders inside the caller's transaction or snapshot, e.g. while queueing the message it becomes.
pub fn render_in(conn: &Connection, template_id: Id, req: &RenderFor) -> AppResult<RenderedMessage> {
    let template = super::load(conn, template_id)?;
    let person = people::load(conn, req.person_id)?;
    let deal = req.deal_id.map(|id| deals::load(conn, id)).transpose()?;
    let app_language = settings::load(conn)?.language;
    let variant = choose(&template.variants, req.lang, person.language.as_deref(), app_language.as_deref())?;
    let company_id = person.company_id.or(deal.as_ref().and_then(|d| d.company_id));
    // A company in the trash is no company for the message.
    let company = match company_id.map(|id| companies::load(conn, id)) {
        Some(Err(e)) if e.code == ErrorCode::NotFound => None,
        other => other.transpose()?,
    };
    let lang = lang_of(variant.lang);
    let lookups = Arc::new(Lookups::default());
    let stage = match &deal {
        Some(d) => Some(stage_name(conn, d.stage_id, lang)?),
        None => None,
    };
    let ctx = Value::from_iter([
        ("person", person_fields(&person, lang, &lookups)),
        ("company", company_fields(company.as_ref(), lang, &lookups)),
        ("deal", deal_fields(deal.as_ref(), stage.as_deref(), variant.lang, &lookups)),
        ("ticket", ticket_fields(req.ticket.as_ref(), &lookups)),
        ("sender", sender_fields(req.sender.as_ref(), &lookups)),
    ]);
    let subject = engine::one_line(&engine::render(&variant.subject, "subject", &ctx, &lookups)?);
    let text = engine::render(&variant.body, "body", &ctx, &lookups)?;
    Ok(RenderedMessage {
        subject,
        html: engine::html(&text),
        text,
        lang: variant.lang,
        attachments: template.attachments,
    })
}

/// The variant for a recipient: `forced` when given (it must exist), else the person's language, else the
/// app's language, else English; without that variant English, else the first there is.
pub fn choose<'a>(
    variants: &'a [TemplateVariant],
    forced: Option<Language>,
    person_language: Option<&str>,
    app_language: Option<&str>,
) -> AppResult<&'a TemplateVariant> {
    let find = |l: Language| variants.iter().find(|v| v.lang == l);
    if let Some(l) = forced {
        return find(l).ok_or_else(|| {
            AppError::field(ErrorCode::NotFound, "lang", format!("the template has no {} variant", l.code()))
        });
    }
    let wanted = person_language.or(app_language).and_then(language);
    wanted
        .and_then(find)
        .or_else(|| find(Language::En))
        .or_else(|| variants.first())
        .ok_or_else(|| AppError::new(ErrorCode::NotFound, "the template has no variants"))
}

/// The Relata language of a tag like "da" or "de-AT"; `None` for a language Relata does not write.
pub fn language(tag: &str) -> Option<Language> {
    let primary = tag.trim().split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    Language::ALL.into_iter().find(|l| l.code() == primary)
}

fn lang_of(l: Language) -> Lang {
    Lang::from_tag(Some(l.code()))
}

fn person_fields(p: &Person, lang: Lang, log: &Arc<Lookups>) -> Value {
    let values = |v: &[crate::domain::LabeledValue]| v.iter().map(|x| x.value.clone()).collect::<Vec<_>>();
    Fields::new("person", log)
        .text("first_name", Some(&p.first_name))
        .text("last_name", Some(&p.last_name))
        .text("name", Some(&p.display_name))
        .text("email", p.emails.first().map(|e| e.value.as_str()))
        .list("emails", values(&p.emails))
        .text("phone", p.phones.first().map(|e| e.value.as_str()))
        .list("phones", values(&p.phones))
        .text("company_name", p.company_name.as_deref())
        .text("job_title", p.job_title.as_deref())
        .text("city", p.address.city.as_deref())
        .text("country", p.address.country.as_deref())
        .text("language", p.language.as_deref())
        .text("owner", p.owner.as_deref())
        .custom(&p.custom, lang)
        .into_value()
}

fn company_fields(c: Option<&Company>, lang: Lang, log: &Arc<Lookups>) -> Value {
    let f = Fields::new("company", log);
    let Some(c) = c else { return f.custom(&Default::default(), lang).into_value() };
    f.text("name", Some(&c.name))
        .text("domain", c.domain.as_deref())
        .text("industry", c.industry.as_deref())
        .text("website", c.website.as_deref())
        .text("phone", c.phone.as_deref())
        .text("city", c.address.city.as_deref())
        .text("country", c.address.country.as_deref())
        .text("owner", c.owner.as_deref())
        .custom(&c.custom, lang)
        .into_value()
}

fn deal_fields(d: Option<&Deal>, stage: Option<&str>, l: Language, log: &Arc<Lookups>) -> Value {
    let f = Fields::new("deal", log);
    let Some(d) = d else { return f.custom(&Default::default(), lang_of(l)).into_value() };
    f.text("title", Some(&d.title))
        .text("amount", Some(&money::format_local(d.value_minor, &d.currency, l.code())))
        .text("currency", Some(&d.currency))
        .text("stage", stage)
        .text("status", Some(records::enum_str(&d.status).as_str()))
        .text("expected_close", d.expected_close.as_deref())
        .text("owner", d.owner.as_deref())
        .custom(&d.custom, lang_of(l))
        .into_value()
}

fn ticket_fields(t: Option<&TemplateTicket>, log: &Arc<Lookups>) -> Value {
    let t = t.cloned().unwrap_or_default();
    Fields::new("ticket", log)
        .text("number", t.number.as_deref())
        .text("subject", t.subject.as_deref())
        .text("status", t.status.as_deref())
        .text("url", t.url.as_deref())
        .into_value()
}

fn sender_fields(s: Option<&TemplateSender>, log: &Arc<Lookups>) -> Value {
    let s = s.cloned().unwrap_or_default();
    Fields::new("sender", log)
        .text("name", s.name.as_deref())
        .text("address", s.address.as_deref())
        .text("signature", s.signature.as_deref())
        .into_value()
}

/// A stage's name; a seeded one in the message's language (as the UI shows it).
fn stage_name(conn: &Connection, stage_id: Id, lang: Lang) -> AppResult<String> {
    let row: Option<(String, Option<String>)> = conn
        .prepare_cached("SELECT name, system_key FROM stages WHERE id = ?1")?
        .query_row([stage_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((name, key)) = row else { return Ok(String::new()) };
    Ok(match key {
        Some(k) if crate::i18n::has(lang, &format!("stage.{k}")) => crate::i18n::t(lang, &format!("stage.{k}"), &[]),
        _ => name,
    })
}

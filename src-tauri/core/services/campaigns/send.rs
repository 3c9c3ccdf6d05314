//! Sending a campaign: one outbox message per member, rendered in the member's language variant of the
//! template, all queued in one transaction. A member gets nothing, and is listed with the reason, when they
//! have no address, their address bounces, they unsubscribed from the campaign's purpose, or they have no
//! valid email consent for it. `campaign_sends` holds one row per member (its primary key), so a send that
//! runs again queues nothing twice. A dry run computes the same plan and writes nothing.

use rusqlite::{Connection, OptionalExtension};

use super::load;
use crate::domain::{
    CampaignChannel, Id, SendPlan, SendRecipient, SendRequest, SendScope, SkipReason, SkippedMember, TemplateMail,
};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::mail::compose;
use crate::services::mail::record::UNSUBSCRIBE;
use crate::services::{documents, templates};
use crate::store::Store;

/// What a member in scope is sent: the template and the subject that replaces the template's.
#[derive(Debug, Clone)]
struct Content {
    template_id: Id,
    subject: Option<String>,
}

struct Candidate {
    person_id: Id,
    name: String,
    email: Option<String>,
    variant: Option<u32>,
    sent: bool,
    bouncing: bool,
    /// The newest event for (email, purpose): status and source.
    consent: Option<(String, Option<String>)>,
}

/// Plans (and unless `dry_run`, queues) a campaign's messages.
pub fn send(store: &Store, req: &SendRequest) -> AppResult<SendPlan> {
    let now = store.clock().now_ms();
    let template_id = req.template.as_deref().map(|n| templates::find_by_name(store, n)).transpose()?.map(|t| t.id);
    if req.dry_run {
        return store.read(|conn| plan(conn, req, template_id).map(|(p, _)| p));
    }
    store.write(|tx| {
        let (mut plan, contents) = plan(tx, req, template_id)?;
        let campaign = load(tx, req.campaign_id)?;
        let account_id = account(tx, req.account_id)?;
        for r in &plan.recipients {
            let content = content_for(&contents, r.variant, req.scope)?;
            let mail = TemplateMail {
                account_id,
                person_id: r.person_id,
                template_id: content.template_id,
                subject: content.subject.clone(),
                to: Some(r.email.clone()),
                ..Default::default()
            };
            let entry = compose::queue_bulk_template_in(tx, &mail, &campaign.purpose, now)?;
            tx.prepare_cached(
                "INSERT INTO campaign_sends (campaign_id, person_id, outbox_id, variant, queued_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(rusqlite::params![req.campaign_id, r.person_id, entry.id, r.variant, now])?;
            documents::sends::for_campaign(tx, entry.id, req.campaign_id)?;
        }
        if let SendScope::Rest(v) = req.scope {
            tx.execute(
                // Only a change is written: an unchanged row would still be a change to sync.
                "UPDATE campaign_abtests SET rest_variant = ?2 WHERE campaign_id = ?1 AND rest_variant IS NOT ?2",
                rusqlite::params![req.campaign_id, v],
            )?;
        }
        plan.queued = plan.recipients.len() as u32;
        Ok(plan)
    })
}

fn content_for(contents: &[Content], variant: Option<u32>, scope: SendScope) -> AppResult<&Content> {
    let index = match scope {
        SendScope::All => 0,
        SendScope::Test => variant.unwrap_or(0),
        SendScope::Rest(v) => v,
    };
    contents
        .get(index as usize)
        .ok_or_else(|| AppError::field(ErrorCode::NotFound, "variant", format!("variant {index} does not exist")))
}

/// The account a campaign sends from: the given one, else the only one.
fn account(conn: &Connection, given: Option<Id>) -> AppResult<Id> {
    if let Some(id) = given {
        return Ok(crate::services::mail::accounts::load(conn, id)?.id);
    }
    let ids: Vec<Id> = conn
        .prepare_cached("SELECT id FROM mail_accounts ORDER BY id LIMIT 2")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    match ids.as_slice() {
        [one] => Ok(*one),
        [] => Err(AppError::field(ErrorCode::Required, "account_id", "add a mail account to send from first")),
        _ => Err(AppError::field(ErrorCode::Required, "account_id", "there is more than one mail account: choose one")),
    }
}

/// The templates a send uses (one for a plain send, one per variant for an A/B test's parts).
fn contents(conn: &Connection, req: &SendRequest, template_id: Option<Id>) -> AppResult<Vec<Content>> {
    let ab = conn
        .query_row("SELECT rest_variant FROM campaign_abtests WHERE campaign_id = ?1", [req.campaign_id], |r| {
            r.get::<_, Option<u32>>(0)
        })
        .optional()?;
    match (req.scope, ab) {
        (SendScope::All, None) => match template_id {
            Some(t) => Ok(vec![Content { template_id: t, subject: None }]),
            None => Err(AppError::field(ErrorCode::Required, "template", "choose the template to send")),
        },
        (SendScope::All, Some(_)) => Err(AppError::field(
            ErrorCode::Conflict,
            "scope",
            "this campaign has an A/B test: send the test portion first, then the rest with the winner",
        )),
        (_, None) => Err(AppError::field(ErrorCode::Conflict, "scope", "this campaign has no A/B test")),
        // The rest keeps the variant it was first sent (a member who joins or consents later gets the same).
        (SendScope::Rest(v), Some(Some(done))) if v != done => Err(AppError::field(
            ErrorCode::Conflict,
            "scope",
            format!("the rest was sent variant {} already", done + 1),
        )),
        (_, Some(_)) => {
            let rows = conn
                .prepare_cached(
                    "SELECT template_id, subject FROM campaign_variants WHERE campaign_id = ?1 ORDER BY position",
                )?
                .query_map([req.campaign_id], |r| Ok(Content { template_id: r.get(0)?, subject: r.get(1)? }))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        }
    }
}

fn plan(conn: &Connection, req: &SendRequest, template_id: Option<Id>) -> AppResult<(SendPlan, Vec<Content>)> {
    let campaign = load(conn, req.campaign_id)?;
    if campaign.channel != CampaignChannel::Email {
        return Err(AppError::field(ErrorCode::Conflict, "channel", "only an email campaign sends messages"));
    }
    let contents = contents(conn, req, template_id)?;
    // A rest variant that does not exist is refused before anything is planned.
    content_for(&contents, None, req.scope)?;
    let scope_sql = match req.scope {
        SendScope::All => "1",
        SendScope::Test => "m.variant IS NOT NULL",
        SendScope::Rest(_) => "m.variant IS NULL",
    };
    let candidates = candidates(conn, req.campaign_id, &campaign.purpose, scope_sql, None)?;
    let mut plan = SendPlan { recipients: vec![], skipped: vec![], already_sent: 0, queued: 0, dry_run: req.dry_run };
    for c in candidates {
        if c.sent {
            plan.already_sent += 1;
            continue;
        }
        match (skip_reason(&c), c.email) {
            (None, Some(email)) => {
                plan.recipients.push(SendRecipient { person_id: c.person_id, name: c.name, email, variant: c.variant })
            }
            (reason, _) => plan.skipped.push(SkippedMember {
                person_id: c.person_id,
                name: c.name,
                reason: reason.unwrap_or(SkipReason::NoAddress),
            }),
        }
    }
    Ok((plan, contents))
}

/// The members in scope (`person`: only that one), with what decides whether they are sent.
fn candidates(
    conn: &Connection,
    campaign_id: Id,
    purpose: &str,
    scope_sql: &str,
    person: Option<Id>,
) -> AppResult<Vec<Candidate>> {
    let sql = format!(
        "SELECT m.person_id, trim(p.first_name || ' ' || p.last_name), e.value, m.variant,
            EXISTS (SELECT 1 FROM campaign_sends s WHERE s.campaign_id = m.campaign_id AND s.person_id = m.person_id),
            EXISTS (SELECT 1 FROM mail_bounces b WHERE b.person_id = m.person_id AND b.address = lower(e.value)),
            (SELECT n.status FROM consents n WHERE n.person_id = m.person_id AND n.channel = 'email' AND n.purpose = ?2
                ORDER BY n.at DESC, n.id DESC LIMIT 1),
            (SELECT n.source FROM consents n WHERE n.person_id = m.person_id AND n.channel = 'email' AND n.purpose = ?2
                ORDER BY n.at DESC, n.id DESC LIMIT 1)
         FROM campaign_members m JOIN people p ON p.id = m.person_id
         LEFT JOIN person_emails e ON e.person_id = p.id
            AND e.position = (SELECT min(position) FROM person_emails f WHERE f.person_id = p.id)
         WHERE m.campaign_id = ?1 AND p.deleted_at IS NULL AND {scope_sql} AND (?3 IS NULL OR m.person_id = ?3)
         ORDER BY lower(p.last_name), lower(p.first_name), p.id"
    );
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(rusqlite::params![campaign_id, purpose, person], |r| {
            let status: Option<String> = r.get(6)?;
            let source: Option<String> = r.get(7)?;
            Ok(Candidate {
                person_id: r.get(0)?,
                name: r.get(1)?,
                email: r.get(2)?,
                variant: r.get(3)?,
                sent: r.get(4)?,
                bouncing: r.get(5)?,
                consent: status.map(|s| (s, source)),
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// Why a send of the email campaign would not reach this member now (the same checks as a send), or None
/// when it would, or when the campaign sends no email.
pub(crate) fn member_skip(conn: &Connection, campaign_id: Id, person_id: Id) -> AppResult<Option<SkipReason>> {
    let campaign = load(conn, campaign_id)?;
    if campaign.channel != CampaignChannel::Email {
        return Ok(None);
    }
    let found = candidates(conn, campaign_id, &campaign.purpose, "1", Some(person_id))?;
    Ok(found.first().and_then(skip_reason))
}

/// The first reason that stops a message to this member, in the order the plan lists them.
fn skip_reason(c: &Candidate) -> Option<SkipReason> {
    if c.email.is_none() {
        return Some(SkipReason::NoAddress);
    }
    if c.bouncing {
        return Some(SkipReason::Bouncing);
    }
    match &c.consent {
        Some((status, source)) if status == "withdrawn" && source.as_deref() == Some(UNSUBSCRIBE) => {
            Some(SkipReason::Unsubscribed)
        }
        Some((status, _)) if status == "given" => None,
        _ => Some(SkipReason::NoConsent),
    }
}

//! Members' responses, read from where the facts are recorded rather than copied: the send record (queued, and
//! sent: the outbox keeps it in step, and it travels to the team, so another desktop counts it too),
//! mail sync's reply records matched by the send they answer (they travel too), the answered Message-ID or
//! outbox row (`mail_replies`), bounce records
//! of the address the message went to (`mail_bounces`), a consent withdrawn for the campaign's purpose by an
//! unsubscribe reply, and a won deal within the campaign's conversion window. So a reply synced tomorrow shows
//! in the campaign tomorrow without anything updating the campaign.

use rusqlite::Connection;

use super::load;
use crate::domain::{CampaignMember, Id, MemberResponse};
use crate::error::AppResult;
use crate::services::mail::record::UNSUBSCRIBE;
use crate::store::Store;

pub(crate) const DAY_MS: i64 = 86_400_000;

/// When a member was touched: sent to (an email campaign), or added (any other channel).
pub(crate) const TOUCH: &str = "CASE c.channel WHEN 'email' THEN s.queued_at ELSE m.added_at END";

/// The first address of the person `p`.
const FIRST_EMAIL: &str = "(SELECT value FROM person_emails e WHERE e.person_id = p.id ORDER BY position LIMIT 1)";

/// The joins that give a member row `m` (campaign_members) its campaign `c`, send `s` and outbox row `o`.
pub(crate) const MEMBER_JOINS: &str = "JOIN campaigns c ON c.id = m.campaign_id
         LEFT JOIN campaign_sends s ON s.campaign_id = m.campaign_id AND s.person_id = m.person_id
         LEFT JOIN outbox o ON o.id = s.outbox_id";

/// When a member (`m`, `c`, `s`, `o` of `MEMBER_JOINS`, and `p` the person) responded `response`, or NULL.
/// One definition for the campaign's member list and report and for the segments' response fields.
pub(crate) fn response_at(response: MemberResponse) -> String {
    match response {
        MemberResponse::Sent => "s.sent_at".into(),
        MemberResponse::Bounced => format!(
            "(SELECT min(b.bounced_at) FROM mail_bounces b WHERE b.person_id = m.person_id
                AND b.address = lower(COALESCE(o.to_address, {FIRST_EMAIL})) AND b.bounced_at >= s.queued_at)"
        ),
        MemberResponse::Replied => "(SELECT min(r.occurred_at) FROM mail_replies r WHERE r.person_id = m.person_id
                AND (r.send_id = s.id OR r.outbox_id = s.outbox_id
                    OR r.replied_to IN (o.message_id, trim(o.message_id, '<>'))))"
            .into(),
        MemberResponse::Unsubscribed => format!(
            "(SELECT min(n.at) FROM consents n WHERE n.person_id = m.person_id AND n.status = 'withdrawn'
                AND n.source = '{UNSUBSCRIBE}' AND n.purpose = c.purpose AND n.at >= s.queued_at)"
        ),
        MemberResponse::Converted => format!(
            "(SELECT min(d.closed_at) FROM deals d WHERE d.person_id = m.person_id AND d.status = 'won'
                AND d.deleted_at IS NULL AND d.closed_at >= {TOUCH}
                AND d.closed_at <= {TOUCH} + c.conversion_days * {DAY_MS})"
        ),
    }
}

/// The member rows of campaign `?1` with every response, ordered by name.
fn sql() -> String {
    use MemberResponse::*;
    format!(
        "SELECT m.person_id, trim(p.first_name || ' ' || p.last_name), {FIRST_EMAIL},
            m.variant, m.added_at, s.outbox_id, s.queued_at, {}, {}, {}, {}, {}
         FROM campaign_members m
         JOIN people p ON p.id = m.person_id
         {MEMBER_JOINS}
         WHERE m.campaign_id = ?1 AND p.deleted_at IS NULL
         ORDER BY lower(p.last_name), lower(p.first_name), p.id",
        response_at(Sent),
        response_at(Bounced),
        response_at(Replied),
        response_at(Unsubscribed),
        response_at(Converted),
    )
}

/// A campaign's live members with their responses.
pub fn members(store: &Store, campaign_id: Id) -> AppResult<Vec<CampaignMember>> {
    store.read(|conn| members_in(conn, campaign_id))
}

pub(crate) fn members_in(conn: &Connection, campaign_id: Id) -> AppResult<Vec<CampaignMember>> {
    load(conn, campaign_id)?;
    let rows = conn
        .prepare_cached(&sql())?
        .query_map([campaign_id], |r| {
            Ok(CampaignMember {
                person_id: r.get(0)?,
                name: r.get(1)?,
                email: r.get(2)?,
                variant: r.get(3)?,
                added_at: r.get(4)?,
                outbox_id: r.get(5)?,
                queued_at: r.get(6)?,
                sent_at: r.get(7)?,
                bounced_at: r.get(8)?,
                replied_at: r.get(9)?,
                unsubscribed_at: r.get(10)?,
                converted_at: r.get(11)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

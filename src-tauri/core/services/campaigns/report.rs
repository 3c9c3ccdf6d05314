//! The campaign report: members and their responses, and the leads and won deals credited to the campaign
//! by the chosen attribution model, with revenue, cost per lead, cost per acquisition and return on spend.
//!
//! A touch is a campaign reaching a person (an email campaign's message queued, else being added as a
//! member). An event is credited to the touches before it within each touch's campaign conversion window:
//! first touch gives it all to the earliest, last touch to the latest, linear shares it equally. Events:
//! a person's lead (the first of: a reply to a campaign message, a deal opened for them, that a touch
//! covers) and each won deal (at its close).

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::load;
use super::responses::{members_in, DAY_MS, TOUCH};
use crate::domain::{AttributionModel, CampaignReport, Id};
use crate::error::AppResult;
use crate::services::documents;
use crate::store::Store;

/// A touch as (campaign id, when, the campaign's conversion window in ms).
pub type TouchRow = (Id, i64, i64);

#[derive(Debug, Clone, Copy)]
struct Touch {
    campaign_id: Id,
    at: i64,
    window: i64,
}

pub fn report(store: &Store, campaign_id: Id, model: AttributionModel) -> AppResult<CampaignReport> {
    store.read(|conn| report_in(conn, campaign_id, model))
}

/// The share of one event at `at` that goes to `campaign_id` under `model`, given the person's touches.
pub fn credit(touches: &[TouchRow], at: i64, campaign_id: Id, model: AttributionModel) -> f64 {
    let covering: Vec<Touch> = touches
        .iter()
        .map(|&(campaign_id, at, window)| Touch { campaign_id, at, window })
        .filter(|t| t.at <= at && at - t.at <= t.window)
        .collect();
    let chosen = match model {
        AttributionModel::FirstTouch => covering.iter().min_by_key(|t| (t.at, t.campaign_id)),
        AttributionModel::LastTouch => covering.iter().max_by_key(|t| (t.at, std::cmp::Reverse(t.campaign_id))),
        AttributionModel::Linear => {
            let mine = covering.iter().filter(|t| t.campaign_id == campaign_id).count();
            return if covering.is_empty() { 0.0 } else { mine as f64 / covering.len() as f64 };
        }
    };
    if chosen.is_some_and(|t| t.campaign_id == campaign_id) {
        1.0
    } else {
        0.0
    }
}

fn report_in(conn: &Connection, campaign_id: Id, model: AttributionModel) -> AppResult<CampaignReport> {
    let campaign = load(conn, campaign_id)?;
    let members = members_in(conn, campaign_id)?;
    let count = |f: &dyn Fn(&crate::domain::CampaignMember) -> bool| members.iter().filter(|m| f(m)).count() as u32;
    let touches = touches(conn, campaign_id)?;
    let mut leads = 0.0;
    for (person, events) in lead_times(conn, campaign_id)? {
        let Some(t) = touches.get(&person) else { continue };
        // The person's lead is their first event that some touch covers.
        if let Some(at) = events.into_iter().filter(|&at| covered(t, at)).min() {
            leads += credit(t, at, campaign_id, model);
        }
    }
    let (mut won, mut revenue) = (0.0, 0.0);
    for (person, closed_at, value, currency) in won_deals(conn, campaign_id)? {
        let Some(t) = touches.get(&person) else { continue };
        let c = credit(t, closed_at, campaign_id, model);
        won += c;
        if currency == campaign.currency {
            revenue += c * value as f64;
        }
    }
    let revenue_minor = revenue.round() as i64;
    let cost = campaign.cost_minor;
    let per = |n: f64| (n > 0.0).then(|| (cost as f64 / n).round() as i64);
    Ok(CampaignReport {
        campaign_id,
        model,
        currency: campaign.currency.clone(),
        members: members.len() as u32,
        queued: count(&|m| m.queued_at.is_some()),
        sent: count(&|m| m.sent_at.is_some()),
        bounced: count(&|m| m.bounced_at.is_some()),
        replied: count(&|m| m.replied_at.is_some()),
        unsubscribed: count(&|m| m.unsubscribed_at.is_some()),
        converted: count(&|m| m.converted_at.is_some()),
        leads,
        won_deals: won,
        revenue_minor,
        cost_minor: cost,
        cost_per_lead_minor: per(leads),
        cost_per_acquisition_minor: per(won),
        return_on_spend: (cost > 0).then(|| (revenue_minor - cost) as f64 / cost as f64),
        documents_sent: documents::sends::campaign_counts(conn, campaign_id)?,
    })
}

fn covered(touches: &[TouchRow], at: i64) -> bool {
    touches.iter().any(|&(_, t, w)| t <= at && at - t <= w)
}

/// Every touch of every campaign on the people who are members of `campaign_id`.
fn touches(conn: &Connection, campaign_id: Id) -> AppResult<BTreeMap<Id, Vec<TouchRow>>> {
    let sql = format!(
        "SELECT m.person_id, c.id, {TOUCH}, c.conversion_days * {DAY_MS}
         FROM campaign_members m JOIN campaigns c ON c.id = m.campaign_id
         LEFT JOIN campaign_sends s ON s.campaign_id = m.campaign_id AND s.person_id = m.person_id
         WHERE m.person_id IN (SELECT person_id FROM campaign_members WHERE campaign_id = ?1) AND {TOUCH} IS NOT NULL"
    );
    let mut out: BTreeMap<Id, Vec<TouchRow>> = BTreeMap::new();
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([campaign_id], |r| Ok((r.get::<_, Id>(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))?;
    for row in rows {
        let (person, touch) = row?;
        out.entry(person).or_default().push(touch);
    }
    Ok(out)
}

/// The candidate lead events of the campaign's members: replies to any campaign's messages and deals opened.
/// A reply is taken no earlier than the message it answers was queued: its time comes from the sender's Date
/// header, which a skewed clock (or its whole-second precision) can put before the message it answers.
fn lead_times(conn: &Connection, campaign_id: Id) -> AppResult<BTreeMap<Id, Vec<i64>>> {
    let mut out: BTreeMap<Id, Vec<i64>> = BTreeMap::new();
    let mut stmt = conn.prepare(
        "SELECT r.person_id, max(r.occurred_at, s.queued_at) FROM mail_replies r
         JOIN campaign_sends s ON s.person_id = r.person_id LEFT JOIN outbox o ON o.id = s.outbox_id
         WHERE (r.send_id = s.id OR r.outbox_id = s.outbox_id
                OR r.replied_to IN (o.message_id, trim(o.message_id, '<>')))
            AND r.person_id IN (SELECT person_id FROM campaign_members WHERE campaign_id = ?1)
         UNION ALL
         SELECT d.person_id, d.created_at FROM deals d
         WHERE d.deleted_at IS NULL AND d.person_id IN (SELECT person_id FROM campaign_members WHERE campaign_id = ?1)",
    )?;
    for row in stmt.query_map([campaign_id], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, i64>(1)?)))? {
        let (person, at) = row?;
        out.entry(person).or_default().push(at);
    }
    Ok(out)
}

/// The won deals of the campaign's members: person, close time, value and currency.
fn won_deals(conn: &Connection, campaign_id: Id) -> AppResult<Vec<(Id, i64, i64, String)>> {
    let rows = conn
        .prepare(
            "SELECT d.person_id, d.closed_at, d.value_minor, d.currency FROM deals d
             WHERE d.status = 'won' AND d.deleted_at IS NULL AND d.closed_at IS NOT NULL
                AND d.person_id IN (SELECT person_id FROM campaign_members WHERE campaign_id = ?1)",
        )?
        .query_map([campaign_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

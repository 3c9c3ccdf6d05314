//! Orders on the omnichannel timeline: a person's, company's or deal's timeline is their activities and
//! their orders (and returns) in one keyset-paged list, newest first. An order's row looks like an activity
//! of kind `order` (its number as the subject, its note as the body, the moment it was ordered as
//! `occurred_at`) with its facts in the five columns `activities::timeline` reads as `OrderFacts`.

use rusqlite::Row;

use crate::domain::OrderFacts;
use crate::services::records::parse_enum;

/// The timeline's row source, aliased `a`, followed by `joins` (people, companies and deals joined on
/// `a.person_id`, `a.company_id`, `a.deal_id`). Activity and order ids overlap, so the page key is
/// `tl_key` (even for activities, odd for orders). Filters on `a.*` reach into both arms.
pub(crate) fn from(joins: &str) -> String {
    format!(
        "(SELECT id, kind, direction, subject, body, occurred_at, duration_secs, person_id, company_id, deal_id,
                 created_at, updated_at, system_event, call_outcome, call_wait_secs, call_agent, call_number,
                 call_number_e164, NULL AS order_kind, NULL AS order_status, NULL AS currency, NULL AS net_minor,
                 NULL AS gross_minor, id * 2 AS tl_key, deleted_at
          FROM activities
          UNION ALL
          SELECT id, 'order', NULL, number, note, ordered_at * 1000, NULL, person_id, company_id, deal_id,
                 created_at, updated_at, NULL, NULL, NULL, NULL, NULL, NULL, kind, status, currency, net_minor,
                 gross_minor, id * 2 + 1, deleted_at
          FROM orders) a {joins}"
    )
}

/// The order's facts from column `col` on (kind, status, currency, net, gross); `None` on an activity.
pub(crate) fn facts_from_row(r: &Row, col: usize) -> rusqlite::Result<Option<OrderFacts>> {
    let Some(kind) = r.get::<_, Option<String>>(col)? else { return Ok(None) };
    Ok(Some(OrderFacts {
        kind: parse_enum(&kind)?,
        status: parse_enum(&r.get::<_, String>(col + 1)?)?,
        currency: r.get(col + 2)?,
        net_minor: r.get(col + 3)?,
        gross_minor: r.get(col + 4)?,
    }))
}

//! Where a scalar field's value comes from: the SQL expression over `people p` for each catalogue source
//! that is one value per person (columns, custom values, counts, sums and last dates of related records).

use rusqlite::types::Value;

use super::catalogue::Source;
use super::compile::{Checked, Use};

/// Orders that count as purchases: live, confirmed or paid (drafts and cancelled orders are no sale).
const ORDERS: &str = "FROM orders o WHERE o.person_id = p.id AND o.deleted_at IS NULL \
                      AND o.status IN ('confirmed', 'paid')";

/// The SQL expression giving a scalar field's value, with its parameters; None for the fields that are a
/// test of related rows (tags, consent, stage, product bought).
pub(crate) fn scalar(source: &Source, value: &Checked, usage: Use) -> Option<(String, Vec<Value>)> {
    let currency = || match value {
        Checked::Money(_, c) => vec![Value::Text(c.clone())],
        _ => vec![Value::Text(String::new())],
    };
    Some(match source {
        // On a page, a unary + keeps SQLite from driving the loop by the column's index (see `Use::Page`).
        Source::Column(col) if usage == Use::Page => (format!("+{col}"), vec![]),
        Source::Column(col) => (col.to_string(), vec![]),
        Source::CompanyName => {
            ("(SELECT c.name FROM companies c WHERE c.id = p.company_id AND c.deleted_at IS NULL)".into(), vec![])
        }
        Source::Custom(def) => (
            "(SELECT json_extract(v.value, '$') FROM custom_values v \
             WHERE v.entity = 'person' AND v.record_id = p.id AND v.def_id = ?)"
                .into(),
            vec![Value::Integer(*def)],
        ),
        Source::ActivityCount(kind) => (activities("COUNT(*)", *kind), vec![]),
        Source::ActivityLast(kind) => (activities("MAX(a.occurred_at)", *kind), vec![]),
        Source::DealCount => {
            ("(SELECT COUNT(*) FROM deals d WHERE d.person_id = p.id AND d.deleted_at IS NULL)".into(), vec![])
        }
        Source::DealValue(status) => (
            format!(
                "(SELECT COALESCE(SUM(d.value_minor), 0) FROM deals d WHERE d.person_id = p.id \
                 AND d.deleted_at IS NULL AND d.status = '{status}' AND d.currency = ?)"
            ),
            currency(),
        ),
        // Credit notes are not orders, but their negative totals take back what was refunded.
        Source::OrderCount => (format!("(SELECT COUNT(*) {ORDERS} AND o.kind <> 'credit_note')"), vec![]),
        Source::OrderTotal => {
            (format!("(SELECT COALESCE(SUM(o.gross_minor), 0) {ORDERS} AND o.currency = ?)"), currency())
        }
        // ordered_at is in seconds; times compare in milliseconds.
        Source::OrderLast => {
            (format!("(SELECT MAX(o.ordered_at) * 1000 {ORDERS} AND o.kind <> 'credit_note')"), vec![])
        }
        Source::TicketCount { open_only } => {
            let open = if *open_only { " AND t.status NOT IN ('solved', 'closed')" } else { "" };
            (format!("(SELECT COUNT(*) FROM tickets t WHERE t.person_id = p.id{open})"), vec![])
        }
        Source::TicketLast => ("(SELECT MAX(t.opened_at) FROM tickets t WHERE t.person_id = p.id)".into(), vec![]),
        Source::CampaignCount => {
            ("(SELECT COUNT(*) FROM campaign_members cm WHERE cm.person_id = p.id)".into(), vec![])
        }
        Source::Tags
        | Source::Consent(_)
        | Source::DealStage
        | Source::OrderProduct
        | Source::CampaignMember
        | Source::CampaignResponse(_)
        | Source::UpsellLikely => return None,
    })
}

/// The test "has bought a product whose name or SKU passes `test`" (`test` holds one `{}` for the column).
pub(crate) fn bought(test: &str) -> String {
    format!(
        "EXISTS (SELECT 1 {ORDERS} AND o.kind <> 'credit_note' AND EXISTS (SELECT 1 FROM order_lines l \
         JOIN products pr ON pr.id = l.product_id WHERE l.order_id = o.id AND ({} OR {})))",
        test.replace("{}", "pr.name"),
        test.replace("{}", "pr.sku")
    )
}

fn activities(what: &str, kind: Option<&str>) -> String {
    let kind = kind.map(|k| format!(" AND a.kind = '{k}'")).unwrap_or_default();
    format!("(SELECT {what} FROM activities a WHERE a.person_id = p.id AND a.deleted_at IS NULL{kind})")
}

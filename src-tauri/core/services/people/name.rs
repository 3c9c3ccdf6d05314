//! How a person is named wherever Relata shows them: "First Last"; a person without a name (a lead from a
//! marketing system, say) by their first email address, else by their external id, until they are named.
//! The rule lives here once: as SQL for every query that names a person (`person_display_name!`), and as
//! the sort key the people list orders by (`sort_key`).

use crate::domain::PersonInput;
use crate::store::fold::fold;

/// The SQL expression of a person's display name, for a query with the `people` row under the alias `$p`
/// (a string literal, so it can be `concat!`ed into a `const`). NULL when `$p` is a LEFT JOIN that found
/// no one; otherwise never NULL.
#[macro_export]
macro_rules! person_display_name {
    ($p:literal) => {
        concat!(
            "COALESCE(NULLIF(trim(",
            $p,
            ".first_name || ' ' || ",
            $p,
            ".last_name), ''), ",
            "(SELECT pe.value FROM person_emails pe WHERE pe.person_id = ",
            $p,
            ".id ORDER BY pe.position LIMIT 1), ",
            $p,
            ".external_id, ",
            $p,
            ".first_name)"
        )
    };
}

/// First name, then last name; a person with only a last name sorts by it.
pub fn sort_name(first: &str, last: &str) -> String {
    if first.is_empty() {
        fold(last)
    } else {
        format!("{}\u{1}{}", fold(first), fold(last))
    }
}

/// What the people list sorts a person by: their name, or what they are shown by while they have none.
pub fn sort_key(p: &PersonInput) -> String {
    let name = sort_name(&p.first_name, &p.last_name);
    if !name.is_empty() {
        return name;
    }
    let shown = p.emails.first().map(|e| e.value.as_str()).or(p.external_id.as_deref()).unwrap_or_default();
    fold(shown)
}

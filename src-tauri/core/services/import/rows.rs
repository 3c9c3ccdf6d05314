//! Turning a row into the input of a person (or lead) or a company. Validation stays with the record
//! services (`normalize`), so an imported record obeys exactly the rules of one typed in.

use super::columns::Cells;
use crate::domain::{Address, CompanyInput, LabeledValue, LeadStatus, Lifecycle, PersonInput, SocialProfile};
use crate::error::{AppError, AppResult, ErrorCode};

/// A person's input plus the free-text note that becomes a note on their timeline.
pub struct PersonRow {
    pub input: PersonInput,
    pub note: Option<String>,
}

pub fn person(c: &Cells, lead: bool) -> AppResult<PersonRow> {
    let (mut first, mut last) = (c.string("first_name").unwrap_or_default(), c.string("last_name").unwrap_or_default());
    if first.is_empty() && last.is_empty() {
        if let Some(full) = c.get("full_name") {
            (first, last) = split_name(full);
        }
    }
    // Dutch exports keep "van der" apart from "Berg"; Relata's last name is "van der Berg".
    let last = joined(c.get("last_name_prefix"), Some(&last)).unwrap_or_default();
    let labeled = |pairs: &[(&str, &str)], comma: bool| -> Vec<LabeledValue> {
        pairs
            .iter()
            .flat_map(|(field, label)| {
                c.list(field, comma).into_iter().map(|value| LabeledValue { label: label.to_string(), value })
            })
            .collect()
    };
    let socials = [("website", "website"), ("linkedin", "linkedin")]
        .iter()
        .filter_map(|(field, network)| c.string(field).map(|url| SocialProfile { network: network.to_string(), url }))
        .collect();
    let status = c.get("status").map(lead_status).transpose()?;
    let lifecycle = match (lead, c.get("lifecycle")) {
        (true, _) | (false, None) => Lifecycle::Lead,
        (false, Some(v)) => lifecycle(v)?,
    };
    let input = PersonInput {
        first_name: first,
        last_name: last,
        emails: labeled(&[("email", "work"), ("email_home", "home"), ("email_other", "other")], true),
        phones: labeled(
            &[("phone", "work"), ("mobile", "mobile"), ("phone_home", "home"), ("phone_other", "other")],
            false,
        ),
        address: address(c),
        socials,
        company_id: None,
        company_name: c.string("company"),
        job_title: c.string("job_title"),
        owner: c.string("owner"),
        tags: c.list("tags", true),
        source: c.string("source"),
        preferred_channel: None,
        language: c.string("language"),
        lifecycle,
        lead_status: status,
        external_id: c.string("external_id"),
        custom: c.custom(),
    };
    Ok(PersonRow { input, note: c.string("note") })
}

pub fn company(c: &Cells) -> CompanyInput {
    CompanyInput {
        name: c.string("name").unwrap_or_default(),
        domain: c.string("domain"),
        industry: c.string("industry"),
        size: None,
        address: address(c),
        phone: c.string("phone"),
        website: c.string("website"),
        owner: c.string("owner"),
        tags: c.list("tags", true),
        custom: c.custom(),
    }
}

fn address(c: &Cells) -> Address {
    Address {
        street: joined(c.get("street"), c.get("house_number")),
        postal_code: c.string("postal_code"),
        city: c.string("city"),
        region: c.string("region"),
        country: c.string("country"),
    }
}

/// Two parts of one value ("Hoofdstraat" and "12"), either of them missing or blank.
fn joined(a: Option<&str>, b: Option<&str>) -> Option<String> {
    let parts: Vec<&str> = [a, b].into_iter().flatten().map(str::trim).filter(|p| !p.is_empty()).collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// "Last, First" or "First Middle Last" (the last word is the last name).
fn split_name(full: &str) -> (String, String) {
    if let Some((last, first)) = full.split_once(',') {
        return (first.trim().to_string(), last.trim().to_string());
    }
    match full.trim().rsplit_once(char::is_whitespace) {
        Some((first, last)) => (first.trim().to_string(), last.trim().to_string()),
        None => (full.trim().to_string(), String::new()),
    }
}

fn squashed(v: &str) -> String {
    v.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect()
}

/// `open`, `converted` or `lost`, plus the statuses CRMs export for the same thing.
pub fn lead_status(v: &str) -> AppResult<LeadStatus> {
    match squashed(v).as_str() {
        "open" | "new" | "working" | "inprogress" | "attemptedtocontact" | "connected" | "nurturing" | "contacted" => {
            Ok(LeadStatus::Open)
        }
        "converted" | "won" | "qualified" | "closedconverted" | "customer" => Ok(LeadStatus::Converted),
        "lost" | "unqualified" | "disqualified" | "closedlost" | "closednotconverted" | "dead" | "badtiming" => {
            Ok(LeadStatus::Lost)
        }
        _ => Err(AppError::field(
            ErrorCode::InvalidValue,
            "status",
            format!("\"{v}\" is not a lead status (open, converted or lost)"),
        )),
    }
}

/// Relata's lifecycle names plus HubSpot's lifecycle stages.
fn lifecycle(v: &str) -> AppResult<Lifecycle> {
    match squashed(v).as_str() {
        "lead" | "subscriber" | "other" => Ok(Lifecycle::Lead),
        "qualified" | "marketingqualifiedlead" | "salesqualifiedlead" | "mql" | "sql" | "opportunity" => {
            Ok(Lifecycle::Qualified)
        }
        "customer" | "evangelist" => Ok(Lifecycle::Customer),
        "churned" | "formercustomer" => Ok(Lifecycle::Churned),
        _ => Err(AppError::field(
            ErrorCode::InvalidValue,
            "lifecycle",
            format!("\"{v}\" is not a lifecycle (lead, qualified, customer or churned)"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_both_ways() {
        assert_eq!(split_name("Ada King Lovelace"), ("Ada King".into(), "Lovelace".into()));
        assert_eq!(split_name("Lovelace, Ada"), ("Ada".into(), "Lovelace".into()));
        assert_eq!(split_name("Cher"), ("Cher".into(), String::new()));
    }

    #[test]
    fn statuses_and_stages() {
        assert_eq!(lead_status("Closed - Converted").unwrap(), LeadStatus::Converted);
        assert_eq!(lead_status("LOST").unwrap(), LeadStatus::Lost);
        assert_eq!(lead_status("maybe").unwrap_err().field.as_deref(), Some("status"));
        assert_eq!(lifecycle("Sales Qualified Lead").unwrap(), Lifecycle::Qualified);
    }
}

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Id, Millis};

/// What enrichment proposes for one field of a person, from their email address or phone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Proposal {
    /// Named as in the person JSON (`first_name`, `last_name`, `company_id`, `company_name`, `language`),
    /// plus `company_domain`, `free_mail`, `disposable`, `country` and `timezone`.
    pub field: String,
    pub value: String,
    /// Where it comes from: `local_part`, `public_suffix`, `free_mail_list`, `disposable_list`,
    /// `company_domain`, `domain_name`, `cctld`, `phone`, `country`.
    pub source: String,
    /// 0.0 to 1.0; apply fills a field only from a proposal of at least `APPLY_MIN_CONFIDENCE`.
    pub confidence: f64,
}

/// What enrichment proposes for a person (and, after apply, what it filled in).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Enrichment {
    pub person_id: Id,
    pub proposals: Vec<Proposal>,
    /// The fills recorded for this person that are not undone: what the person page shows as filled in.
    pub filled: Vec<EnrichmentFill>,
}

/// One field enrichment filled in (recorded so that it can be undone).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct EnrichmentFill {
    pub field: String,
    pub value: String,
    pub source: String,
    pub confidence: f64,
    pub applied_at: Millis,
}

/// The result of enriching every live person.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct EnrichAllReport {
    pub people: u32,
    /// People with at least one proposal for a field they have empty.
    pub with_proposals: u32,
    /// Fields filled in (0 without apply).
    pub filled: u32,
}
